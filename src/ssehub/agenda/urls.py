"""Per-event URLs, mounted at events/<event_slug>/."""

from django.urls import path

from ssehub.agenda.views import delivery, manage, public

app_name = "agenda"

urlpatterns = [
    path("agenda/", public.agenda, name="agenda"),
    path("agenda/mine/", public.my_agenda, name="mine"),
    path("agenda.ics", public.event_calendar, name="ics"),
    path("sessions/<int:pk>/", public.session_detail, name="session"),
    path("sessions/<int:pk>/star/", public.star, name="star"),
    path("sessions/<int:pk>/join/", public.join, name="join"),
    path("materials/<int:pk>/", public.material, name="material"),
    path("evaluation/<str:phase>/", delivery.survey, name="survey"),
    path("certificate.pdf", delivery.my_certificate, name="certificate"),
    path("manage/", manage.timetable, name="timetable"),
    path("manage/sessions/new/", manage.session_create, name="session_create"),
    path("manage/sessions/<int:pk>/", manage.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/delete/", manage.session_delete, name="session_delete"),
    path("manage/sessions/<int:pk>/materials/", manage.material_add, name="material_add"),
    path("manage/materials/<int:pk>/delete/", manage.material_delete, name="material_delete"),
    path("manage/registrations/", manage.registrations, name="registrations"),
    path("manage/registrations/invite/", manage.invite, name="invite"),
    path("manage/registrations/<int:pk>/cancel/", manage.registration_cancel, name="registration_cancel"),
    path("manage/announcements/", manage.announcements, name="announcements"),
    path("manage/attendance/", delivery.attendance, name="attendance"),
    path("manage/attendance/mark/", delivery.attendance_mark, name="attendance_mark"),
    path("manage/attendance/import/", delivery.attendance_import, name="attendance_import"),
    path("manage/attendance/share/", delivery.attendance_share, name="attendance_share"),
    path("manage/attendance/export.<str:fmt>", delivery.attendance_export, name="attendance_export"),
    path("manage/certificates/", delivery.certificates, name="certificates"),
    path("manage/evaluation/", delivery.evaluation, name="evaluation"),
    path("manage/evaluation/objectives/", delivery.evaluation_objectives, name="evaluation_objectives"),
    path("manage/evaluation/remind/", delivery.evaluation_remind, name="evaluation_remind"),
    path("manage/evaluation/export.xlsx", delivery.evaluation_export, name="evaluation_export"),
]
