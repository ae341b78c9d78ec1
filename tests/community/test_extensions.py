import pytest
from django.urls import reverse

from ssehub.community import cards
from ssehub.community.cards import Card, register_card_kind
from ssehub.community.models import Post
from ssehub.community.services import discussions
from ssehub.community.services.membership import contact_request
from ssehub.core.personal_data import registered_sections
from tests.community.helpers import category, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_cards():
    # A kind of its own (planning registers the real "planning.*" kinds: tests/community/test_case_links.py).
    fetched = []

    def fetch(ids):
        fetched.append(ids)
        return {pk: Card(title=f"Action {pk}: cooperative registration desk", url=f"/elsewhere/actions/{pk}/",
                         label="Policy action") for pk in ids}

    register_card_kind("elsewhere.action", r"/elsewhere/actions/(\d+)/", fetch)
    yield fetched
    cards._kinds.pop("elsewhere.action")
    cards._compiled.pop("elsewhere.action", None)


def test_another_app_plugs_in_a_card_kind_without_community_importing_it(client, plan_cards):
    topic = discussions.topic_create(category=category(), author=member().user, title="Plan",
                                     body="Our action: <https://hub.example/elsewhere/actions/7/>")
    assert Post.objects.get(topic=topic).card_refs == [["elsewhere.action", 7]]
    discussions.post_reply(topic=topic, author=member().user, body="And <https://hub.example/elsewhere/actions/8/>")
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "Action 7: cooperative registration desk" in page
    assert "Action 8: cooperative registration desk" in page
    assert plan_cards == [[7, 8]]


def test_personal_data_export_holds_posts_contacts_and_settings():
    me = member()
    other = member()
    discussions.topic_create(category=category(), author=me.user, title="My question", body="My words")
    contact_request(sender=me.user, recipient=other.user, message="Let us talk")
    data = registered_sections()["community"](user=me.user)
    assert data["membership"]["handle"] == me.handle
    assert [post["body"] for post in data["posts"]] == ["My words"]
    assert [contact["message"] for contact in data["contacts_sent"]] == ["Let us talk"]
    assert data["follows"][0]["level"] == "follow"
