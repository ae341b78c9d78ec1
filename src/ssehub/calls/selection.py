"""Quota-balanced selection as a mixed-integer programme solved by HiGHS (docs/decisions/0200, 0201).

Pure functions over plain data: no Django here, so the solver, the bench command and the tests share
one path. Rules and conflicts come back as structured dicts; `describe.py` turns them into sentences.
"""

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np

WOMAN = "woman"
PIN_IN = "in"
PIN_OUT = "out"
_EPS = 1e-6
_SWAPS_TRIED = 40  # bounded, so explaining a 10,000-person pool stays fast


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float
    country: str
    constituency: str
    gender: str
    organisation: str  # normalised: see ssehub.calls.organisations.normalise
    pin: str = ""  # "in", "out" or ""


@dataclass
class Rules:
    seats: int
    country_min: dict[str, int] = field(default_factory=dict)
    country_max: dict[str, int] = field(default_factory=dict)
    constituency_min: dict[str, dict[str, int]] = field(default_factory=dict)
    women_min_share: float | None = None
    women_min_share_per_country: float | None = None
    max_per_organisation: int | None = None

    def women_needed(self, seats: int | None = None) -> int:
        if not self.women_min_share:
            return 0
        return math.ceil(self.women_min_share * (self.seats if seats is None else seats) - _EPS)


@dataclass
class Result:
    status: str  # "optimal", "infeasible", "error"
    selected: list[int] = field(default_factory=list)
    objective: float | None = None
    seconds: float = 0.0
    solver_status: str = ""
    gap: float | None = None
    conflicts: list[dict] = field(default_factory=list)  # counting conflicts, found without the solver
    relaxations: list[dict] = field(default_factory=list)  # smallest change, from the elastic model

    def as_dict(self) -> dict:
        return {
            "status": self.status, "selected": self.selected, "objective": self.objective,
            "seconds": round(self.seconds, 4), "solver_status": self.solver_status, "gap": self.gap,
            "conflicts": self.conflicts, "relaxations": self.relaxations,
        }


# --- rows of the model -------------------------------------------------------------------------

@dataclass
class _Row:
    rule: dict  # {"rule": kind, ...identifying keys..., "required": value}
    members: list[int]  # column indexes
    coefs: list[float]
    lower: float
    upper: float


def _rows(candidates: list[Candidate], rules: Rules) -> list[_Row]:
    inf = highspy.kHighsInf
    by_country: dict[str, list[int]] = defaultdict(list)
    by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_org: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(candidates):
        by_country[person.country].append(index)
        by_group[(person.country, person.constituency)].append(index)
        if person.organisation:
            by_org[person.organisation].append(index)
    all_indexes = list(range(len(candidates)))
    rows = [_Row({"rule": "seats", "required": rules.seats}, all_indexes, [1.0] * len(candidates),
                 rules.seats, rules.seats)]
    for country, minimum in sorted(rules.country_min.items()):
        if minimum:
            members = by_country.get(country, [])
            rows.append(_Row({"rule": "country_min", "country": country, "required": minimum},
                             members, [1.0] * len(members), minimum, inf))
    for country, maximum in sorted(rules.country_max.items()):
        if maximum is not None:
            members = by_country.get(country, [])
            rows.append(_Row({"rule": "country_max", "country": country, "required": maximum},
                             members, [1.0] * len(members), -inf, maximum))
    for country, minimums in sorted(rules.constituency_min.items()):
        for constituency, minimum in sorted(minimums.items()):
            if minimum:
                members = by_group.get((country, constituency), [])
                rows.append(_Row(
                    {"rule": "constituency_min", "country": country, "constituency": constituency,
                     "required": minimum},
                    members, [1.0] * len(members), minimum, inf,
                ))
    if rules.women_min_share:
        women = [i for i, person in enumerate(candidates) if person.gender == WOMAN]
        needed = rules.women_needed()
        rows.append(_Row({"rule": "women_overall", "required": needed, "share": rules.women_min_share},
                         women, [1.0] * len(women), needed, inf))
    if rules.women_min_share_per_country:
        share = rules.women_min_share_per_country
        for country in sorted(by_country):
            members = by_country[country]
            coefs = [(1.0 if candidates[i].gender == WOMAN else 0.0) - share for i in members]
            rows.append(_Row({"rule": "women_country", "country": country, "share": share},
                             members, coefs, 0.0, inf))
    if rules.max_per_organisation is not None:
        for organisation in sorted(by_org):
            members = by_org[organisation]
            if len(members) > rules.max_per_organisation:
                rows.append(_Row(
                    {"rule": "org_max", "organisation": organisation,
                     "required": rules.max_per_organisation},
                    members, [1.0] * len(members), -inf, rules.max_per_organisation,
                ))
    for index, person in enumerate(candidates):
        if person.pin == PIN_IN:
            rows.append(_Row({"rule": "pin_in", "candidate": person.id}, [index], [1.0], 1.0, inf))
        elif person.pin == PIN_OUT:
            rows.append(_Row({"rule": "pin_out", "candidate": person.id}, [index], [1.0], -inf, 0.0))
    return rows


def _solve(num_x: int, costs: list[float], rows: list[_Row], *, elastic: bool, time_limit: float):
    """Build and solve; in elastic mode each row gets slack columns and the objective is their sum."""
    inf = highspy.kHighsInf
    slack_cols: list[tuple[int, int]] = []  # (row index, direction: +1 adds to lhs, -1 subtracts)
    col_cost = list(costs) if not elastic else [0.0] * num_x
    starts, index, value = [0], [], []
    next_col = num_x
    for row_number, row in enumerate(rows):
        index.extend(row.members)
        value.extend(row.coefs)
        if elastic:
            if row.lower > -inf:
                index.append(next_col)
                value.append(1.0)
                slack_cols.append((row_number, +1))
                next_col += 1
            if row.upper < inf:
                index.append(next_col)
                value.append(-1.0)
                slack_cols.append((row_number, -1))
                next_col += 1
        starts.append(len(index))
    num_col = next_col
    if elastic:
        col_cost += [1.0] * (num_col - num_x)
    lp = highspy.HighsLp()
    lp.num_col_ = num_col
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array(col_cost, dtype=float)
    lp.col_lower_ = np.zeros(num_col)
    lp.col_upper_ = np.array([1.0] * num_x + [inf] * (num_col - num_x))
    lp.row_lower_ = np.array([row.lower for row in rows], dtype=float)
    lp.row_upper_ = np.array([row.upper for row in rows], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = num_col
    lp.a_matrix_.num_row_ = len(rows)
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * num_x + [highspy.HighsVarType.kContinuous] * (
        num_col - num_x
    )
    lp.sense_ = highspy.ObjSense.kMinimize if elastic else highspy.ObjSense.kMaximize
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", 1e-7)
    solver.setOptionValue("time_limit", time_limit)
    solver.setOptionValue("threads", 1)
    # Measured on the bench pool: presolve costs more than it saves on these models (1.4 s -> 0.5 s);
    # the result and its proof of optimality are the same.
    solver.setOptionValue("presolve", "off")
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    values = list(solver.getSolution().col_value) if status == highspy.HighsModelStatus.kOptimal else []
    info = solver.getInfo()
    return status, values, slack_cols, info


def counting_conflicts(candidates: list[Candidate], rules: Rules) -> list[dict]:
    """Conflicts visible by counting alone, each with a clear, specific message key."""
    conflicts: list[dict] = []
    pool = [person for person in candidates if person.pin != PIN_OUT]
    pinned_in = [person for person in candidates if person.pin == PIN_IN]
    per_country = Counter(person.country for person in pool)
    per_group = Counter((person.country, person.constituency) for person in pool)
    if len(pool) < rules.seats:
        conflicts.append({"conflict": "pool_too_small", "available": len(pool), "seats": rules.seats})
    if len(pinned_in) > rules.seats:
        conflicts.append({"conflict": "too_many_pinned", "pinned": len(pinned_in), "seats": rules.seats})
    for country, minimum in sorted(rules.country_min.items()):
        if minimum and per_country[country] < minimum:
            conflicts.append({"conflict": "country_short", "country": country,
                              "available": per_country[country], "required": minimum})
        maximum = rules.country_max.get(country)
        if maximum is not None and minimum and minimum > maximum:
            conflicts.append({"conflict": "country_min_above_max", "country": country,
                              "minimum": minimum, "maximum": maximum})
    total_min = sum(value for value in rules.country_min.values() if value)
    if total_min > rules.seats:
        conflicts.append({"conflict": "country_minimums_exceed_seats", "total": total_min,
                          "seats": rules.seats})
    capacity = sum(
        min(per_country[country], rules.country_max[country])
        if rules.country_max.get(country) is not None else per_country[country]
        for country in per_country
    )
    if capacity < rules.seats <= len(pool):
        conflicts.append({"conflict": "country_maximums_below_seats", "capacity": capacity,
                          "seats": rules.seats})
    for country, minimums in sorted(rules.constituency_min.items()):
        for constituency, minimum in sorted(minimums.items()):
            if minimum and per_group[(country, constituency)] < minimum:
                conflicts.append({"conflict": "constituency_short", "country": country,
                                  "constituency": constituency,
                                  "available": per_group[(country, constituency)], "required": minimum})
        maximum = rules.country_max.get(country)
        needed = sum(value for value in minimums.values() if value)
        if maximum is not None and needed > maximum:
            conflicts.append({"conflict": "constituencies_above_max", "country": country,
                              "needed": needed, "maximum": maximum})
        pinned_here = sum(1 for person in pinned_in if person.country == country)
        if maximum is not None and pinned_here > maximum:
            conflicts.append({"conflict": "pinned_above_max", "country": country,
                              "pinned": pinned_here, "maximum": maximum})
    women = sum(1 for person in pool if person.gender == WOMAN)
    if rules.women_needed() > women:
        conflicts.append({"conflict": "women_short", "available": women, "required": rules.women_needed()})
    return conflicts


def _relaxations(rows: list[_Row], slack_cols, values, candidates, num_x: int) -> list[dict]:
    chosen = [i for i in range(num_x) if values[i] > 0.5]
    relaxations = []
    for offset, (row_number, direction) in enumerate(slack_cols):
        slack = values[num_x + offset]
        if slack <= _EPS:
            continue
        row = rows[row_number]
        rule = dict(row.rule)
        amount = math.ceil(slack - _EPS)
        kind = rule["rule"]
        if kind == "seats":
            rule["suggested"] = rule["required"] - amount if direction > 0 else rule["required"] + amount
        elif kind in ("country_min", "constituency_min", "women_overall"):
            rule["suggested"] = max(0, rule["required"] - amount)
        elif kind in ("country_max", "org_max"):
            rule["suggested"] = rule["required"] + amount
        elif kind == "women_country":
            members = [i for i in row.members if i in set(chosen)]
            women = sum(1 for i in members if candidates[i].gender == WOMAN)
            rule["suggested_share"] = round(women / len(members), 4) if members else 0.0
        rule["by"] = amount
        relaxations.append(rule)
    return relaxations


def solve(candidates: list[Candidate], rules: Rules, *, time_limit: float = 60.0) -> Result:
    """Pick `rules.seats` candidates maximising the total score under every rule, or explain why not."""
    started = time.perf_counter()
    result = Result(status="error")
    result.conflicts = counting_conflicts(candidates, rules)
    rows = _rows(candidates, rules)
    costs = [person.score for person in candidates]
    num_x = len(candidates)
    status = None
    if not result.conflicts:
        status, values, _slack, info = _solve(num_x, costs, rows, elastic=False, time_limit=time_limit)
        result.solver_status = status.name
        if status == highspy.HighsModelStatus.kOptimal:
            result.status = "optimal"
            result.selected = sorted(candidates[i].id for i in range(num_x) if values[i] > 0.5)
            result.objective = round(sum(candidates[i].score for i in range(num_x) if values[i] > 0.5), 6)
            result.gap = float(info.mip_gap)
    if result.status != "optimal" and (
        result.conflicts or status in (highspy.HighsModelStatus.kInfeasible,
                                       highspy.HighsModelStatus.kUnboundedOrInfeasible)
    ):
        result.status = "infeasible"
        status_e, values_e, slack_cols, _info = _solve(num_x, costs, rows, elastic=True, time_limit=time_limit)
        if not result.solver_status:
            result.solver_status = "kInfeasible (counting)"
        if status_e == highspy.HighsModelStatus.kOptimal:
            result.relaxations = _relaxations(rows, slack_cols, values_e, candidates, num_x)
    result.seconds = time.perf_counter() - started
    return result


# --- checking a given selection (overrides, greedy baseline, reasons) ---------------------------

class Tally:
    """Counts of a selection, so one rule or one swap can be checked without a solver."""

    def __init__(self, candidates: list[Candidate], rules: Rules, selected: set[int]):
        self.rules = rules
        self.by_id = {person.id: person for person in candidates}
        self.selected = set(selected)
        self.total = 0
        self.country: Counter = Counter()
        self.group: Counter = Counter()
        self.women = 0
        self.country_women: Counter = Counter()
        self.org: Counter = Counter()
        for person_id in self.selected:
            self._count(self.by_id[person_id], +1)

    def _count(self, person: Candidate, step: int) -> None:
        self.total += step
        self.country[person.country] += step
        self.group[(person.country, person.constituency)] += step
        if person.gender == WOMAN:
            self.women += step
            self.country_women[person.country] += step
        if person.organisation:
            self.org[person.organisation] += step

    def add(self, person_id: int) -> None:
        self.selected.add(person_id)
        self._count(self.by_id[person_id], +1)

    def remove(self, person_id: int) -> None:
        self.selected.discard(person_id)
        self._count(self.by_id[person_id], -1)

    def violations(self, *, countries=None, organisations=None, people=None) -> list[dict]:
        """Every rule the selection breaks (optionally only those touching some countries/people)."""
        rules, found = self.rules, []
        if self.total != rules.seats and countries is None:
            found.append({"rule": "seats", "required": rules.seats, "actual": self.total})
        check = set(countries) if countries is not None else None
        for country, minimum in sorted(rules.country_min.items()):
            if (check is None or country in check) and minimum and self.country[country] < minimum:
                found.append({"rule": "country_min", "country": country, "required": minimum,
                              "actual": self.country[country]})
        for country, maximum in sorted(rules.country_max.items()):
            if (check is None or country in check) and maximum is not None and self.country[country] > maximum:
                found.append({"rule": "country_max", "country": country, "required": maximum,
                              "actual": self.country[country]})
        for country, minimums in sorted(rules.constituency_min.items()):
            if check is not None and country not in check:
                continue
            for constituency, minimum in sorted(minimums.items()):
                actual = self.group[(country, constituency)]
                if minimum and actual < minimum:
                    found.append({"rule": "constituency_min", "country": country,
                                  "constituency": constituency, "required": minimum, "actual": actual})
        if rules.women_min_share and self.women < rules.women_needed():
            found.append({"rule": "women_overall", "required": rules.women_needed(), "actual": self.women,
                          "share": rules.women_min_share})
        if rules.women_min_share_per_country:
            share = rules.women_min_share_per_country
            for country in sorted(check if check is not None else self.country):
                total = self.country[country]
                if total and self.country_women[country] < share * total - _EPS:
                    found.append({"rule": "women_country", "country": country, "share": share,
                                  "actual": self.country_women[country], "of": total})
        if rules.max_per_organisation is not None:
            orgs = organisations if organisations is not None else list(self.org)
            for organisation in sorted(orgs):
                if organisation and self.org[organisation] > rules.max_per_organisation:
                    found.append({"rule": "org_max", "organisation": organisation,
                                  "required": rules.max_per_organisation,
                                  "actual": self.org[organisation]})
        for person_id in (people if people is not None else self.by_id):
            person = self.by_id[person_id]
            if person.pin == PIN_IN and person_id not in self.selected:
                found.append({"rule": "pin_in", "candidate": person_id})
            elif person.pin == PIN_OUT and person_id in self.selected:
                found.append({"rule": "pin_out", "candidate": person_id})
        return found


def check_selection(candidates: list[Candidate], rules: Rules, selected: set[int]) -> list[dict]:
    return Tally(candidates, rules, selected).violations()


def exclusion_reasons(candidates: list[Candidate], rules: Rules, selected: set[int]) -> dict[int, dict]:
    """For each person left out: the rule that kept them out, or the higher-scored person in their place."""
    tally = Tally(candidates, rules, selected)
    chosen = sorted((tally.by_id[i] for i in selected), key=lambda person: (person.score, -person.id))
    reasons: dict[int, dict] = {}
    for person in candidates:
        if person.id in selected:
            continue
        if person.pin == PIN_OUT:
            reasons[person.id] = {"reason": "pinned_out"}
            continue
        lower = [other for other in chosen if other.score < person.score - _EPS]
        if lower:
            # The most telling swap: fewest rules broken, same country first, then the lowest score.
            tries = ([other for other in lower if other.country == person.country]
                     + [other for other in lower if other.country != person.country])[:_SWAPS_TRIED]
            best = None
            for other in tries:
                tally.remove(other.id)
                tally.add(person.id)
                broken = tally.violations(
                    countries={person.country, other.country},
                    organisations=[person.organisation, other.organisation],
                    people=[person.id, other.id],
                )
                tally.remove(person.id)
                tally.add(other.id)
                if best is None or len(broken) < len(best[1]):
                    best = (other, broken)
                if len(broken) <= 1:
                    break
            reasons[person.id] = {"reason": "rule", "instead_of": best[0].id, "rules": best[1]}
            continue
        same_country = [other for other in chosen if other.country == person.country]
        taken_by = (same_country or chosen)[0] if chosen else None
        reasons[person.id] = {"reason": "outscored", "by": taken_by.id if taken_by else None}
    return reasons


def greedy(candidates: list[Candidate], rules: Rules) -> set[int]:
    """The spreadsheet method: best score first, skipping whoever would break a maximum."""
    tally = Tally(candidates, rules, set())
    for person in sorted(candidates, key=lambda person: -person.score):
        if tally.total >= rules.seats:
            break
        if person.pin == PIN_OUT:
            continue
        maximum = rules.country_max.get(person.country)
        if maximum is not None and tally.country[person.country] >= maximum:
            continue
        if (rules.max_per_organisation is not None and person.organisation
                and tally.org[person.organisation] >= rules.max_per_organisation):
            continue
        tally.add(person.id)
    return tally.selected
