"""A public event of N sessions for load tests: 5 days × 10 parallel rooms, about N/2 speakers and an
open call, written through the services (so the action log, SEQUENCE and caches behave as in use).

    manage.py make_bench_event --sessions 1000 --slug bench-1000

An existing event with that slug is deleted first: run it only against a bench database."""

import datetime as dt
import math
import time
import zoneinfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ssehub.accounts.models import User
from ssehub.agenda.enums import PersonRole, SessionKind
from ssehub.agenda.services.sessions import PersonSpec, RoomSpec, session_create
from ssehub.calls.services.setup import call_create
from ssehub.events.enums import EventFormat, EventKind
from ssehub.events.models import Event
from ssehub.events.services import event_create

DAYS = 5
ROOMS = 10
SLOT = dt.timedelta(minutes=30)
LENGTH = dt.timedelta(minutes=25)
KINDS = [SessionKind.PANEL, SessionKind.BREAKOUT, SessionKind.PLENARY, SessionKind.LAB, SessionKind.NETWORKING]
COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID"]
BENCH_ORGANISER = "bench-organiser@bench.ssehub.invalid"


def _title_for(slug: str) -> str:
    """event_create derives the slug from the title: pick a title that gives back this slug."""
    title = slug.replace("-", " ").capitalize()
    return title if slugify(title) == slug else slug


class Command(BaseCommand):
    help = "Create a public bench event of N sessions (5 days × 10 rooms) with an open call."

    def add_arguments(self, parser):
        parser.add_argument("--sessions", type=int, required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--zone", default="Europe/Zurich", help="the host's time zone")
        parser.add_argument("--starts-in-days", type=int, default=30,
                            help="days from today to the first day (negative: the event is under way)")

    def handle(self, *args, sessions: int, slug: str, zone: str, starts_in_days: int, **options):
        if sessions < 1:
            raise CommandError("--sessions must be at least 1")
        if slugify(slug) != slug:
            raise CommandError("--slug must be a slug (lower-case letters, digits and hyphens)")
        started = time.perf_counter()
        Event.objects.filter(slug=slug).delete()
        actor, _ = User.objects.get_or_create(email=BENCH_ORGANISER, defaults={"is_active": True})
        first_day = timezone.localdate() + dt.timedelta(days=starts_in_days)
        with transaction.atomic():
            event = event_create(actor=actor, co_organisers=[], data={
                "title": _title_for(slug), "description": "A synthetic programme for load tests.",
                "kind": EventKind.choices[0][0], "format": EventFormat.choices[0][0], "host_time_zone": zone,
                "starts_on": first_day, "ends_on": first_day + dt.timedelta(days=DAYS - 1),
            })
            if event.slug != slug:
                raise CommandError(f"the event got the slug {event.slug!r}; another event holds {slug!r}")
            now = timezone.now()
            call_create(event=event, actor=actor, data={
                "title": f"Call for participants: {event.title}", "description": "Open for the bench.",
                "data_protection_notice": "Bench data only; nobody applies.",
                "opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=60),
            })
            self._sessions(event, actor, sessions, first_day, zoneinfo.ZoneInfo(zone))
        self.stdout.write(f"{event.slug}: {sessions} sessions over {DAYS} days × {ROOMS} rooms, "
                          f"{max(1, sessions // 2)} speakers, an open call "
                          f"({time.perf_counter() - started:.1f} s)")

    def _sessions(self, event: Event, actor: User, count: int, first_day: dt.date, zone: zoneinfo.ZoneInfo):
        per_day = math.ceil(count / DAYS)
        speakers = max(1, count // 2)
        for index in range(count):
            day, within = divmod(index, per_day)
            slot, room = divmod(within, ROOMS)
            starts = dt.datetime.combine(first_day + dt.timedelta(days=day), dt.time(8, 0), tzinfo=zone) + slot * SLOT
            kind = KINDS[index % len(KINDS)]
            people = [PersonSpec(role=PersonRole.SPEAKER, guest_name=f"Speaker {index % speakers + 1}",
                                 affiliation=f"Organisation {index % 37 + 1}")]
            if index % 3 == 0:
                people.append(PersonSpec(role=PersonRole.FACILITATOR,
                                         guest_name=f"Speaker {(index + 7) % speakers + 1}"))
            rooms = []
            if kind == SessionKind.BREAKOUT:
                rooms = [RoomSpec(name=f"Room {n + 1}", countries=tuple(COUNTRIES[n * 2:n * 2 + 2]))
                         for n in range(3)]
            session_create(event=event, actor=actor, people=people, rooms=rooms, data={
                "title": f"Session {index + 1}: room {room + 1}, slot {slot + 1}",
                "description": "A synthetic session of the bench programme. " * 3,
                "kind": kind, "starts_at": starts, "ends_at": starts + LENGTH, "language": "en",
            })
