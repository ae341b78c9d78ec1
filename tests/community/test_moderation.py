
import pytest
from django.test import Client
from django.urls import reverse

from ssehub.community.enums import FlagStatus, MembershipStatus, PostState
from ssehub.community.models import Flag, Membership, Post, Topic
from ssehub.community.services import discussions, moderation
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from tests.community.helpers import category, member
from tests.concurrency import at_the_same_instant
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _topic(author, cat=None):
    return discussions.topic_create(category=cat or category(), author=author.user, title="A question", body="Body")


def test_member_flags_a_post_and_a_moderator_hides_it(client):
    topic = _topic(member())
    reply = discussions.post_reply(topic=topic, author=member().user, body="Buy cheap watches")
    flagger = member()
    client.force_login(flagger.user)
    client.post(reverse("community:post_flag", kwargs={"pk": reply.pk}), {"reason": "Spam"})
    flag = Flag.objects.get()
    client.force_login(make_user("moderator"))
    queue = client.get(reverse("community:moderation")).content.decode()
    assert "Spam" in queue
    assert client.post(reverse("community:post_hide", kwargs={"pk": reply.pk})).status_code == 302
    reply.refresh_from_db()
    flag.refresh_from_db()
    assert (reply.state, flag.status) == (PostState.HIDDEN, FlagStatus.HIDDEN)
    client.force_login(flagger.user)
    assert "Buy cheap watches" not in client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    client.force_login(make_user("moderator"))
    log = client.get(reverse("community:moderation_log")).content.decode()
    assert "Hid a post" in log


def test_member_cannot_hide(client):
    reply = discussions.post_reply(topic=_topic(member()), author=member().user, body="x")
    client.force_login(member().user)
    assert client.post(reverse("community:post_hide", kwargs={"pk": reply.pk})).status_code == 403
    with pytest.raises(ServiceError):
        moderation.post_hide(post=reply, actor=make_user())


def test_approval_makes_a_new_member_post_visible_and_trust_grows():
    newcomer = member(trust=0)
    moderator = make_user("moderator")
    topic = _topic(member())
    for number in range(3):
        post = discussions.post_reply(topic=topic, author=newcomer.user, body=f"Reply {number}")
        assert post.state == PostState.PENDING
        moderation.post_approve(post=post, actor=moderator)
    newcomer.refresh_from_db()
    topic.refresh_from_db()
    assert (newcomer.approved_posts, newcomer.trust_level, topic.reply_count) == (3, 1, 3)


def test_suspended_member_cannot_post():
    author = member()
    topic = _topic(author)
    moderation.membership_suspend(membership=author, actor=make_user("moderator"), days=7, reason="Insults")
    with pytest.raises(ServiceError) as error:
        discussions.post_reply(topic=topic, author=author.user, body="Still here")
    assert error.value.code == "suspended"


def test_lock_pin_move():
    moderator = make_user("moderator")
    topic = _topic(member())
    other = category("covid-recovery")
    moderation.topic_set_flags(topic=topic, actor=moderator, locked=True, pinned=True)
    moderation.topic_move(topic=topic, actor=moderator, category=other)
    topic.refresh_from_db()
    assert (topic.is_locked, topic.is_pinned, topic.category) == (True, True, other)
    with pytest.raises(ServiceError) as error:
        discussions.post_reply(topic=topic, author=member().user, body="x")
    assert error.value.code == "locked"
    verbs = sorted(ActionLogEntry.objects.filter(verb__startswith="community.moderation").values_list("verb", flat=True))
    assert verbs == ["community.moderation.lock", "community.moderation.move", "community.moderation.pin"]


def test_deleted_account_keeps_posts_signed_former_member(client):
    author = member(full_name="Leaving Person")
    topic = _topic(author)
    author.user.delete()
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "former member" in page
    assert "Leaving Person" not in page
    assert Post.objects.filter(topic=topic).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_one_wins():
    person = make_user()
    membership = Membership.objects.create(user=person, status=MembershipStatus.PENDING, source="request",
                                           handle="asker", motivation="Hello")
    moderators = [make_user("moderator"), make_user("moderator")]
    statuses = []
    url = reverse("community:membership_decide", kwargs={"pk": membership.pk})
    clients = []
    for moderator in moderators:
        client = Client()
        client.force_login(moderator)
        clients.append(client)
    at_the_same_instant(lambda: clients[0].post(url, {"decision": "approve"}),
                        lambda: clients[1].post(url, {"decision": "decline"}))
    membership.refresh_from_db()
    statuses.append(membership.status)
    decided = ActionLogEntry.objects.filter(verb="community.moderation.membership").count()
    assert decided == 1
    assert statuses[0] in (MembershipStatus.ACTIVE, MembershipStatus.DECLINED)


def test_hidden_topic_leaves_the_list(client):
    author = member()
    topic = _topic(author)
    first = Post.objects.get(topic=topic, is_first=True)
    moderation.post_hide(post=first, actor=make_user("moderator"))
    assert Topic.objects.get(pk=topic.pk).state == PostState.HIDDEN
    client.force_login(member().user)
    page = client.get(reverse("community:category", kwargs={"slug": topic.category.slug})).content.decode()
    assert "A question" not in page


@pytest.mark.django_db(transaction=True)
def test_rate_limit_holds_for_two_posts_sent_at_once():
    author = member(trust=0)
    topic = discussions.topic_create(category=category(), author=member().user, title="Busy", body="Body")
    for number in range(2):
        discussions.post_reply(topic=topic, author=author.user, body=f"Reply {number}")
    url = reverse("community:reply", kwargs={"pk": topic.pk})
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(author.user)
    at_the_same_instant(*(lambda number=number: clients[number].post(url, {"body": f"At once {number}"})
                          for number in range(2)))
    assert Post.objects.filter(author=author.user).count() == 3
