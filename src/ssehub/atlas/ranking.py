"""The order of a search's matches, from the in-memory search columns (`search_columns`).

Rows are (id, title rank, country, type, status, year, dimension mask, entity mask, lower-cased
titles). Every order ends on the title rank, the position in the database's `ORDER BY title, id`,
so the page with words sorts exactly as `selectors.instrument_search` does.
"""

from collections.abc import Sequence
from itertools import islice, repeat
from operator import itemgetter, sub

from ssehub.atlas.enums import Sort

RANK, YEAR, COUNTRY, TITLES = 1, 5, 2, 8
EARLY_PAGES_END = 100  # the first five pages of 20 take the short way


def sorted_ids(rows: list[tuple], sort: str, terms: list[str]) -> Sequence[int]:
    """The ids of `rows` in the order `sort` asks for, undated instruments last."""
    if sort == Sort.RELEVANCE and terms:
        return BestMatchesFirst(rows, terms)
    if sort == Sort.NEWEST:
        key = lambda row: (row[YEAR] is None, -(row[YEAR] or 0), row[RANK])  # noqa: E731
    elif sort == Sort.OLDEST:
        key = lambda row: (row[YEAR] is None, row[YEAR] or 0, row[RANK])  # noqa: E731
    elif sort == Sort.COUNTRY:
        key = itemgetter(COUNTRY, RANK)
    else:
        key = itemgetter(RANK)  # the title rank is unique: it already orders by title, then id
    return [row[0] for row in sorted(rows, key=key)]


class BestMatchesFirst(Sequence):
    """Match ids with the most search words in their titles first, then by title (ADR 0107).

    Worked out only as far as a page needs: the first page of a common word looks at the titles of
    a few dozen matches, not of all 10,000 (the full order cost 7-9 ms at 50,000 records, most of it
    reading 10,000 titles scattered in memory). Later pages, or a first page that runs out of
    matches holding every word, sort everything once.
    """

    def __init__(self, rows: list[tuple], terms: list[str]):
        self._by_title = sorted(rows, key=itemgetter(RANK))
        self._terms = terms
        self._everything: list[int] | None = None

    def __len__(self) -> int:
        return len(self._by_title)

    def _has_every_word(self, row: tuple) -> bool:
        titles = row[TITLES]
        return all(term in titles for term in self._terms)

    def _all_in_order(self) -> list[int]:
        if self._everything is None:
            titles = list(map(itemgetter(TITLES), self._by_title))
            minus_hits = [0] * len(titles)
            for term in self._terms:
                minus_hits = list(map(sub, minus_hits, map(str.__contains__, titles, repeat(term))))
            # sorted() is stable: within a number of hits the title order stays.
            order = sorted(range(len(titles)), key=minus_hits.__getitem__)
            self._everything = [self._by_title[index][0] for index in order]
        return self._everything

    def __getitem__(self, index):
        if isinstance(index, slice) and self._everything is None:
            start, stop, step = index.indices(len(self))
            if step == 1 and stop <= EARLY_PAGES_END:
                # Matches holding every word come first, in title order: look at titles only until
                # `stop` of them are found, within a bounded number of rows.
                looked_at = islice(self._by_title, stop * 4 + 200)
                leading = list(islice((row[0] for row in looked_at if self._has_every_word(row)), stop))
                if len(leading) == stop:
                    return leading[start:stop]
        return self._all_in_order()[index]
