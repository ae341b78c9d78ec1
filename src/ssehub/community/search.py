"""Community search: topics, replies, cases and resources in the shared text index (ADR 0011).

Each searchable row keeps `search_text` (lower-cased) and `search_chars`; `ssehub.core.search`
indexes them as it does the atlas's records, so two Chinese, Japanese or Korean characters are found
inside a sentence without spaces, on SQLite and PostgreSQL alike. The services call `index_*` after
every write; `rebuild` after bulk loads (the bench).

A search asks each index for its newest matches only (`TextIndex.newest_ids`), with the rules of
who may read what in the same statement: members-only categories for members and moderators alone,
visible posts of visible topics, published cases, public resources (all resources for members).
Newest first: a word found in a fifth of a million posts costs what a rare one does.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from ssehub.community.enums import CaseStatus, PostState
from ssehub.community.models import Case, Post, Resource, Topic
from ssehub.core.search import TextIndex
from ssehub.core.search.text import is_indexed

MAX_TERMS = 6
TOPICS = TextIndex(table="community_topic", max_terms=MAX_TERMS)
POSTS = TextIndex(table="community_post", max_terms=MAX_TERMS)
CASES = TextIndex(table="community_case", max_terms=MAX_TERMS)
RESOURCES = TextIndex(table="community_resource", max_terms=MAX_TERMS)
INDEXES = (TOPICS, POSTS, CASES, RESOURCES)

TOPIC_RESULTS = 30
# Posts asked for: more than topics shown, as several hits may fall in one topic.
POST_HITS = 60
CASE_RESULTS = 20
RESOURCE_RESULTS = 20
EXCERPT_AROUND = 80  # characters shown on each side of the first match


def index_topic(topic: Topic) -> None:
    TOPICS.store([(topic.pk, topic.search_text)])


def index_post(post: Post) -> None:
    POSTS.store([(post.pk, post.search_text)])


def index_case(case: Case) -> None:
    CASES.store([(case.pk, case.search_text)])


def index_resource(resource: Resource) -> None:
    RESOURCES.store([(resource.pk, resource.search_text)])


def rebuild() -> None:
    """Every community index afresh from `search_text` (after writes that bypassed the services),
    then the tables' statistics: bulk loads leave the planner without any (`TextIndex.analyze`)."""
    for index in INDEXES:
        index.rebuild()
    for index in INDEXES:
        index.analyze()


@dataclass(frozen=True)
class Excerpt:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class DiscussionHit:
    """A topic found by its title or by one of its posts; `post_id` and `excerpt` name the newest
    matching post, `page` the topic page that shows it."""

    topic: Topic
    post_id: int | None = None
    excerpt: Excerpt | None = None
    page: int = 1


def excerpt(body: str, terms: list[str]) -> Excerpt:
    """The text around the first term found in `body` (whitespace collapsed)."""
    flat = " ".join(body.split())
    lowered = flat.lower()
    found = [(position, term) for term in terms if (position := lowered.find(term)) >= 0]
    if not found:
        return Excerpt(before=flat[:2 * EXCERPT_AROUND], match="", after="")
    position, term = min(found)
    start = max(0, position - EXCERPT_AROUND)
    end = position + len(term)
    return Excerpt(before=("…" if start else "") + flat[start:position], match=flat[position:end],
                   after=flat[end:end + EXCERPT_AROUND] + ("…" if end + EXCERPT_AROUND < len(flat) else ""))


def _discussions(query: str, terms: list[str], *, insider: bool, posts_per_page: int) -> list[DiscussionHit]:
    """Topics whose title or a visible post holds every term, the most recent hit first: six queries,
    and only the topics and posts shown are read in full."""
    topics = Topic.objects.filter(state=PostState.VISIBLE)
    posts = Post.objects.filter(state=PostState.VISIBLE, topic__state=PostState.VISIBLE)
    if not insider:
        topics = topics.filter(category__is_public=True)
        posts = posts.filter(topic__category__is_public=True)
    title_ids = TOPICS.newest_ids(topics, query, limit=TOPIC_RESULTS)
    post_ids = POSTS.newest_ids(posts, query, limit=POST_HITS)
    # One order for both kinds of hit: when it was written (a title with its topic, a reply with
    # itself); each topic once, with its newest matching post.
    newest: dict[int, tuple] = {}
    for post_id, topic_id, when in Post.objects.filter(pk__in=post_ids).values_list("pk", "topic_id", "created_at"):
        if topic_id not in newest or (when, post_id) > newest[topic_id]:
            newest[topic_id] = (when, post_id)
    for topic_id, when in Topic.objects.filter(pk__in=title_ids).values_list("pk", "created_at"):
        newest.setdefault(topic_id, (when, 0))
    chosen = sorted(newest.items(), key=lambda item: (item[1], item[0]), reverse=True)[:TOPIC_RESULTS]
    found = Topic.objects.select_related("category").only("title", "category__title").in_bulk(
        [topic_id for topic_id, _hit in chosen])
    # How many readable posts come before each shown post in its topic: the page to link to.
    earlier = (Post.objects.filter(topic=OuterRef("topic"), state=PostState.VISIBLE)
               .filter(Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
               .order_by().values("topic").annotate(n=Count("pk")).values("n"))
    shown = {post_id: (body, before) for post_id, body, before in Post.objects.filter(
        pk__in=[post_id for _topic_id, (_when, post_id) in chosen if post_id]).annotate(
        earlier=Subquery(earlier)).values_list("pk", "body", "earlier")}
    hits = []
    for topic_id, (_when, post_id) in chosen:
        if topic_id not in found:  # deleted since its id was read
            continue
        if post_id in shown:
            body, before = shown[post_id]
            hits.append(DiscussionHit(topic=found[topic_id], post_id=post_id, excerpt=excerpt(body, terms),
                                      page=(before or 0) // posts_per_page + 1))
        else:
            hits.append(DiscussionHit(topic=found[topic_id]))
    return hits


def _in_order(queryset, ids: list[int]) -> list:
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def search(*, query: str, insider: bool, posts_per_page: int) -> dict:
    """Discussions (topics by title or post), cases and resources holding every term of `query`,
    newest first: ten queries whatever the community's size.

    At least one term must be one an index answers (three characters, or one or two CJK
    characters), as in Discourse: a rare two-letter term alone would be looked for row by row
    through every post (2.6 s at 1,000,000 posts). `too_short` says so; shorter terms beside an
    indexed one are fine (they are tested on the rows the index gives)."""
    terms = TOPICS.terms(query)
    if not any(map(is_indexed, terms)):
        return {"topics": [], "cases": [], "resources": [], "too_short": bool(terms)}
    published = Case.objects.filter(status=CaseStatus.PUBLISHED)
    resources = Resource.objects.all() if insider else Resource.objects.filter(is_public=True)
    return {
        "topics": _discussions(query, terms, insider=insider, posts_per_page=posts_per_page),
        "cases": _in_order(Case.objects.select_related("theme"), CASES.newest_ids(published, query, limit=CASE_RESULTS)),
        "resources": _in_order(Resource.objects.all(), RESOURCES.newest_ids(resources, query, limit=RESOURCE_RESULTS)),
        "too_short": False,
    }
