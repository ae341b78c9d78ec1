import io
import subprocess

import pytest
from django.urls import reverse

from ssehub.planning import selectors
from ssehub.planning.models import Delegation, Member, Score
from ssehub.planning.services import scoring, workspace
from tests.agenda.factories import EventFactory, register
from tests.factories import make_user
from tests.planning.factories import add_actions, make_delegation

pytestmark = pytest.mark.django_db


def finalised_public_plan():
    delegation, _organiser, facilitator, members = make_delegation()
    actions = []
    for title in ("Pass the Framework Act on Social Economy", "Social procurement quota for SSE"):
        actions.append(workspace.action_create(delegation=delegation, actor=members[0], data={
            "title": title, "dimension": "legal_framework", "owner": members[0],
            "indicators": [{"name": "Act passed", "baseline": "0", "target": "1"}]}))
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[a.pk for a in actions],
                             reason="Agreed in the lab.")
    scoring.plan_finalise(delegation=delegation, actor=facilitator)
    scoring.plan_publish(delegation=delegation, actor=facilitator, public=True)
    return Delegation.objects.get(pk=delegation.pk)


def _outsiders(delegation):
    _other, _o, _f, other_members = make_delegation("JP")
    other_event = EventFactory()
    stranger = make_user("participant", country=delegation.country.code)
    register(other_event, stranger)
    return {"other country's member": other_members[0], "other event's participant": stranger}


@pytest.mark.parametrize("name", ["workspace", "ranking", "matrix", "priorities", "score", "changes"])
def test_private_pages_refuse_outsiders_and_anonymous(client, name):
    delegation, _organiser, _f, _m = make_delegation()
    url = reverse(f"planning:{name}", args=[delegation.pk])
    for _label, user in _outsiders(delegation).items():
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_outsider_cannot_write(client):
    delegation, _o, _f, _m = make_delegation()
    action = add_actions(delegation, 1)[0]
    for user in _outsiders(delegation).values():
        client.force_login(user)
        assert client.post(reverse("planning:action_edit", args=[delegation.pk, action.pk]),
                           {"title": "Hijack", "dimension": "finance", "time_frame": "short"}).status_code == 403
        criterion = selectors.criteria_of(delegation.event)[0]
        assert client.post(reverse("planning:score", args=[delegation.pk]),
                           {f"s-{action.pk}-{criterion.pk}": "5"}).status_code == 403
    assert Score.objects.count() == 0
    action.refresh_from_db()
    assert action.title.startswith("Action 1")


def test_member_facilitator_and_event_organiser_can_read(client):
    delegation, organiser, facilitator, members = make_delegation()
    for user in (organiser, facilitator, members[0]):
        client.force_login(user)
        response = client.get(reverse("planning:workspace", args=[delegation.pk]))
        assert response.status_code == 200
        assert "Kim Ji-yeon (김지연)" in response.content.decode()


def test_editing_another_delegations_action_by_changing_the_id_is_refused(client):
    delegation, _o, _f, members = make_delegation()
    other = make_delegation("JP")[0]
    theirs = add_actions(other, 1)[0]
    client.force_login(members[0])
    response = client.post(reverse("planning:action_edit", args=[delegation.pk, theirs.pk]),
                           {"title": "Hijack", "dimension": "finance", "time_frame": "short"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Action 1: review the cooperative law"


def test_score_form_aimed_at_another_delegations_action_is_refused(client):
    delegation, _o, _f, members = make_delegation()
    theirs = add_actions(make_delegation("JP")[0], 1)[0]
    criterion = selectors.criteria_of(delegation.event)[0]
    client.force_login(members[0])
    response = client.post(reverse("planning:score", args=[delegation.pk]), {f"s-{theirs.pk}-{criterion.pk}": "5"})
    assert response.status_code == 400
    assert "this delegation" in response.content.decode()
    assert Score.objects.count() == 0


def test_stale_edit_through_the_form_shows_the_saved_version(client):
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    url = reverse("planning:action_edit", args=[delegation.pk, action.pk])
    form = {"title": "First edit", "dimension": "finance", "time_frame": "short", "version": "1"}
    client.force_login(members[0])
    assert client.post(url, form).status_code == 302
    client.force_login(members[1])
    response = client.post(url, {**form, "title": "Second edit"})
    assert response.status_code == 409
    assert "First edit" in response.content.decode()
    action.refresh_from_db()
    assert action.title == "First edit"


def test_ranking_names_the_method_and_switching_reranks(client):
    delegation, organiser, _f, members = make_delegation(people=[("government", f"Gov {n}") for n in range(4)]
                                                         + [("workers", "Worker"), ("employers", "Employer")])
    first, second = add_actions(delegation, 2)
    impact = selectors.criteria_of(delegation.event)[0].pk
    for member in members:
        constituency = Member.objects.get(user=member).constituency
        a, b = {"government": (5, 1), "workers": (1, 5), "employers": (3, 3)}[constituency]
        scoring.scores_save(delegation=delegation, actor=member, entries=[(first.pk, impact, a, ""), (second.pk, impact, b, "")])
    client.force_login(organiser)
    url = reverse("planning:ranking", args=[delegation.pk])
    page = client.get(url, {"method": "one_person"}).content.decode()
    assert "Method in use: One person, one vote" in page
    assert "4.00" in page
    page = client.get(url, {"method": "211"}).content.decode()
    assert "Method in use: ILO Conference 2:1:1" in page
    assert "3.50" in page
    page = client.get(url).content.decode()
    assert "Method in use: Constituencies count alike" in page
    assert "=1" in page
    assert "Government and Workers&#x27; organisation differ by 4.0 points" in page


def test_changes_answers_not_modified_with_one_query(client, django_assert_num_queries):
    delegation, _o, _f, members = make_delegation()
    client.force_login(members[0])
    url = reverse("planning:changes", args=[delegation.pk])
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    client.get(url, HTTP_IF_NONE_MATCH=etag)  # warm the session
    # Four queries every page makes in middleware (session, user, profile for the time zone, roles for
    # the staff check), then the view's one query.
    with django_assert_num_queries(5):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    add_actions(delegation, 1)
    workspace.step_set(delegation=delegation, step="analysis", state="closed", actor=members[0])
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_public_plan_page_and_atlas_country_profile_show_the_plan(client):
    plan = finalised_public_plan()
    page = client.get(reverse("planning:public_plan", args=[plan.pk])).content.decode()
    assert page.index("Pass the Framework Act") < page.index("Social procurement quota")
    profile = client.get(reverse("atlas:country", args=["KR"])).content.decode()
    assert "Public action plans" in profile
    assert "Pass the Framework Act on Social Economy" in profile


def test_private_plan_has_no_public_page(client):
    plan = finalised_public_plan()
    Delegation.objects.filter(pk=plan.pk).update(is_public=False)
    assert client.get(reverse("planning:public_plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("planning:plan_export", args=[plan.pk, "docx"])).status_code == 404


def test_word_file_holds_the_actions_in_order(client):
    from docx import Document

    plan = finalised_public_plan()
    response = client.get(reverse("planning:plan_export", args=[plan.pk, "docx"]))
    headings = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. Pass the Framework Act on Social Economy", "2. Social procurement quota for SSE"]


def test_pdf_text_shows_korean_names(client, tmp_path):
    plan = finalised_public_plan()
    Delegation.objects.filter(pk=plan.pk).update(language="ko")
    response = client.get(reverse("planning:plan_export", args=[plan.pk, "pdf"]))
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kim Ji-yeon (김지연)" in text
    assert text.index("Pass the Framework Act") < text.index("Social procurement quota")


def test_pairwise_answers_move_the_ranking(client):
    delegation, _o, _f, members = make_delegation()
    first, second = add_actions(delegation, 2)
    url = reverse("planning:pairwise", args=[delegation.pk])
    client.force_login(members[0])
    assert "Which of these two matters more" in client.get(url).content.decode()
    for member in members:
        client.force_login(member)
        assert client.post(url, {"winner": second.pk, "loser": first.pk}).status_code == 302
    page = client.get(url).content.decode()
    assert page.index(second.title) < page.index(first.title)
    assert "3 comparisons" in page


def test_pairwise_refuses_another_delegations_action(client):
    delegation, _o, _f, members = make_delegation()
    mine = add_actions(delegation, 1)[0]
    theirs = add_actions(make_delegation("JP")[0], 1)[0]
    client.force_login(members[0])
    response = client.post(reverse("planning:pairwise", args=[delegation.pk]), {"winner": theirs.pk, "loser": mine.pk})
    assert response.status_code == 400


def test_facilitator_chooses_the_plan_language_and_a_member_cannot(client):
    delegation, _o, facilitator, members = make_delegation()
    url = reverse("planning:language", args=[delegation.pk])
    client.force_login(members[0])
    assert client.post(url, {"language": "ko"}).status_code == 403
    client.force_login(facilitator)
    assert client.post(url, {"language": "xx"}).status_code == 400
    assert client.post(url, {"language": "ko"}).status_code == 302
    delegation.refresh_from_db()
    assert delegation.language == "ko"


def test_overview_shows_delegations_side_by_side_linked_to_the_atlas(client):
    plan = finalised_public_plan()
    other = make_delegation("JP")[0]
    other.event.organisers.add(*plan.event.organisers.all())
    client.force_login(plan.event.organisers.first())
    page = client.get(reverse("planning:overview", args=[plan.event.slug])).content.decode()
    assert "Korea" in page
    assert "/atlas/compare/?country=KR" in page
    assert "Final" in page


def test_facilitator_agrees_the_list_in_the_order_given(client):
    delegation, _o, facilitator, _m = make_delegation()
    first, second = add_actions(delegation, 2)
    client.force_login(facilitator)
    url = reverse("planning:priorities", args=[delegation.pk])
    response = client.post(url, {"action": [first.pk, second.pk], f"order-{first.pk}": "2", f"order-{second.pk}": "1"})
    assert response.status_code == 400
    assert "say why" in response.content.decode()
    response = client.post(url, {"action": [first.pk, second.pk], f"order-{first.pk}": "2", f"order-{second.pk}": "1",
                                 "reason": "The second one has a budget this year."})
    assert response.status_code == 302
    assert [p.action_id for p in selectors.priorities_of(delegation)] == [second.pk, first.pk]


@pytest.mark.parametrize(("language", "heading"), [("ko", "1. 현황 분석"), ("id", "1. Analisis situasi"),
                                                   ("zh-hans", "1. 现状分析"), ("fil", "1. Pagsusuri ng sitwasyon")])
def test_workspace_speaks_the_readers_language(client, settings, language, heading):
    delegation, _o, _f, members = make_delegation()
    client.force_login(members[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert heading in client.get(reverse("planning:workspace", args=[delegation.pk])).content.decode()


def test_refusal_comes_in_the_readers_language(client, settings):
    delegation, _o, _f, members = make_delegation()
    theirs = add_actions(make_delegation("JP")[0], 1)[0]
    criterion = selectors.criteria_of(delegation.event)[0]
    client.force_login(members[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    response = client.post(reverse("planning:score", args=[delegation.pk]), {f"s-{theirs.pk}-{criterion.pk}": "5"})
    assert "이 행사의 기준으로 이 대표단의 과제만 평가할 수 있습니다." in response.content.decode()


def test_form_refuses_a_ten_thousand_character_title_and_a_score_of_nine(client):
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    client.force_login(members[0])
    response = client.post(reverse("planning:action_add", args=[delegation.pk]),
                           {"title": "x" * 10_000, "dimension": "finance", "time_frame": "short"})
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    criterion = selectors.criteria_of(delegation.event)[0]
    response = client.post(reverse("planning:score", args=[delegation.pk]), {f"s-{action.pk}-{criterion.pk}": "9"})
    assert response.status_code == 400
    assert "Scores go from 1 to 5." in response.content.decode()
    assert (delegation.actions.count(), Score.objects.count()) == (1, 0)


def test_organiser_moves_a_member_to_another_delegation(client):
    delegation, organiser, _f, members = make_delegation()
    register(delegation.event, make_user("participant", country="JP"))
    from ssehub.planning.services import setup

    japan = next(d for d in setup.delegations_create(event=delegation.event, actor=organiser) if d.country.code == "JP")
    member = Member.objects.get(delegation=delegation, user=members[2])
    client.force_login(organiser)
    response = client.post(reverse("planning:members", args=[delegation.pk]), {"move": member.pk, "to": japan.pk})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).delegation_id == japan.pk


def test_personal_data_export_has_a_planning_section():
    from ssehub.core.personal_data import registered_sections

    assert "planning" in registered_sections()


def test_changes_polling_for_the_events_organiser_and_not_for_an_outsider(client):
    delegation, organiser, _f, _m = make_delegation()
    url = reverse("planning:changes", args=[delegation.pk])
    client.force_login(organiser)
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    client.force_login(make_user("organiser"))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 403


def test_progress_before_the_plan_is_final_is_refused_with_a_message(client):
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    client.force_login(members[0])
    response = client.post(reverse("planning:action_detail", args=[delegation.pk, action.pk]),
                           {"on": "2021-06-30", "status": "in_progress", "progress": "10"})
    assert response.status_code == 400
    assert "Progress is reported once the plan is final." in response.content.decode()
    assert action.updates.count() == 0


def test_matrix_plots_impact_against_feasibility_with_a_table(client):
    delegation, organiser, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    impact, feasibility = selectors.criteria_of(delegation.event)[:2]
    scoring.scores_save(delegation=delegation, actor=members[0],
                        entries=[(action.pk, impact.pk, 5, ""), (action.pk, feasibility.pk, 2, "")])
    client.force_login(organiser)
    page = client.get(reverse("planning:matrix", args=[delegation.pk])).content.decode()
    assert '<svg viewBox="0 0 400 400" role="img"' in page
    assert '<circle class="point" cx="120.0" cy="40.0"' in page  # feasibility 2, impact 5
    assert "<td>5.00</td><td>2.00</td>" in page


def test_scoring_comments_are_shown_without_names(client):
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    impact = selectors.criteria_of(delegation.event)[0]
    scoring.scores_save(delegation=delegation, actor=members[0], entries=[(action.pk, impact.pk, 2, "No budget line yet")])
    client.force_login(members[1])
    page = client.get(reverse("planning:action_detail", args=[delegation.pk, action.pk])).content.decode()
    assert "<strong>Impact:</strong> No budget line yet" in page
    assert "Kim Ji-yeon" not in page.split("comments-heading")[1]
