"""Helpers shared by the planning services."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.core.errors import ServiceError
from ssehub.core.stale import lock_row
from ssehub.planning.models import Delegation


def touch(delegation_id: int) -> None:
    """One more change in the workspace: the polling sees a new ETag (docs/decisions/0401)."""
    Delegation.objects.filter(pk=delegation_id).update(revision=F("revision") + 1, changed_at=timezone.now())


def lock_delegation(delegation: Delegation) -> Delegation:
    locked = lock_row(Delegation.objects.select_related("event"), pk=delegation.pk)
    locked.__dict__["_roles_by_user"] = delegation.__dict__.get("_roles_by_user", {})
    return locked


def refuse_if_final(delegation: Delegation) -> None:
    if delegation.is_final:
        raise ServiceError(_("This plan has been finalised; it can no longer be changed."), code="final")


def require_open(delegation: Delegation, step: str) -> None:
    refuse_if_final(delegation)
    if not delegation.is_open(step):
        raise ServiceError(_("This step is not open. The facilitator opens and closes the steps."),
                           code="step_closed")
