"""What every planning view does first: find the delegation, check the person may do this."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ssehub.planning import selectors
from ssehub.planning.models import Delegation


def delegation_for(request, pk: int, perm: str = "planning.view_delegation") -> Delegation:
    delegation = get_object_or_404(selectors.delegations_all(), pk=pk)
    if not request.user.has_perm(perm, delegation):
        raise PermissionDenied
    return delegation


def can(request, delegation: Delegation) -> dict[str, bool]:
    user = request.user
    return {
        "contribute": user.has_perm("planning.contribute", delegation),
        "facilitate": user.has_perm("planning.facilitate", delegation),
        "manage": user.has_perm("planning.manage_members", delegation),
        "score": user.has_perm("planning.score", delegation),
    }
