"""A case's history as the atlas keeps it for records: a list of revisions and, for each, what changed
field by field. Drafts stay private on every path: the case, its history, each revision, the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from ssehub.atlas.enums import Dimension, EntityType, InstrumentType
from ssehub.atlas.models import Instrument
from ssehub.community.case_history import revision_changes, revisions_for
from ssehub.community.services import cases as services
from tests.community.helpers import member
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Half-finished notes: call the ministry"


def _case_data(**overrides):
    return {"title": "Care cooperatives in rural towns", "country": "JP", "entity_type": EntityType.COOPERATIVE,
            "dimension": Dimension.LEGAL_FRAMEWORK, "problem": "Elderly people lacked care.",
            "approach": "Workers' cooperatives under the 2020 act.", "results": DRAFT_TEXT, "lessons": "",
            "contact": "", **overrides}


@pytest.fixture
def story():
    """Revision 1 submitted, 2 edited before review (draft text gone), 3 published, 4 edited after."""
    author = member()
    editor = make_user("editor")
    case = services.case_create(actor=author.user, data=_case_data())
    case = services.case_update(case=case, actor=author.user, data={"results": "Forty towns have a care co-op."},
                                expected_version=case.version)
    case = services.case_publish(case=case, actor=editor)
    case = services.case_update(case=case, actor=editor, data={"results": "Fifty-two towns have a care co-op.",
                                                                "lessons": "Start with one town."},
                                expected_version=case.version)
    return {"case": case, "author": author.user, "editor": editor}


def _urls(case):
    return {number: reverse("community:case_revision", kwargs={"pk": case.pk, "number": number})
            for number in range(1, 5)}


def test_the_history_lists_every_revision_with_a_link_to_what_it_changed(client, story):
    client.force_login(story["editor"])
    page = client.get(reverse("community:case_history", kwargs={"pk": story["case"].pk})).content.decode()
    for number, url in _urls(story["case"]).items():
        assert f'href="{url}">Revision {number}</a>' in page
    assert "Waiting for review" in page
    assert "Published" in page


def test_a_revision_shows_each_changed_field_with_its_label_and_lines(client, story):
    client.force_login(story["editor"])
    page = client.get(_urls(story["case"])[4]).content.decode()
    assert "Changes since revision 3" in page
    assert "<h3>Results</h3>" in page
    assert "<del>-Forty towns have a care co-op.</del>" in page
    assert "<ins>+Fifty-two towns have a care co-op.</ins>" in page
    assert "<h3>Lessons</h3>" in page
    assert "<h3>Problem</h3>" not in page  # unchanged fields are not listed
    assert "the latest version" in page
    publish = client.get(_urls(story["case"])[3]).content.decode()
    assert "<h3>Status</h3>" in publish
    assert "<del>-Waiting for review</del>" in publish
    assert "<ins>+Published</ins>" in publish


@pytest.mark.parametrize("who", ["anonymous", "member", "researcher"])
def test_readers_see_only_published_revisions_and_no_draft_text(client, story, who):
    if who == "member":
        client.force_login(member().user)
    elif who == "researcher":
        client.force_login(make_user("researcher"))
    case = story["case"]
    history = client.get(reverse("community:case_history", kwargs={"pk": case.pk})).content.decode()
    urls = _urls(case)
    assert (urls[1] in history, urls[2] in history, urls[3] in history, urls[4] in history) == (
        False, False, True, True)
    assert "Changes made before the case was published are not shown." in history
    assert client.get(urls[1]).status_code == 404
    assert client.get(urls[2]).status_code == 404
    first_public = client.get(urls[3]).content.decode()
    assert "First version" in first_public  # compared with nothing, not with the draft before it
    assert "Forty towns have a care co-op." in first_public
    for url in urls.values():
        assert DRAFT_TEXT not in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["author", "editor", "moderator"])
def test_the_submitter_editors_and_moderators_see_the_draft_revisions(client, story, who):
    client.force_login(story[who] if who in story else make_user(who))
    draft = client.get(_urls(story["case"])[2]).content.decode()
    assert f"<del>-{DRAFT_TEXT}</del>" in draft


@pytest.mark.parametrize("who", ["anonymous", "member", "researcher"])
def test_an_unpublished_case_has_no_history_or_revision_for_others(client, who):
    case = services.case_create(actor=member().user, data=_case_data())
    if who != "anonymous":
        client.force_login(member().user if who == "member" else make_user(who))
    for url in (reverse("community:case", kwargs={"pk": case.pk}),
                reverse("community:case_history", kwargs={"pk": case.pk}),
                reverse("community:case_revision", kwargs={"pk": case.pk, "number": 1})):
        assert client.get(url).status_code == 404
    assert client.get(reverse("api:community_case_list")).json()["results"] == []


def test_a_linked_atlas_draft_is_named_nowhere(client):
    published = Instrument.objects.create(title="Workers' Cooperatives Act", country="JP", type=InstrumentType.LAW,
                                          summary="x", is_published=True)
    draft = Instrument.objects.create(title="Unannounced care bill", country="JP", type=InstrumentType.LAW,
                                      summary="x", is_published=False)
    editor = make_user("editor")
    case = services.case_create(actor=None, data={**_case_data(), "instruments": [published, draft]})
    services.case_publish(case=case, actor=editor)
    pages = [reverse("community:case", kwargs={"pk": case.pk}),
             reverse("community:case_revision", kwargs={"pk": case.pk, "number": 2})]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Unannounced care bill" not in page
    assert "Workers&#x27; Cooperatives Act" in client.get(pages[0]).content.decode()
    assert client.get(reverse("api:community_case_list")).json()["results"][0]["instruments"] == [published.pk]
    changes = revision_changes(case.revisions.get(number=1), editor)["changes"]
    instruments = next(change for change in changes if change["field"] == "instruments")
    assert [line["text"] for line in instruments["lines"] if line["kind"] == "added"] == [
        "+Workers' Cooperatives Act"]


def test_revisions_for_filters_by_reader():
    author = member()
    case = services.case_create(actor=author.user, data=_case_data())
    services.case_publish(case=case, actor=None)
    assert [r.number for r in revisions_for(case, author.user)] == [2, 1]
    assert [r.number for r in revisions_for(case, AnonymousUser())] == [2]
