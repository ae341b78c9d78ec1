import datetime as dt

import pytest
from django.core import mail

from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from ssehub.planning import selectors
from ssehub.planning.enums import Step, StepState
from ssehub.planning.models import Criterion, Member, Score
from ssehub.planning.personal_data import collect
from ssehub.planning.services import followup, scoring, setup, workspace
from tests.agenda.factories import register
from tests.factories import make_user
from tests.planning.factories import add_actions, make_delegation, make_event_with_people

pytestmark = pytest.mark.django_db


def _criteria(delegation):
    return selectors.criteria_of(delegation.event)


def test_delegations_create_groups_registered_people_by_country_with_constituency():
    event, organiser, _people = make_event_with_people("PH")
    register(event, make_user("participant", country="ID", constituency="workers"))
    delegations = setup.delegations_create(event=event, actor=organiser)
    assert [d.country.code for d in delegations] == ["ID", "PH"]
    assert sorted(Member.objects.filter(delegation=delegations[1]).values_list("constituency", flat=True)) == [
        "employers", "government", "workers"]
    assert [c.code for c in Criterion.objects.filter(event=event)] == ["impact", "feasibility", "urgency", "decent_work"]
    assert ActionLogEntry.objects.filter(verb="planning.delegations.create", scope=f"events.event:{event.pk}").count() == 1


def test_delegations_create_again_adds_only_newcomers():
    event, organiser, _people = make_event_with_people("PH")
    setup.delegations_create(event=event, actor=organiser)
    register(event, make_user("participant", country="PH", constituency="researcher"))
    setup.delegations_create(event=event, actor=organiser)
    assert Member.objects.filter(event=event).count() == 4


def test_member_move_to_another_delegation_and_duplicate_add_refused():
    event, organiser, people = make_event_with_people("PH")
    register(event, make_user("participant", country="ID"))
    ph, id_ = sorted(setup.delegations_create(event=event, actor=organiser), key=lambda d: d.country.code)[::-1]
    member = Member.objects.get(delegation=ph, user=people[0])
    setup.member_move(member=member, to=id_, actor=organiser)
    assert Member.objects.get(user=people[0]).delegation_id == id_.pk
    with pytest.raises(ServiceError) as refused:
        setup.member_add(delegation=ph, user=people[0], actor=organiser)
    assert refused.value.code == "duplicate"


def test_facilitator_needs_the_facilitator_role():
    delegation, organiser, _f, _m = make_delegation()
    with pytest.raises(ServiceError) as refused:
        setup.facilitator_assign(delegation=delegation, user=make_user("participant"), actor=organiser)
    assert refused.value.code == "not_facilitator"


def test_closed_step_refuses_a_new_action():
    delegation, _o, _f, members = make_delegation(open_steps=())
    with pytest.raises(ServiceError) as refused:
        workspace.action_create(delegation=delegation, actor=members[0], data={"title": "Pass the SSE bill",
                                                                                "dimension": "legal_framework"})
    assert refused.value.code == "step_closed"


@pytest.mark.parametrize("title", ["", "x" * 10_000])
def test_bad_titles_are_refused_and_nothing_is_written(title):
    delegation, _o, _f, members = make_delegation()
    with pytest.raises(ServiceError):
        workspace.action_create(delegation=delegation, actor=members[0], data={"title": title,
                                                                                "dimension": "legal_framework"})
    assert delegation.actions.count() == 0


def test_stale_action_edit_is_refused_naming_who_saved():
    delegation, _o, _f, members = make_delegation()
    action = workspace.action_create(delegation=delegation, actor=members[0],
                                     data={"title": "Pass the Framework Act on Social Economy",
                                           "dimension": "legal_framework"})
    workspace.action_update(action=action, actor=members[1], data={"title": "Pass the Framework Act (revised)"},
                            expected_version=1)
    with pytest.raises(ServiceError) as refused:
        workspace.action_update(action=action, actor=members[2], data={"title": "Mine"}, expected_version=1)
    assert refused.value.is_stale
    assert "Kang Min-soo" in refused.value.message
    action.refresh_from_db()
    assert action.title == "Pass the Framework Act (revised)"


def test_scores_upsert_per_member_action_and_criterion():
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    impact = _criteria(delegation)[0]
    scoring.scores_save(delegation=delegation, actor=members[0], entries=[(action.pk, impact.pk, 4, "")])
    scoring.scores_save(delegation=delegation, actor=members[0], entries=[(action.pk, impact.pk, 2, "too slow")])
    scoring.scores_save(delegation=delegation, actor=members[1], entries=[(action.pk, impact.pk, 5, "")])
    assert sorted(Score.objects.values_list("user_id", "value", "comment")) == sorted(
        [(members[0].pk, 2, "too slow"), (members[1].pk, 5, "")])


@pytest.mark.parametrize("value", [0, 6, -1])
def test_scores_outside_one_to_five_are_refused(value):
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    with pytest.raises(ServiceError):
        scoring.scores_save(delegation=delegation, actor=members[0],
                            entries=[(action.pk, _criteria(delegation)[0].pk, value, "")])
    assert Score.objects.count() == 0


def test_score_of_another_delegations_action_is_refused_and_nothing_written():
    delegation, _o, _f, members = make_delegation()
    other, _o2, _f2, _m2 = make_delegation("JP")
    mine, theirs = add_actions(delegation, 1)[0], add_actions(other, 1)[0]
    criterion = _criteria(delegation)[0].pk
    with pytest.raises(ServiceError) as refused:
        scoring.scores_save(delegation=delegation, actor=members[0],
                            entries=[(mine.pk, criterion, 3, ""), (theirs.pk, criterion, 3, "")])
    assert refused.value.code == "not_found"
    assert Score.objects.count() == 0


def test_duplicate_score_in_one_submission_is_refused():
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    criterion = _criteria(delegation)[0].pk
    with pytest.raises(ServiceError) as refused:
        scoring.scores_save(delegation=delegation, actor=members[0],
                            entries=[(action.pk, criterion, 3, ""), (action.pk, criterion, 4, "")])
    assert refused.value.code == "duplicate"


def _agree_and_finalise(delegation, facilitator, actions, reason=""):
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[a.pk for a in actions],
                             reason=reason)
    return scoring.plan_finalise(delegation=delegation, actor=facilitator)


def test_agreed_list_differing_from_ranking_needs_a_reason():
    delegation, _o, facilitator, members = make_delegation()
    first, second = add_actions(delegation, 2)
    impact = _criteria(delegation)[0].pk
    scoring.scores_save(delegation=delegation, actor=members[0], entries=[(first.pk, impact, 5, ""), (second.pk, impact, 1, "")])
    with pytest.raises(ServiceError) as refused:
        scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[second.pk, first.pk], reason="")
    assert refused.value.code == "reason_required"
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[second.pk, first.pk],
                             reason="The bill is before the Assembly this year.")
    assert [p.action_id for p in selectors.priorities_of(delegation)] == [second.pk, first.pk]


def test_score_after_finalising_is_refused_with_a_message():
    delegation, _o, facilitator, members = make_delegation()
    actions = add_actions(delegation, 2)
    _agree_and_finalise(delegation, facilitator, actions)
    with pytest.raises(ServiceError) as refused:
        scoring.scores_save(delegation=delegation, actor=members[0],
                            entries=[(actions[0].pk, _criteria(delegation)[0].pk, 3, "")])
    assert refused.value.code == "final"
    assert "finalised" in refused.value.message
    delegation.refresh_from_db()
    assert [delegation.state_of(step) for step in Step.values] == [StepState.CLOSED] * 4


def test_publish_needs_a_final_plan():
    delegation, _o, facilitator, _m = make_delegation()
    with pytest.raises(ServiceError):
        scoring.plan_publish(delegation=delegation, actor=facilitator, public=True)


def test_follow_up_update_and_reminder_when_due(django_capture_on_commit_callbacks):
    delegation, _o, facilitator, members = make_delegation()
    actions = add_actions(delegation, 1)
    actions[0].owner = members[0]
    actions[0].save()
    _agree_and_finalise(delegation, facilitator, actions)
    with pytest.raises(ServiceError):
        followup.update_add(action=actions[0], actor=members[0], data={
            "on": dt.date(2021, 6, 1), "status": "in_progress", "progress": 30, "evidence": ["not a link"]})
    followup.update_add(action=actions[0], actor=members[0], data={
        "on": dt.date(2021, 6, 1), "status": "in_progress", "progress": 30, "evidence": ["https://www.ilo.org/x"]})
    assert followup.reminders_queue(today=dt.date(2021, 7, 1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert followup.reminders_queue(today=dt.date(2021, 9, 15)) == 1
    assert followup.reminders_queue(today=dt.date(2021, 9, 16)) == 0
    assert [message.to for message in mail.outbox] == [[members[0].email]]


def test_personal_data_holds_actions_comments_and_scores():
    delegation, _o, _f, members = make_delegation()
    action = workspace.action_create(delegation=delegation, actor=members[0],
                                     data={"title": "Social procurement quota", "dimension": "market_access"})
    scoring.scores_save(delegation=delegation, actor=members[0],
                        entries=[(action.pk, _criteria(delegation)[0].pk, 4, "needs a budget line")])
    data = collect(user=members[0])
    assert [a["title"] for a in data["actions"]] == ["Social procurement quota"]
    assert [(s["score"], s["comment"]) for s in data["scores"]] == [(4, "needs a budget line")]


def test_reminder_command_queues_mail_with_a_link(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    delegation, _o, facilitator, members = make_delegation()
    actions = add_actions(delegation, 1)
    actions[0].owner = members[0]
    actions[0].save()
    _agree_and_finalise(delegation, facilitator, actions)
    delegation.refresh_from_db()
    today = (delegation.finalised_at + dt.timedelta(days=91)).date()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("planning_reminders", today=today)
    assert len(mail.outbox) == 1
    assert f"/planning/delegations/{delegation.pk}/" in mail.outbox[0].body
    assert ActionLogEntry.objects.filter(verb="planning.update.remind", by_platform=True).count() == 1


def test_stale_analysis_edit_is_refused():
    delegation, _o, _f, members = make_delegation()
    item = workspace.analysis_item_create(delegation=delegation, actor=members[0],
                                          data={"kind": "challenge", "text": "No SSE statistics"})
    workspace.analysis_item_update(item=item, actor=members[1], data={"text": "No SSE statistics at all"},
                                   expected_version=1)
    with pytest.raises(ServiceError) as refused:
        workspace.analysis_item_update(item=item, actor=members[2], data={"text": "Mine"}, expected_version=1)
    assert refused.value.is_stale


def test_instrument_of_another_country_is_refused():
    from tests.atlas.factories import make_instrument

    delegation, _o, _f, members = make_delegation()
    japanese = make_instrument(country="JP")
    with pytest.raises(ServiceError):
        workspace.action_create(delegation=delegation, actor=members[0], data={
            "title": "Amend it", "dimension": "legal_framework", "instrument": japanese, "instrument_link": "amend"})


def test_running_totals_always_equal_the_scores():
    import random

    delegation, _o, _f, members = make_delegation()
    actions = add_actions(delegation, 3)
    criteria = _criteria(delegation)
    rng = random.Random(7)
    for _round in range(5):
        for member in members:
            entries = [(a.pk, c.pk, rng.randint(1, 5), "") for a in actions for c in criteria if rng.random() < 0.7]
            scoring.scores_save(delegation=delegation, actor=member, entries=entries)
    assert sorted(selectors.score_cells(delegation)) == sorted(selectors.score_cells_recounted(delegation))
    members[0].delete()  # a deleted account leaves its scores, anonymous, so the totals still hold
    assert sorted(selectors.score_cells(delegation)) == sorted(selectors.score_cells_recounted(delegation))
    assert scoring.cells_rebuild(delegation=delegation) == len(selectors.score_cells_recounted(delegation))
