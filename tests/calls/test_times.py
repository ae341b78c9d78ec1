"""Call times in the host zone and in the viewer's zone, for viewers in three zones (issue 10).

The event is hosted in Asia/Bangkok; the call closes 2027-01-31 17:00 host time (10:00 UTC).
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ssehub.calls.enums import Outcome
from ssehub.calls.services.communication import invitations_create, message_context, message_send
from tests.calls.factories import CallFactory, make_application, make_organiser
from tests.events.factories import EventFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db

OPENS = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)  # 09:00 in Bangkok
CLOSES = dt.datetime(2027, 1, 31, 10, 0, tzinfo=dt.UTC)  # 17:00 in Bangkok
HOST_CLOSES = "Jan. 31, 2027, 5 p.m. (Indochina Time)"
VIEWERS = {
    "seoul_organiser": "Jan. 31, 2027, 7 p.m. (Korean Standard Time)",
    "anonymous": "Jan. 31, 2027, 10 a.m. (Coordinated Universal Time)",
    "ulaanbaatar_applicant": "Jan. 31, 2027, 6 p.m. (Ulaanbaatar Standard Time)",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def call():
    event = EventFactory(host_time_zone="Asia/Bangkok")
    return CallFactory(event=event, opens_at=OPENS, closes_at=CLOSES)


def _viewer(client, call, who: str):
    client.cookies["ssehub_language"] = "en"
    if who == "seoul_organiser":
        organiser = make_organiser(call.event)
        organiser.profile.time_zone = "Asia/Seoul"
        organiser.profile.save()
        client.force_login(organiser)
    elif who == "ulaanbaatar_applicant":
        client.force_login(make_user("member", time_zone="Asia/Ulaanbaatar", time_zone_chosen=True))
    return client


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("who", VIEWERS)
def test_call_page_shows_host_time_and_the_viewers_own_time(client, call, who):
    body = _text(_viewer(client, call, who).get(reverse("calls:detail", args=[call.pk])))
    expected = (f'<span class="host-time">{HOST_CLOSES}</span> · <small>your time: '
                f'<span class="viewer-time">{VIEWERS[who]}</span></small>')
    assert expected in body
    assert '<span class="host-time">Dec. 1, 2026, 9 a.m. (Indochina Time)</span>' in body


@pytest.mark.parametrize("who", ["seoul_organiser", "ulaanbaatar_applicant"])
def test_application_form_deadline_is_in_host_time(client, call, who):
    body = _text(_viewer(client, call, who).get(reverse("calls:apply", args=[call.pk])))
    assert '<p class="deadline">Deadline: Jan. 31, 2027, 5 p.m. (Indochina Time).</p>' in body


def test_organiser_dashboard_shows_host_time(client, call):
    body = _text(_viewer(client, call, "seoul_organiser").get(reverse("calls:manage", args=[call.pk])))
    assert f"<dd>{HOST_CLOSES}</dd>" in body
    assert "<dd>Dec. 1, 2026, 9 a.m. (Indochina Time)</dd>" in body


def _invited(call, **profile):
    application = make_application(call, **profile)
    application.outcome = Outcome.SELECTED
    application.save()
    (invitation,) = invitations_create(call=call, actor=make_user("organiser"), applications=[application])
    invitation.expires_at = CLOSES
    invitation.save()
    application.refresh_from_db()
    return application, invitation


@pytest.mark.parametrize(("zone", "expected"), [
    ("Asia/Seoul", VIEWERS["seoul_organiser"]),
    ("Asia/Ulaanbaatar", VIEWERS["ulaanbaatar_applicant"]),
    ("Europe/Zurich", "Jan. 31, 2027, 11 a.m. (Central European Standard Time)"),
])
def test_invitation_email_expiry_is_in_the_recipients_zone_and_named(call, zone, expected):
    application, invitation = _invited(call, time_zone=zone)
    assert message_context(application, base_url="http://x", invitation=invitation)["expires"] == expected
    message_send(application=application, kind="reminder", base_url="http://x")
    assert expected in mail.outbox[-1].body


def test_invitation_email_without_a_profile_zone_uses_host_time(call):
    application, invitation = _invited(call, time_zone="")
    assert message_context(application, base_url="http://x", invitation=invitation)["expires"] == HOST_CLOSES


@pytest.mark.parametrize("who", VIEWERS)
def test_invitation_page_expiry_in_the_viewers_zone(client, call, who):
    from ssehub.calls.services.communication import invitation_token

    _application, invitation = _invited(call)
    body = _text(_viewer(client, call, who).get(reverse("calls:invitation", args=[invitation_token(invitation)])))
    assert f"Please answer by {VIEWERS[who]}." in body


def test_application_page_names_the_zone_of_the_submission_time(client, call):
    applicant = make_user("member", time_zone="Asia/Ulaanbaatar", time_zone_chosen=True)
    application = make_application(call, role=None)
    application.applicant = applicant
    application.submitted_at = CLOSES
    application.save()
    client.force_login(applicant)
    client.cookies["ssehub_language"] = "en"
    body = _text(client.get(reverse("calls:application", args=[application.pk])))
    assert f"<dd>{VIEWERS['ulaanbaatar_applicant']}</dd>" in body
