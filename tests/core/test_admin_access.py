"""The admin's access rows: every registered model's list and add page, as every role; and the rule
that the admin is no back door: our domain models are read-only there, set-up models save through
their services (so the action log and the other effects of a write happen)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.access import ROLES

OUR_APPS = {"accounts", "programmes", "events", "calls", "agenda", "atlas", "core"}
# Set-up records an admin creates before a programme runs; their admins save through services.
SET_UP_MODELS = {"accounts.user", "events.event", "programmes.programme"}


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def _ours():
    return [(model, model_admin) for model, model_admin in _registered() if model._meta.app_label in OUR_APPS]


def _outcome(response) -> str:
    if response.status_code == 200:
        return "allowed"
    if response.status_code == 302 and "/admin/login/" in response.headers["Location"]:
        return "refused"
    if response.status_code == 403:
        return "forbidden"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [model for model, _admin in _registered()], ids=lambda m: m._meta.label_lower)
def test_admin_list_page_only_for_platform_admins(client, role_users, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(role_users[role])
        outcomes[role] = _outcome(client.get(url))
    assert outcomes == {role: ("allowed" if role == "admin" else "refused") for role in ROLES}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [model for model, _admin in _ours()], ids=lambda m: m._meta.label_lower)
def test_admin_add_page_refused_for_domain_records_even_to_admins(client, role_users, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    client.force_login(role_users["admin"])
    expected = "allowed" if model._meta.label_lower in SET_UP_MODELS else "forbidden"
    assert _outcome(client.get(url)) == expected
    client.force_login(role_users["organiser"])
    assert _outcome(client.get(url)) == "refused"


@pytest.mark.django_db
def test_admin_cannot_change_or_delete_domain_records(role_users):
    request = RequestFactory().get("/admin/")
    request.user = role_users["admin"]
    writable = sorted(
        model._meta.label_lower for model, model_admin in _ours()
        if model._meta.label_lower not in SET_UP_MODELS
        and (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
             or model_admin.has_delete_permission(request))
    )
    assert writable == []


def test_roles_are_not_edited_as_bare_groups():
    from django.contrib.auth.models import Group

    assert Group not in admin.site._registry
