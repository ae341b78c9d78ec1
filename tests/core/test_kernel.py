"""The write-path kernel: one error type, the stale-edit helper, model_update, the action log."""

import pytest
from django.db import transaction

from ssehub.accounts.models import Profile
from ssehub.core.actionlog import action_verb, entries_for_object, log_action, personal_data, verb_label
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.models import ActionLogEntry
from ssehub.core.stale import bump_version, lock_for_edit
from ssehub.core.updates import model_update
from tests.factories import ProfileFactory, make_user

TOUCHED = action_verb("tests.profile.touch", "Touched a profile")


@pytest.fixture
def profile(db):
    return ProfileFactory(full_name="Ana Reyes", organisation="DOLE")


def test_model_update_saves_only_changed_fields_and_bumps_the_version(profile):
    version = profile.version
    profile, changes = model_update(instance=profile, fields=["full_name", "organisation"],
                                    data={"full_name": "Ana Reyes", "organisation": "CDA"}, version_field="version")
    assert changes == {"organisation": ["DOLE", "CDA"]}
    profile.refresh_from_db()
    assert (profile.organisation, profile.version) == ("CDA", version + 1)


def test_model_update_without_a_change_writes_nothing(profile, django_assert_num_queries):
    with django_assert_num_queries(0):
        _instance, changes = model_update(instance=profile, fields=["full_name"], data={"full_name": "Ana Reyes"},
                                          version_field="version")
    assert changes == {}


def test_model_update_refuses_bad_input_with_the_one_error_type(profile):
    with pytest.raises(ServiceError) as refused:
        model_update(instance=profile, fields=["time_zone"], data={"time_zone": "x" * 200})
    assert "time_zone" in refused.value.errors
    profile.refresh_from_db()
    assert profile.time_zone == "Asia/Manila"


def test_full_clean_or_refuse_keeps_messages_per_field(profile):
    profile.time_zone = "x" * 200
    with pytest.raises(ServiceError) as refused:
        full_clean_or_refuse(profile)
    assert refused.value.code == "invalid"
    assert refused.value.messages()[0] == refused.value.errors["time_zone"][0]


def test_stale_edit_is_refused_and_names_who_saved_meanwhile(profile):
    other = make_user("member")
    Profile.objects.filter(user=other).update(full_name="Kim Min-jun")
    with transaction.atomic():
        locked = lock_for_edit(Profile, pk=profile.pk, expected_version=profile.version)
        locked.save(update_fields=[bump_version(locked)])
        log_action(actor=other, verb=TOUCHED, obj=locked)
    with pytest.raises(ServiceError) as refused, transaction.atomic():
        lock_for_edit(Profile, pk=profile.pk, expected_version=profile.version)
    assert refused.value.is_stale
    assert "Kim Min-jun" in str(refused.value.message)
    assert refused.value.detail["by"] == "Kim Min-jun"


def test_stale_edit_without_a_log_entry_still_says_what_happened(profile):
    Profile.objects.filter(pk=profile.pk).update(version=profile.version + 1)
    with pytest.raises(ServiceError) as refused, transaction.atomic():
        lock_for_edit(Profile, pk=profile.pk, expected_version=profile.version)
    assert str(refused.value.message).startswith("Someone else changed this")


def test_log_entry_records_actor_object_scope_and_change(profile):
    actor = make_user("organiser")
    entry = log_action(actor=actor, verb=TOUCHED, obj=profile, data={"organisation": ["DOLE", "CDA"]})
    assert list(entries_for_object(profile)) == [entry]
    assert (entry.actor, entry.verb, entry.scope) == (actor, TOUCHED, f"accounts.profile:{profile.pk}")
    assert entry.data == {"organisation": ["DOLE", "CDA"]}
    assert verb_label(TOUCHED) == "Touched a profile"
    assert personal_data(user=actor)[0]["action"] == TOUCHED


def test_log_entry_cannot_be_changed_or_deleted(profile):
    entry = log_action(actor=None, verb=TOUCHED, obj=profile)
    entry.verb = "tests.other"
    with pytest.raises(ValueError, match="cannot be changed"):
        entry.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        entry.delete()
    assert ActionLogEntry.objects.get(pk=entry.pk).verb == TOUCHED
    assert entry.actor_name() == "the platform"


def test_a_rolled_back_write_leaves_no_log_entry(profile):
    def refused_write():
        with transaction.atomic():
            log_action(actor=None, verb=TOUCHED, obj=profile)
            raise ServiceError("refused")

    with pytest.raises(ServiceError):
        refused_write()
    assert list(entries_for_object(profile)) == []


def test_deleted_actor_is_shown_as_a_deleted_account(profile):
    actor = make_user("member")
    entry = log_action(actor=actor, verb=TOUCHED, obj=profile)
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor_name() == "a deleted account"
