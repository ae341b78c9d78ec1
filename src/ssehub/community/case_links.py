"""Records of other apps that a case can link to (planning's policy actions), without the community
importing those apps (docs/decisions/0504).

An app offers a kind of record with `register_case_link_kind(CaseLinkKind(...))`, from a module named
`community_parts.py` in the app (found when the community loads, as `load_demo` finds `demo.py`):
- `choices()`: what an editor or a submitter may pick, grouped for a `<select>`:
  `[(group label, [(id, label), ...]), ...]`. Only records everyone may read: the kind decides.
- `fetch(ids)`: `{id: Card}` for those of `ids` everyone may read *now*, in one query. A record that
  stopped being readable (a plan made private again) is left out, so it is shown nowhere.

The links are stored as (case, kind, id) rows (`CaseLink`): no foreign key into the other app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

from ssehub.community.cards import Card

Choices = list[tuple[str, list[tuple[int, str]]]]


@dataclass(frozen=True)
class CaseLinkKind:
    name: str  # "planning.action"
    label: object  # a (lazy) translated plural: "Policy actions in public plans"
    choices: Callable[[], Choices]
    fetch: Callable[[list[int]], dict[int, Card]]
    help_text: object = ""


_kinds: dict[str, CaseLinkKind] = {}


def register_case_link_kind(kind: CaseLinkKind) -> None:
    _kinds[kind.name] = kind


def unregister_case_link_kind(name: str) -> None:
    _kinds.pop(name, None)


def case_link_kinds() -> list[CaseLinkKind]:
    return list(_kinds.values())


def link_kind(name: str) -> CaseLinkKind | None:
    return _kinds.get(name)


def offered_ids(kind: CaseLinkKind) -> set[int]:
    return {pk for _group, items in kind.choices() for pk, _label in items}


def readable(refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Card]:
    """{(kind, id): Card} for the refs readable now: one fetch per kind, whatever the number of refs."""
    wanted: dict[str, set[int]] = {}
    for name, pk in refs:
        wanted.setdefault(name, set()).add(pk)
    found: dict[tuple[str, int], Card] = {}
    for name, ids in wanted.items():
        kind = _kinds.get(name)
        if kind is None:  # the app that offered it is gone: nothing to show
            continue
        for pk, card in kind.fetch(sorted(ids)).items():
            found[(name, pk)] = card
    return found


def discover() -> None:
    """Import every installed app's `community_parts` module: each registers its kinds."""
    autodiscover_modules("community_parts")
