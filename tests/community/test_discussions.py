import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.atlas.enums import InstrumentType
from ssehub.atlas.models import Instrument
from ssehub.community.enums import NotificationKind, PostState, SubscriptionLevel
from ssehub.community.models import Attachment, Notification, Post, PostRevision, Subscription, Topic
from ssehub.community.services import discussions as services
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _topic(author, body="What did your country do?", cat=None, title="Question"):
    return services.topic_create(category=cat or category(), author=author.user, title=title, body=body)


def test_topic_in_japanese_and_reply_in_malay_then_accepted(client):
    asker = member(full_name="佐藤愛子", country="JP")
    answerer = member(full_name="Nur Aisyah", country="MY")
    topic = _topic(asker, body="労働者協同組合法の施行後、どのような支援がありますか？", title="労働者協同組合法について")
    reply = services.post_reply(topic=topic, author=answerer.user,
                                body="Di Malaysia, koperasi didaftarkan di bawah Akta Koperasi 1993.")
    client.force_login(asker.user)
    response = client.post(reverse("community:post_accept", kwargs={"pk": reply.pk}))
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.accepted_post == reply
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "労働者協同組合法の施行後" in page
    assert "Akta Koperasi 1993" in page
    assert Notification.objects.filter(user=answerer.user, kind=NotificationKind.ACCEPTED).count() == 1


def test_accept_by_another_member_is_refused(client):
    topic = _topic(member())
    reply = services.post_reply(topic=topic, author=member().user, body="An answer")
    client.force_login(member().user)
    assert client.post(reverse("community:post_accept", kwargs={"pk": reply.pk})).status_code == 403
    topic.refresh_from_db()
    assert topic.accepted_post is None


def test_moderator_may_accept_an_answer():
    topic = _topic(member())
    reply = services.post_reply(topic=topic, author=member().user, body="An answer")
    services.topic_accept_answer(topic=topic, post=reply, actor=make_user("moderator"))
    topic.refresh_from_db()
    assert topic.accepted_post == reply


def test_script_injection_renders_inert(client):
    author = member()
    topic = _topic(author, body='<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>',
                   title='<script>alert("title")</script>')
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'href="javascript' not in page
    assert "<img" not in page


def test_mention_notifies_a_listed_member_and_links_to_them():
    author = member()
    listed = member(handle="aiko")
    post = Post.objects.get(topic=_topic(author, body="What do you think, @aiko?"))
    assert reverse("community:member", kwargs={"handle": "aiko"}) in post.body_html
    assert Notification.objects.filter(user=listed.user, kind=NotificationKind.MENTION).count() == 1


def test_mention_of_a_hidden_member_reveals_nothing():
    hidden = member(handle="hidden-person")
    hidden.user.profile.in_directory = False
    hidden.user.profile.save()
    post = Post.objects.get(topic=_topic(member(), body="Hello @hidden-person and @nobody-at-all"))
    assert post.body_html == "<p>Hello @hidden-person and @nobody-at-all</p>\n"
    assert Notification.objects.filter(user=hidden.user).count() == 0


def test_link_to_an_atlas_record_renders_as_a_card(client):
    instrument = Instrument.objects.create(
        title="Social Enterprise Promotion Act", title_local="사회적기업 육성법", country="KR", type=InstrumentType.LAW,
        summary="Certification of social enterprises.", is_published=True, year_adopted=2007)
    url = "http://testserver" + reverse("atlas:instrument_detail", kwargs={"pk": instrument.pk})
    topic = _topic(member(), body=f"See <{url}>")
    assert Post.objects.get(topic=topic).card_refs == [["atlas.instrument", instrument.pk]]
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert 'class="record-card"' in page
    assert "사회적기업 육성법" in page


def _pdf(name="report.pdf", size=None):
    content = b"%PDF-1.4\n" + b"0" * (size or 100)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attachment_checked_by_content_as_agenda_materials(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = member()
    topic = _topic(author)
    services.post_reply(topic=topic, author=author.user, body="Slides attached", files=[_pdf()])
    assert Attachment.objects.get().kind == "pdf"
    disguised = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ServiceError) as error:
        services.post_reply(topic=topic, author=author.user, body="Disguised", files=[disguised])
    assert error.value.code == "bad_type"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "x")
        archive.writestr("word/document.xml", "x")
    renamed = SimpleUploadedFile("table.xlsx", buffer.getvalue())
    with pytest.raises(ServiceError) as error:
        services.post_reply(topic=topic, author=author.user, body="Renamed", files=[renamed])
    assert error.value.code == "bad_extension"
    assert Post.objects.filter(topic=topic).count() == 2


def test_attachment_too_large_is_refused(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    author = member()
    topic = _topic(author)
    big = _pdf()
    big.size = 26 * 1024 * 1024
    with pytest.raises(ServiceError) as error:
        services.post_reply(topic=topic, author=author.user, body="Big", files=[big])
    assert error.value.code == "too_large"


def test_helpful_toggles_and_counts():
    topic = _topic(member())
    reply = services.post_reply(topic=topic, author=member().user, body="Answer")
    reader = member()
    assert services.post_toggle_helpful(post=reply, user=reader.user) is True
    reply.refresh_from_db()
    assert reply.helpful_count == 1
    assert services.post_toggle_helpful(post=reply, user=reader.user) is False
    reply.refresh_from_db()
    assert reply.helpful_count == 0


def test_edit_keeps_history_and_refuses_a_stale_version(client):
    author = member()
    topic = _topic(author, body="First text")
    post = Post.objects.get(topic=topic)
    client.force_login(author.user)
    url = reverse("community:post_edit", kwargs={"pk": post.pk})
    assert client.post(url, {"body": "Second text", "version": post.version}).status_code == 302
    assert client.post(url, {"body": "Third text", "version": post.version}).status_code == 409
    post.refresh_from_db()
    assert post.body == "Second text"
    assert list(PostRevision.objects.values_list("number", "body")) == [(1, "First text")]
    history = client.get(reverse("community:post_history", kwargs={"pk": post.pk})).content.decode()
    assert "First text" in history


def test_edit_by_another_member_is_refused(client):
    post = Post.objects.get(topic=_topic(member()))
    client.force_login(member().user)
    assert client.get(reverse("community:post_edit", kwargs={"pk": post.pk})).status_code == 403


def test_followers_notified_and_mute_wins():
    author = member()
    topic = _topic(author)
    follower = member()
    muter = member()
    cat_follower = member()
    services.subscription_set(user=follower.user, level=SubscriptionLevel.FOLLOW, topic=topic)
    services.subscription_set(user=cat_follower.user, level=SubscriptionLevel.FOLLOW, category=topic.category)
    services.subscription_set(user=muter.user, level=SubscriptionLevel.FOLLOW, category=topic.category)
    services.subscription_set(user=muter.user, level=SubscriptionLevel.MUTE, topic=topic)
    services.post_reply(topic=topic, author=member().user, body="A reply")
    notified = set(Notification.objects.filter(kind=NotificationKind.REPLY).values_list("user_id", flat=True))
    assert notified == {author.user.pk, follower.user.pk, cat_follower.user.pk}
    services.subscription_set(user=follower.user, level="", topic=topic)
    assert Subscription.objects.filter(user=follower.user).count() == 0


def test_new_member_posts_wait_for_approval_and_hold_two_links_at_most(client):
    newcomer = member(trust=0)
    with pytest.raises(ServiceError) as error:
        _topic(newcomer, body="<http://a.example> <http://b.example> <http://c.example>")
    assert error.value.code == "too_many_links"
    topic = _topic(newcomer, body="Hello from Cebu <http://a.example>")
    assert topic.state == PostState.PENDING
    client.force_login(member().user)
    assert client.get(reverse("community:topic", kwargs={"pk": topic.pk})).status_code == 404
    client.force_login(newcomer.user)
    assert client.get(reverse("community:topic", kwargs={"pk": topic.pk})).status_code == 200


def test_posting_is_rate_limited():
    author = member(trust=0)
    cat = category()
    for number in range(3):
        _topic(author, cat=cat, title=f"Question {number}")
    with pytest.raises(ServiceError) as error:
        _topic(author, cat=cat, title="One too many")
    assert error.value.code == "rate_limited"
    assert Topic.objects.count() == 3


def test_non_member_cannot_post(client):
    cat = category()
    client.force_login(make_user())
    assert client.post(reverse("community:topic_create", kwargs={"slug": cat.slug}),
                       {"title": "x", "body": "y"}).status_code == 403
    assert Topic.objects.count() == 0


def test_members_only_category_closed_to_anonymous_and_non_members(client):
    closed = category("members-lounge", public=False)
    topic = _topic(member(), cat=closed)
    for url in (reverse("community:category", kwargs={"slug": closed.slug}),
                reverse("community:topic", kwargs={"pk": topic.pk})):
        assert client.get(url).status_code == 403
    client.force_login(make_user())
    assert client.get(reverse("community:topic", kwargs={"pk": topic.pk})).status_code == 403
    assert "members-lounge" not in client.get(reverse("community:index")).content.decode()
    client.force_login(member().user)
    assert client.get(reverse("community:topic", kwargs={"pk": topic.pk})).status_code == 200


def test_every_write_is_logged():
    author = member()
    topic = _topic(author)
    reply = services.post_reply(topic=topic, author=member().user, body="x")
    services.post_edit(post=reply, actor=reply.author, body="y", expected_version=reply.version)
    verbs = list(ActionLogEntry.objects.filter(verb__startswith="community.").values_list("verb", flat=True))
    assert sorted(verbs) == ["community.post.create", "community.post.edit", "community.topic.create"]
