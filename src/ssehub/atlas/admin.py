"""Admin: institutions and related-instrument links are edited here; instruments, revisions and
proposals are shown read-only because their writes must go through the services (revisions,
search index)."""

from django.contrib import admin

from ssehub.atlas.models import Institution, Instrument, Proposal, Relation, Revision


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_local", "country", "kind"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "name_local"]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    autocomplete_fields = ["source", "target"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "type", "status", "year_adopted", "is_published", "verified"]
    list_filter = ["is_published", "verified", "country", "type", "status"]
    search_fields = ["title", "title_local"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "number", "author", "created_at", "message"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "proposer", "status", "created_at"]
    list_filter = ["status"]
