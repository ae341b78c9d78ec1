from django.contrib import admin

from ssehub.agenda.models import Announcement, Attendance, Certificate, LearningObjective, Material, Session


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "sequence"]
    list_filter = ["event", "kind"]
    search_fields = ["title"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "kind", "is_public"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "source", "minutes"]
    list_filter = ["source"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "event", "issued_at"]
    search_fields = ["code", "name"]


admin.site.register(Announcement)
admin.site.register(LearningObjective)
