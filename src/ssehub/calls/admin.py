from django.contrib import admin

from ssehub.calls.models import (
    Application,
    Assignment,
    Call,
    Criterion,
    EmailTemplate,
    ExportLog,
    Invitation,
    Question,
    SelectionRun,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "opens_at", "closes_at", "seats"]
    list_select_related = ["event"]
    inlines = [QuestionInline, CriterionInline]
    filter_horizontal = ["reviewers"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "full_name", "call", "country", "constituency", "status", "outcome"]
    list_filter = ["status", "outcome", "call"]
    list_select_related = ["call"]
    search_fields = ["full_name", "email", "organisation"]
    raw_id_fields = ["applicant"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "created_at"]
    list_select_related = ["application", "reviewer"]
    raw_id_fields = ["application", "reviewer"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["application", "status", "sent_at", "expires_at", "responded_at"]
    list_filter = ["status"]
    list_select_related = ["application"]
    raw_id_fields = ["application", "invited_by"]


@admin.register(SelectionRun)
class SelectionRunAdmin(admin.ModelAdmin):
    list_display = ["call", "created_at", "status", "adopted_at"]
    list_select_related = ["call"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["call", "kind", "language", "subject"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: the log of personal-data exports must not be edited."""

    list_display = ["created_at", "actor_email", "kind", "rows", "call"]
    list_select_related = ["call"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
