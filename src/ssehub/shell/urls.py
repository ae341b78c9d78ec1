from django.urls import path

from ssehub.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("log/", views.action_log, name="action_log"),
    path("healthz", views.healthz, name="healthz"),
]
