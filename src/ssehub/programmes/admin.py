from django.contrib import admin

from ssehub.programmes.models import Programme, ProgrammeCountry, Theme
from ssehub.programmes.services import programme_save


class ProgrammeCountryInline(admin.TabularInline):
    model = ProgrammeCountry
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "is_current"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammeCountryInline, ThemeInline]

    def save_model(self, request, obj, form, change):
        programme_save(programme=obj, actor=request.user, changed_fields=list(form.changed_data))

    def has_delete_permission(self, request, obj=None):
        # Events and atlas themes hang on a programme: it is never deleted from here.
        return False
