from django.contrib import admin

from ssehub.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "starts_on", "ends_on"]
    list_filter = ["kind", "format"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "organisers"]
