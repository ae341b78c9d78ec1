"""Every community read, with who may see what."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from ssehub.accounts.models import User
from ssehub.atlas.models import Instrument
from ssehub.community import case_links
from ssehub.community import search as community_search
from ssehub.community.cards import Card
from ssehub.community.enums import (
    CaseStatus,
    CategoryKind,
    ContactStatus,
    FlagStatus,
    InstitutionStatus,
    MembershipStatus,
    PostState,
    SubscriptionLevel,
)
from ssehub.community.models import (
    LISTED,
    Case,
    Category,
    CommunityInstitution,
    ContactRequest,
    Flag,
    Membership,
    Notification,
    Post,
    Reaction,
    Resource,
    Subscription,
    Topic,
)
from ssehub.community.rules import membership_of

PEOPLE_TO_MEET = 5
PEOPLE_CANDIDATES = 400


def is_insider(user) -> bool:
    return user.has_perm("community.use_directory")


def categories_for(user) -> QuerySet[Category]:
    # The services' counter (Category.topic_count), not a count of every topic per page view.
    categories = Category.objects.select_related("theme").annotate(topic_total=F("topic_count"))
    return categories if is_insider(user) else categories.filter(is_public=True)


def topics_of(*, category: Category, user) -> QuerySet[Topic]:
    topics = Topic.objects.filter(category=category)
    if not user.has_perm("community.moderate"):
        topics = topics.filter(Q(state=PostState.VISIBLE) | Q(state=PostState.PENDING, author_id=user.pk or 0))
    return topics.select_related("author__profile").order_by("-is_pinned", "-last_activity_at", "-pk")


def topic_for(*, pk: int) -> Topic:
    return Topic.objects.select_related("category", "author__profile", "accepted_post").get(pk=pk)


def can_see_topic(*, topic: Topic, user) -> bool:
    if not user.has_perm("community.read_category", topic.category):
        return False
    if topic.state == PostState.VISIBLE or user.has_perm("community.moderate"):
        return True
    return topic.state == PostState.PENDING and topic.author_id == user.pk


def posts_of(*, topic: Topic, user) -> QuerySet[Post]:
    posts = Post.objects.filter(topic=topic)
    if not user.has_perm("community.moderate"):
        posts = posts.filter(Q(state=PostState.VISIBLE) | Q(state=PostState.PENDING, author_id=user.pk or 0))
    posts = posts.select_related("author__profile", "author__membership").prefetch_related("attachments")
    if user.is_authenticated:
        posts = posts.annotate(helped=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=user)))
    return posts.order_by("created_at", "pk")


# --- topic lists and topic pages at scale (docs/decisions/0505) ---------------------------------------

PINNED_MAX = 10
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def topic_cursor(topic: Topic) -> str:
    """Where a topic list page ends: its last topic's activity time (in microseconds) and id."""
    return f"{(topic.last_activity_at - _EPOCH) // dt.timedelta(microseconds=1)}-{topic.pk}"


def _read_cursor(value: str) -> tuple[dt.datetime, int] | None:
    micros, _dash, pk = (value or "").partition("-")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18:
        return None
    return _EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)


@dataclass
class TopicList:
    pinned: list[Topic]  # first page only
    topics: list[Topic]
    unlisted: list[Topic]  # first page only: the viewer's topics waiting for approval; for moderators, all not visible
    next_cursor: str  # "" on the last page


def topic_list(*, category: Category, user, cursor: str = "", size: int = 30) -> TopicList:
    """Visible topics by latest activity, a page at a time by keyset (`cursor` from `topic_cursor`):
    each page is an index range, however deep, and no page counts the whole category."""
    visible = Topic.objects.filter(category=category, state=PostState.VISIBLE).select_related("author__profile")
    after = _read_cursor(cursor)
    rest = visible.filter(is_pinned=False)
    if after:
        at, pk = after
        # (activity, id) < (at, pk), written so that the index gives a range.
        rest = rest.filter(last_activity_at__lte=at).exclude(last_activity_at=at, pk__gte=pk)
    topics = list(rest.order_by("-last_activity_at", "-pk")[:size + 1])
    next_cursor = topic_cursor(topics[size - 1]) if len(topics) > size else ""
    pinned, unlisted = [], []
    if not after:
        pinned = list(visible.filter(is_pinned=True).order_by("-last_activity_at", "-pk")[:PINNED_MAX])
        if user.is_authenticated:
            waiting = Topic.objects.filter(category=category).exclude(state=PostState.VISIBLE)
            if not user.has_perm("community.moderate"):
                waiting = waiting.filter(state=PostState.PENDING, author=user)
            unlisted = list(waiting.select_related("author__profile").order_by("-created_at", "-pk")[:size])
    return TopicList(pinned=pinned, topics=topics[:size], unlisted=unlisted, next_cursor=next_cursor)


@dataclass
class TopicPage:
    posts: list[Post]
    number: int
    last: int
    pending: list[Post]  # the viewer's own posts waiting for approval, shown below the page


def _post_joins(posts: QuerySet[Post], user) -> QuerySet[Post]:
    posts = posts.select_related("author__profile", "author__membership").prefetch_related("attachments")
    if user.is_authenticated:
        posts = posts.annotate(helped=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=user)))
    return posts.order_by("created_at", "pk")


def topic_page(*, topic: Topic, user, number: int, size: int) -> TopicPage:
    """Page `number` of a topic, `size` posts, oldest first, as Discourse pages a topic for readers
    without JavaScript. Readers get visible posts only (the index on topic, state, time serves the
    page; the topic's reply counter gives the number of pages without counting); moderators every
    post (and one count). The reader's own posts waiting for approval come in a small list of
    their own."""
    moderator = user.has_perm("community.moderate")
    posts = Post.objects.filter(topic=topic)
    if not moderator:
        posts = posts.filter(state=PostState.VISIBLE)
    start = (number - 1) * size
    # The page's ids first, from the index alone, then the posts with their joins: an offset skips
    # index entries, not joined rows (the last page of 1,000 replies joined 1,000 rows on PostgreSQL).
    ids = list(posts.order_by("created_at", "pk").values_list("pk", flat=True)[start:start + size + 1])
    rows = list(_post_joins(Post.objects.filter(pk__in=ids), user)) if ids else []
    total = posts.count() if moderator else topic.reply_count + 1
    last = max(1, -(-total // size), number + (len(rows) > size))
    pending = []
    if user.is_authenticated and not moderator:
        pending = list(_post_joins(Post.objects.filter(topic=topic, state=PostState.PENDING, author=user), user))
    return TopicPage(posts=rows[:size], number=number, last=last, pending=pending)


def post_page(*, post: Post, user, size: int) -> int:
    """The topic page that shows `post` to this reader (one count on the topic's index)."""
    before = Post.objects.filter(topic_id=post.topic_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
    if not user.has_perm("community.moderate"):
        if post.state != PostState.VISIBLE:
            return max(1, -(-(Topic.objects.get(pk=post.topic_id).reply_count + 1) // size))
        before = before.filter(state=PostState.VISIBLE)
    return before.count() // size + 1


def subscription_level(*, user, topic: Topic | None = None, category: Category | None = None) -> str:
    if not user.is_authenticated:
        return ""
    target = {"topic": topic} if topic is not None else {"category": category}
    return Subscription.objects.filter(user=user, **target).values_list("level", flat=True).first() or ""


# --- directory -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DirectoryFilters:
    country: str = ""
    constituency: str = ""
    expertise: str = ""
    language: str = ""
    institution: int | None = None


def directory(*, filters: DirectoryFilters, after: int | None = None) -> QuerySet[Membership]:
    """Listed members by name; a filter only matches a field its owner chose to show (the directory
    columns hold shown fields only: community.directory). `after`: the id of the last member of the
    previous page (keyset paging: a page costs the same however deep it is)."""
    members = Membership.objects.filter(listed=True)
    if filters.country:
        members = members.filter(dir_country=filters.country)
    if filters.constituency:
        members = members.filter(dir_constituency=filters.constituency)
    if filters.expertise:
        members = members.filter(dir_expertise__contains=filters.expertise.strip().casefold())
    if filters.language:
        members = members.filter(dir_languages__contains=f" {filters.language} ")
    if filters.institution:
        members = members.filter(show_institution=True, institution_id=filters.institution)
    if after:
        last = Membership.objects.filter(pk=after, listed=True).values_list("dir_name", flat=True).first()
        if last is not None:
            # (name, id) > (last name, after), written so that the name index gives a range.
            members = members.filter(dir_name__gte=last).exclude(dir_name=last, pk__lte=after)
    return members.select_related("user__profile", "institution").order_by("dir_name", "pk")


def member_by_handle(handle: str) -> Membership:
    return Membership.objects.select_related("user__profile", "institution").get(
        LISTED, handle=handle)


def visible_fields(membership: Membership) -> dict:
    """What others may see of a member: the fields they chose to show, never gender."""
    profile = membership.user.profile
    shown = {"name": profile.full_name or membership.handle, "handle": membership.handle}
    if membership.show_country and profile.country:
        shown["country"] = profile.country.name
    if membership.show_organisation and profile.organisation:
        shown["organisation"] = profile.organisation
    if membership.show_constituency and profile.constituency:
        shown["constituency"] = profile.get_constituency_display()
    if membership.show_expertise and profile.expertise:
        shown["expertise"] = list(profile.expertise)
    if membership.show_languages and profile.languages:
        shown["languages"] = list(profile.languages)
    if membership.show_bio and profile.bio:
        shown["bio"] = profile.bio
    if membership.show_institution and membership.institution_id:
        shown["institution"] = membership.institution
    return shown


@dataclass
class Suggestion:
    membership: Membership
    fields: dict
    shared: list[str]
    themes: list[str]


def _followed_themes(user_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    rows = Subscription.objects.filter(user_id__in=user_ids, level=SubscriptionLevel.FOLLOW,
                                       category__kind=CategoryKind.THEME).values_list("user_id", "category__title")
    for user_id, title in rows:
        found.setdefault(user_id, set()).add(title)
    return found


def people_to_meet(*, membership: Membership) -> list[Suggestion]:
    """A few listed members from other countries who share expertise or followed themes, with why."""
    profile = membership.user.profile
    mine = {tag.casefold(): tag for tag in profile.expertise or []}
    candidates = list(
        Membership.objects.filter(LISTED, show_country=True)
        .exclude(user=membership.user).exclude(user__profile__country=profile.country)
        .select_related("user__profile", "institution").order_by("-joined_at", "pk")[:PEOPLE_CANDIDATES])
    themes = _followed_themes([membership.user_id, *(c.user_id for c in candidates)])
    my_themes = themes.get(membership.user_id, set())
    suggestions = []
    for candidate in candidates:
        theirs = {tag.casefold() for tag in candidate.user.profile.expertise or []} if candidate.show_expertise else set()
        shared = [mine[key] for key in mine if key in theirs]
        common_themes = sorted(my_themes & themes.get(candidate.user_id, set()))
        if shared or common_themes:
            suggestions.append(Suggestion(candidate, visible_fields(candidate), shared, common_themes))
    suggestions.sort(key=lambda s: (-(len(s.shared) * 2 + len(s.themes)), s.fields["name"]))
    return suggestions[:PEOPLE_TO_MEET]


def institutions_approved() -> QuerySet[CommunityInstitution]:
    return CommunityInstitution.objects.filter(status=InstitutionStatus.APPROVED).select_related("atlas_institution")


def institution_members(institution: CommunityInstitution) -> QuerySet[Membership]:
    return (institution.members.filter(status=MembershipStatus.ACTIVE, show_institution=True)
            .select_related("user__profile").order_by("user__profile__full_name", "pk"))


def contacts_of(user: User) -> dict:
    received = ContactRequest.objects.filter(recipient=user).select_related("sender__profile", "sender__membership")
    sent = ContactRequest.objects.filter(sender=user).select_related("recipient__profile", "recipient__membership")
    return {"received": list(received), "sent": list(sent)}


def contact_email_visible(*, viewer: User, other: User) -> bool:
    """An e-mail address is shown only between two people one of whom accepted the other's request."""
    return ContactRequest.objects.filter(
        Q(sender=viewer, recipient=other) | Q(sender=other, recipient=viewer), status=ContactStatus.ACCEPTED).exists()


# --- notifications and moderation ----------------------------------------------------------------

def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("actor__profile", "topic")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def moderation_queue() -> dict:
    return {
        "pending_posts": list(Post.objects.filter(state=PostState.PENDING)
                              .select_related("topic__category", "author__profile").order_by("created_at")),
        "flags": list(Flag.objects.filter(status=FlagStatus.OPEN)
                      .select_related("post__topic", "post__author__profile", "flagged_by__profile")),
        "memberships": list(Membership.objects.filter(status=MembershipStatus.PENDING)
                            .select_related("user__profile").order_by("requested_at")),
        "institutions": list(CommunityInstitution.objects.filter(status=InstitutionStatus.PENDING)
                             .select_related("atlas_institution").order_by("created_at")),
    }


# --- cases, resources, search --------------------------------------------------------------------

def cases_published() -> QuerySet[Case]:
    return Case.objects.filter(status=CaseStatus.PUBLISHED).select_related("theme").order_by("country", "title")


def case_for(*, pk: int, user) -> Case:
    """A case the user may read (Case.DoesNotExist otherwise), with the atlas records it links to
    that are published (`public_instruments`) and its people."""
    cases = Case.objects.select_related("theme", "submitted_by__profile").prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.filter(is_published=True).order_by("title"),
                 to_attr="public_instruments"),
        Prefetch("people", queryset=User.objects.select_related("profile")))
    case = cases.get(pk=pk)
    if case.status != CaseStatus.PUBLISHED and not (
            user.has_perm("community.review_case") or case.submitted_by_id == getattr(user, "pk", None)):
        raise Case.DoesNotExist
    return case


def case_linked_records(case: Case) -> list[tuple[str, list[Card]]]:
    """The case's links to other apps' records that everyone may read now, grouped by kind
    (one query for the links, one per kind)."""
    refs = list(case.links.values_list("kind", "target_id"))
    if not refs:
        return []
    cards = case_links.readable(refs)
    groups = []
    for kind in case_links.case_link_kinds():
        found = [cards[(name, pk)] for name, pk in refs if name == kind.name and (name, pk) in cards]
        if found:
            groups.append((str(kind.label), found))
    return groups


def cases_for_instruments(instrument_ids: list[int]) -> dict[int, list[Case]]:
    """Published cases linked to each atlas record: what an instrument's page could show."""
    found: dict[int, list[Case]] = {}
    through = Case.instruments.through.objects.filter(
        instrument_id__in=instrument_ids, case__status=CaseStatus.PUBLISHED).select_related("case")
    for row in through:
        found.setdefault(row.instrument_id, []).append(row.case)
    return found


def resources_for(user) -> QuerySet[Resource]:
    resources = Resource.objects.all()
    return resources if is_insider(user) else resources.filter(is_public=True)


def search(*, query: str, user, posts_per_page: int = 50) -> dict:
    """Topics (by title or post), cases and resources holding every word, CJK inside words too, newest
    first, with the reader's rules in the same queries (community.search, ADR 0011)."""
    return community_search.search(query=query, insider=is_insider(user), posts_per_page=posts_per_page)


def membership_for(user) -> Membership | None:
    return membership_of(user)
