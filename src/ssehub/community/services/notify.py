"""In-site notifications, and the e-mail at once for members who chose it."""

from collections.abc import Iterable

from django.utils import timezone

from ssehub.accounts.models import User
from ssehub.community import mail
from ssehub.community.enums import EmailFrequency, MembershipStatus
from ssehub.community.models import Membership, Notification


def notify(*, users: Iterable[User], kind: str, actor=None, topic=None, post=None, data: dict | None = None) -> int:
    """One notification per person (never the actor); members who chose "at once" also get an e-mail
    (queued in the same transaction, so it goes only if the write commits)."""
    ids = {user.pk for user in users} - {getattr(actor, "pk", None)}
    if not ids:
        return 0
    created = Notification.objects.bulk_create([
        Notification(user_id=pk, kind=kind, actor=actor if getattr(actor, "pk", None) else None, topic=topic,
                     post=post, data=data or {})
        for pk in sorted(ids)
    ])
    immediate = set(Membership.objects.filter(
        user_id__in=ids, status=MembershipStatus.ACTIVE, email_frequency=EmailFrequency.IMMEDIATE,
    ).values_list("user_id", flat=True))
    if immediate:
        notification_ids = [item.pk for item in created if item.user_id in immediate]
        _email_now(notification_ids)
    return len(created)


def _email_now(notification_ids: list[int]) -> None:
    items = Notification.objects.filter(pk__in=notification_ids).select_related(
        "user__profile", "actor__profile", "topic")
    for item in items:
        mail.send(user=item.user, template="notification", unsubscribe=True,
                  context={"notification": item})
    Notification.objects.filter(pk__in=notification_ids).update(emailed_at=timezone.now())


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
