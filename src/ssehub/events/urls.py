from django.urls import path

from ssehub.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/log/", views.action_log, name="log"),
]
