"""The community as people use it, in Debian's Chromium, with axe on every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ssehub.community.enums import EmailFrequency, SubscriptionLevel
from ssehub.community.models import Membership
from ssehub.community.services import discussions
from ssehub.community.services.digests import digests_send
from ssehub.community.services.membership import invitations_send_after_events
from ssehub.events.enums import RegistrationSource
from ssehub.events.services import registration_register
from tests.community.helpers import category, ended_event, member
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_participant_joins_asks_in_japanese_gets_a_malay_answer_and_accepts(
        page, live_server, login_as, axe_violations):
    cat = category("japan", title="Japan", kind="country", country="JP")
    event = ended_event()
    asker = make_user("participant", full_name="佐藤由紀", country="JP", preferred_language="en", in_directory=True)
    registration_register(event=event, user=asker, source=RegistrationSource.DIRECT, actor=None)
    mail.outbox.clear()
    invitations_send_after_events()
    link = re.search(r"https?://\S+/community/join/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + _path(link))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Join the community").click()
    assert Membership.objects.get(user=asker).status == "active"

    login_as(asker)
    page.goto(f"{live_server.url}/community/c/japan/new/")
    page.get_by_label("Title").fill("労働者協同組合法について")
    page.get_by_label("Your post (Markdown)").fill("施行後、自治体はどのような支援をしていますか？ <script>alert(1)</script>")
    page.on("dialog", lambda dialog: pytest.fail("a script ran"))
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("労働者協同組合法について")
    expect(page.locator(".post-body").first).to_contain_text("<script>alert(1)</script>")
    assert axe_violations(page) == []
    topic_url = page.url

    answerer = member(full_name="Nur Aisyah", country="MY")
    login_as(answerer.user)
    page.goto(topic_url)
    page.get_by_label("Your reply (Markdown)").fill("Di Malaysia, SKM menyediakan latihan untuk koperasi baharu.")
    page.get_by_role("button", name="Post the reply").click()
    expect(page.get_by_text("SKM menyediakan latihan")).to_be_visible()

    login_as(asker)
    page.goto(topic_url)
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.locator(".post-accepted")).to_contain_text("SKM menyediakan latihan")
    assert axe_violations(page) == []
    assert cat.topics.get().accepted_post.author == answerer.user


def test_institution_answers_the_call_and_a_moderator_approves(page, live_server, login_as, axe_violations):
    login_as(member().user)
    page.goto(f"{live_server.url}/community/institutions/apply/")
    assert axe_violations(page) == []
    page.get_by_label("Name (English)").fill("Japan Workers' Co-operative Union")
    page.get_by_label("Name (original script)").fill("日本労働者協同組合連合会")
    page.get_by_label("Country").select_option("JP")
    page.get_by_label("Kind").select_option("federation")
    page.get_by_label("Contact person").fill("Yoshida Satoshi")
    page.get_by_label("Contact e-mail").fill("yoshida@example.org")
    page.get_by_label("Why you want to join").fill("We support worker cooperatives founded under the 2020 Act.")
    page.get_by_role("button", name="Send the request").click()
    login_as(make_user("moderator"))
    page.goto(f"{live_server.url}/community/moderation/")
    assert axe_violations(page) == []
    form = page.locator("form", has=page.get_by_role("button", name="Save the decision")).first
    form.get_by_label("Approve").check()
    form.get_by_role("button", name="Save the decision").click()
    page.goto(f"{live_server.url}/community/institutions/")
    page.get_by_role("link", name="Japan Workers' Co-operative Union").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("日本労働者協同組合連合会")
    assert axe_violations(page) == []


def test_flag_hide_digest_unsubscribe_and_korean_search(page, live_server, login_as, axe_violations):
    cat = category("korea", title="Republic of Korea")
    author = member()
    topic = discussions.topic_create(category=cat, author=author.user, title="사회적기업 인증제도의 성과",
                                     body="인증 이후 일자리가 늘었습니다.")
    spam = discussions.post_reply(topic=topic, author=member().user, body="Cheap watches here")
    reader = member()
    login_as(reader.user)
    page.goto(f"{live_server.url}/community/t/{topic.pk}/")
    page.locator(f"#post-{spam.pk} summary").click()
    page.locator(f"#post-{spam.pk}").get_by_label("Why should a moderator look at this post?").fill("Spam")
    page.locator(f"#post-{spam.pk}").get_by_role("button", name="Flag").click()
    login_as(make_user("moderator"))
    page.goto(f"{live_server.url}/community/moderation/")
    page.get_by_role("button", name="Hide the post").click()
    page.goto(f"{live_server.url}/community/moderation/log/")
    expect(page.get_by_text("Hid a post")).to_be_visible()
    assert axe_violations(page) == []

    weekly = member(full_name="Weekly Reader")
    weekly.email_frequency = EmailFrequency.WEEKLY
    weekly.save()
    discussions.subscription_set(user=weekly.user, level=SubscriptionLevel.FOLLOW, category=cat)
    discussions.post_reply(topic=topic, author=author.user, body="새 소식: 공공조달 연계")
    mail.outbox.clear()
    digests_send(frequency=EmailFrequency.WEEKLY)
    digest = next(message for message in mail.outbox if message.to == [weekly.user.email])
    unsubscribe = re.search(r"<(https?://[^>]+)>", digest.extra_headers["List-Unsubscribe"]).group(1)
    assert "공공조달" in digest.body
    assert "Cheap watches" not in digest.body
    page.context.clear_cookies()
    page.goto(live_server.url + _path(unsubscribe))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will get no more community e-mail")
    assert Membership.objects.get(pk=weekly.pk).email_frequency == EmailFrequency.NONE

    page.goto(f"{live_server.url}/community/search/")
    page.get_by_label("Words to look for").fill("기업")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="사회적기업 인증제도의 성과")).to_be_visible()
    assert axe_violations(page) == []
    for path in ("/community/", f"/community/c/{cat.slug}/", "/community/cases/", "/community/resources/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_member_pages_are_accessible(page, live_server, login_as, axe_violations):
    me = member(full_name="Kim Ji-yeon", country="KR", expertise=["social enterprise"])
    member(full_name="Maria Santos", country="PH", expertise=["social enterprise"])
    login_as(me.user)
    for path in ("/community/directory/", "/community/people/", "/community/settings/", "/community/contacts/",
                 "/community/notifications/", "/community/cases/new/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_a_case_links_a_record_and_a_public_plans_action_and_shows_its_history(
        page, live_server, login_as, axe_violations):
    from ssehub.atlas.enums import InstrumentType
    from ssehub.atlas.models import Instrument
    from tests.community.test_case_links import plan

    instrument = Instrument.objects.create(title="Framework Act on Social Enterprises", country="KR",
                                           type=InstrumentType.LAW, summary="x", is_published=True)
    public, (desk,) = plan("KR", public=True, actions=("Open a cooperative registration desk",))
    plan("JP", public=False, actions=("Secret pilot with the ministry",))
    author = member(full_name="Lee Min-ho", country="KR")
    login_as(author.user)
    page.goto(f"{live_server.url}/community/cases/new/")
    expect(page.get_by_text("Secret pilot with the ministry")).to_have_count(0)
    page.get_by_label("Title").fill("District registration desks")
    page.get_by_label("Country").select_option("KR")
    page.get_by_label("SSE entity type").select_option("cooperative")
    page.get_by_label("Policy dimension").select_option("legal_framework")
    page.get_by_label("Problem").fill("Registering a cooperative took months.")
    page.get_by_label("What was done").fill("One desk in every district office.")
    page.get_by_label("Results").fill("Two weeks on average.")
    page.get_by_label("Linked atlas records").select_option(str(instrument.pk))
    page.get_by_label("Open a cooperative registration desk").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("District registration desks")

    login_as(make_user("editor"))
    page.goto(page.url)
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("link", name="Open a cooperative registration desk").click()
    expect(page).to_have_url(re.compile(rf"/planning/plans/{public.pk}/$"))
    page.go_back()
    page.get_by_role("link", name="History").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Revision 2").click()
    expect(page.get_by_role("heading", level=3, name="Status")).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/")
    expect(page.get_by_role("link", name="District registration desks")).to_be_visible()
    assert desk.title == "Open a cooperative registration desk"


def test_long_topics_and_the_directory_page_through_plain_links(page, live_server, login_as, axe_violations,
                                                                 monkeypatch):
    from ssehub.community.views.discussions import POSTS_PER_PAGE
    from ssehub.community.views.membership import DIRECTORY_PAGE

    monkeypatch.setitem(discussions.RATE_LIMITS, 1, 10_000)
    writer = member(full_name="Writer", country="PH", expertise=["cooperative law"])
    topic = discussions.topic_create(category=category(), author=writer.user, title="A long discussion", body="Q")
    for number in range(POSTS_PER_PAGE + 2):
        discussions.post_reply(topic=topic, author=writer.user, body=f"Reply number {number}")
    for number in range(DIRECTORY_PAGE + 1):
        member(full_name=f"Person {number:03d}", country="PH", expertise=["cooperative law"])
    login_as(member().user)
    page.goto(f"{live_server.url}/community/t/{topic.pk}/")
    page.get_by_role("link", name="Later posts").click()
    expect(page.get_by_text(f"Reply number {POSTS_PER_PAGE + 1}", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/community/directory/")
    page.get_by_label("Country").select_option("PH")
    page.get_by_label("Expertise").fill("cooperative")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="More members").click()
    expect(page.get_by_role("link", name="Back to the start")).to_be_visible()
    assert axe_violations(page) == []
