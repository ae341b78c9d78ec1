"""Topics, replies, edits, reactions, accepted answers, follow and mute."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.agenda.files import material_kind_of
from ssehub.community import cards, search, text
from ssehub.community.enums import MembershipStatus, NotificationKind, PostState, SubscriptionLevel
from ssehub.community.models import (
    LISTED,
    Attachment,
    Category,
    Membership,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
    TopicRead,
)
from ssehub.community.services.notify import notify
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, from_validation_error
from ssehub.core.stale import lock_for_edit, lock_row

TOPIC_CREATED = action_verb("community.topic.create", gettext_lazy("Started a topic"))
POST_CREATED = action_verb("community.post.create", gettext_lazy("Replied in a topic"))
POST_EDITED = action_verb("community.post.edit", gettext_lazy("Edited a post"))
HELPFUL = action_verb("community.post.helpful", gettext_lazy("Marked a post helpful"))
ACCEPTED = action_verb("community.topic.accept", gettext_lazy("Accepted an answer"))
SUBSCRIBED = action_verb("community.subscription.set", gettext_lazy("Followed or muted"))

# New members (trust 0): posts wait for a moderator and hold at most this many links (ADR 0501).
NEW_MEMBER_MAX_LINKS = 2
# Posts per member in RATE_WINDOW: new members, then trusted ones.
RATE_WINDOW = dt.timedelta(minutes=10)
RATE_LIMITS = {0: 3, 1: 10}
MAX_ATTACHMENTS = 3


def _mention_url(handle: str) -> str | None:
    listed = Membership.objects.filter(LISTED, handle=handle).exists()
    return reverse("community:member", kwargs={"handle": handle}) if listed else None


def _listed_mentions(body: str) -> list[User]:
    handles = text.mentioned_handles(body)
    if not handles:
        return []
    return [membership.user for membership in Membership.objects.filter(
        LISTED, handle__in=handles).select_related("user")]


def _render(post: Post) -> None:
    handles = text.mentioned_handles(post.body)
    visible = set(Membership.objects.filter(LISTED, handle__in=handles)
                  .values_list("handle", flat=True)) if handles else set()
    post.body_html = text.render(post.body, mention_url=lambda handle: (
        reverse("community:member", kwargs={"handle": handle}) if handle in visible else None))
    post.card_refs = cards.card_refs_in(text.links_in(post.body))
    post.search_text = text.search_text(post.body)


def _poster(user: User) -> Membership:
    """The author's membership, locked: the rate limit counts and then writes (check-then-write)."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("Only members can post."), code="not_member")
    membership = lock_row(Membership, pk=membership.pk)
    if membership.suspended_until and membership.suspended_until > timezone.now():
        raise ServiceError(_("Your account is suspended from posting for now."), code="suspended")
    recent = Post.objects.filter(author=user, created_at__gte=timezone.now() - RATE_WINDOW).count()
    if recent >= RATE_LIMITS.get(membership.trust_level, RATE_LIMITS[1]):
        raise ServiceError(_("You are posting very fast. Please wait a few minutes and try again."),
                           code="rate_limited")
    return membership


def _check_body(body: str, membership: Membership) -> str:
    body = body.strip()
    if not body:
        raise ServiceError(_("Please write something."), field="body")
    if membership.trust_level == 0 and len(text.links_in(body)) > NEW_MEMBER_MAX_LINKS:
        raise ServiceError(_("New members' posts may hold at most two links."), field="body", code="too_many_links")
    return body


def _attach(post: Post, files: list) -> None:
    if len(files) > MAX_ATTACHMENTS:
        raise ServiceError(_("Attach at most three files."), field="attachments")
    for upload in files:
        try:
            kind = material_kind_of(upload)  # the agenda's content and size checks, reused
        except ValidationError as error:
            raise from_validation_error(error) from error
        Attachment.objects.create(post=post, file=upload, name=upload.name[:200], kind=str(kind.value),
                                  size=upload.size)


def _followers(topic: Topic) -> list[int]:
    follows = set(Subscription.objects.filter(topic=topic, level=SubscriptionLevel.FOLLOW).values_list("user_id", flat=True))
    follows |= set(Subscription.objects.filter(category_id=topic.category_id, level=SubscriptionLevel.FOLLOW)
                   .values_list("user_id", flat=True))
    muted = set(Subscription.objects.filter(topic=topic, level=SubscriptionLevel.MUTE).values_list("user_id", flat=True))
    return sorted(follows - muted)


def announce_post(post: Post, *, author: User) -> None:
    """Notify the mentioned and the followers, once per person (a mention wins)."""
    mentioned = _listed_mentions(post.body)
    notify(users=mentioned, kind=NotificationKind.MENTION, actor=author, topic=post.topic, post=post)
    others = set(_followers(post.topic)) - {user.pk for user in mentioned}
    notify(users=User.objects.filter(pk__in=others), kind=NotificationKind.REPLY, actor=author, topic=post.topic,
           post=post)


def _can_read(user: User, category: Category) -> bool:
    return user.has_perm("community.read_category", category)


@transaction.atomic
def topic_create(*, category: Category, author: User, title: str, body: str, files: list | None = None) -> Topic:
    membership = _poster(author)
    if not _can_read(author, category):
        raise ServiceError(_("You cannot post in this category."), code="forbidden")
    title = " ".join(title.split())
    if not title:
        raise ServiceError(_("Please give the topic a title."), field="title")
    body = _check_body(body, membership)
    state = PostState.VISIBLE if membership.trust_level > 0 else PostState.PENDING
    topic = Topic.objects.create(category=category, title=title[:200], author=author, state=state,
                                 search_text=text.search_text(title))
    post = Post(topic=topic, author=author, body=body, is_first=True, state=state)
    _render(post)
    post.save()
    search.index_topic(topic)
    search.index_post(post)
    _attach(post, files or [])
    Subscription.objects.get_or_create(user=author, topic=topic, defaults={"level": SubscriptionLevel.FOLLOW})
    if state == PostState.VISIBLE:
        count_visible_topics(category_id=category.pk, delta=1)
        announce_post(post, author=author)
    log_action(actor=author, verb=TOPIC_CREATED, obj=topic, data={"category": category.slug, "state": state})
    return topic


@transaction.atomic
def post_reply(*, topic: Topic, author: User, body: str, files: list | None = None) -> Post:
    membership = _poster(author)
    topic = lock_row(Topic, pk=topic.pk)
    if not _can_read(author, topic.category):
        raise ServiceError(_("You cannot post in this category."), code="forbidden")
    if topic.is_locked:
        raise ServiceError(_("This topic is locked; no more replies."), code="locked")
    if topic.state != PostState.VISIBLE:
        raise ServiceError(_("This topic is not open for replies."), code="not_visible")
    body = _check_body(body, membership)
    state = PostState.VISIBLE if membership.trust_level > 0 else PostState.PENDING
    post = Post(topic=topic, author=author, body=body, state=state)
    _render(post)
    post.save()
    search.index_post(post)
    _attach(post, files or [])
    if state == PostState.VISIBLE:
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1, last_activity_at=post.created_at)
        announce_post(post, author=author)
    log_action(actor=author, verb=POST_CREATED, obj=post, data={"topic": topic.pk, "state": state})
    return post


@transaction.atomic
def post_edit(*, post: Post, actor: User, body: str, expected_version: int | None) -> Post:
    post = lock_for_edit(Post, pk=post.pk, expected_version=expected_version)
    if not actor.has_perm("community.edit_post", post):
        raise ServiceError(_("You cannot edit this post."), code="forbidden")
    body = body.strip()
    if not body:
        raise ServiceError(_("Please write something."), field="body")
    if body == post.body:
        return post
    number = post.revisions.count() + 1
    PostRevision.objects.create(post=post, number=number, body=post.body, edited_by=actor)
    post.body = body
    _render(post)
    post.edited_at = timezone.now()
    post.version += 1
    post.save(update_fields=["body", "body_html", "card_refs", "search_text", "edited_at", "version"])
    search.index_post(post)
    log_action(actor=actor, verb=POST_EDITED, obj=post, data={"revision": number})
    return post


@transaction.atomic
def post_toggle_helpful(*, post: Post, user: User) -> bool:
    """Mark or unmark a post helpful; True when it is now marked."""
    if post.author_id == user.pk:
        raise ServiceError(_("You cannot mark your own post helpful."), code="own_post")
    if post.state != PostState.VISIBLE:
        raise ServiceError(_("This post is not visible."), code="not_visible")
    post = lock_row(Post, pk=post.pk)
    deleted, _rows = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
    else:
        Reaction.objects.create(post=post, user=user)
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    log_action(actor=user, verb=HELPFUL, obj=post, data={"helpful": not deleted})
    return not deleted


@transaction.atomic
def topic_accept_answer(*, topic: Topic, post: Post, actor: User) -> Topic:
    topic = lock_row(Topic, pk=topic.pk)
    if not actor.has_perm("community.accept_answer", topic):
        raise ServiceError(_("Only the person who asked, or a moderator, can accept an answer."), code="forbidden")
    if post.topic_id != topic.pk or post.is_first or post.state != PostState.VISIBLE:
        raise ServiceError(_("Choose a visible reply in this topic."), code="invalid")
    topic.accepted_post = post
    topic.version += 1
    topic.save(update_fields=["accepted_post", "version"])
    if post.author_id:
        Membership.objects.filter(user_id=post.author_id, trust_level=0).update(trust_level=1)
        notify(users=[post.author], kind=NotificationKind.ACCEPTED, actor=actor, topic=topic, post=post)
    log_action(actor=actor, verb=ACCEPTED, obj=topic, data={"post": post.pk})
    return topic


@transaction.atomic
def subscription_set(*, user: User, level: str, topic: Topic | None = None, category: Category | None = None) -> None:
    """Follow, mute, or (level "") go back to the default for a topic or a category."""
    if (topic is None) == (category is None):
        raise ServiceError(_("Choose a topic or a category."))
    target = {"topic": topic} if topic is not None else {"category": category}
    if level not in (SubscriptionLevel.FOLLOW, SubscriptionLevel.MUTE, ""):
        raise ServiceError(_("Choose follow or mute."), field="level")
    if level:
        Subscription.objects.update_or_create(user=user, **target, defaults={"level": level})
    else:
        Subscription.objects.filter(user=user, **target).delete()
    log_action(actor=user, verb=SUBSCRIBED, obj=topic or category, data={"level": level})


def count_visible_topics(*, category_id: int, delta: int) -> None:
    """Category.topic_count follows a topic becoming visible (+1) or not (-1), in the caller's transaction."""
    categories = Category.objects.filter(pk=category_id)
    if delta < 0:
        categories = categories.filter(topic_count__gte=-delta)
    categories.update(topic_count=F("topic_count") + delta)


def topic_mark_read(*, user: User, topic: Topic) -> None:
    """A read mark, and the topic's notifications read with it (not a change of importance: not logged).
    One read, and writes only when something is new since the last visit: reading a topic again
    writes nothing."""
    now = timezone.now()
    read_at, unread = Topic.objects.filter(pk=topic.pk).annotate(
        read_at=Subquery(TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values("read_at")[:1]),
        unread=Exists(Notification.objects.filter(user=user, topic=OuterRef("pk"), read_at__isnull=True)),
    ).values_list("read_at", "unread").get()
    if read_at is None or read_at < topic.last_activity_at:
        TopicRead.objects.bulk_create([TopicRead(user=user, topic=topic, read_at=now)], update_conflicts=True,
                                      unique_fields=["user", "topic"], update_fields=["read_at"])
    if unread:
        Notification.objects.filter(user=user, topic=topic, read_at__isnull=True).update(read_at=now)
