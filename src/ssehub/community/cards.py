"""Links in posts that name a record render as cards: an atlas record, a case, and whatever another
app registers (planning's actions, later) without the community importing it.

A card kind says which URL paths it recognises and how to fetch many records at once:
`register_card_kind(name, pattern, fetch)`, where `pattern` is a compiled regex over the link's path
with one group (the id) and `fetch(ids) -> {id: Card}` reads them in one query. A topic page calls
`cards_for(posts)` once: one query per kind in use, whatever the number of posts.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    label: str  # what kind of record, already translated
    detail: str = ""


CardFetcher = Callable[[list[int]], dict[int, Card]]
PathPattern = str | Callable[[], str]
_kinds: dict[str, tuple[PathPattern, CardFetcher]] = {}
_compiled: dict[str, re.Pattern] = {}


def register_card_kind(name: str, pattern: PathPattern, fetch: CardFetcher) -> None:
    """`pattern`: a regex over a link's path with one group (the id), or a function returning one
    (called on first use, so it may reverse URLs)."""
    _kinds[name] = (pattern, fetch)
    _compiled.pop(name, None)


def _pattern(name: str) -> re.Pattern:
    if name not in _compiled:
        pattern = _kinds[name][0]
        _compiled[name] = re.compile(pattern() if callable(pattern) else pattern)
    return _compiled[name]


def card_refs_in(urls: Iterable[str]) -> list[list]:
    """[[kind, id], ...] for the links that name a record of a registered kind (in order, once each)."""
    found: list[list] = []
    for url in urls:
        path = urlsplit(url).path
        for name in _kinds:
            match = _pattern(name).fullmatch(path)
            if match:
                ref = [name, int(match.group(1))]
                if ref not in found:
                    found.append(ref)
                break
    return found[:5]


def cards_for(posts: list) -> None:
    """Set `post.cards` on every post: one fetch per card kind used on the page."""
    wanted: dict[str, set[int]] = {}
    for post in posts:
        for name, pk in post.card_refs or []:
            wanted.setdefault(name, set()).add(pk)
    fetched = {name: _kinds[name][1](sorted(ids)) for name, ids in wanted.items() if name in _kinds}
    for post in posts:
        post.cards = [fetched[name][pk] for name, pk in post.card_refs or []
                      if name in fetched and pk in fetched[name]]


def _atlas_instruments(ids: list[int]) -> dict[int, Card]:
    # Imported here: the card registry loads before app models are importable.
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from ssehub.atlas.models import Instrument

    found = Instrument.objects.filter(pk__in=ids, is_published=True).only(
        "id", "title", "title_local", "country", "type", "year_adopted")
    return {
        item.pk: Card(title=item.title, url=reverse("atlas:instrument_detail", kwargs={"pk": item.pk}),
                      label=_("Policy atlas"),
                      detail=" · ".join(part for part in (item.title_local, item.country.name,
                                                          item.get_type_display(),
                                                          str(item.year_adopted or "")) if part))
        for item in found
    }


def _cases(ids: list[int]) -> dict[int, Card]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from ssehub.community.enums import CaseStatus
    from ssehub.community.models import Case

    found = Case.objects.filter(pk__in=ids, status=CaseStatus.PUBLISHED).only("id", "title", "country")
    return {item.pk: Card(title=item.title, url=reverse("community:case", kwargs={"pk": item.pk}),
                          label=_("Best-practice case"), detail=item.country.name) for item in found}


def path_pattern(url_name: str) -> Callable[[], str]:
    """A pattern for a URL named `url_name` with one `pk` argument (its path, any id)."""

    def build() -> str:
        from django.urls import reverse

        return re.escape(reverse(url_name, kwargs={"pk": 987654321})).replace("987654321", r"(\d+)")

    return build


def register_builtin_cards() -> None:
    register_card_kind("atlas.instrument", path_pattern("atlas:instrument_detail"), _atlas_instruments)
    register_card_kind("community.case", path_pattern("community:case"), _cases)
