import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import make_user, sign_in_recently

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "organiser", "editor"])
def test_staff_without_totp_are_sent_to_set_it_up(client, role):
    user = make_user(role)
    Authenticator.objects.filter(user=user).delete()
    sign_in_recently(client, user)
    response = client.get(reverse("accounts:profile"))
    assert response.headers["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize("role", ["member", "participant", "reviewer", "facilitator", "researcher"])
def test_other_roles_are_not_forced_into_mfa(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_staff_with_totp_reach_their_pages(client):
    client.force_login(make_user("organiser"))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_totp_deactivation_page_needs_an_authenticator(client):
    user = make_user("member")
    sign_in_recently(client, user)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 404
    sign_in_recently(client, make_user("organiser"))
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


def test_recovery_codes_pages_need_codes(client):
    user = make_user("member")
    sign_in_recently(client, user)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 404
    RecoveryCodes.activate(user)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get(reverse("mfa_download_recovery_codes")).status_code == 200
    client.logout()
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 302


def test_login_with_totp_asks_for_the_code(client):
    user = make_user("organiser")
    response = client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-9"})
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
