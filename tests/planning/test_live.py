"""Several people at once: others' changes reach an open workspace at its next poll (one query when
nothing changed), and a stale edit of the situation analysis shows the other person's saved version."""

import pytest
from django.urls import reverse

from ssehub.planning import selectors
from ssehub.planning.models import AnalysisItem
from ssehub.planning.services import scoring, setup, workspace
from tests.factories import make_user
from tests.planning.factories import make_delegation

pytestmark = pytest.mark.django_db


def _poll(client, url, etag):
    response = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    return response, response.content.decode()


def test_each_kind_of_change_by_one_member_reaches_anothers_next_poll(client, django_assert_num_queries):
    delegation, organiser, facilitator, (a_user, b_user, c_user) = make_delegation(open_steps=("analysis",))
    url = reverse("planning:changes", args=[delegation.pk])
    client.force_login(a_user)
    client.get(reverse("planning:workspace", args=[delegation.pk]))
    etag = client.get(url)["ETag"]

    def changed(*texts):
        nonlocal etag
        response, page = _poll(client, url, etag)
        assert response.status_code == 200
        assert response["ETag"] != etag
        for text in texts:
            assert text in page
        etag = response["ETag"]
        # Nothing new since: 304, and the poll's own cost is one query (the four before it are the
        # session, user, profile and roles every request reads in middleware).
        with django_assert_num_queries(5):
            assert _poll(client, url, etag)[0].status_code == 304
        return page

    item = workspace.analysis_item_create(delegation=delegation, actor=b_user, data={
        "kind": "challenge", "text": "No social economy statistics"})
    changed("No social economy statistics")
    workspace.analysis_item_update(item=item, actor=b_user, data={"text": "No SSE statistics at all"},
                                   expected_version=item.version)
    changed("No SSE statistics at all")
    workspace.step_set(delegation=delegation, step="actions", state="open", actor=facilitator)
    workspace.step_set(delegation=delegation, step="scoring", state="open", actor=facilitator)
    page = changed("Policy actions: Open", "Scoring: Open")
    assert "Propose an action" in page  # the step's link appears for A too
    action = workspace.action_create(delegation=delegation, actor=b_user, data={
        "title": "Enact a Framework Act on the Social Economy", "dimension": "legal_framework"})
    changed("Enact a Framework Act on the Social Economy", "0 people", "not scored")
    criterion = selectors.criteria_of(delegation.event)[0]
    scoring.scores_save(delegation=delegation, actor=b_user, entries=[(action.pk, criterion.pk, 4, "")])
    page = changed("1 person", "4.00", "Top of the ranking so far")
    scoring.scores_save(delegation=delegation, actor=c_user, entries=[(action.pk, criterion.pk, 2, "")])
    changed("2 people", "3.00")
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None, data={"method": "one_person"})
    changed("Method in use: One person, one vote")
    newcomer = make_user("participant", country="KR", constituency="sse_practitioner", full_name="Lee Su-bin")
    setup.member_add(delegation=delegation, user=newcomer, actor=organiser)
    changed("Lee Su-bin")


def test_poll_etag_is_the_readers_own(client, settings):
    """One browser, two people or two languages: a copy rendered for someone else is never confirmed."""
    delegation, _o, facilitator, members = make_delegation()
    url = reverse("planning:changes", args=[delegation.pk])
    client.force_login(members[0])
    etag = client.get(url)["ETag"]
    client.force_login(facilitator)
    assert _poll(client, url, etag)[0].status_code == 200
    client.force_login(members[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    assert _poll(client, url, etag)[0].status_code == 200


def test_workspace_page_carries_the_etag_the_poll_compares(client):
    delegation, _o, _f, members = make_delegation()
    client.force_login(members[0])
    page = client.get(reverse("planning:workspace", args=[delegation.pk])).content.decode()
    etag = client.get(reverse("planning:changes", args=[delegation.pk]))["ETag"]
    assert f'data-etag="{etag.replace(chr(34), "&quot;")}"' in page
    assert "planning/live" in page
    assert 'hx-trigger="every 10s"' in page


def test_stale_analysis_edit_is_refused_and_shows_the_saved_version(client):
    delegation, _o, _f, (first, second, _third) = make_delegation()
    item = workspace.analysis_item_create(delegation=delegation, actor=first, data={
        "kind": "challenge", "text": "Separate laws for each kind of SSE organisation"})
    url = reverse("planning:analysis_edit", args=[delegation.pk, item.pk])
    opened_version = item.version
    # The first member saves while the second still has the form open.
    client.force_login(first)
    assert client.post(url, {"kind": "challenge", "text": "Separate laws and no common definition",
                             "version": opened_version}).status_code == 302
    client.force_login(second)
    response = client.post(url, {"kind": "opportunity", "text": "Overwrite with my text", "version": opened_version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The challenge or opportunity as it is now saved" in page
    assert "Separate laws and no common definition" in page  # the other person's version
    assert "Overwrite with my text" in page  # this person's text is kept in the form
    assert "after you opened it" in page  # the refusal names who saved and when
    assert AnalysisItem.objects.get(pk=item.pk).text == "Separate laws and no common definition"
