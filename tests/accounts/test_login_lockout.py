"""Log-in that an attacker cannot turn off (issue 11): behind the proxy the rate limits count the
client's address, not the proxy's; an account paused after wrong passwords still lets its owner in
with a one-time code sent by e-mail."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ATTACKER = "203.0.113.7"
SOMEONE_ELSE = "198.51.100.9"


def _log_in(client, email, password, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _mailed_code() -> str:
    """The code on a line of its own in the last message (allauth writes it as "ABCD-EFGH")."""
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)


def _guess_ten_accounts(client, forwarded_for) -> None:
    # Ten different addresses: the per-account limit never trips, only the per-address one.
    for number in range(11):
        _log_in(client, f"guess{number}@example.org", "wrong", forwarded_for=forwarded_for)


def test_wrong_passwords_from_one_forwarded_address_do_not_block_another(client, settings, member):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _guess_ten_accounts(client, ATTACKER)
    assert "Too many" in _log_in(client, "guess0@example.org", "wrong", forwarded_for=ATTACKER).content.decode()
    _log_in(client, member.email, PASSWORD, forwarded_for=SOMEONE_ELSE)
    assert _signed_in(client)


def test_forged_forwarded_address_is_not_believed(client, settings, member):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The attacker writes a new address first each time; the proxy appends the real one, which counts.
    for number in range(11):
        _log_in(client, f"guess{number}@example.org", "wrong", forwarded_for=f"192.0.2.{number}, {ATTACKER}")
    response = _log_in(client, member.email, PASSWORD, forwarded_for=f"192.0.2.99, {ATTACKER}")
    assert (response.status_code, _signed_in(client)) == (200, False)
    assert "signing in with a password is paused" in response.content.decode()


def test_forwarded_address_ignored_without_a_trusted_proxy(client, settings, member):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    # Served directly, a client could otherwise dodge the limit by inventing a header per request.
    for number in range(11):
        _log_in(client, f"guess{number}@example.org", "wrong", forwarded_for=f"192.0.2.{number}")
    response = _log_in(client, member.email, PASSWORD, forwarded_for=SOMEONE_ELSE)
    assert (response.status_code, _signed_in(client)) == (200, False)
    assert "signing in with a password is paused" in response.content.decode()


def test_paused_password_log_in_points_the_owner_to_a_code(client, member):
    for _attempt in range(5):
        _log_in(client, member.email, "wrong", forwarded_for=ATTACKER)
    response = _log_in(client, member.email, PASSWORD)
    page = response.content.decode()
    assert not _signed_in(client)
    assert "signing in with a password is paused" in page
    assert "Send me a sign-in code" in page
    assert reverse("account_request_login_code") in page


def test_owner_gets_in_with_the_mailed_code_while_password_log_in_is_paused(client, member):
    attacker = type(client)()
    for _attempt in range(6):
        _log_in(attacker, member.email, "wrong")
    _log_in(client, member.email, PASSWORD)
    assert not _signed_in(client)

    mail.outbox.clear()
    response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.headers["Location"] == reverse("account_confirm_login_code")
    assert [message.to for message in mail.outbox] == [[member.email]]
    response = client.post(reverse("account_confirm_login_code"), {"code": _mailed_code()})
    assert response.headers["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(member.pk)


def test_code_log_in_still_asks_staff_for_their_second_factor(client):
    organiser = make_user("organiser")
    client.post(reverse("account_request_login_code"), {"email": organiser.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": _mailed_code()})
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)


@pytest.mark.parametrize(("environment", "expected"), [({}, "0"), ({"SSEHUB_TRUSTED_PROXIES": "1"}, "1")])
def test_trusted_proxies_setting_comes_from_the_environment(environment, expected):
    variables = {key: value for key, value in os.environ.items() if key != "SSEHUB_TRUSTED_PROXIES"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"],
        cwd=ROOT, env={**variables, "DEBUG": "true", **environment}, capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == expected
