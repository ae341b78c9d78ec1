"""Admin: every agenda record is shown read-only. Writes go through the services, which raise the
calendars' SEQUENCE, mail participants about a move and write the action log; an edit here would do
none of that. Organisers change sessions on the event's manage pages (events/<slug>/manage/)."""

from django.contrib import admin

from ssehub.agenda.models import (
    Announcement,
    Attendance,
    Certificate,
    Invitation,
    LearningObjective,
    Material,
    Session,
)
from ssehub.core.admin import ReadOnlyAdmin


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "kind", "starts_at", "ends_at", "sequence"]
    list_filter = ["event", "kind"]
    search_fields = ["title"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ["title", "session", "kind", "is_public"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "user", "source", "minutes"]
    list_filter = ["source"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "event", "issued_at"]
    search_fields = ["code", "name"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "created_at"]


@admin.register(LearningObjective)
class LearningObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["text", "event", "position"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "language", "created_at", "accepted_at"]
    list_filter = ["event"]
