import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from ssehub.accounts.models import Profile, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_up(client, email="ana@example.org", password="a-long-pass-phrase-42"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_signup_sends_verification_mail_through_queue_and_creates_profile(client):
    response = _sign_up(client, email="Ana@Example.org")
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ana@example.org")
    assert Profile.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body)


def test_login_refused_until_email_verified(client):
    _sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ana@example.org", "password": "a-long-pass-phrase-42"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in_and_lands_on_profile(client):
    _sign_up(client)
    client.logout()
    link = re.search(r"(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(email="ana@example.org").verified is True
    response = client.post(
        reverse("account_login"), {"login": "ana@example.org", "password": "a-long-pass-phrase-42"}
    )
    assert response.headers["Location"] == reverse("accounts:profile")


def test_signup_with_taken_email_creates_nothing_and_warns_the_owner(client, member):
    # allauth does not reveal which addresses have accounts: it mails the owner instead.
    response = _sign_up(client, email=member.email.upper())
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_login_failures_are_rate_limited(client, member):
    statuses = [
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 6
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert "signing in with a password is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session
