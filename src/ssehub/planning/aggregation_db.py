"""The three methods of `aggregation`, computed by the database (docs/decisions/0403).

One hand-written statement over the running totals (`ScoreCell`) returns two kinds of short rows:
- per action and constituency: the count, sum and sum of squares of its scores over the criteria, and
  the most scores on one criterion (its head count);
- per action and criterion: the method's value (each constituency's mean weighted as the method says).
Python then only divides and ranks about 2,700 rows for 300 actions, instead of walking 6,000 cells
through the ORM. The ORM's compile and row conversion of the same grouped queries cost more than the
database's work, hence plain SQL; it is portable (CAST … AS DOUBLE PRECISION reads as REAL in SQLite).

`aggregation.aggregate` is the reference these results are tested against, on both databases.
"""

from collections.abc import Mapping, Sequence

from django.db import connection

from ssehub.accounts.enums import Constituency
from ssehub.planning.aggregation import (
    EQUAL,
    ILO_211,
    ONE_PERSON,
    ActionResult,
    action_result,
    rank,
    weight_of,
)
from ssehub.planning.models import ScoreCell

MEAN = "CAST(total AS DOUBLE PRECISION) / count"
CONSTITUENCY_ROW, CRITERION_ROW = 0, 1


def _method_value(method: str, weights: Mapping[str, float] | None) -> tuple[str, list]:
    """SQL for one action and criterion's value under `method`, with its parameters."""
    if method == EQUAL:
        return f"AVG({MEAN})", []
    if method == ONE_PERSON:
        return "CAST(SUM(total) AS DOUBLE PRECISION) / SUM(count)", []
    if method == ILO_211:
        codes = Constituency.values
        case = "CASE constituency " + " ".join("WHEN %s THEN %s" for _code in codes) + " ELSE %s END"
        params = [value for code in codes for value in (code, weight_of(code, weights=weights))]
        params.append(weight_of("", weights=weights))
        # NULL when every constituency present weighs 0: the action is then "not scored" under 2:1:1.
        return f"SUM(({case}) * {MEAN}) / NULLIF(SUM({case}), 0)", params + params
    raise ValueError(method)


def ranking(delegation_id: int, *, actions: Sequence[int], criteria: Sequence[int], method: str,
            weights: Mapping[str, float] | None = None) -> list[ActionResult]:
    """Every action's result, ranked best first (unscored actions last, in the given order), from one query."""
    by_criterion: dict[int, dict[int, float]] = {}
    stats: dict[int, list] = {}
    with connection.cursor() as cursor:
        if criteria:
            sql, params = _statement(delegation_id, criteria=criteria, method=method, weights=weights)
            cursor.execute(sql, params)
            # Row by row, not fetchall(): each row is freed once read, so a ranking keeps only its results
            # alive and sets off fewer garbage collections (a full one costs tens of milliseconds).
            for kind, action, constituency, criterion, count, total, squares, people, value in cursor:
                if kind == CONSTITUENCY_ROW:
                    mine = stats.get(action)
                    if mine is None:
                        mine = stats[action] = []
                    mine += (constituency, count, total, squares, people)
                elif value is not None:
                    by_criterion.setdefault(action, {})[criterion] = value
    return rank([action_result(action, by_criterion.get(action, {}), stats.get(action, [])) for action in actions])


def _statement(delegation_id: int, *, criteria: Sequence[int], method: str,
               weights: Mapping[str, float] | None) -> tuple[str, list]:
    """Rows of (kind, action, constituency, criterion, count, sum, squares, head count, value): kind 0
    fills the constituency's four numbers, kind 1 the criterion's value."""
    value, value_params = _method_value(method, weights)
    table = connection.ops.quote_name(ScoreCell._meta.db_table)
    among = ", ".join(["%s"] * len(criteria))
    where = f"delegation_id = %s AND count > 0 AND criterion_id IN ({among})"
    sql = (
        f"SELECT {CONSTITUENCY_ROW}, action_id, constituency, NULL, SUM(count), SUM(total), SUM(squares), "  # noqa: S608 - the table from the model, values as parameters
        f"MAX(count), NULL FROM {table} WHERE {where} GROUP BY action_id, constituency "
        f"UNION ALL "
        f"SELECT {CRITERION_ROW}, action_id, NULL, criterion_id, NULL, NULL, NULL, NULL, {value} "
        f"FROM {table} WHERE {where} GROUP BY action_id, criterion_id "
        # Constituencies in code order within an action, as the reference lists them (PostgreSQL's
        # hashed GROUP BY has no order of its own).
        f"ORDER BY 1, 2, 3"
    )
    return sql, [delegation_id, *criteria, *value_params, delegation_id, *criteria]
