"""403, 404, 500 and a refused form are pages of the site: layout, language, what to do next (issue 10)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.access import ROLES

pytestmark = pytest.mark.django_db

LAYOUT = ('<main id="main" class="container" tabindex="-1">', '<a class="skip-link" href="#main">',
          '<footer class="site-footer container">')


def _in_layout(body: str) -> bool:
    return all(part in body for part in LAYOUT)


@pytest.mark.parametrize("role", ROLES)
def test_refused_page_in_the_layout_for_every_role(client, role_users, role):
    if role != "anonymous":
        client.force_login(role_users[role])
    client.cookies["ssehub_language"] = "en"
    response = client.get(reverse("shell:action_log"))
    body = response.content.decode()
    if role == "admin":
        assert response.status_code == 200
        return
    assert response.status_code == 403
    assert _in_layout(body)
    assert "<h1>Access refused</h1>" in body
    assert "What you can do" in body
    if role == "anonymous":
        assert f'<a href="{reverse("account_login")}?next=/log/">Log in</a>' in body
    else:
        assert f"You are signed in as {role_users[role].email}." in body


@pytest.mark.parametrize("role", ["anonymous", "member", "organiser"])
def test_missing_page_in_the_layout(client, role_users, role):
    if role != "anonymous":
        client.force_login(role_users[role])
    client.cookies["ssehub_language"] = "en"
    response = client.get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert _in_layout(body)
    assert "<h1>Page not found</h1>" in body
    assert f'<a href="{reverse("events:list")}">See all events</a>' in body


@pytest.mark.parametrize(("language", "title", "next_step"), [
    ("fil", "Hindi nahanap ang pahina", "Ano ang maaari mong gawin"),
    ("ko", "페이지를 찾을 수 없습니다", "할 수 있는 일"),
    ("ms", "Halaman tidak ditemui", "Apa yang boleh anda lakukan"),
])
def test_missing_page_is_translated(client, language, title, next_step):
    client.cookies["ssehub_language"] = language
    body = client.get("/no/such/page/").content.decode()
    assert f'<html lang="{language}"' in body
    assert f"<h1>{title}</h1>" in body
    assert next_step in body
    assert "Page not found" not in body


def test_server_error_page_in_the_layout_without_a_request_context():
    request = RequestFactory().get("/")
    with translation.override("fil"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert _in_layout(body)
    assert "<h1>May nangyaring mali</h1>" in body
    assert "Times are shown in" not in body


@pytest.mark.parametrize("language", ["en", "fil"])
def test_refused_form_csrf_page_in_the_layout(language):
    client = Client(enforce_csrf_checks=True)
    client.cookies["ssehub_language"] = language
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert _in_layout(body)
    expected = {"en": "<h1>The form could not be sent</h1>", "fil": "<h1>Hindi naipadala ang form</h1>"}[language]
    assert expected in body
    assert "CSRF" not in body
