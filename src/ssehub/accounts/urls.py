from django.urls import path

from ssehub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.export_data, name="export_data"),
    path("profile/delete/", views.delete_account, name="delete"),
]
