"""HTTP figures of the public pages under the production layout, one JSON line per page.

    DATABASE_URL=<a bench database> manage.py bench_http

Builds events of 45 and 1,000 sessions in the database it is given (run it only against a bench
database: the Makefile's `bench-http` makes one), starts gunicorn (DEBUG off, a throw-away SECRET_KEY,
the README's settings) on a loopback port, runs wrk with 10 connections against the static CSS file
and each page, and stops gunicorn again. `ratio` divides a page's requests per second by the static
file's, measured in the same run (the mean of one run before and one after the pages)."""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.crypto import get_random_string

from ssehub.accounts.models import User
from ssehub.agenda.management.commands.make_bench_event import BENCH_ORGANISER
from ssehub.agenda.models import Session
from ssehub.agenda.services.sessions import calendar_token_for, star_toggle
from ssehub.atlas.models import Instrument
from ssehub.events.enums import RegistrationSource
from ssehub.events.models import Event
from ssehub.events.services import registration_register

SIZES = (45, 1000)


def reader_email(size: int) -> str:
    return f"bench-reader-{size}@bench.ssehub.invalid"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# As behind the README's TLS proxy: without it DEBUG-off settings redirect every request to https.
PROXY_HEADER = ("X-Forwarded-Proto", "https")


def _fetch(url: str, *, gzip: bool, cookie: str = "") -> bytes:
    headers = dict([PROXY_HEADER]) | ({"Accept-Encoding": "gzip"} if gzip else {}) | (
        {"Cookie": cookie} if cookie else {})
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own loopback http URL
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.read()


class Command(BaseCommand):
    help = "Load-test the public pages under gunicorn (DEBUG off) with wrk; prints JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
        parser.add_argument("--connections", type=int, default=10)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=1,
                            help="threads per gunicorn worker (more than 1: the gthread worker)")
        parser.add_argument("--label", default="", help="added to every line, e.g. the database")
        parser.add_argument("--skip-build", action="store_true", help="reuse the bench events already built")
        parser.add_argument("--atlas-instruments", type=int, default=50_000,
                            help="size of the synthetic atlas for the atlas and API pages (0: no atlas pages)")

    def handle(self, *args, duration, connections, workers, threads, label, skip_build, atlas_instruments,
               **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is missing: apt-get install wrk")
        if not skip_build:
            call_command("migrate", verbosity=0)
            for size in SIZES:
                call_command("make_bench_event", sessions=size, slug=f"bench-{size}", stdout=self.stderr)
        if atlas_instruments:
            # The atlas bench's synthetic atlas (its one cheap measurement is thrown away): the
            # atlas pages are measured at the size the issue names, 50,000 instruments.
            call_command("bench_atlas", instruments=atlas_instruments, keep=True, iterations=1,
                         only=["compare_default"], stdout=self.stderr)
        tokens = {size: self._reader_token(size) for size in SIZES}
        secret_key = self._secret_key = secrets.token_urlsafe(50)
        # Stopped from outside, still stop the server it started (the finally below).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        environment = os.environ | {
            "DEBUG": "false", "SECRET_KEY": secret_key, "ALLOWED_HOSTS": "127.0.0.1",
            "SSEHUB_SITE_URL": base,
        }
        # The manifest of hashed, precompressed static files, as production builds it.
        subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--no-input",  # noqa: S603
                        "-v", "0"], env=environment, cwd=settings.BASE_DIR, check=True)
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(Path(sys.executable).with_name("gunicorn")), "ssehub.wsgi", "--workers", str(workers),
             "--threads", str(threads),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--pythonpath", str(settings.SRC_DIR.parent)],
            env=environment, cwd=settings.BASE_DIR, start_new_session=True,
        )
        try:
            self._wait_for(base + "/healthz", server)
            static = self._static_url(base)
            pages = self._pages(tokens, secret_key) + (self._atlas_pages() if atlas_instruments else [])
            # Each worker imports its modules and opens its connection on its first requests: not the
            # steady state measured here (what a first render costs is the `queries_render` figure).
            for _page, _size, path, cookie in pages:
                for _ in range(2 * workers):
                    _fetch(base + path, gzip=True, cookie=cookie)
            static_before = self._wrk(static, duration, connections)["req_per_s"]
            results = [(page, size, path, cookie, self._wrk(base + path, duration, connections, cookie))
                       for page, size, path, cookie in pages]
            static_after = self._wrk(static, duration, connections)["req_per_s"]
            static_rate = (static_before + static_after) / 2
            for page, size, path, cookie, load in results:
                line = {
                    "page": page, "sessions": size, "req_per_s": round(load["req_per_s"], 1),
                    "static_req_per_s": round(static_rate, 1),
                    "ratio": round(load["req_per_s"] / static_rate, 3) if static_rate else None,
                    "p99_ms": load["p99_ms"], "timeouts": load["timeouts"],
                    "connections": connections, "workers": workers, "threads": threads,
                    "kb": round(len(_fetch(base + path, gzip=False, cookie=cookie)) / 1024, 1),
                    "kb_compressed": round(len(_fetch(base + path, gzip=True, cookie=cookie)) / 1024, 1),
                    "queries": self._queries(path, cookie=cookie),
                    "queries_render": self._queries(path, cookie=cookie, page_cache=False),
                }
                if label:
                    line["database"] = label
                self.stdout.write(json.dumps(line))
        finally:
            self._stop(server)

    def _stop(self, server: subprocess.Popen) -> None:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

    def _reader_token(self, size: int) -> str:
        """A registered reader of the event, for the personal feed."""
        event = Event.objects.get(slug=f"bench-{size}")
        reader, _ = User.objects.get_or_create(email=reader_email(size))
        if not event.registrations.filter(user=reader).exists():
            registration_register(event=event, user=reader, source=RegistrationSource.choices[0][0], actor=reader)
        return calendar_token_for(user=reader).token

    def _pages(self, tokens: dict[int, str], secret_key: str) -> list[tuple[str, int | None, str]]:
        pages: list[tuple[str, int | None, str, str]] = [("healthz", None, "/healthz", ""), ("home", None, "/", "")]
        for size in SIZES:
            event = Event.objects.get(slug=f"bench-{size}")
            session = Session.objects.filter(event=event).order_by("starts_at", "pk").first()
            call = event.calls.first()
            agenda = reverse("agenda:agenda", kwargs={"event_slug": event.slug})
            pages += [
                ("agenda", size, agenda, ""),
                # The same page for the registered reader, with their stars and buttons, and the event's
                # page for its organiser (links to manage it): kept for each person's browser (ADR 0010).
                ("agenda_signed_in", size, agenda, self._session_cookie(reader_email(size), secret_key, stars=size)),
                ("event_organiser", size, reverse("events:detail", kwargs={"slug": event.slug}),
                 self._session_cookie(BENCH_ORGANISER, secret_key)),
                ("ics", size, reverse("agenda:ics", kwargs={"event_slug": event.slug}), ""),
                ("personal_ics", size, reverse("agenda_public:personal_ics", kwargs={"token": tokens[size]}), ""),
                ("session", size, reverse("agenda:session", kwargs={"event_slug": event.slug, "pk": session.pk}), ""),
                ("event", size, reverse("events:detail", kwargs={"slug": event.slug}), ""),
                ("call", size, reverse("calls:detail", kwargs={"call_id": call.pk}), ""),
            ]
        return pages

    def _session_cookie(self, email: str, secret_key: str, *, stars: int | None = None) -> str:
        """A browser signed in as `email` (with five starred sessions of the event of `stars` sessions),
        its session signed with the server's key, and the CSRF cookie every browser sends back."""
        person = User.objects.get(email=email)
        if stars is not None:
            for session in Session.objects.filter(event__slug=f"bench-{stars}").order_by("starts_at", "pk")[:5]:
                if not session.stars.filter(user=person).exists():
                    star_toggle(user=person, session=session)
        client = Client()
        with override_settings(SECRET_KEY=secret_key):
            client.force_login(person)
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        return (f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
                f"{settings.CSRF_COOKIE_NAME}={csrf}")

    def _atlas_pages(self) -> list[tuple[str, int | None, str, str]]:
        instrument = Instrument.objects.filter(is_published=True).order_by("pk").first()
        six = "country=CN&country=JP&country=KR&country=PH&country=MY&country=ID"
        return [
            ("atlas_search", None, reverse("atlas:search"), ""),
            ("atlas_search_word", None, reverse("atlas:search") + "?q=cooperative", ""),
            ("atlas_search_cjk", None, reverse("atlas:search") + "?q=%ED%98%91%EB%8F%99%EC%A1%B0%ED%95%A9", ""),
            ("atlas_compare", None, reverse("atlas:compare") + "?" + six, ""),
            ("atlas_country", None, reverse("atlas:country", kwargs={"code": "KR"}), ""),
            ("atlas_instrument", None, reverse("atlas:instrument_detail", kwargs={"pk": instrument.pk}), ""),
            ("api_instruments", None, reverse("api:atlas_instrument_list"), ""),
            ("api_instruments_cjk", None,
             reverse("api:atlas_instrument_list") + "?q=%ED%98%91%EB%8F%99%EC%A1%B0%ED%95%A9", ""),
            ("api_plans", None, reverse("api:planning_plan_list"), ""),
        ]

    def _wait_for(self, url: str, server: subprocess.Popen) -> None:
        for _ in range(150):
            if server.poll() is not None:
                raise CommandError("gunicorn stopped before answering")
            try:
                _fetch(url, gzip=False)
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not answer within 30 s")

    def _static_url(self, base: str) -> str:
        page = _fetch(base + "/", gzip=False).decode()
        found = re.search(r'href="(/static/[^"]+\.css)"', page)
        if found is None:
            raise CommandError("no stylesheet on the home page")
        return base + found.group(1)

    def _wrk(self, url: str, duration: int, connections: int, cookie: str = "") -> dict:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            # A 10 s timeout: wrk's default (2 s) would drop slow answers from the latency figures.
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s",  # noqa: S607
             "-H", "Accept-Encoding: gzip", "-H", ": ".join(PROXY_HEADER),
             *(["-H", f"Cookie: {cookie}"] if cookie else []), url],
            capture_output=True, text=True, check=True,
        )
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", result.stdout)
        if p99 is None:
            self.stderr.write(result.stdout)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        if errors:
            raise CommandError(f"{url}: {errors.group(1)} failed responses")
        scale = {"us": 0.001, "ms": 1, "s": 1000}
        timeouts = re.search(r"Socket errors:.*timeout (\d+)", result.stdout)
        return {"req_per_s": float(rate.group(1)) if rate else 0.0,
                "timeouts": int(timeouts.group(1)) if timeouts else 0,
                "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None}

    def _queries(self, path: str, *, cookie: str = "", page_cache: bool = True) -> int:
        """Queries of a repeated request (the second: caches warm, as under load); with
        `page_cache` off, what rendering the page costs when the whole-page cache misses (ADR 0010)."""
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", **(
            {"HTTP_COOKIE": cookie} if cookie else {}))
        # The server's key: a signed-in session is checked against it.
        with override_settings(SSEHUB_PAGE_CACHE_SECONDS=30 if page_cache else 0, SECRET_KEY=self._secret_key):
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
        return len(queries)
