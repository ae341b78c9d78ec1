from django.contrib import admin

from ssehub.core.admin import ReadOnlyAdmin
from ssehub.events.models import Event, Registration
from ssehub.events.services import event_organisers_set, event_save


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are set up here; every save goes through the events services (and the action log)."""

    list_display = ["title", "kind", "format", "starts_on", "ends_on"]
    list_filter = ["kind", "format"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "organisers"]

    def save_model(self, request, obj, form, change):
        event_save(event=obj, actor=request.user, changed_fields=list(form.changed_data))

    def save_related(self, request, form, formsets, change):
        organisers = list(form.cleaned_data.get("organisers", []))
        form.cleaned_data = {key: value for key, value in form.cleaned_data.items() if key != "organisers"}
        super().save_related(request, form, formsets, change)
        event_organisers_set(event=form.instance, actor=request.user, organisers=organisers)

    def has_delete_permission(self, request, obj=None):
        # An event carries applications, registrations and a log: it is never deleted from here.
        return False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Registrations change through invitations and the organisers' pages."""

    list_display = ["event", "user", "source", "status", "registered_at", "cancelled_at"]
    list_filter = ["event", "status", "source"]
    search_fields = ["user__email", "user__profile__full_name"]
