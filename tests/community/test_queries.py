"""Pages run the same number of queries at 1 and 20 items (items asserted on the page)."""

import pytest
from django.urls import reverse

from ssehub.atlas.enums import InstrumentType
from ssehub.atlas.models import Instrument
from ssehub.community.enums import CaseStatus, SubscriptionLevel
from ssehub.community.models import Case, Topic
from ssehub.community.services import discussions
from ssehub.community.views.discussions import POSTS_PER_PAGE
from tests.community.helpers import category, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client):
    me = member(handle="viewer")
    client.force_login(me.user)
    client.get(reverse("community:index"))  # session and language settle before counting
    return me


@pytest.mark.parametrize("size", [1, 20])
def test_category_topic_list_queries(client, viewer, django_assert_num_queries, size):
    cat = category()
    for number in range(size):
        discussions.topic_create(category=cat, author=member().user, title=f"Topic number {number}", body="Body")
    with django_assert_num_queries(13):
        page = client.get(reverse("community:category", kwargs={"slug": cat.slug})).content.decode()
    assert page.count("Topic number") == size


@pytest.mark.parametrize("size", [1, 20])
def test_topic_page_queries(client, viewer, django_assert_num_queries, size):
    instrument = Instrument.objects.create(title="Workers' Cooperatives Act", country="JP", type=InstrumentType.LAW,
                                           summary="x", is_published=True)
    link = reverse("atlas:instrument_detail", kwargs={"pk": instrument.pk})
    topic = discussions.topic_create(category=category(), author=member().user, title="Question", body="Body")
    for number in range(size):
        discussions.post_reply(topic=topic, author=member(handle=f"replier-{number}").user,
                               body=f"Reply number {number} about <http://testserver{link}> @viewer")
    with django_assert_num_queries(18):
        page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    shown = min(size, POSTS_PER_PAGE - 1)  # the first page holds the question and the first replies
    assert page.count("Reply number") == shown
    assert page.count('class="record-card"') == shown


@pytest.mark.parametrize("size", [1, 20])
def test_directory_queries(client, viewer, django_assert_num_queries, size):
    for number in range(size):
        member(full_name=f"Directory person {number}", country="KR", expertise=["social enterprise"])
    with django_assert_num_queries(10):
        page = client.get(reverse("community:directory"), {"country": "KR", "expertise": "social"}).content.decode()
    assert page.count("Directory person") == size


@pytest.mark.parametrize("size", [1, 20])
def test_notifications_queries(client, viewer, django_assert_num_queries, size):
    topic = discussions.topic_create(category=category(), author=viewer.user, title="Mine", body="Body")
    for number in range(size):
        discussions.post_reply(topic=topic, author=member(handle=f"author-{number}").user, body="Reply")
    with django_assert_num_queries(10):
        page = client.get(reverse("community:notifications")).content.decode()
    assert page.count("replied in") == size


@pytest.mark.parametrize("size", [1, 20])
def test_index_queries(client, viewer, django_assert_num_queries, size):
    for number in range(size):
        category(f"category-{number}", title=f"Category number {number}")
    with django_assert_num_queries(9):
        page = client.get(reverse("community:index")).content.decode()
    assert page.count("Category number") == size


@pytest.mark.parametrize("size", [1, 20])
def test_cases_list_queries(client, viewer, django_assert_num_queries, size):
    for number in range(size):
        Case.objects.create(title=f"Case number {number}", country="MY", entity_type="cooperative",
                            dimension="legal_framework", problem="p", approach="a", results="r",
                            status=CaseStatus.PUBLISHED)
    with django_assert_num_queries(9):
        page = client.get(reverse("community:cases")).content.decode()
    assert page.count("Case number") == size


@pytest.mark.parametrize("size", [1, 20])
def test_people_to_meet_queries(client, viewer, django_assert_num_queries, size):
    viewer.user.profile.expertise = ["cooperatives"]
    viewer.user.profile.country = "JP"
    viewer.user.profile.save()
    theme = category("theme", kind="theme")
    discussions.subscription_set(user=viewer.user, level=SubscriptionLevel.FOLLOW, category=theme)
    for number in range(size):
        member(full_name=f"Suggested person {number}", country="PH", expertise=["Cooperatives"])
    with django_assert_num_queries(12):
        page = client.get(reverse("community:people")).content.decode()
    assert page.count("Suggested person") == min(size, 5)


@pytest.mark.parametrize("size", [1, 1000])
def test_topic_page_queries_at_1_and_1000_replies(client, viewer, django_assert_num_queries, size):
    from ssehub.community.models import Post

    instrument = Instrument.objects.create(title="Co-operative Societies Act", country="MY", type=InstrumentType.LAW,
                                           summary="x", is_published=True)
    topic = discussions.topic_create(category=category(), author=member().user, title="Long topic", body="Body")
    authors = [member(handle=f"writer-{number}").user for number in range(5)]
    Post.objects.bulk_create([
        Post(topic=topic, author=authors[number % 5], body=f"Reply number {number}",
             body_html=f"<p>Reply number {number}</p>", card_refs=[["atlas.instrument", instrument.pk]])
        for number in range(size)])
    Topic.objects.filter(pk=topic.pk).update(reply_count=size)  # what post_reply keeps (bulk_create skips it)
    topic.refresh_from_db()
    last = -(-(size + 1) // POSTS_PER_PAGE)
    url = reverse("community:topic", kwargs={"pk": topic.pk})
    with django_assert_num_queries(17):
        page = client.get(url).content.decode()
    assert page.count("Reply number") == min(size, POSTS_PER_PAGE - 1)
    assert (f"Page 1 of {last}" in page) == (size > 1)
    with django_assert_num_queries(16):  # read already: the second visit writes nothing
        page = client.get(url, {"page": last}).content.decode()
    assert f"Reply number {size - 1}<" in page


@pytest.mark.parametrize("size", [1, 20])
def test_category_older_page_queries(client, viewer, django_assert_num_queries, size, monkeypatch):
    from ssehub.community.selectors import topic_cursor
    from ssehub.community.views.discussions import TOPICS_PER_PAGE

    monkeypatch.setitem(discussions.RATE_LIMITS, 1, 10_000)  # one author writes them all
    cat = category()
    author = member().user
    for number in range(TOPICS_PER_PAGE + size):
        discussions.topic_create(category=cat, author=author, title=f"Topic number {number}", body="Body")
    newest_first = list(Topic.objects.filter(category=cat).order_by("-last_activity_at", "-pk"))
    cursor = topic_cursor(newest_first[TOPICS_PER_PAGE - 1])
    with django_assert_num_queries(11):
        page = client.get(reverse("community:category", kwargs={"slug": cat.slug}), {"before": cursor})
    assert page.content.decode().count("Topic number") == size


@pytest.mark.parametrize("size", [1, 20])
def test_directory_next_page_queries(client, viewer, django_assert_num_queries, size):
    from ssehub.community.selectors import DirectoryFilters, directory
    from ssehub.community.views.membership import DIRECTORY_PAGE

    for number in range(DIRECTORY_PAGE + size):
        member(full_name=f"Directory person {number:03d}", country="KR", expertise=["social enterprise"])
    after = directory(filters=DirectoryFilters(country="KR"))[DIRECTORY_PAGE - 1].pk
    with django_assert_num_queries(11):  # one more than the first page: where the previous page ended
        page = client.get(reverse("community:directory"), {"country": "KR", "after": after}).content.decode()
    assert page.count("Directory person") == size


@pytest.mark.parametrize("size", [1, 20])
def test_case_history_and_revision_queries(client, viewer, django_assert_num_queries, size):
    from ssehub.community.services import cases

    instruments = [Instrument.objects.create(title=f"Act number {n}", country="KR", type=InstrumentType.LAW,
                                             summary="x", is_published=True) for n in range(size)]
    case = cases.case_create(actor=viewer.user, data={
        "title": "Case", "country": "KR", "entity_type": "cooperative", "dimension": "legal_framework",
        "problem": "p", "approach": "a", "results": "r", "instruments": instruments})
    for number in range(size):
        case = cases.case_update(case=case, actor=viewer.user, data={"results": f"Result number {number}"},
                                 expected_version=case.version)
    with django_assert_num_queries(12):
        page = client.get(reverse("community:case_history", kwargs={"pk": case.pk})).content.decode()
    assert page.count(">Revision ") == size + 1
    with django_assert_num_queries(16):
        page = client.get(reverse("community:case_revision", kwargs={"pk": case.pk, "number": 1})).content.decode()
    assert page.count("+Act number") == size
