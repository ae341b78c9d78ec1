"""Build a synthetic community and time its busiest pages in-process.

    manage.py bench_community [--members 100000] [--posts 1000000] [--iterations 30] [--force] [--reuse]

Prints one JSON line: p95 server time in milliseconds for the category topic list, a topic page with
1,000 replies (its first and its last page), the directory filtered by country and expertise, a
search for a common Latin word and for a two-character Korean word; each also as this process's CPU
time (`*_cpu_p95_ms`), with the machine's load average, so that a figure taken on a busy machine says
so; and `build_seconds` (null with --reuse, which measures the community an earlier run built when it
has the same sizes). A page that does not answer 200 is reported as `<name>_error` and the others
are still measured. Rows are written with bulk inserts (synthetic
data, no action log). Refuses a database that holds real community members unless --force is given.
"""

import datetime as dt
import json
import os
import random
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from ssehub.accounts.models import Profile, User
from ssehub.community import search as community_search
from ssehub.community import text
from ssehub.community.directory import directory_values
from ssehub.community.enums import MembershipSource, MembershipStatus
from ssehub.community.models import Category, Membership, Post, Topic
from ssehub.community.views.discussions import POSTS_PER_PAGE

COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID", "TH", "VN", "IN", "FR"]
EXPERTISE = ["cooperative law", "social finance", "worker cooperatives", "care services", "public procurement",
             "microfinance", "rural development", "social enterprise certification", "statistics", "koperasi"]
SENTENCES = [
    "The cooperative registered {n} new members after the training on governance.",
    "Social enterprise certification helped {n} workers find stable jobs.",
    "农民专业合作社第{n}次社员大会讨论了收益分配。",
    "労働者協同組合{n}号は介護サービスを始めました。",
    "협동조합 {n}곳이 사회적기업 인증을 받았습니다.",
    "Koperasi desa ke-{n} membuka layanan simpan pinjam digital.",
    "Ang kooperatiba bilang {n} ay nagbukas ng bagong tindahan.",
]
BATCH = 5000


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[18], 2) if len(samples) > 1 else round(samples[0], 2)


class Command(BaseCommand):
    help = "Build a synthetic community and print p95 timings of its pages as one JSON line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--posts", type=int, default=1_000_000)
        parser.add_argument("--iterations", type=int, default=30)
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--reuse", action="store_true",
                            help="measure the community an earlier run built, if it has these sizes")

    def handle(self, *args, members: int, posts: int, iterations: int, force: bool, reuse: bool = False,
               **options) -> None:
        if Membership.objects.exclude(handle__startswith="bench-").exists() and not force:
            raise CommandError("This database holds real community members; use a bench database or --force.")
        started = time.perf_counter()
        built = self._built(members=members, posts=posts) if reuse else None
        big_topic, viewer = built or self._build(members=members, posts=posts)
        if not built and connection.vendor == "postgresql":
            # What autovacuum does a while after a bulk load: without statistics the planner takes
            # 3,816 matching members for one and sorts them all instead of reading the index in order.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build_seconds = None if built else round(time.perf_counter() - started, 1)
        client = Client()
        client.force_login(viewer)
        scenarios = {
            "category_topics": "/community/c/bench-general/",
            "topic_1000_replies": f"/community/t/{big_topic.pk}/",
            "topic_1000_replies_last_page":
                f"/community/t/{big_topic.pk}/?page={-(-(big_topic.reply_count + 1) // POSTS_PER_PAGE)}",
            "directory_country_expertise": "/community/directory/?country=KR&expertise=cooperative",
            "search_latin_word": "/community/search/?q=cooperative",
            "search_cjk_two_chars": "/community/search/?q=협동",
        }
        result = {"members": members, "posts": posts, "build_seconds": build_seconds}
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for name, url in scenarios.items():
                try:
                    samples, cpu = self._measure(client, url, iterations)
                except Exception as error:  # noqa: BLE001 - one broken page must not hide the others' figures
                    result[f"{name}_error"] = f"{type(error).__name__}: {error}"[:300]
                    continue
                result[f"{name}_p95_ms"] = _p95(samples)
                # This process's CPU time (SQLite's work included, PostgreSQL's not): what the page
                # costs when the machine is shared, where wall time also counts waiting for a core.
                result[f"{name}_cpu_p95_ms"] = _p95(cpu)
        result["load_average"] = round(os.getloadavg()[0], 1)
        self.stdout.write(json.dumps(result))

    def _measure(self, client: Client, url: str, iterations: int) -> tuple[list[float], list[float]]:
        client.get(url)  # warm caches once
        samples, cpu = [], []
        for _ in range(iterations):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        return samples, cpu

    def _built(self, *, members: int, posts: int):
        """The big topic and the viewer of an earlier build of the same sizes, else None."""
        big_topic = Topic.objects.filter(category__slug="bench-general").order_by("pk").first()
        if big_topic is None or Membership.objects.filter(handle__startswith="bench-").count() != members:
            return None
        if Post.objects.filter(topic__category__slug__startswith="bench-").count() != posts:
            return None
        return big_topic, User.objects.get(email="m0@bench.invalid")

    @transaction.atomic
    def _build(self, *, members: int, posts: int):
        Topic.objects.filter(category__slug__startswith="bench-").delete()
        Membership.objects.filter(handle__startswith="bench-").delete()
        User.objects.filter(email__endswith="@bench.invalid").delete()
        Category.objects.filter(slug__startswith="bench-").delete()
        rng = random.Random(2021)
        password = make_password(None)
        now = timezone.now()
        users = []
        for start in range(0, members, BATCH):
            batch = [User(email=f"m{n}@bench.invalid", password=password) for n in range(start, min(members, start + BATCH))]
            users.extend(User.objects.bulk_create(batch))
        profiles = [Profile(user=user, full_name=f"Bench Member {n}", country=COUNTRIES[n % len(COUNTRIES)],
                            expertise=rng.sample(EXPERTISE, 2), languages=["en"], in_directory=True)
                    for n, user in enumerate(users)]
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        memberships = [Membership(user=user, handle=f"bench-{n}", status=MembershipStatus.ACTIVE,
                                  source=MembershipSource.DEMO, trust_level=1, joined_at=now)
                       for n, user in enumerate(users)]
        for membership, profile in zip(memberships, profiles, strict=True):
            # bulk_create skips the post_save that keeps the directory's columns: set them here.
            for name, value in directory_values(membership, profile).items():
                setattr(membership, name, value)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        categories = [Category.objects.create(slug=f"bench-{name}", title=f"Bench {name}", position=90 + n)
                      for n, name in enumerate(("general", "cooperatives", "finance", "rural"))]
        topic_count = max(1, posts // 25)
        topics = Topic.objects.bulk_create([
            Topic(category=categories[n % len(categories)], title=f"Bench topic {n} on cooperative policy",
                  author=users[n % len(users)], search_text=f"bench topic {n} on cooperative policy")
            for n in range(topic_count)], batch_size=BATCH)
        big_topic = topics[0]
        made = 0
        counts = [0] * len(topics)
        while made < posts:
            batch = []
            for n in range(made, min(posts, made + BATCH)):
                index = 0 if n <= 1000 else n % len(topics)
                counts[index] += 1
                body = rng.choice(SENTENCES).format(n=n)
                batch.append(Post(topic=topics[index], author=users[n % len(users)], body=body,
                                  body_html=f"<p>{body}</p>", is_first=n == 0, search_text=text.search_text(body)))
            Post.objects.bulk_create(batch)
            made += len(batch)
        # The counters the services keep (replies, latest activity), as a live community would have them.
        for n, topic in enumerate(topics):
            topic.reply_count = max(0, counts[n] - 1)
            topic.last_activity_at = now - dt.timedelta(minutes=n)
        Topic.objects.bulk_update(topics, ["reply_count", "last_activity_at"], batch_size=1000)
        big_topic.refresh_from_db()
        for n, category in enumerate(categories):
            Category.objects.filter(pk=category.pk).update(topic_count=len(range(n, topic_count, len(categories))))
        # Bulk inserts bypass the services that keep the search index: it is built once, afterwards.
        community_search.rebuild()
        return big_topic, users[0]
