"""The access matrix: for every URL pattern, which roles may reach it.

Each app declares its rows in `tests/<app>/access.py` as `ACCESS = {view_name: Access(...)}`.
`tests/test_access_matrix.py` walks every URL pattern of the project and fails when one has no row,
then requests each requestable row as every role and checks the outcome.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous", "member", "participant", "facilitator", "reviewer", "researcher", "editor",
    "moderator", "organiser", "admin",
)
PUBLIC = frozenset(ROLES)
SIGNED_IN = PUBLIC - {"anonymous"}
ADMIN_ONLY = frozenset({"admin"})


@dataclass(frozen=True)
class Access:
    allowed: frozenset[str]
    # Builds the URL's kwargs (creating whatever objects it needs); None for patterns without args.
    kwargs: Callable[[], dict] | None = None
    method: str = "get"
    data: Callable[[], dict] | None = None
    # False only where a request cannot be built generically; `note` then says where it is tested.
    request: bool = True
    note: str = ""
    extra: dict = field(default_factory=dict)


def public(**options) -> Access:
    return Access(allowed=PUBLIC, **options)


def signed_in(**options) -> Access:
    return Access(allowed=SIGNED_IN, **options)


def only(*roles: str, **options) -> Access:
    unknown = set(roles) - PUBLIC
    assert not unknown, f"unknown roles {unknown}"
    return Access(allowed=frozenset(roles), **options)
