from ssehub.calls.bench import synthetic_pool
from ssehub.calls.selection import Candidate, Rules, check_selection, exclusion_reasons, greedy, solve


def _people():
    return [
        Candidate(1, 4.8, "JP", "researcher", "man", "univ a"),
        Candidate(2, 4.5, "JP", "researcher", "man", "univ b"),
        Candidate(3, 3.0, "JP", "government", "woman", "mhlw"),
        Candidate(4, 4.0, "PH", "workers", "woman", "union"),
        Candidate(5, 2.0, "PH", "employers", "man", "ecop"),
        Candidate(6, 3.9, "PH", "sse_practitioner", "woman", "coop"),
    ]


def test_solve_is_optimal_under_constituency_minimum():
    rules = Rules(seats=3, constituency_min={"JP": {"government": 1}})
    result = solve(_people(), rules)
    assert result.status == "optimal"
    assert result.selected == [1, 2, 3]
    assert result.objective == 12.3


def test_solve_balances_country_maximum_and_women():
    rules = Rules(seats=4, country_max={"JP": 2}, women_min_share=0.5)
    result = solve(_people(), rules)
    assert result.status == "optimal"
    assert result.selected == [1, 2, 4, 6]
    assert check_selection(_people(), rules, set(result.selected)) == []


def test_solve_explains_counting_conflict_and_smallest_change():
    rules = Rules(seats=3, constituency_min={"PH": {"government": 1}})
    result = solve(_people(), rules)
    assert result.status == "infeasible"
    assert result.selected == []
    assert result.conflicts == [{"conflict": "constituency_short", "country": "PH",
                                 "constituency": "government", "available": 0, "required": 1}]
    assert result.relaxations == [{"rule": "constituency_min", "country": "PH", "constituency": "government",
                                   "required": 1, "suggested": 0, "by": 1}]


def test_solve_explains_conflict_between_rules():
    # Each rule holds alone; together, 3 women are needed but no one from JP may come and PH has 2.
    rules = Rules(seats=3, country_max={"JP": 0}, women_min_share=1.0)
    result = solve(_people(), rules)
    assert result.status == "infeasible"
    kinds = sorted(item["rule"] for item in result.relaxations)
    assert sum(item["by"] for item in result.relaxations) == 1
    assert kinds in (["country_max"], ["women_overall"])


def test_pins_are_kept():
    rules = Rules(seats=2)
    people = [*_people()[:5], Candidate(6, 3.9, "PH", "sse_practitioner", "woman", "coop", pin="in")]
    people[0] = Candidate(1, 4.8, "JP", "researcher", "man", "univ a", pin="out")
    result = solve(people, rules)
    assert result.selected == [2, 6]


def test_exclusion_reasons_name_rule_or_higher_scorer():
    rules = Rules(seats=2, country_max={"JP": 1})
    people = _people()
    result = solve(people, rules)
    assert result.selected == [1, 4]
    reasons = exclusion_reasons(people, rules, set(result.selected))
    assert reasons[2]["reason"] == "rule"
    assert reasons[2]["rules"][0]["rule"] == "country_max"
    assert reasons[5] == {"reason": "outscored", "by": 4}


def test_organisation_maximum_and_greedy_baseline_breaks_minimums():
    candidates, rules = synthetic_pool(applicants=600, seats=60, countries=6)
    result = solve(candidates, rules)
    assert result.status == "optimal"
    assert check_selection(candidates, rules, set(result.selected)) == []
    assert len(result.selected) == 60
    greedy_violations = check_selection(candidates, rules, greedy(candidates, rules))
    assert greedy_violations != []


def test_bench_size_is_optimal_quickly():
    candidates, rules = synthetic_pool(applicants=10000, seats=300, countries=20)
    result = solve(candidates, rules)
    assert result.status == "optimal"
    assert check_selection(candidates, rules, set(result.selected)) == []
    assert result.seconds < 10
