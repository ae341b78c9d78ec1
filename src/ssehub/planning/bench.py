"""A synthetic delegation for `bench_planning` and its timings (README, "Action planning" → "Bench")."""

import datetime as dt
import random
import statistics
import time

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssehub.accounts.models import Profile, User
from ssehub.atlas.enums import Dimension
from ssehub.events.enums import EventFormat, EventKind
from ssehub.events.models import Event
from ssehub.planning import pairwise, selectors
from ssehub.planning.enums import Method
from ssehub.planning.models import Criterion, Delegation, Member, PolicyAction, Score
from ssehub.planning.services.scoring import cells_rebuild

CONSTITUENCIES = ("government", "employers", "workers", "sse_practitioner", "researcher")


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 1) if len(samples) > 1 else round(samples[0] * 1000, 1)


def build(*, members: int, actions: int, criteria: int, seed: int) -> tuple[Delegation, User]:
    rng = random.Random(seed)
    event = Event.objects.create(slug=f"bench-planning-{seed}-{time.time_ns()}", title="Bench workshop",
                                 kind=EventKind.WORKSHOP, format=EventFormat.VIRTUAL,
                                 starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 1, 2))
    delegation = Delegation.objects.create(event=event, country="KR")
    users = User.objects.bulk_create([User(email=f"bench-{event.pk}-{n}@example.org") for n in range(members)])
    Profile.objects.bulk_create([Profile(user=user, full_name=f"Member {n}", country="KR") for n, user in enumerate(users)])
    Member.objects.bulk_create([Member(delegation=delegation, event=event, user=user,
                                       constituency=CONSTITUENCIES[n % len(CONSTITUENCIES)])
                                for n, user in enumerate(users)])
    criteria_rows = Criterion.objects.bulk_create([Criterion(event=event, code=f"c{n}", title=f"Criterion {n}", position=n)
                                                   for n in range(criteria)])
    action_rows = PolicyAction.objects.bulk_create([
        PolicyAction(delegation=delegation, title=f"Synthetic action {n}", dimension=Dimension.values[n % 12])
        for n in range(actions)])
    constituency = {user.pk: CONSTITUENCIES[n % len(CONSTITUENCIES)] for n, user in enumerate(users)}
    Score.objects.bulk_create((Score(delegation=delegation, action=action, criterion=criterion, user=user,
                                     constituency=constituency[user.pk], value=rng.randint(1, 5))
                               for action in action_rows for criterion in criteria_rows for user in users),
                              batch_size=5000)
    cells_rebuild(delegation=delegation)
    return delegation, users[0]


def measure(*, members: int, actions: int, criteria: int, comparisons: int, runs: int, seed: int) -> dict:
    """Everything is built inside one transaction that is rolled back: the database is left as it was."""
    with transaction.atomic():
        delegation, member = build(members=members, actions=actions, criteria=criteria, seed=seed)
        result = {}
        for method, key in ((Method.CONSTITUENCIES_ALIKE, "p95_ms_equal"), (Method.ONE_PERSON, "p95_ms_one_person"),
                            (Method.ILO_211, "p95_ms_211")):
            samples = []
            selectors.ranking(delegation, method=method)  # warm the database's page cache first
            for _run in range(runs):
                started = time.perf_counter()
                selectors.ranking(delegation, method=method)
                samples.append(time.perf_counter() - started)
            result[key] = _p95(samples)
            # The median beside it: on a shared machine the p95 mostly measures other processes.
            result[key.replace("p95", "median")] = round(statistics.median(samples) * 1000, 1)
        rng = random.Random(seed)
        truth = [rng.gauss(0, 1) for _n in range(actions)]
        data = []
        for _n in range(comparisons):
            a, b = rng.sample(range(actions), 2)
            data.append((a, b) if rng.random() < 1 / (1 + pow(2.718281828, truth[b] - truth[a])) else (b, a))
        samples = []
        pairwise.fit(actions, data)  # the first fit also imports choix and scipy: not measured
        for _run in range(max(3, runs // 4)):
            started = time.perf_counter()
            pairwise.fit(actions, data)
            samples.append(time.perf_counter() - started)
        result["p95_ms_pairwise"] = _p95(samples)
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost")
        client.force_login(member)
        url = reverse("planning:workspace", args=[delegation.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        result["queries_workspace"] = len(queries) if status == 200 else None
        result.update({"members": members, "actions": actions, "criteria": criteria, "scores": members * actions * criteria,
                       "comparisons": comparisons, "database": connection.vendor})
        transaction.set_rollback(True)
    return result
