import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_prints_every_figure_and_can_measure_again_without_building(capsys):
    call_command("bench_community", members=30, posts=80, iterations=2)
    first = json.loads(capsys.readouterr().out)
    pages = ("category_topics", "topic_1000_replies", "topic_1000_replies_last_page", "directory_country_expertise")
    assert [first.get(f"{page}_p95_ms") is not None for page in pages] == [True] * len(pages)
    assert [first.get(f"{page}_cpu_p95_ms") is not None for page in pages] == [True] * len(pages)
    assert first["build_seconds"] is not None
    call_command("bench_community", members=30, posts=80, iterations=2, reuse=True)
    again = json.loads(capsys.readouterr().out)
    assert again["build_seconds"] is None
    assert again["topic_1000_replies_last_page_p95_ms"] is not None
