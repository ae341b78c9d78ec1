"""Times written in a given zone and zones named as of the moment shown (issue 10)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ssehub.core.timezones import (
    canonical_timezones,
    format_in_zone,
    zone_choice_label,
    zone_choices,
    zone_label,
)

CLOSES = dt.datetime(2027, 1, 31, 10, 0, tzinfo=dt.UTC)  # 17:00 in Bangkok
ZURICH_SPRING = dt.datetime(2021, 3, 29, 1, 0, tzinfo=dt.UTC)  # 03:00 in Zurich, summer time


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("active", ["Asia/Seoul", "UTC", "Asia/Ulaanbaatar"])
def test_format_in_zone_ignores_the_active_zone(active):
    with timezone.override(active):
        assert format_in_zone(CLOSES, "Asia/Bangkok") == "Jan. 31, 2027, 5 p.m. (Indochina Time)"


def test_format_in_zone_names_summer_time_at_the_moment_shown():
    assert format_in_zone(ZURICH_SPRING, "Europe/Zurich") == "March 29, 2021, 3 a.m. (Central European Summer Time)"
    assert zone_label("Europe/Zurich", at=ZURICH_SPRING) == "Central European Summer Time"
    assert zone_label("Europe/Zurich", at=dt.datetime(2021, 1, 29, tzinfo=dt.UTC)) == "Central European Standard Time"


def test_format_in_zone_without_name_and_with_a_format():
    assert format_in_zone(CLOSES, "Asia/Seoul", fmt="H:i", named=False) == "19:00"
    assert format_in_zone(None, "Asia/Seoul") == ""


@pytest.mark.parametrize(("active", "viewer_text"), [
    ("Asia/Seoul", "Jan. 31, 2027, 7 p.m. (Korean Standard Time)"),
    ("UTC", "Jan. 31, 2027, 10 a.m. (Coordinated Universal Time)"),
    ("Asia/Ulaanbaatar", "Jan. 31, 2027, 6 p.m. (Ulaanbaatar Standard Time)"),
])
def test_in_zone_tag_writes_host_time_and_the_viewer_time(active, viewer_text):
    template = Template("{% load zones %}{% in_zone when 'Asia/Bangkok' %}|{% in_zone when %}|{{ when|in_zone:'Asia/Bangkok' }}")
    with timezone.override(active):
        rendered = template.render(Context({"when": CLOSES}))
    assert rendered.split("|") == ["Jan. 31, 2027, 5 p.m. (Indochina Time)", viewer_text,
                                   "Jan. 31, 2027, 5 p.m. (Indochina Time)"]


def test_date_filter_shows_why_the_tag_is_needed():
    host_time = timezone.localtime(CLOSES, timezone.get_fixed_timezone(7 * 60))
    with timezone.override("Asia/Seoul"):
        assert Template("{{ when|date:'H:i' }}").render(Context({"when": host_time})) == "19:00"
        assert Template("{% load zones %}{% in_zone when 'Asia/Bangkok' 'H:i' False %}").render(
            Context({"when": host_time})) == "17:00"


def test_zone_name_tag_is_the_name_at_the_moment():
    template = Template("{% load zones %}{% zone_name 'Europe/Zurich' when %}")
    assert template.render(Context({"when": ZURICH_SPRING})) == "Central European Summer Time"


def test_canonical_zones_leave_out_aliases():
    zones = canonical_timezones()
    assert ("Africa/Asmera" in zones, "Asia/Calcutta" in zones, "US/Pacific" in zones) == (False, False, False)
    assert ("Africa/Nairobi" in zones, "Asia/Kolkata" in zones, "Asia/Manila" in zones, "UTC" in zones) == (
        True, True, True, True)
    assert ("Asia/Kuala_Lumpur" in zones, "Africa/Asmara" in zones) == (True, True)


def test_zone_choice_label_has_offset_name_and_city():
    assert zone_choice_label("Asia/Manila", at=CLOSES) == "(UTC+08:00) Philippine Time — Manila"
    assert zone_choice_label("America/St_Johns", at=CLOSES) == "(UTC-03:30) Newfoundland Time — St. John’s"


def test_zone_choice_label_in_the_reader_language():
    with translation.override("ko"):
        assert zone_choice_label("Asia/Seoul", at=CLOSES) == "(UTC+09:00) 대한민국 시간 — 서울"


def test_zone_choices_sorted_by_offset_and_keep_a_saved_alias():
    choices = zone_choices(at=CLOSES)
    offsets = [label.split(")")[0] for _name, label in choices]
    assert choices[0][1].startswith("(UTC-11:00)")
    assert choices[-1][1].startswith("(UTC+14:00)")
    assert offsets.index("(UTC+08:00") < offsets.index("(UTC+09:00")
    assert len([name for name, _label in choices if name == "Asia/Manila"]) == 1
    assert "Asia/Calcutta" not in dict(choices)
    assert "Asia/Calcutta" in dict(zone_choices(at=CLOSES, keep="Asia/Calcutta"))


@pytest.mark.parametrize(("zone", "expected"), [
    ("Asia/Ho_Chi_Minh", "(UTC+07:00) Indochina Time — Ho Chi Minh City"),
    ("Asia/Yangon", "(UTC+06:30) Myanmar Time — Yangon"),
    ("Asia/Kolkata", "(UTC+05:30) India Standard Time — Kolkata"),
    ("Europe/Kyiv", "(UTC+02:00) Eastern European Time — Kyiv"),
])
def test_zones_cldr_files_under_an_older_id_are_named_not_gmt(zone, expected):
    assert zone_choice_label(zone, at=CLOSES) == expected


def test_renamed_zone_named_in_summer_too_and_in_other_languages():
    assert zone_label("Europe/Kyiv", at=dt.datetime(2027, 7, 1, tzinfo=dt.UTC)) == "Eastern European Summer Time"
    with translation.override("zh-hans"):
        assert zone_choice_label("Asia/Ho_Chi_Minh", at=CLOSES) == "(UTC+07:00) 中南半岛时间 — 胡志明市"


def test_generic_name_for_pickers_and_notes_is_the_same_all_year():
    from ssehub.core.timezones import zone_generic_label

    summer, winter = dt.datetime(2027, 7, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert {zone_generic_label("Europe/Zurich", at=summer), zone_generic_label("Europe/Zurich", at=winter)} == {
        "Central European Time"}
    assert zone_generic_label("Asia/Manila") == "Philippine Time"
    assert zone_generic_label("UTC") == "Coordinated Universal Time"
