import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssehub.atlas.models import Instrument
from tests.atlas.factories import make_instrument


def test_bench_refuses_a_database_with_real_records(db):
    make_instrument()
    with pytest.raises(CommandError, match="real atlas records"):
        call_command("bench_atlas", "--instruments", "10", "--iterations", "1", stdout=io.StringIO())
    assert Instrument.objects.filter(is_synthetic=True).count() == 0


def test_bench_generates_multilingual_data_and_reports_each_measurement(db):
    out = io.StringIO()
    call_command("bench_atlas", "--instruments", "300", "--countries", "20", "--iterations", "2",
                 stdout=out, stderr=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["measure"] for line in lines} >= {"search_word", "search_cjk_ko", "search_faceted", "compare_default"}
    assert all(line["p95_ms"] >= line["p50_ms"] > 0 for line in lines)
    assert Instrument.objects.filter(is_synthetic=True).count() == 300
    assert Instrument.objects.filter(title_local__contains="협동조합").exists()
    assert Instrument.objects.values("country").distinct().count() == 20


def test_bench_refuses_an_unknown_measurement_before_touching_anything(db):
    with pytest.raises(CommandError, match="Unknown measurement search_wrod"):
        call_command("bench_atlas", "--instruments", "10", "--only", "search_wrod", stdout=io.StringIO())
    assert not Instrument.objects.exists()


def test_bench_runs_only_the_measurements_asked_for(db):
    out = io.StringIO()
    call_command("bench_atlas", "--instruments", "60", "--countries", "6", "--iterations", "1",
                 "--only", "search_word", "--only", "search_word_after_write", stdout=out, stderr=io.StringIO())
    assert [json.loads(line)["measure"] for line in out.getvalue().splitlines()] == [
        "search_word", "search_word_after_write"]


def test_bench_times_the_import_preview_and_write_of_new_then_changed_records(db):
    out = io.StringIO()
    call_command("bench_atlas", "--import-rows", "30", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["measure"], line["rows"]) for line in lines] == [
        ("import_preview", 30), ("import_write", 30), ("update_preview", 30), ("update_write", 30)]
    assert Instrument.objects.filter(is_synthetic=True).count() == 30
    assert Instrument.objects.filter(summary__startswith="Law ", version=2).count() == 30
    assert Instrument.objects.filter(status="amended").count() == 10
