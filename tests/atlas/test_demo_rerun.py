"""Running the demo loader again (as `make run` does) keeps what people did to the seeded atlas:
a renamed record is neither doubled nor renamed back (found by a new user's trial)."""

import io

from ssehub.atlas.demo import load
from ssehub.atlas.models import Instrument
from ssehub.atlas.services import instrument_update
from tests.factories import make_user


def test_a_record_renamed_by_an_editor_is_kept_and_not_doubled(seeded_atlas):
    count = Instrument.objects.count()
    record = Instrument.objects.filter(country="JP").order_by("pk").first()
    seeded_title, seeded_local = record.title, record.title_local
    instrument_update(instrument=record, actor=make_user("editor"), expected_version=record.version,
                      data={"title": "Renamed by an editor", "title_local": "編集者が改名", "summary": "Edited."})
    out = io.StringIO()
    load(stdout=out)
    assert Instrument.objects.count() == count
    assert "0 new" in out.getvalue()
    record.refresh_from_db()
    assert (record.title, record.title_local, record.summary) == ("Renamed by an editor", "編集者が改名", "Edited.")
    assert not Instrument.objects.filter(title=seeded_title).exists()
    assert not Instrument.objects.filter(title_local=seeded_local).exists()


def test_records_nobody_edited_are_refreshed_and_nothing_is_added(seeded_atlas):
    record = Instrument.objects.filter(country="KR").order_by("pk").first()
    Instrument.objects.filter(pk=record.pk).update(summary="Stale seeded summary.")
    load(stdout=io.StringIO())
    record.refresh_from_db()
    assert record.summary != "Stale seeded summary."
    assert Instrument.objects.count() == len(seeded_atlas)
