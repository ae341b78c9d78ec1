"""Pages that stay fast at scale (docs/decisions/0505): keyset pages of a category, numbered pages of a
topic that work without JavaScript, lasting post addresses, counters kept by the services, and a
topic read again without a write."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ssehub.community.models import Category, Post, Topic
from ssehub.community.selectors import topic_cursor
from ssehub.community.services import discussions, moderation
from ssehub.community.views.discussions import POSTS_PER_PAGE, TOPICS_PER_PAGE
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    # Long topics are written by one member here; the limit itself is tested in test_discussions.
    monkeypatch.setitem(discussions.RATE_LIMITS, 1, 10_000)


def _topics(cat, count, *, author=None, tie_at=None):
    """`count` visible topics, newest first by number ("Topic 0" the latest activity)."""
    author = author or member().user
    made = [discussions.topic_create(category=cat, author=author, title=f"Topic {n}", body="Body") for n in range(count)]
    now = timezone.now()
    for n, topic in enumerate(made):
        at = tie_at if tie_at is not None and n in (TOPICS_PER_PAGE - 1, TOPICS_PER_PAGE) else now - dt.timedelta(
            minutes=n)
        Topic.objects.filter(pk=topic.pk).update(last_activity_at=at)
    return made


def _titles(page: str) -> list[str]:
    import re

    return re.findall(r">(Topic \d+)</a>", page)


def test_a_category_pages_by_keyset_with_pinned_topics_on_the_first_page_only(client):
    cat = category()
    # Two topics at the page boundary share their activity time: the id breaks the tie, none is lost.
    tie = timezone.now() - dt.timedelta(minutes=TOPICS_PER_PAGE - 1)
    topics = _topics(cat, TOPICS_PER_PAGE + 4, tie_at=tie)
    moderator = make_user("moderator")
    for topic in topics[-2:]:
        moderation.topic_set_flags(topic=topic, actor=moderator, pinned=True)
    url = reverse("community:category", kwargs={"slug": cat.slug})
    first = client.get(url).content.decode()
    unpinned = [f"Topic {n}" for n in range(TOPICS_PER_PAGE + 2)]
    assert _titles(first) == [f"Topic {TOPICS_PER_PAGE + 2}", f"Topic {TOPICS_PER_PAGE + 3}", *sorted(
        unpinned[:TOPICS_PER_PAGE - 1], key=lambda t: int(t.split()[1])), _later_of_tie(topics)]
    cursor = topic_cursor(Topic.objects.get(title=_later_of_tie(topics)))
    assert f'href="?before={cursor}" rel="next">Older topics' in first
    second = client.get(url, {"before": cursor}).content.decode()
    assert _titles(second) == [_earlier_of_tie(topics), f"Topic {TOPICS_PER_PAGE + 1}"]
    assert "Older topics" not in second
    assert 'href="?">Latest topics' in second
    assert _titles(client.get(url, {"before": "garbage"}).content.decode()) == _titles(first)


def _later_of_tie(topics):
    # Same time: the higher id comes first (newest first, then id descending).
    pair = sorted([topics[TOPICS_PER_PAGE - 1], topics[TOPICS_PER_PAGE]], key=lambda t: -t.pk)
    return pair[0].title


def _earlier_of_tie(topics):
    pair = sorted([topics[TOPICS_PER_PAGE - 1], topics[TOPICS_PER_PAGE]], key=lambda t: -t.pk)
    return pair[1].title


def test_waiting_topics_are_listed_apart_for_their_author_and_moderators(client):
    cat = category()
    newcomer = member(trust=0)
    waiting = discussions.topic_create(category=cat, author=newcomer.user, title="Topic 99", body="First post")
    url = reverse("community:category", kwargs={"slug": cat.slug})
    client.force_login(member().user)
    assert "Topic 99" not in client.get(url).content.decode()
    client.force_login(newcomer.user)
    page = client.get(url).content.decode()
    assert "Your topics waiting for approval" in page
    assert "Topic 99" in page
    client.force_login(make_user("moderator"))
    page = client.get(url).content.decode()
    assert "Not visible to members" in page
    assert "Topic 99" in page
    assert waiting.state == "pending"


def test_category_counts_visible_topics_through_create_approve_hide_and_move(client):
    general, other = category("general"), category("other")
    moderator = make_user("moderator")
    visible = discussions.topic_create(category=general, author=member().user, title="Seen", body="Body")
    waiting = discussions.topic_create(category=general, author=member(trust=0).user, title="Waiting", body="Body")

    def counts():
        return dict(Category.objects.values_list("slug", "topic_count"))

    assert counts() == {"general": 1, "other": 0}
    moderation.post_approve(post=waiting.posts.get(), actor=moderator)
    assert counts() == {"general": 2, "other": 0}
    moderation.topic_move(topic=visible, actor=moderator, category=other)
    assert counts() == {"general": 1, "other": 1}
    moderation.post_hide(post=visible.posts.get(), actor=moderator)
    assert counts() == {"general": 1, "other": 0}
    page = client.get(reverse("community:index")).content.decode()
    assert "<td>1</td>" in page


def _long_topic(replies: int):
    topic = discussions.topic_create(category=category(), author=member().user, title="Long", body="Question")
    writer = member().user
    for n in range(replies):
        discussions.post_reply(topic=topic, author=writer, body=f"Reply number {n}")
    topic.refresh_from_db()
    return topic


def test_a_topic_pages_by_number_without_javascript(client):
    topic = _long_topic(2 * POSTS_PER_PAGE + 4)  # with the question: three pages, the last of five posts
    url = reverse("community:topic", kwargs={"pk": topic.pk})
    first = client.get(url).content.decode()
    assert "Page 1 of 3" in first
    assert first.count("Reply number") == POSTS_PER_PAGE - 1
    assert 'href="?page=2" rel="next">Later posts' in first
    assert 'href="?page=3">Latest posts' in first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count("Reply number") == 5
    assert f"Reply number {2 * POSTS_PER_PAGE + 3}<" in last
    assert 'href="?page=2" rel="prev">Earlier posts' in last
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "x"}).content.decode().count("Reply number") == POSTS_PER_PAGE - 1


def test_a_post_keeps_one_address_that_finds_its_page(client):
    topic = _long_topic(POSTS_PER_PAGE + 1)
    last_post = Post.objects.filter(topic=topic).order_by("-pk").first()
    response = client.get(reverse("community:post", kwargs={"pk": last_post.pk}))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('community:topic', kwargs={'pk': topic.pk})}?page=2#post-{last_post.pk}"
    first_post = topic.posts.get(is_first=True)
    response = client.get(reverse("community:post", kwargs={"pk": first_post.pk}))
    assert response["Location"] == f"{reverse('community:topic', kwargs={'pk': topic.pk})}#post-{first_post.pk}"


def test_a_reply_lands_on_the_page_that_shows_it(client):
    topic = _long_topic(POSTS_PER_PAGE)
    writer = member()
    client.force_login(writer.user)
    response = client.post(reverse("community:reply", kwargs={"pk": topic.pk}), {"body": "The newest reply"})
    post = Post.objects.get(body="The newest reply")
    assert response["Location"].endswith(f"?page=2#post-{post.pk}")
    assert "The newest reply" in client.get(response["Location"]).content.decode()


def test_own_waiting_post_shows_apart_and_hidden_posts_stay_hidden(client):
    topic = _long_topic(1)
    newcomer = member(trust=0)
    discussions.post_reply(topic=topic, author=newcomer.user, body="My reply waits")
    hidden = discussions.post_reply(topic=topic, author=member().user, body="A reply the moderators hid")
    moderation.post_hide(post=hidden, actor=make_user("moderator"))
    url = reverse("community:topic", kwargs={"pk": topic.pk})
    client.force_login(newcomer.user)
    page = client.get(url).content.decode()
    assert "Your posts waiting for approval" in page
    assert "My reply waits" in page
    assert "A reply the moderators hid" not in page
    client.force_login(member().user)
    page = client.get(url).content.decode()
    assert "My reply waits" not in page
    assert "A reply the moderators hid" not in page
    client.force_login(make_user("moderator"))
    page = client.get(url).content.decode()
    assert "My reply waits" in page
    assert "A reply the moderators hid" in page


def test_reading_a_topic_again_writes_nothing(client):
    topic = _long_topic(2)
    reader = member()
    client.force_login(reader.user)
    url = reverse("community:topic", kwargs={"pk": topic.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(
        ("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    discussions.post_reply(topic=topic, author=member().user, body="Something new")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert any("community_topicread" in q["sql"] for q in queries.captured_queries
               if q["sql"].lstrip().upper().startswith("INSERT"))


def test_a_post_address_in_a_members_only_category_is_closed_to_others(client):
    closed = category("lounge", public=False)
    topic = discussions.topic_create(category=closed, author=member().user, title="Inside", body="Members only")
    url = reverse("community:post", kwargs={"pk": topic.posts.get().pk})
    assert client.get(url).status_code == 403
    client.force_login(member().user)
    assert client.get(url).status_code == 302
