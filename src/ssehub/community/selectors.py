"""Every community read, with who may see what."""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

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
    categories = Category.objects.select_related("theme").annotate(
        topic_total=Count("topics", filter=Q(topics__state=PostState.VISIBLE)))
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


def _json_needle(term: str) -> str:
    # SQLite stores JSON with non-ASCII characters escaped (\u5408); PostgreSQL's jsonb text has them as is.
    return json.dumps(term)[1:-1] if connection.vendor == "sqlite" else term


def directory(*, filters: DirectoryFilters) -> QuerySet[Membership]:
    """Listed members; a filter only matches a field its owner chose to show."""
    members = Membership.objects.filter(LISTED)
    if filters.country:
        members = members.filter(show_country=True, user__profile__country=filters.country)
    if filters.constituency:
        members = members.filter(show_constituency=True, user__profile__constituency=filters.constituency)
    if filters.expertise:
        members = members.alias(_expertise=Cast("user__profile__expertise", TextField())).filter(
            show_expertise=True, _expertise__icontains=_json_needle(filters.expertise.strip().lower()))
    if filters.language:
        members = members.alias(_languages=Cast("user__profile__languages", TextField())).filter(
            show_languages=True, _languages__contains=f'"{filters.language}"')
    if filters.institution:
        members = members.filter(show_institution=True, institution_id=filters.institution)
    return members.select_related("user__profile", "institution").order_by("user__profile__full_name", "pk")


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
