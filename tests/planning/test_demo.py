import pytest

from ssehub.accounts import demo as accounts_demo
from ssehub.agenda import demo as agenda_demo
from ssehub.atlas import demo as atlas_demo
from ssehub.calls import demo as calls_demo
from ssehub.core.models import ActionLogEntry
from ssehub.events import demo as events_demo
from ssehub.planning import demo, selectors
from ssehub.planning.models import Delegation, FollowUpUpdate, PolicyAction


@pytest.mark.django_db
def test_demo_builds_six_finalised_plans_two_public_linked_to_the_atlas():
    for module in (events_demo, accounts_demo, atlas_demo, calls_demo, agenda_demo):
        module.load()
    demo.load()
    delegations = Delegation.objects.order_by("country")
    assert [d.country.code for d in delegations] == ["CN", "ID", "JP", "KR", "MY", "PH"]
    assert [d.is_final for d in delegations] == [True] * 6
    assert sorted(d.country.code for d in delegations if d.is_public) == ["KR", "PH"]
    for delegation in delegations:
        constituencies = set(delegation.members.filter(role="member").values_list("constituency", flat=True))
        assert {"government", "employers", "workers", "sse_practitioner"} <= constituencies
        assert 4 <= delegation.actions.count() <= 6
        assert delegation.actions.filter(instrument__isnull=False).exists()
        assert delegation.analysis_items.exclude(dimension="").exists()
        assert selectors.priorities_of(delegation)
    assert FollowUpUpdate.objects.count() == 6 * 2 * 2
    # The two pending bills the issue names are atlas records, and the actions that would enact them link them.
    for country, title in (("KR", "Enact a Framework Act on the Social Economy"),
                           ("PH", "Pass the PRESENT bill (Poverty Reduction through Social Entrepreneurship)")):
        action = PolicyAction.objects.select_related("instrument").get(delegation__country=country, title=title)
        assert (action.instrument.type, action.instrument.status, action.instrument.is_published) == (
            "bill", "pending_bill", True)
        assert action.instrument_link == "create"
    assert Delegation.objects.get(country="PH").analysis_items.filter(
        instruments__title__startswith="PRESENT bill").exists()
    assert ActionLogEntry.objects.filter(verb="planning.plan.finalise").count() == 6
    demo.load()
    assert Delegation.objects.count() == 6
