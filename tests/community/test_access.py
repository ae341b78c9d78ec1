"""Member-side access: what the matrix's role users (not members) cannot show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.community.models import Attachment, Topic
from ssehub.community.services import discussions
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_member_pages_open_to_an_active_member(client):
    me = member()
    client.force_login(me.user)
    for name in ("settings", "people", "contacts", "notifications", "directory"):
        assert client.get(reverse(f"community:{name}")).status_code == 200, name


def test_members_only_category_refused_to_each_outsider(client):
    closed = category("lounge", public=False)
    topic = discussions.topic_create(category=closed, author=member().user, title="Inside", body="Members only")
    urls = [reverse("community:category", kwargs={"slug": closed.slug}),
            reverse("community:topic", kwargs={"pk": topic.pk}),
            reverse("community:post_history", kwargs={"pk": topic.posts.get().pk})]
    for role in (None, "participant", "organiser", "editor"):
        client.logout()
        if role:
            client.force_login(make_user(role))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)


def test_left_member_loses_members_only_access(client):
    closed = category("lounge", public=False)
    me = member()
    client.force_login(me.user)
    url = reverse("community:category", kwargs={"slug": closed.slug})
    assert client.get(url).status_code == 200
    client.post(reverse("community:leave"))
    assert client.get(url).status_code == 403


def test_another_member_private_fields_not_shown(client):
    other = member(full_name="Private Person", organisation="Secret Cooperative", bio="Long story",
                   expertise=["hidden expertise"])
    other.show_organisation = other.show_expertise = False
    other.save()
    client.force_login(member().user)
    page = client.get(reverse("community:member", kwargs={"handle": other.handle})).content.decode()
    assert "Private Person" in page
    for private in ("Secret Cooperative", "Long story", "hidden expertise", other.user.email):
        assert private not in page


def test_admin_without_membership_cannot_post_through_the_view(client):
    cat = category()
    client.force_login(make_user("admin"))
    response = client.post(reverse("community:topic_create", kwargs={"slug": cat.slug}), {"title": "x", "body": "y"})
    assert response.status_code == 400
    assert Topic.objects.count() == 0


def test_attachment_download_follows_the_category(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    closed = category("lounge", public=False)
    author = member()
    topic = discussions.topic_create(category=closed, author=author.user, title="Slides", body="Attached",
                                     files=[SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides")])
    attachment = Attachment.objects.get(post__topic=topic)
    url = reverse("community:attachment", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 403
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(member().user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
