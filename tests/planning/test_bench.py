import json

import pytest
from django.core.management import call_command

from ssehub.planning.models import Delegation, Score


@pytest.mark.django_db
def test_bench_prints_one_json_line_and_leaves_nothing_behind(capsys):
    call_command("bench_planning", members=6, actions=10, criteria=4, comparisons=50, runs=2)
    result = json.loads(capsys.readouterr().out.strip())
    assert sorted(result) == sorted(["p95_ms_equal", "p95_ms_one_person", "p95_ms_211", "p95_ms_pairwise",
                                     "median_ms_equal", "median_ms_one_person", "median_ms_211",
                                     "queries_workspace", "members", "actions", "criteria", "scores", "comparisons",
                                     "database"])
    assert result["scores"] == 240
    assert result["queries_workspace"] == 13
    assert (Delegation.objects.count(), Score.objects.count()) == (0, 0)
