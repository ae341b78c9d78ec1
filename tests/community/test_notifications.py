import datetime as dt
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ssehub.community import tokens
from ssehub.community.enums import EmailFrequency, SubscriptionLevel
from ssehub.community.models import Membership, Notification
from ssehub.community.services import discussions
from ssehub.community.services.digests import digests_send
from ssehub.community.services.discussions import topic_mark_read
from tests.community.helpers import category, member

pytestmark = pytest.mark.django_db


def _weekly(membership):
    membership.email_frequency = EmailFrequency.WEEKLY
    membership.last_digest_at = timezone.now() - dt.timedelta(days=8)
    membership.save()
    return membership


def test_weekly_digest_holds_only_unread_items_grouped_by_category():
    reader = _weekly(member(preferred_language="en"))
    cat = category("rural", title="Decent work in the rural economy")
    discussions.subscription_set(user=reader.user, level=SubscriptionLevel.FOLLOW, category=cat)
    author = member()
    read_topic = discussions.topic_create(category=cat, author=author.user, title="Already read", body="Old news")
    unread_topic = discussions.topic_create(category=cat, author=author.user, title="Rice cooperatives", body="New")
    topic_mark_read(user=reader.user, topic=read_topic)
    mail.outbox.clear()
    call_command("send_digests", "weekly")
    assert [message.to for message in mail.outbox] == [[reader.user.email]]
    body = mail.outbox[0].body
    assert "Decent work in the rural economy" in body
    assert "Rice cooperatives" in body
    assert "Already read" not in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unread_topic.title in body


def test_digest_in_the_member_language():
    reader = _weekly(member(preferred_language="ko"))
    cat = category()
    discussions.subscription_set(user=reader.user, level=SubscriptionLevel.FOLLOW, category=cat)
    discussions.topic_create(category=cat, author=member().user, title="Topic", body="Body")
    mail.outbox.clear()
    digests_send(frequency=EmailFrequency.WEEKLY)
    assert "다이제스트" in mail.outbox[0].subject


def test_unsubscribe_link_works_without_logging_in(client):
    reader = _weekly(member())
    cat = category()
    discussions.subscription_set(user=reader.user, level=SubscriptionLevel.FOLLOW, category=cat)
    discussions.topic_create(category=cat, author=member().user, title="Topic", body="Body")
    mail.outbox.clear()
    digests_send(frequency=EmailFrequency.WEEKLY)
    url = re.search(r"<(https?://[^>]+)>", mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Membership.objects.get(pk=reader.pk).email_frequency == EmailFrequency.NONE


def test_unsubscribe_forged_or_expired_is_refused_without_saying_whose(client, settings):
    reader = _weekly(member())
    token = tokens.unsubscribe_token(user_id=reader.user.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(reverse("community:unsubscribe", kwargs={"token": forged}))
    assert response.status_code == 400
    assert reader.user.email not in response.content.decode()
    expired = _OldSigner(salt=tokens.UNSUBSCRIBE_SALT).sign_object({"u": reader.user.pk}, compress=True)
    response = client.post(reverse("community:unsubscribe", kwargs={"token": expired}))
    assert response.status_code == 400
    assert Membership.objects.get(pk=reader.pk).email_frequency == EmailFrequency.WEEKLY


class _OldSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 200 * 24 * 3600)


def test_notifications_page_lists_and_marks_read(client):
    asker = member()
    topic = discussions.topic_create(category=category(), author=asker.user, title="Rice", body="Question")
    discussions.post_reply(topic=topic, author=member().user, body="Answer")
    client.force_login(asker.user)
    page = client.get(reverse("community:notifications")).content.decode()
    assert "replied in “Rice”" in page
    assert "1 unread" in page
    client.post(reverse("community:notifications"))
    assert Notification.objects.filter(user=asker.user, read_at__isnull=True).count() == 0


def test_immediate_email_for_members_who_chose_it():
    asker = member()
    asker.email_frequency = EmailFrequency.IMMEDIATE
    asker.save()
    topic = discussions.topic_create(category=category(), author=asker.user, title="Rice", body="Question")
    mail.outbox.clear()
    discussions.post_reply(topic=topic, author=member().user, body="Answer")
    assert [message.to for message in mail.outbox] == [[asker.user.email]]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_digest_skips_hidden_posts():
    from ssehub.community.services.moderation import post_hide
    from tests.factories import make_user

    reader = _weekly(member())
    cat = category()
    topic = discussions.topic_create(category=cat, author=reader.user, title="Mine", body="Question")
    spam = discussions.post_reply(topic=topic, author=member().user, body="Cheap watches")
    post_hide(post=spam, actor=make_user("moderator"))
    mail.outbox.clear()
    digests_send(frequency=EmailFrequency.WEEKLY)
    assert [message for message in mail.outbox if "Cheap watches" in message.body] == []
