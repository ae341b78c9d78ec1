from django.contrib import admin

from ssehub.programmes.models import Programme, ProgrammeCountry, Theme


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
