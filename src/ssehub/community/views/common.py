from django.contrib import messages
from django.core.exceptions import PermissionDenied

from ssehub.community.rules import membership_of
from ssehub.core.errors import ServiceError


def require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def active_membership(request):
    membership = membership_of(request.user)
    if membership is None or not membership.is_active:
        raise PermissionDenied
    return membership


def refuse(request, error: ServiceError) -> None:
    messages.error(request, error.message)
