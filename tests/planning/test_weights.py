"""2:1:1 with a weight per constituency beyond the tripartite three ("other constituencies as the
organisers set"): the form, the service (stale edits, bad values, the log), the ranking, the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ssehub.core.actionlog import entries_for_object
from ssehub.core.errors import ServiceError
from ssehub.planning import selectors
from ssehub.planning.models import PlanningSetup
from ssehub.planning.services import scoring, setup
from tests.planning.factories import add_actions, make_delegation

pytestmark = pytest.mark.django_db

FORM = {"method": "211", "weight_sse_practitioner": "1", "weight_researcher": "0.5", "weight_international": "1",
        "weight_other": "0"}


def _scored():
    """One action scored 5 by government and 1 by a researcher, another the other way round."""
    delegation, organiser, _f, members = make_delegation(people=[("government", "Kim"), ("researcher", "Dr Lee")])
    criterion = selectors.criteria_of(delegation.event)[0]
    a, b = add_actions(delegation, 2)
    for user, values in zip(members, [(5, 1), (1, 5)], strict=True):
        scoring.scores_save(delegation=delegation, actor=user,
                            entries=[(a.pk, criterion.pk, values[0], ""), (b.pk, criterion.pk, values[1], "")])
    return delegation, organiser, a, b


def test_organiser_sets_a_weight_per_constituency_and_the_ranking_follows(client):
    delegation, organiser, a, b = _scored()
    client.force_login(organiser)
    url = reverse("planning:settings", args=[delegation.event.slug])
    page = client.get(url).content.decode()
    for label in ("SSE practitioner", "Researcher", "International organisation"):
        assert f"Weight of “{label}” under 2:1:1" in page
    response = client.post(url, {**FORM, "version": PlanningSetup.objects.get(event=delegation.event).version})
    assert response.status_code == 302
    saved = PlanningSetup.objects.get(event=delegation.event)
    assert saved.other_weights == {"sse_practitioner": 1.0, "researcher": 0.5, "international": 1.0, "other": 0.0}
    # Government 2 × 5 and researcher 0.5 × 1: (10 + 0.5) / 2.5 = 4.2; the other action (2 + 2.5) / 2.5 = 1.8.
    results = {r.action: round(r.score, 2) for r in selectors.ranking(delegation).results}
    assert results == {a.pk: 4.2, b.pk: 1.8}
    ranking = client.get(reverse("planning:ranking", args=[delegation.pk])).content.decode()
    assert "4.20" in ranking
    assert "Method in use: ILO Conference 2:1:1 (weights: Government 2, Employers&#x27; organisation 1, " in ranking
    assert "Researcher 0.5" in ranking
    entry = entries_for_object(saved).first()
    assert entry.verb == "planning.setup.update"
    assert entry.data["other_weights"][1]["researcher"] == 0.5


def test_weights_read_in_the_readers_decimal_style(client, settings):
    delegation, organiser, _a, _b = _scored()
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                       data={"method": "211", "other_weights": {"researcher": 0.5}})
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = client.get(reverse("planning:ranking", args=[delegation.pk])).content.decode()
    assert "0,5" in page


def test_a_stale_set_up_is_refused_and_the_saved_one_shown(client):
    delegation, organiser, _a, _b = _scored()
    current = PlanningSetup.objects.get(event=delegation.event)
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=current.version,
                       data={"method": "211", "other_weights": {"researcher": 2}})
    client.force_login(organiser)
    response = client.post(reverse("planning:settings", args=[delegation.event.slug]),
                           {**FORM, "version": current.version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The method as it is now saved" in page
    assert "Researcher 2" in page
    assert PlanningSetup.objects.get(event=delegation.event).other_weights["researcher"] == 2


@pytest.mark.parametrize(("weights", "message"), [
    ({"government": 1}, "set weights only for the other constituencies"),
    ({"researcher": 2.5}, "A weight goes from 0 to 2."),
    ({"researcher": -1}, "A weight goes from 0 to 2."),
    ({"researcher": "half"}, "A weight goes from 0 to 2."),
])
def test_bad_weights_are_refused_and_nothing_changes(weights, message):
    delegation, organiser, _a, _b = _scored()
    with pytest.raises(ServiceError, match=message):
        setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                           data={"method": "211", "other_weights": weights})
    assert PlanningSetup.objects.get(event=delegation.event).method == "equal"


def test_the_form_refuses_a_weight_out_of_range(client):
    delegation, organiser, _a, _b = _scored()
    client.force_login(organiser)
    response = client.post(reverse("planning:settings", args=[delegation.event.slug]),
                           {**FORM, "weight_researcher": "3"})
    assert response.status_code == 400
    assert PlanningSetup.objects.get(event=delegation.event).other_weights == {}


def test_weights_not_sent_keep_what_was_set():
    delegation, organiser, _a, _b = _scored()
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                       data={"other_weights": {"researcher": 0.5}})
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                       data={"other_weights": {"international": 0}})
    assert PlanningSetup.objects.get(event=delegation.event).weights() == {
        "government": 2.0, "employers": 1.0, "workers": 1.0, "sse_practitioner": 1.0, "researcher": 0.5,
        "international": 0.0, "other": 1.0}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _schema_restored_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_schema_restored_afterwards")
def test_migration_gives_each_other_constituency_the_one_weight_set_before():
    delegation, _organiser, _f, _m = make_delegation()
    event_id = delegation.event_id
    PlanningSetup.objects.filter(event_id=event_id).delete()
    apps = _migrate([("planning", "0003_score_cells")])
    apps.get_model("planning", "PlanningSetup").objects.create(event_id=event_id, other_weight=0.5)
    apps = _migrate([("planning", "0004_other_weights")])
    migrated = apps.get_model("planning", "PlanningSetup").objects.get(event_id=event_id)
    assert migrated.other_weights == {"sse_practitioner": 0.5, "researcher": 0.5, "international": 0.5, "other": 0.5}
    apps = _migrate([("planning", "0003_score_cells")])
    assert float(apps.get_model("planning", "PlanningSetup").objects.get(event_id=event_id).other_weight) == 0.5


def test_an_agreed_plan_keeps_the_weights_it_was_ranked_with(client):
    from ssehub.planning.exports import plan_data

    delegation, organiser, a, b = _scored()
    facilitator = delegation.members.get(role="facilitator").user
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                       data={"method": "211", "other_weights": {"researcher": 0.5}})
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[a.pk, b.pk], reason="")
    scoring.plan_finalise(delegation=delegation, actor=facilitator)
    scoring.plan_publish(delegation=delegation, actor=facilitator, public=True)
    setup.setup_update(event=delegation.event, actor=organiser, expected_version=None,
                       data={"other_weights": {"researcher": 2}})
    delegation.refresh_from_db()
    assert delegation.finalised_weights["researcher"] == 0.5
    assert "Researcher 0.5" in plan_data(delegation)["method"]
    assert "Researcher 0.5" in client.get(reverse("planning:public_plan", args=[delegation.pk])).content.decode()
    body = client.get(reverse("api:planning_plan_detail", args=[delegation.pk])).json()
    assert (body["method"], body["weights"]["researcher"], body["weights"]["government"]) == ("211", 0.5, 2.0)
