"""The admin is no back door: domain records are shown read-only (writes go through services, which
check, lock, log and notify). `ReadOnlyAdmin` is the one base every app's admin uses for them."""

from django.contrib import admin

from ssehub.core.models import ActionLogEntry


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
