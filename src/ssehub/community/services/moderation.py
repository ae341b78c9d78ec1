"""Moderation: flags, approval of new members' posts, hide, lock, pin, move, suspend. Every act is in
the action log under `community.moderation.*` (the moderators' audit log reads that prefix)."""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.community.enums import FlagStatus, MembershipStatus, NotificationKind, PostState
from ssehub.community.models import Category, Flag, Membership, Post, Topic
from ssehub.community.services.discussions import announce_post, count_visible_topics
from ssehub.community.services.notify import notify
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_row

FLAGGED = action_verb("community.post.flag", gettext_lazy("Flagged a post"))
HIDDEN = action_verb("community.moderation.hide", gettext_lazy("Hid a post"))
APPROVED = action_verb("community.moderation.approve", gettext_lazy("Approved a new member's post"))
DISMISSED = action_verb("community.moderation.dismiss", gettext_lazy("Dismissed a flag"))
LOCKED = action_verb("community.moderation.lock", gettext_lazy("Locked or unlocked a topic"))
PINNED = action_verb("community.moderation.pin", gettext_lazy("Pinned or unpinned a topic"))
MOVED = action_verb("community.moderation.move", gettext_lazy("Moved a topic"))
SUSPENDED = action_verb("community.moderation.suspend", gettext_lazy("Suspended a member from posting"))

# Approved posts after which a new member's posts no longer wait (ADR 0501).
TRUST_AFTER_APPROVED = 3


def _require_moderator(actor: User) -> None:
    if not actor.has_perm("community.moderate"):
        raise ServiceError(_("Only moderators can do this."), code="forbidden")


@transaction.atomic
def post_flag(*, post: Post, user: User, reason: str) -> Flag:
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(_("Please say why you flag this post."), field="reason")
    if Flag.objects.filter(post=post, flagged_by=user, status=FlagStatus.OPEN).exists():
        raise ServiceError(_("You have already flagged this post."), code="duplicate")
    flag = Flag.objects.create(post=post, flagged_by=user, reason=reason[:500])
    log_action(actor=user, verb=FLAGGED, obj=post, data={"flag": flag.pk})
    return flag


@transaction.atomic
def post_hide(*, post: Post, actor: User, reason: str = "") -> Post:
    _require_moderator(actor)
    post = lock_row(Post, pk=post.pk)
    if post.state == PostState.HIDDEN:
        raise ServiceError(_("This post is already hidden."), code="hidden")
    was_visible = post.state == PostState.VISIBLE
    post.state = PostState.HIDDEN
    post.save(update_fields=["state"])
    if post.is_first:
        Topic.objects.filter(pk=post.topic_id).update(state=PostState.HIDDEN)
        if was_visible:
            count_visible_topics(category_id=post.topic.category_id, delta=-1)
    elif was_visible:
        Topic.objects.filter(pk=post.topic_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    flags = Flag.objects.filter(post=post, status=FlagStatus.OPEN).update(status=FlagStatus.HIDDEN,
                                                                           resolved_at=timezone.now())
    if post.author_id:
        notify(users=[post.author], kind=NotificationKind.MODERATION, actor=None, topic=post.topic, post=post,
               data={"what": "hidden"})
    log_action(actor=actor, verb=HIDDEN, obj=post, data={"reason": reason[:300], "flags": flags})
    return post


@transaction.atomic
def post_approve(*, post: Post, actor: User) -> Post:
    _require_moderator(actor)
    post = lock_row(Post, pk=post.pk)
    if post.state != PostState.PENDING:
        raise ServiceError(_("This post is not waiting for approval."), code="not_pending")
    post.state = PostState.VISIBLE
    post.save(update_fields=["state"])
    if post.is_first:
        Topic.objects.filter(pk=post.topic_id).update(state=PostState.VISIBLE)
        count_visible_topics(category_id=post.topic.category_id, delta=1)
    else:
        Topic.objects.filter(pk=post.topic_id).update(reply_count=F("reply_count") + 1,
                                                      last_activity_at=timezone.now())
    if post.author_id:
        Membership.objects.filter(user_id=post.author_id).update(approved_posts=F("approved_posts") + 1)
        Membership.objects.filter(user_id=post.author_id, trust_level=0,
                                  approved_posts__gte=TRUST_AFTER_APPROVED).update(trust_level=1)
        notify(users=[post.author], kind=NotificationKind.MODERATION, actor=None, topic=post.topic, post=post,
               data={"what": "approved"})
        announce_post(post, author=post.author)
    log_action(actor=actor, verb=APPROVED, obj=post)
    return post


@transaction.atomic
def flag_dismiss(*, flag: Flag, actor: User) -> Flag:
    _require_moderator(actor)
    flag = lock_row(Flag, pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise ServiceError(_("This flag has already been handled."), code="handled")
    flag.status = FlagStatus.DISMISSED
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_at"])
    log_action(actor=actor, verb=DISMISSED, obj=flag.post)
    return flag


@transaction.atomic
def topic_set_flags(*, topic: Topic, actor: User, locked: bool | None = None, pinned: bool | None = None) -> Topic:
    _require_moderator(actor)
    topic = lock_row(Topic, pk=topic.pk)
    if locked is not None and locked != topic.is_locked:
        topic.is_locked = locked
        topic.save(update_fields=["is_locked"])
        log_action(actor=actor, verb=LOCKED, obj=topic, data={"locked": locked})
    if pinned is not None and pinned != topic.is_pinned:
        topic.is_pinned = pinned
        topic.save(update_fields=["is_pinned"])
        log_action(actor=actor, verb=PINNED, obj=topic, data={"pinned": pinned})
    return topic


@transaction.atomic
def topic_move(*, topic: Topic, actor: User, category: Category) -> Topic:
    _require_moderator(actor)
    topic = lock_row(Topic, pk=topic.pk)
    if topic.category_id == category.pk:
        return topic
    old = topic.category
    topic.category = category
    topic.save(update_fields=["category"])
    if topic.state == PostState.VISIBLE:
        count_visible_topics(category_id=old.pk, delta=-1)
        count_visible_topics(category_id=category.pk, delta=1)
    log_action(actor=actor, verb=MOVED, obj=topic, data={"category": [old.slug, category.slug]})
    return topic


@transaction.atomic
def membership_suspend(*, membership: Membership, actor: User, days: int, reason: str) -> Membership:
    _require_moderator(actor)
    membership = lock_row(Membership, pk=membership.pk)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("Only members can be suspended."), code="not_member")
    if not 0 < days <= 365:
        raise ServiceError(_("Suspend for 1 to 365 days."), field="days")
    membership.suspended_until = timezone.now() + dt.timedelta(days=days)
    membership.save(update_fields=["suspended_until"])
    notify(users=[membership.user], kind=NotificationKind.MODERATION, actor=None, data={"what": "suspended"})
    log_action(actor=actor, verb=SUSPENDED, obj=membership, data={"days": days, "reason": reason[:300]})
    return membership


CATEGORY_SAVED = action_verb("community.category.save", gettext_lazy("Created or changed a discussion category"))


@transaction.atomic
def category_save(*, category: Category, actor: User | None, changed: list[str]) -> Category:
    """The admin's category form saves here (a set-up record: created by platform admins)."""
    created = category.pk is None
    full_clean_or_refuse(category)
    category.save()
    log_action(actor=actor, verb=CATEGORY_SAVED, obj=category, data={"created": created, "fields": changed})
    return category
