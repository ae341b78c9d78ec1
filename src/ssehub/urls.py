from django.contrib import admin
from django.urls import include, path

from ssehub.shell.views import set_language

urlpatterns = [
    path("", include("ssehub.shell.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("ssehub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("events/", include("ssehub.events.urls")),
    path("calls/", include("ssehub.calls.urls")),
    path("events/<slug:event_slug>/", include("ssehub.agenda.urls")),
    path("agenda/", include("ssehub.agenda.urls_public")),
    path("admin/", admin.site.urls),
    path("atlas/", include("ssehub.atlas.urls")),
    path("planning/", include("ssehub.planning.urls")),
    path("community/", include("ssehub.community.urls")),
    path("api/v1/", include("ssehub.api.urls")),
]

