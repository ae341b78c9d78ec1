"""The admin is no back door: domain records are shown read-only (writes go through services, which
check, lock, log and notify). `ReadOnlyAdmin` is the one base every app's admin uses for them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ssehub.core.models import ActionLogEntry, OutgoingMail
from ssehub.core.outbox import outgoing_mail_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActionLogEntry)
class ActionLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "verb", "object_repr", "scope"]
    list_filter = ["verb"]
    search_fields = ["actor__email", "object_repr", "scope"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Admins see what the platform could not deliver and why; the body stays hidden (it may hold a
    log-in code or a password-reset link)."""

    list_display = ["created_at", "status", "subject", "recipients", "attempts", "next_attempt_at",
                    "sent_at", "short_error"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    date_hierarchy = "created_at"
    exclude = ["payload"]
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, obj: OutgoingMail) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Retry now"))
    def retry_now(self, request, queryset) -> None:
        retried = outgoing_mail_retry(mails=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", retried)
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
