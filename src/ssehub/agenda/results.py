"""Evaluation results: learning gain per objective from paired pre/post answers. Reads only, and never
a name: results are aggregates, comments are listed without their authors."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django_countries import countries

from ssehub.accounts.enums import Constituency
from ssehub.agenda.enums import SurveyPhase
from ssehub.agenda.models import ObjectiveRating, SessionFeedback, SurveyResponse
from ssehub.events.models import Event


@dataclass(frozen=True)
class Gain:
    label: str
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None
    sd: float | None


def _gain(label: str, pairs: list[tuple[int, int]]) -> Gain:
    if not pairs:
        return Gain(label, 0, None, None, None, None)
    changes = [post - pre for pre, post in pairs]
    return Gain(
        label=label,
        n=len(pairs),
        mean_pre=round(statistics.fmean(pre for pre, _post in pairs), 2),
        mean_post=round(statistics.fmean(post for _pre, post in pairs), 2),
        mean_change=round(statistics.fmean(changes), 2),
        sd=round(statistics.stdev(changes), 2) if len(changes) > 1 else None,
    )


@dataclass
class Results:
    objectives: list
    overall: list[Gain]
    by_country: dict[str, list[Gain]]
    by_constituency: dict[str, list[Gain]]
    responses: dict[str, int]
    satisfaction: float | None
    satisfaction_n: int
    sessions: list[dict]
    comments: list[str]

    def country_groups(self) -> list[tuple[str, list[Gain]]]:
        return [(str(countries.name(code)) if code else _("not given"), gains)
                for code, gains in self.by_country.items()]

    def constituency_groups(self) -> list[tuple[str, list[Gain]]]:
        labels = dict(Constituency.choices)
        return [(str(labels.get(key, key)) if key else _("not given"), gains)
                for key, gains in self.by_constituency.items()]


def evaluation_results(event: Event) -> Results:
    objectives = list(event.learning_objectives.all())
    scores: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)  # (user, objective) -> phase: score
    groups: dict[int, tuple[str, str]] = {}
    for phase, user_id, objective_id, score, country, constituency in ObjectiveRating.objects.filter(
        response__event=event
    ).values_list("response__phase", "response__user_id", "objective_id", "score",
                  "response__country", "response__constituency"):
        scores[(user_id, objective_id)][phase] = score
        if phase == SurveyPhase.POST or user_id not in groups:
            groups[user_id] = (country, constituency)
    paired: dict[int, list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    for (user_id, objective_id), by_phase in scores.items():
        if SurveyPhase.PRE in by_phase and SurveyPhase.POST in by_phase:
            paired[objective_id].append((user_id, (by_phase[SurveyPhase.PRE], by_phase[SurveyPhase.POST])))

    def breakdown(index: int) -> dict[str, list[Gain]]:
        keys = sorted({groups[user_id][index] for pairs in paired.values() for user_id, _p in pairs})
        return {
            key: [_gain(o.text, [p for user_id, p in paired[o.pk] if groups[user_id][index] == key])
                  for o in objectives]
            for key in keys
        }

    responses = dict(
        SurveyResponse.objects.filter(event=event).values_list("phase").annotate(n=Count("pk")).order_by()
    )
    post = SurveyResponse.objects.filter(event=event, phase=SurveyPhase.POST, satisfaction__isnull=False)
    satisfaction = post.aggregate(mean=Avg("satisfaction"), n=Count("pk"))
    sessions = list(
        SessionFeedback.objects.filter(response__event=event)
        .values("session__title", "session__starts_at").annotate(mean=Avg("score"), n=Count("pk"))
        .order_by("session__starts_at")
    )
    comments = list(
        SurveyResponse.objects.filter(event=event, phase=SurveyPhase.POST).exclude(comments="")
        .order_by("?").values_list("comments", flat=True)
    )
    return Results(
        objectives=objectives,
        overall=[_gain(o.text, [p for _u, p in paired[o.pk]]) for o in objectives],
        by_country=breakdown(0),
        by_constituency=breakdown(1),
        responses={SurveyPhase.PRE: responses.get(SurveyPhase.PRE, 0),
                   SurveyPhase.POST: responses.get(SurveyPhase.POST, 0)},
        satisfaction=round(satisfaction["mean"], 2) if satisfaction["mean"] is not None else None,
        satisfaction_n=satisfaction["n"],
        sessions=sessions,
        comments=comments,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    width: float
    y: float
    value_x: float


def gain_chart(gains: list[Gain], *, width: int = 640, bar_height: int = 28) -> dict:
    """Geometry for a horizontal bar chart of mean change (-4 to +4), drawn by an SVG template."""
    label_width, scale_width = 330, width - 360
    zero = label_width + scale_width / 2
    unit = scale_width / 8
    bars = []
    for index, gain in enumerate(gains):
        value = gain.mean_change or 0.0
        bar_width = abs(value) * unit
        bars.append(Bar(
            label=gain.label, value=value, x=zero if value >= 0 else zero - bar_width,
            width=max(bar_width, 1), y=20 + index * (bar_height + 8),
            value_x=(zero + bar_width if value >= 0 else zero) + 6,
        ))
    return {"bars": bars, "width": width, "height": 40 + len(gains) * (bar_height + 8), "zero": zero,
            "bar_height": bar_height, "label_width": label_width}
