import pytest
from django.contrib.auth.models import AnonymousUser

from ssehub.accounts import rules as predicates
from ssehub.accounts.services import role_assign, role_revoke
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (predicates.is_organiser, {"organiser", "admin"}),
        (predicates.is_editor, {"editor", "admin"}),
        (predicates.is_reviewer, {"reviewer"}),
        (predicates.is_facilitator, {"facilitator"}),
        (predicates.is_participant, {"participant"}),
        (predicates.is_researcher, {"researcher"}),
        (predicates.is_member, {"member", "organiser", "editor", "reviewer", "facilitator", "participant", "researcher", "admin"}),
    ],
)
def test_role_predicates_allow_and_deny(predicate, allowed):
    roles = ["member", "organiser", "editor", "reviewer", "facilitator", "participant", "researcher", "admin"]
    outcome = {role for role in roles if predicate.test(make_user(role))}
    assert outcome == allowed
    assert predicate.test(AnonymousUser()) is False


def test_role_revoke_removes_the_role():
    user = make_user("member")
    role_assign(user=user, role="reviewer")
    role_revoke(user=user, role="reviewer")
    user = type(user).objects.get(pk=user.pk)
    assert predicates.is_reviewer.test(user) is False
