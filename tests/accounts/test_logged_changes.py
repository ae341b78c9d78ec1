"""Role changes and personal-data exports are in the action log; profile values are not."""

import json

import pytest
from django.urls import reverse

from ssehub.accounts.services import roles_set
from ssehub.core.actionlog import entries_for_object
from ssehub.core.models import ActionLogEntry
from tests.factories import make_user, sign_in_recently

pytestmark = pytest.mark.django_db


def test_roles_set_logs_each_change_with_the_admin(db):
    admin, person = make_user("admin"), make_user("reviewer")
    roles_set(user=person, roles={"organiser"}, actor=admin)
    changes = sorted((entry.verb, entry.data["role"]) for entry in entries_for_object(person).filter(actor=admin))
    assert changes == [("accounts.role.assign", "organiser"), ("accounts.role.revoke", "reviewer")]
    assert sorted(person.groups.values_list("name", flat=True)) == ["organiser"]


def test_admin_changes_roles_in_the_admin_through_the_service(client):
    admin, person = make_user("admin"), make_user("member")
    sign_in_recently(client, admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    joined = person.date_joined
    data = {"email": person.email, "is_active": "on", "roles": ["editor"],
            "date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": joined.strftime("%H:%M:%S"),
            "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1", "profile-0-id": str(person.profile.pk), "profile-0-user": str(person.pk),
            "profile-0-full_name": person.profile.full_name, "profile-0-time_zone": "Asia/Manila",
            "profile-0-constituency": "government", "profile-0-version": str(person.profile.version),
            "profile-0-languages": "[]", "profile-0-expertise": "[]"}
    assert "roles" in form.fields
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(person.groups.values_list("name", flat=True)) == ["editor"]
    entry = entries_for_object(person).get(actor=admin)
    assert (entry.verb, entry.data) == ("accounts.role.assign", {"role": "editor"})


def test_data_export_is_logged_and_contains_the_log(client, member):
    client.force_login(member)
    data = json.loads(client.get(reverse("accounts:export_data")).content)
    assert [entry["action"] for entry in data["action_log"]] == ["accounts.data.export"]


def test_profile_change_logs_field_names_never_values(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:profile"))
    version = page.context["form"].initial["version"]
    client.post(reverse("accounts:profile"), {
        "full_name": "Siti Aminah", "organisation": "Angkasa", "country": "MY", "constituency": "sse_practitioner",
        "gender": "woman", "languages": ["ms"], "time_zone": "Asia/Kuala_Lumpur", "expertise": "", "bio": "",
        "version": str(version),
    })
    entry = ActionLogEntry.objects.get(verb="accounts.profile.update")
    assert "gender" in entry.data["fields"]
    assert "woman" not in json.dumps(entry.data)
