"""Planning records are read-only in the admin: writes go through the services (they lock and log)."""

from django.contrib import admin

from ssehub.core.admin import ReadOnlyAdmin
from ssehub.planning.models import Delegation, PolicyAction


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["country", "event", "is_final", "is_public"]
    list_filter = ["is_final", "is_public"]
    list_select_related = ["event"]


@admin.register(PolicyAction)
class PolicyActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "delegation", "dimension"]
    list_select_related = ["delegation__event"]
