import json

import pytest
from django.urls import reverse

from ssehub.accounts.models import Profile, User
from ssehub.agenda.enums import PersonRole
from ssehub.agenda.models import SessionPerson
from tests.agenda.factories import SessionFactory
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "김지원", "organisation": "Korea Social Enterprise Promotion Agency", "country": "KR",
    "constituency": "government", "gender": "prefer_not_to_say", "languages": ["ko", "en"],
    "time_zone": "Asia/Seoul", "expertise": "social enterprise, 협동조합, social enterprise",
    "bio": "Works on certification of social enterprises.", "in_directory": "on", "version": "0",
}


def test_profile_update_saves_every_field(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), VALID)
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.full_name, profile.country.code, profile.languages, profile.expertise) == (
        "김지원", "KR", ["ko", "en"], ["social enterprise", "협동조합"]
    )
    assert (profile.time_zone, profile.time_zone_chosen, profile.in_directory) == ("Asia/Seoul", True, True)


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "XX"), ("time_zone", "Europe/Geneva"), ("constituency", "king"), ("gender", "x")],
)
def test_profile_update_rejects_bad_input_and_changes_nothing(client, member, field, value):
    client.force_login(member)
    before = Profile.objects.get(user=member).full_name
    response = client.post(reverse("accounts:profile"), {**VALID, field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Profile.objects.get(user=member).full_name == before


def test_profile_update_rejects_too_many_expertise_tags(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"), {**VALID, "expertise": ",".join(f"t{i}" for i in range(20))}
    )
    assert response.status_code == 400
    assert "expertise" in response.context["form"].errors


def test_browser_timezone_is_stored_until_the_person_chooses(client, member):
    Profile.objects.filter(user=member).update(time_zone="", time_zone_chosen=False)
    client.force_login(member)
    client.cookies["ssehub_tz"] = "Asia/Manila"
    client.get(reverse("shell:home"))
    assert Profile.objects.get(user=member).time_zone == "Asia/Manila"
    Profile.objects.filter(user=member).update(time_zone="Asia/Tokyo", time_zone_chosen=True)
    client.cookies["ssehub_tz"] = "Asia/Jakarta"
    client.get(reverse("shell:home"))
    assert Profile.objects.get(user=member).time_zone == "Asia/Tokyo"


def test_invalid_browser_timezone_cookie_is_ignored(client, member):
    Profile.objects.filter(user=member).update(time_zone="", time_zone_chosen=False)
    client.force_login(member)
    client.cookies["ssehub_tz"] = "Mars/Olympus_Mons"
    assert client.get(reverse("shell:home")).status_code == 200
    assert Profile.objects.get(user=member).time_zone == ""


def test_export_contains_profile_and_account(client):
    user = make_user("participant", full_name="Maria Santos", gender="woman")
    client.force_login(user)
    response = client.get(reverse("accounts:export_data"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["roles"] == ["participant"]
    assert (data["profile"]["full_name"], data["profile"]["gender"]) == ("Maria Santos", "woman")


def test_delete_account_requires_password(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_account_erases_user_and_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.headers["Location"] == reverse("shell:home")
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(user_id=member.pk).exists()
    assert "_auth_user_id" not in client.session


def test_gender_never_shown_on_public_pages_that_list_the_person(client):
    speaker = make_user("participant", full_name="Maria Santos", gender="woman", organisation="Cooperative Development Authority")
    session = SessionFactory(title="Cooperatives and decent work")
    SessionPerson.objects.create(session=session, user=speaker, role=PersonRole.SPEAKER)
    pages = [
        reverse("agenda:agenda", kwargs={"event_slug": session.event.slug}),
        reverse("agenda:session", kwargs={"event_slug": session.event.slug, "pk": session.pk}),
    ]
    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Maria Santos" in body  # the page does list the person ...
        assert "woman" not in body.lower()  # ... and never their gender
        assert "Woman" not in body


def test_profile_edit_from_a_stale_window_is_refused(client, member):
    client.force_login(member)
    assert client.post(reverse("accounts:profile"), VALID).status_code == 302
    stale = client.post(reverse("accounts:profile"), {**VALID, "full_name": "Old window"})
    assert stale.status_code == 409
    assert Profile.objects.get(user=member).full_name == "김지원"
    fresh = client.post(reverse("accounts:profile"), {**VALID, "full_name": "New", "version": "1"})
    assert fresh.status_code == 302
    assert Profile.objects.get(user=member).full_name == "New"
