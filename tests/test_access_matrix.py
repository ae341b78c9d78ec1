import fnmatch
import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import ROLES, Access


def _walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_ns = namespace
            if entry.namespace:
                child_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, child_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), route
            else:
                yield route, route


def all_patterns() -> list[tuple[str, str]]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def access_table() -> dict[str, Access]:
    table: dict[str, Access] = {}
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.access")
        except ModuleNotFoundError:
            continue
        duplicated = set(table) & set(module.ACCESS)
        assert not duplicated, f"declared twice: {duplicated}"
        table.update(module.ACCESS)
    return table


def entry_for(name: str, table: dict[str, Access]) -> Access | None:
    if name in table:
        return table[name]
    for key, entry in table.items():
        if any(ch in key for ch in "*?[") and fnmatch.fnmatchcase(name, key):
            return entry
    return None


def test_every_url_pattern_has_an_access_row():
    table = access_table()
    missing = [f"{name}  ({route})" for name, route in all_patterns() if entry_for(name, table) is None]
    assert missing == [], "URL patterns without a row in the access matrix:\n" + "\n".join(missing)


def test_every_access_row_matches_a_pattern():
    names = {name for name, _route in all_patterns()}
    stale = [
        key for key in access_table()
        if key not in names and not any(fnmatch.fnmatchcase(n, key) for n in names)
    ]
    assert stale == []


def _requestable_rows():
    return sorted(name for name, entry in access_table().items() if entry.request)


def _is_refused(response, role: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and any(
        login in location for login in ("/accounts/login/", "/admin/login/")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view_name", _requestable_rows())
def test_access_matrix_row_holds_for_every_role(client, role_users, view_name):
    entry = access_table()[view_name]
    users = role_users
    kwargs = entry.kwargs() if entry.kwargs else {}
    url = reverse(view_name, kwargs=kwargs)
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        data = entry.data() if entry.data else {}
        response = getattr(client, entry.method)(url, data)
        assert response.status_code < 500, f"{view_name} as {role}: {response.status_code}"
        outcomes[role] = "refused" if _is_refused(response, role) else "allowed"
    expected = {role: ("allowed" if role in entry.allowed else "refused") for role in ROLES}
    assert outcomes == expected
