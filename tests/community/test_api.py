import pytest
from django.urls import reverse

from ssehub.community.services import discussions
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_api_members_only_category_closed_to_anonymous_and_non_members(client):
    closed = category("lounge", public=False)
    category("open-one")
    topic = discussions.topic_create(category=closed, author=member().user, title="Inside", body="Members only")
    urls = [reverse("api:community_topic_list", kwargs={"slug": closed.slug}),
            reverse("api:community_topic_posts", kwargs={"pk": topic.pk})]
    for user in (None, make_user("organiser")):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        slugs = [row["slug"] for row in client.get(reverse("api:community_category_list")).json()["results"]]
        assert slugs == ["open-one"]
    client.force_login(member().user)
    posts = client.get(urls[1]).json()["results"]
    assert [post["body"] for post in posts] == ["Members only"]


def test_api_posts_of_a_public_topic_sign_former_members():
    from django.test import Client

    author = member()
    topic = discussions.topic_create(category=category(), author=author.user, title="Open", body="Hello")
    author.user.delete()
    rows = Client().get(reverse("api:community_topic_posts", kwargs={"pk": topic.pk})).json()["results"]
    assert [(row["author"], row["body"]) for row in rows] == [("former member", "Hello")]
