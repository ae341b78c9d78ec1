"""Generate a synthetic atlas and time the search and compare pages in-process.

    manage.py bench_atlas [--instruments 50000] [--countries 190] [--iterations 200] [--force]
                          [--keep] [--only MEASURE ...]
    manage.py bench_atlas --import-rows 100000

Prints one JSON line per measurement with p50/p95 server time in milliseconds. With --import-rows,
times instead the preview and the write of a CSV import of that many new records, then of a second
file that changes every one of them (wall-clock and CPU seconds, load average before and after),
through the import job as the page runs it; the records it writes are then marked synthetic, so the
next run removes them. Refuses to touch a database that holds real (non-synthetic) atlas records
unless --force is given.
"""

import json
import math
import os
import random
import statistics
import tempfile
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django_countries import countries as all_countries

from ssehub.atlas.enums import Dimension, EntityType, InstitutionKind, InstrumentType, Status
from ssehub.atlas.exchange import COLUMNS
from ssehub.atlas.facet_cache import data_changed
from ssehub.atlas.imports import DONE, job_confirm, job_start, run_import
from ssehub.atlas.models import Institution, Instrument, codes_to_mask
from ssehub.atlas.search import build_search_text, build_title_search, search_index_rebuild

WORDS_EN = ["cooperative", "social", "enterprise", "solidarity", "economy", "promotion", "fund", "village",
            "mutual", "association", "foundation", "credit", "rural", "worker", "charity", "procurement",
            "innovation", "statistics", "strategy", "community", "development", "support", "act", "decree"]
# Filler vocabulary: the domain words above plus 600 made-up ones, so a word is as selective as in prose.
VOCABULARY = WORDS_EN + [
    "".join(random.Random(index).choices("bcdfghklmnprstvz", k=3)) + suffix
    for index in range(200) for suffix in ("ation", "ment", "ing")
]
LOCAL_PATTERNS = [
    ("zh", ["{n}农民专业合作社条例", "关于培育社会企业的意见{n}", "{n}慈善组织管理办法", "社区发展治理{n}号"]),
    ("ja", ["{n}協同組合法", "特定非営利活動促進{n}", "労働者協同組合{n}", "公益法人認定{n}"]),
    ("ko", ["협동조합 기본법 {n}", "사회적기업 육성법 {n}", "마을기업 지원 {n}", "자활기업 {n}"]),
    ("id", ["Undang-Undang No. {n} tentang Perkoperasian", "Peraturan Desa {n}", "Koperasi Syariah {n}"]),
    ("ms", ["Akta Koperasi {n}", "Dasar Keusahawanan Sosial {n}"]),
    ("th", ["พระราชบัญญัติสหกรณ์ {n}", "วิสาหกิจชุมชน {n}"]),
    ("hi", ["सहकारी समिति अधिनियम {n}", "सामाजिक उद्यम नीति {n}"]),
    ("ar", ["قانون التعاونيات {n}", "الاقتصاد الاجتماعي {n}"]),
    ("vi", ["Luật Hợp tác xã {n}", "Doanh nghiệp xã hội {n}"]),
]
SCENARIOS = [
    ("search_all", "/atlas/"),
    ("search_word", "/atlas/?q=cooperative"),
    ("search_two_words", "/atlas/?q=social+enterprise"),
    ("search_cjk_zh", "/atlas/?q=合作社"),
    ("search_cjk_ko", "/atlas/?q=협동조합"),
    ("search_cjk_ja", "/atlas/?q=協同組合"),
    ("search_cjk_short", "/atlas/?q=社"),
    ("search_faceted", "/atlas/?country=KR&country=JP&dimension=finance&type=law&status=in_force&year_from=1990"),
    ("search_word_faceted", "/atlas/?q=cooperative&dimension=legal_framework&entity_type=cooperative&sort=-year"),
    ("compare_default", "/atlas/compare/"),
    ("compare_chosen", "/atlas/compare/?country=CN&country=JP&country=KR&country=PH&country=MY&country=ID"),
    ("api_instruments_cjk", "/api/v1/atlas/instruments?q=협동조합"),
    # A different common word on each request: nothing answers from a per-query cache.
    ("search_word_rotating", [f"/atlas/?q={word}" for word in WORDS_EN]),
    # An atlas write just before each request: the in-memory search columns are read again (ADR 0105).
    ("search_word_after_write", "/atlas/?q=cooperative"),
]
AFTER_A_WRITE = {"search_word_after_write"}


def _p95(sorted_values: list[float]) -> float:
    """Nearest-rank 95th percentile of an ascending list."""
    return sorted_values[math.ceil(0.95 * len(sorted_values)) - 1]


class Command(BaseCommand):
    help = "Generate a synthetic atlas (190 countries, 50,000 instruments) and report p50/p95 server times."

    def add_arguments(self, parser):
        parser.add_argument("--instruments", type=int, default=50_000)
        parser.add_argument("--countries", type=int, default=190)
        parser.add_argument("--iterations", type=int, default=200)
        parser.add_argument("--force", action="store_true", help="Run even if real atlas records exist.")
        parser.add_argument("--keep", action="store_true", help="Reuse synthetic data already generated.")
        parser.add_argument("--import-rows", type=int, default=0,
                            help="Time instead the preview and the write of an import of this many new "
                                 "records, then of a file that changes all of them.")
        parser.add_argument("--only", action="append", default=[], metavar="MEASURE",
                            help="Run only this measurement (repeatable), e.g. --only search_word.")

    def handle(self, *args, **options):
        unknown = sorted(set(options["only"]) - {name for name, _urls in SCENARIOS})
        if unknown:
            raise CommandError(f"Unknown measurement {', '.join(unknown)}; choose from "
                               f"{', '.join(name for name, _urls in SCENARIOS)}.")
        if Instrument.objects.filter(is_synthetic=False).exists() and not options["force"]:
            raise CommandError("This database holds real atlas records; refusing to add synthetic ones. "
                               "Use an empty database (see the README's Performance section) or pass --force.")
        if options["import_rows"]:
            self._bench_import(options["import_rows"])
            return
        have = Instrument.objects.filter(is_synthetic=True).count()
        if not (options["keep"] and have == options["instruments"]):
            self._generate(options["instruments"], options["countries"])
            with connection.cursor() as cursor:
                # Fresh statistics; on PostgreSQL VACUUM also sets the visibility map for index-only scans.
                vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
                cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self._measure(options["iterations"], options["only"])

    @transaction.atomic
    def _generate(self, total: int, country_count: int) -> None:
        started = time.perf_counter()
        rng = random.Random(2021)
        Instrument.objects.filter(is_synthetic=True).delete()
        Institution.objects.filter(is_synthetic=True).delete()
        # The programme's six countries first (the compare measurements ask for them), then the rest.
        programme = ["CN", "JP", "KR", "PH", "MY", "ID"]
        codes = (programme + [code for code, _name in all_countries if code not in programme])[:max(country_count, 1)]
        institutions = Institution.objects.bulk_create([
            Institution(country=code, name=f"Synthetic {kind} of {code}", kind=kind, is_synthetic=True)
            for code in codes for kind in (InstitutionKind.MINISTRY, InstitutionKind.AGENCY)
        ])
        by_country = {}
        for institution in institutions:
            by_country.setdefault(str(institution.country), []).append(institution)
        dimensions, entity_types = Dimension.values, EntityType.values
        batch = []
        for number in range(total):
            code = codes[number % len(codes)]
            language, patterns = LOCAL_PATTERNS[number % len(LOCAL_PATTERNS)]
            title = " ".join(rng.sample(WORDS_EN, 4)).capitalize() + f" {number}"
            title_local = rng.choice(patterns).format(n=number)
            summary = " ".join(rng.choices(VOCABULARY, k=40)) + ". " + title_local
            institution = rng.choice(by_country[code])
            batch.append(Instrument(
                title=title, title_local=title_local, title_local_language=language, country=code,
                type=rng.choice(InstrumentType.values), status=rng.choice(Status.values),
                year_adopted=rng.randint(1950, 2025), institution=institution,
                dimension_mask=codes_to_mask(Dimension, rng.sample(dimensions, rng.randint(1, 4))),
                entity_type_mask=codes_to_mask(EntityType, rng.sample(entity_types, rng.randint(1, 3))),
                summary=summary, verified=rng.random() < 0.8, is_published=rng.random() < 0.97,
                is_synthetic=True,
                search_text=build_search_text(title, title_local, summary, institution.name),
                title_search=build_title_search(title, title_local),
            ))
            if len(batch) == 5000:
                Instrument.objects.bulk_create(batch)
                batch = []
        Instrument.objects.bulk_create(batch)
        search_index_rebuild()
        data_changed()
        self.stderr.write(f"generated {total} instruments in {len(codes)} countries "
                          f"in {time.perf_counter() - started:.1f}s")

    def _bench_import(self, rows: int) -> None:
        """A CSV of `rows` new records in six countries and five agencies each (short rows, as a real
        file of 100,000 rows of about 5 MB), previewed then written as the import page does: a job
        (`atlas.imports`) whose preview is confirmed, run in this process instead of a worker. Its
        files go to a temporary folder; the debug cursor is off, as in production."""
        codes = ["CN", "JP", "KR", "PH", "MY", "ID"]
        Instrument.objects.filter(is_synthetic=True).delete()
        Institution.objects.filter(is_synthetic=True).delete()
        lines = [",".join(COLUMNS)] + [
            f"{codes[n % 6]},Bench {n},,{1950 + n % 70},law,in_force,Bench agency {n % 5},"
            f"finance,cooperative,A law.,G,https://e.org/{n}"
            for n in range(rows)]
        # The same records revised: every summary, a third of the statuses, half the years, a fifth
        # of them a second source (so the changed columns differ from row to row, as in a real file).
        changed = [",".join(COLUMNS)] + [
            f"{codes[n % 6]},Bench {n},,{1950 + n % 70 + n % 2},law,{'amended' if n % 3 == 0 else 'in_force'},"
            f"Bench agency {n % 5},finance,cooperative,Law {n % 25}.,"
            + (f'"G\nH","https://e.org/{n}\nhttps://h.org"' if n % 5 == 0 else f"G,https://e.org/{n}")
            for n in range(rows)]
        files = [("bench.csv", ("\r\n".join(lines) + "\r\n").encode(), ("import_preview", "import_write")),
                 ("bench-changed.csv", ("\r\n".join(changed) + "\r\n").encode(), ("update_preview", "update_write"))]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The rows just deleted would otherwise be cleaned up by autovacuum during the timed
            # import (it made the write two to three times slower): a real atlas is not mid-cleanup.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        try:
            with tempfile.TemporaryDirectory() as media, override_settings(DEBUG=False, MEDIA_ROOT=media):
                for file_name, raw, measures in files:
                    token = job_start(name=file_name, raw=raw, user=None, language="en")
                    for name in measures:
                        if name.endswith("_write") and not job_confirm(token=token, agency_choices={}):
                            raise CommandError(f"{name}: the preview cannot be confirmed")
                        self._time_import(name, token, raw, rows)
        finally:
            # Also when a later step failed: the next run removes what this one wrote.
            Instrument.objects.filter(title__startswith="Bench ").update(is_synthetic=True)
            Institution.objects.filter(name__startswith="Bench agency ").update(is_synthetic=True)

    def _time_import(self, name: str, token: str, raw: bytes, rows: int) -> None:
        load_before = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        state = run_import(token)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        report = state["report"] or {}
        count = "updated" if name.startswith("update") else "created"
        if state["state"] != DONE or report.get("problems") or report.get(count) != rows:
            raise CommandError(f"{name}: {state.get('error') or report.get('problems', [])[:3]} "
                               f"{count} {report.get(count)}")
        self.stdout.write(json.dumps({
            "measure": name, "database": connection.vendor, "rows": rows,
            "megabytes": round(len(raw) / 2**20, 1), "seconds": round(seconds, 1),
            # This process's CPU time: with SQLite it includes the database's work, with
            # PostgreSQL the server's time is not in it.
            "cpu_seconds": round(cpu, 1),
            "load_average_before": round(load_before, 2), "load_average": round(os.getloadavg()[0], 2)}))

    def _measure(self, iterations: int, only: list[str]) -> None:
        client = Client()
        count = Instrument.objects.count()
        # The test client calls itself "testserver"; DEBUG off so no query log slows the server down.
        # The whole-page cache (ADR 0010) is off: these figures are the search itself, every time.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                               SSEHUB_PAGE_CACHE_SECONDS=0):
            for name, urls in SCENARIOS:
                if only and name not in only:
                    continue
                urls = [urls] if isinstance(urls, str) else urls
                for warm_up in range(3):
                    client.get(urls[warm_up % len(urls)])
                timings, cpu = [], []
                for iteration in range(iterations):
                    url = urls[iteration % len(urls)]
                    if name in AFTER_A_WRITE:
                        data_changed()
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - cpu_started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                timings.sort()
                cpu.sort()
                self.stdout.write(json.dumps({
                    "measure": name, "url": urls[0] if len(urls) == 1 else f"{len(urls)} URLs",
                    "database": connection.vendor, "instruments": count,
                    "iterations": iterations, "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(_p95(timings), 1), "max_ms": round(timings[-1], 1),
                    # CPU time of this process: the server's own work (with SQLite, queries included),
                    # without the waiting a shared, busy machine adds to the wall-clock figures.
                    "cpu_p50_ms": round(statistics.median(cpu), 1),
                    "cpu_p95_ms": round(_p95(cpu), 1),
                    "load_average": round(os.getloadavg()[0], 2),
                }, ensure_ascii=False))
