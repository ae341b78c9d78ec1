"""URLs that belong to no single event, mounted at agenda/."""

from django.urls import path

from ssehub.agenda.views import delivery, public

app_name = "agenda_public"

urlpatterns = [
    path("certificates/verify/", delivery.verify, name="verify"),
    path("calendar/", public.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", public.personal_calendar, name="personal_ics"),
    path("invitations/<str:token>/", public.invitation_accept, name="invitation_accept"),
]
