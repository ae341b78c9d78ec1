"""Daily and weekly e-mail digests, and the one-click unsubscribe."""

import datetime as dt
from collections import OrderedDict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.community import mail
from ssehub.community.enums import EmailFrequency, MembershipStatus, PostState, SubscriptionLevel
from ssehub.community.models import Membership, Notification, Post, Subscription, TopicRead
from ssehub.core.actionlog import action_verb, log_action

DIGESTS_SENT = action_verb("community.digest.send", gettext_lazy("Sent e-mail digests"))
UNSUBSCRIBED = action_verb("community.membership.unsubscribe", gettext_lazy("Unsubscribed from community e-mail"))
PERIODS = {EmailFrequency.DAILY: dt.timedelta(days=1), EmailFrequency.WEEKLY: dt.timedelta(days=7)}
MAX_ITEMS = 50


def digest_items(*, user: User, since: dt.datetime) -> "OrderedDict[str, list[dict]]":
    """What a member has not read since `since`, grouped by category: new posts in what they follow
    (topics or categories, mutes respected) and their unread notifications."""
    followed_topics = Subscription.objects.filter(user=user, level=SubscriptionLevel.FOLLOW, topic__isnull=False)
    followed_categories = Subscription.objects.filter(user=user, level=SubscriptionLevel.FOLLOW, category__isnull=False)
    muted = Subscription.objects.filter(user=user, level=SubscriptionLevel.MUTE).values("topic_id")
    read_after = TopicRead.objects.filter(user=user, topic=OuterRef("topic_id"), read_at__gte=OuterRef("created_at"))
    posts = (Post.objects.filter(created_at__gt=since, state=PostState.VISIBLE, topic__state=PostState.VISIBLE)
             .filter(Q(topic_id__in=followed_topics.values("topic_id"))
                     | Q(topic__category_id__in=followed_categories.values("category_id")))
             .exclude(topic_id__in=muted).exclude(author=user).exclude(Exists(read_after))
             .select_related("topic__category", "author__profile").order_by("topic__category__position", "created_at"))
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for post in posts[:MAX_ITEMS]:
        groups.setdefault(post.topic.category.title, []).append({"post": post, "topic": post.topic})
    notifications = (Notification.objects.filter(user=user, read_at__isnull=True, created_at__gt=since)
                     .exclude(post__state=PostState.HIDDEN).select_related("topic__category", "actor__profile"))
    seen_posts = {item["post"].pk for items in groups.values() for item in items}
    for notification in notifications[:MAX_ITEMS]:
        if notification.post_id in seen_posts:
            continue
        key = notification.topic.category.title if notification.topic_id else ""
        groups.setdefault(key, []).append({"notification": notification, "topic": notification.topic})
    return groups


def digests_send(*, frequency: str, now: dt.datetime | None = None) -> int:
    """Send each member who chose `frequency` one digest of what they have not read; returns the count."""
    now = now or timezone.now()
    period = PERIODS[frequency]
    sent = 0
    members = (Membership.objects.filter(status=MembershipStatus.ACTIVE, email_frequency=frequency)
               .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - period + dt.timedelta(hours=1)))
               .select_related("user__profile"))
    for membership in members:
        since = membership.last_digest_at or (now - period)
        groups = digest_items(user=membership.user, since=since)
        if groups:
            mail.send(user=membership.user, template="digest", unsubscribe=True,
                      context={"groups": groups, "frequency": frequency, "membership": membership})
            sent += 1
        Membership.objects.filter(pk=membership.pk).update(last_digest_at=now)
    log_action(actor=None, verb=DIGESTS_SENT, data={"frequency": frequency, "sent": sent})
    return sent


@transaction.atomic
def membership_unsubscribe(*, user: User) -> bool:
    """Stop all community e-mail (the unsubscribe link); True when something changed."""
    changed = Membership.objects.filter(user=user).exclude(email_frequency=EmailFrequency.NONE).update(
        email_frequency=EmailFrequency.NONE)
    if changed:
        log_action(actor=user, verb=UNSUBSCRIBED, obj=Membership.objects.get(user=user))
    return bool(changed)
