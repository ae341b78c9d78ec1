"""Admin: everything is shown read-only because writes must go through the services (revisions,
version checks, search index). Editors change instruments, their links and institutions on the
atlas pages (/atlas/instruments/<id>/edit/, /atlas/institutions/<id>/edit/)."""

from django.contrib import admin

from ssehub.atlas.models import Institution, InstitutionRevision, Instrument, Proposal, Relation, Revision
from ssehub.core.admin import ReadOnlyAdmin


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "name_local", "country", "kind"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "name_local"]


@admin.register(Relation)
class RelationAdmin(ReadOnlyAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]


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


@admin.register(InstitutionRevision)
class InstitutionRevisionAdmin(ReadOnlyAdmin):
    list_display = ["institution", "number", "author", "created_at", "message"]
