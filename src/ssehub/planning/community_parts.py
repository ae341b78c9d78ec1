"""What planning offers the community, through the community's extension points (the community does
not import planning; docs/decisions/0504). Found by the community when it loads, as `load_demo`
finds `demo.py`.

- Cases link to policy actions of public plans (`community.case_links`): only the agreed priority
  actions of plans that are final and public, which is what the public plan page shows. An action of
  a private plan is never offered, never named and never linked to.
- A link in a post to a public plan, or to one of its priority actions (the workspace address a
  delegation member would paste), renders as a card pointing at the public plan page.
"""

import re

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.community.cards import Card, path_pattern, register_card_kind
from ssehub.community.case_links import CaseLinkKind, register_case_link_kind
from ssehub.planning.models import Delegation, Priority
from ssehub.planning.selectors import public_plans


def _public_priorities():
    return (Priority.objects.filter(delegation__in=public_plans().values("pk"))
            .select_related("action", "delegation__event").order_by("delegation__country", "delegation_id", "position"))


def _plan_title(delegation: Delegation) -> str:
    return _("SSE policy action plan: %(country)s") % {"country": delegation.country.name}


def action_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for priority in _public_priorities():
        plan = priority.delegation
        label = f"{_plan_title(plan)} · {plan.event.title}"
        groups.setdefault(plan.pk, (label, []))[1].append((priority.action_id, priority.action.title))
    return list(groups.values())


def public_actions(ids: list[int]) -> dict[int, Card]:
    return {
        priority.action_id: Card(title=priority.action.title, label=_("Policy action"),
                                 url=reverse("planning:public_plan", args=[priority.delegation_id]),
                                 detail=f"{_plan_title(priority.delegation)} · {priority.delegation.event.title}")
        for priority in _public_priorities().filter(action_id__in=ids)
    }


def plan_cards(ids: list[int]) -> dict[int, Card]:
    return {plan.pk: Card(title=_plan_title(plan), label=_("Plan"), detail=plan.event.title,
                          url=reverse("planning:public_plan", args=[plan.pk]))
            for plan in public_plans().filter(pk__in=ids)}


def action_path() -> str:
    """The workspace address of an action, any delegation, the action's id captured."""
    path = reverse("planning:action_detail", kwargs={"pk": 987654320, "action_pk": 987654321})
    return re.escape(path).replace("987654320", r"\d+").replace("987654321", r"(\d+)")


register_case_link_kind(CaseLinkKind(name="planning.action", label=gettext_lazy("Priority actions"),
                                     choices=action_choices, fetch=public_actions))
register_card_kind("planning.plan", path_pattern("planning:public_plan"), plan_cards)
register_card_kind("planning.action", action_path, public_actions)
