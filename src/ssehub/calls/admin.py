"""Read-only admin pages: every write to calls goes through its services (and so into the action
log); the admin is for looking things up, not a back door around those rules."""

from django.contrib import admin

from ssehub.calls.models import (
    Application,
    Assignment,
    Call,
    Criterion,
    EmailTemplate,
    Invitation,
    Question,
    SelectionRun,
)
from ssehub.core.admin import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    """The kernel's ReadOnlyAdmin, for the questions and criteria shown inside a call."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(ReadOnlyInline):
    model = Question


class CriterionInline(ReadOnlyInline):
    model = Criterion


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "opens_at", "closes_at", "seats"]
    list_select_related = ["event"]
    list_filter = ["event"]
    search_fields = ["title", "event__title"]
    inlines = [QuestionInline, CriterionInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "full_name", "call", "country", "constituency", "status", "outcome"]
    list_filter = ["status", "outcome", "call"]
    list_select_related = ["call"]
    search_fields = ["full_name", "email", "organisation"]
    raw_id_fields = ["applicant"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "created_at"]
    list_select_related = ["application", "reviewer"]
    raw_id_fields = ["application", "reviewer"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["application", "status", "sent_at", "expires_at", "responded_at"]
    list_filter = ["status"]
    list_select_related = ["application"]
    raw_id_fields = ["application", "invited_by"]


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnlyAdmin):
    list_display = ["call", "kind", "created_at", "status", "adopted_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["call"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(ReadOnlyAdmin):
    list_display = ["call", "kind", "language", "subject"]
    list_filter = ["kind", "language"]
