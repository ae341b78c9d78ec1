"""The profile's zone picker: canonical zones, in the reader's language, with the offset, by offset (issue 10)."""

import re

import pytest
from django.urls import reverse

from ssehub.accounts.models import Profile

pytestmark = pytest.mark.django_db
OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def _zone_options(client, language="en") -> list[tuple[str, str]]:
    client.cookies["ssehub_language"] = language
    body = client.get(reverse("accounts:profile")).content.decode()
    select = body[body.index('<select name="time_zone"'):]
    select = select[:select.index("</select>")]
    return OPTION.findall(select)


def test_zone_picker_offers_canonical_zones_named_with_their_offset(client, member):
    client.force_login(member)
    options = _zone_options(client)
    values = [value for value, _label in options]
    assert options[0] == ("", "Detect from my browser")
    assert "Africa/Asmera" not in values
    assert "US/Pacific" not in values
    assert len(values) == len(set(values))
    labels = dict(options)
    assert re.fullmatch(r"\(UTC\+08:00\) Philippine Time — Manila", labels["Asia/Manila"])
    assert re.fullmatch(r"\(UTC\+0[12]:00\) Central European Time — Zurich", labels["Europe/Zurich"])


def test_zone_picker_is_sorted_by_offset(client, member):
    client.force_login(member)
    labels = [label for value, label in _zone_options(client) if value]
    offsets = [label[len("(UTC"):label.index(")")] for label in labels]
    as_minutes = [(-1 if offset[0] == "-" else 1) * (int(offset[1:3]) * 60 + int(offset[4:6])) for offset in offsets]
    assert as_minutes == sorted(as_minutes)


def test_zone_picker_speaks_the_reader_language(client, member):
    client.force_login(member)
    labels = dict(_zone_options(client, "ko"))
    assert labels["Asia/Seoul"] == "(UTC+09:00) 대한민국 시간 — 서울"
    assert labels[""] != "Detect from my browser"


def test_a_saved_alias_stays_selected_and_the_profile_still_saves(client, member):
    Profile.objects.filter(user=member).update(time_zone="Asia/Calcutta", time_zone_chosen=True)
    client.force_login(member)
    options = dict(_zone_options(client))
    assert "Asia/Calcutta" in options
    assert "Asia/Kolkata" in options
