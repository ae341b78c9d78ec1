"""Reads for the atlas. The HTML pages, the htmx partials, the exports and the API share these."""

import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import add, itemgetter

from django.db import connections, transaction
from django.db.models import Case, Count, F, Max, Min, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext as _

from ssehub.atlas import facet_cache, search_columns
from ssehub.atlas.countrynames import country_names
from ssehub.atlas.enums import Dimension, EntityType, InstrumentType, Sort, Status
from ssehub.atlas.models import (
    Institution,
    Instrument,
    Proposal,
    Relation,
    Revision,
    choice_codes,
    codes_to_mask,
)
from ssehub.atlas.ranking import sorted_ids
from ssehub.atlas.search import filter_text, matching_ids_sql, search_terms
from ssehub.core.actionlog import describe_change, entries_filtered, verb_label


@dataclass
class SearchParams:
    q: str = ""
    countries: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = Sort.TITLE
    drafts: bool = False  # editors only: the drafts instead of the published records

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.countries or self.dimensions or self.types or self.entity_types
                    or self.statuses or self.year_from or self.year_to or self.drafts)


def _mask_filter(queryset: QuerySet, column: str, choices, codes: list[str]) -> QuerySet:
    """Any of `codes` (one bitwise AND on the stored mask)."""
    alias = f"_{column}_hit"
    return queryset.alias(**{alias: F(column).bitand(codes_to_mask(choices, codes))}).filter(**{f"{alias}__gt": 0})


def _bit_sums(column: str, choices, prefix: str) -> dict:
    return {f"{prefix}{index}": Sum(F(column).bitrightshift(index).bitand(1))
            for index in range(len(choices.values))}


def published_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_published=True)


def instruments_matching(params: SearchParams, *, skip: str = "") -> QuerySet[Instrument]:
    """Published instruments (drafts, when asked) matching every filter except the facet named in `skip`."""
    queryset = Instrument.objects.filter(is_published=False) if params.drafts else published_instruments()
    if params.q:
        queryset = filter_text(queryset, params.q)
    if params.countries and skip != "country":
        queryset = queryset.filter(country__in=params.countries)
    if params.types and skip != "type":
        queryset = queryset.filter(type__in=params.types)
    if params.statuses and skip != "status":
        queryset = queryset.filter(status__in=params.statuses)
    if params.dimensions and skip != "dimension":
        queryset = _mask_filter(queryset, "dimension_mask", Dimension, params.dimensions)
    if params.entity_types and skip != "entity_type":
        queryset = _mask_filter(queryset, "entity_type_mask", EntityType, params.entity_types)
    if skip != "year":
        if params.year_from:
            queryset = queryset.filter(year_adopted__gte=params.year_from)
        if params.year_to:
            queryset = queryset.filter(year_adopted__lte=params.year_to)
    return queryset


SORT_ORDER = {
    Sort.TITLE: ["title", "id"],
    # Undated instruments last in both directions, on both databases.
    Sort.NEWEST: [F("year_adopted").desc(nulls_last=True), "title", "id"],
    Sort.OLDEST: [F("year_adopted").asc(nulls_last=True), "title", "id"],
    Sort.COUNTRY: ["country", "title", "id"],
}


def instrument_search(params: SearchParams) -> QuerySet[Instrument]:
    """The result list: matching instruments, sorted, with their institution joined."""
    queryset = instruments_matching(params).select_related("institution")
    terms = search_terms(params.q)
    if params.sort == Sort.RELEVANCE and terms:
        # The same order as the page's in-memory ranking (ranking.BestMatchesFirst): most words in the
        # titles first, then by title.
        hits = [Case(When(title_search__contains=term, then=Value(1)), default=Value(0)) for term in terms]
        return queryset.alias(_title_hits=functools.reduce(add, hits)).order_by("-_title_hits", "title", "id")
    order = SORT_ORDER.get(params.sort, SORT_ORDER[Sort.TITLE])
    return queryset.order_by(*order)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    extra: str = ""


def _facet(values, counts: dict, selected: list[str]) -> list[FacetValue]:
    return [
        FacetValue(value=value, label=str(label), count=counts.get(value, 0), selected=value in selected)
        for value, label in values
        if counts.get(value, 0) or value in selected
    ]


FACETS = ("country", "type", "status", "year", "dimension", "entity_type")
FACET_COLUMNS = {"country": "country", "type": "type", "status": "status", "year": "year_adopted",
                 "dimension": "dimension_mask", "entity_type": "entity_type_mask"}


def _skip(params: SearchParams, facet: str) -> str:
    """A facet counts with its own filter left out only when it has a selection."""
    selected = {"country": params.countries, "dimension": params.dimensions, "type": params.types,
                "entity_type": params.entity_types, "status": params.statuses,
                "year": params.year_from or params.year_to}[facet]
    return facet if selected else ""


def _bits(counts_by_mask: dict, choices) -> dict:
    codes = choice_codes(choices)
    totals = [0] * len(codes)
    for mask, count in counts_by_mask.items():
        for index in range(len(codes)):
            if (mask or 0) >> index & 1:
                totals[index] += count
    return dict(zip(codes, totals, strict=True))


def _counts_in_database(params: SearchParams) -> dict:
    """No search words: GROUP BY queries that are index-only scans of their own index; type and
    status share one (45 groups at most) when neither is selected."""
    raw = {}
    groups = [("country",), ("year",), ("dimension",), ("entity_type",)]
    if _skip(params, "type") == _skip(params, "status"):
        groups.append(("type", "status"))
    else:
        groups += [("type",), ("status",)]
    for group in groups:
        columns = [FACET_COLUMNS[facet] for facet in group]
        rows = (instruments_matching(params, skip=_skip(params, group[0])).order_by()
                .values_list(*columns).annotate(n=Count("*")))
        for facet in group:
            raw[facet] = {}
        for *values, count in rows:
            for facet, value in zip(group, values, strict=True):
                raw[facet][value] = raw[facet].get(value, 0) + count
    unfiltered = [facet for facet in ("country", "type", "status", "dimension", "entity_type")
                  if not _skip(params, facet)]
    total = sum(raw[unfiltered[0]].values()) if unfiltered else None
    return {"raw": raw, "total": total}


def _text_matches(params: SearchParams) -> list[tuple]:
    """Sort and facet columns (`search_columns`) of every published instrument matching the search
    words. The database is asked only for the matching ids, in one query read with one fetchall."""
    columns = search_columns.snapshot()
    direct = matching_ids_sql(params.q)
    queryset = filter_text(Instrument.objects.all(), params.q).order_by().values_list("id", flat=True)
    connection = connections[queryset.db]
    if direct is not None or connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(*(direct or queryset.query.sql_with_params()))
            return columns.rows(row[0] for row in cursor.fetchall())
    # Trigram terms on PostgreSQL: its default random_page_cost (4, for spinning disks) makes a
    # common term's bitmap scan look dearer than reading all 50,000 rows (68 ms against 28 ms
    # measured); the SSD-typical 1.1 applies to this one statement only (SET LOCAL ends with the
    # transaction).
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute(*queryset.query.sql_with_params())
        return columns.rows(row[0] for row in cursor.fetchall())


def _active_tests(params: SearchParams) -> dict[int, object]:
    """Column index -> a test for each selected facet, taking that column's value."""
    tests = {}
    if params.countries:
        tests[0] = frozenset(params.countries).__contains__
    if params.types:
        tests[1] = frozenset(params.types).__contains__
    if params.statuses:
        tests[2] = frozenset(params.statuses).__contains__
    if params.year_from or params.year_to:
        low, high = params.year_from or -10**6, params.year_to or 10**6
        tests[3] = lambda year: year is not None and low <= year <= high
    if params.dimensions:
        mask = codes_to_mask(Dimension, params.dimensions)
        tests[4] = lambda value: bool(value & mask)
    if params.entity_types:
        mask = codes_to_mask(EntityType, params.entity_types)
        tests[5] = lambda value: bool(value & mask)
    return tests


def _all_true(flag_lists: list[list[bool]]) -> list[bool] | None:
    if not flag_lists:
        return None
    return flag_lists[0] if len(flag_lists) == 1 else list(map(min, *flag_lists))


def _counts_in_python(params: SearchParams, rows: list[tuple]) -> dict:
    """Search words: count the text matches here, so the text index is consulted once, not per facet.
    Column by column, so the loops run in C: a selected facet counts the matches that pass every
    other filter, the rest count the matches that pass all of them (`kept`, the result list)."""
    columns = list(zip(*rows, strict=True))[2:2 + len(FACETS)] if rows else [()] * len(FACETS)
    passed = {index: list(map(test, columns[index])) for index, test in _active_tests(params).items()}
    kept_flags = _all_true(list(passed.values()))
    kept = rows if kept_flags is None else list(compress(rows, kept_flags))
    raw = {}
    for index, facet in enumerate(FACETS):
        if index in passed:
            flags = _all_true([flags for other, flags in passed.items() if other != index])
        else:
            flags = kept_flags
        raw[facet] = Counter(columns[index] if flags is None else compress(columns[index], flags))
    return {"raw": raw, "total": len(kept), "kept": kept}


def text_search(params: SearchParams) -> tuple[Sequence[int], dict]:
    """Search words: the ordered ids of every result and the facets; the database only matches ids."""
    counted = _counts_in_python(params, _text_matches(params))
    return sorted_ids(counted["kept"], params.sort, search_terms(params.q)), _present_facets(params, counted)


def instruments_in_order(ids: list[int]) -> list[Instrument]:
    found = Instrument.objects.select_related("institution").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def search_facets(params: SearchParams) -> dict:
    """Counts per facet value; a selected facet counts with every other filter applied, so its other
    values stay visible. Without search words: six index-only GROUP BY queries; with them: one query."""
    if params.q and not params.drafts:
        return text_search(params)[1]
    if params.is_empty:
        return _present_facets(params, facet_cache.unfiltered_counts(lambda: _counts_in_database(params)))
    return _present_facets(params, _counts_in_database(params))


def _present_facets(params: SearchParams, counted: dict) -> dict:
    raw = counted["raw"]
    decades: dict[int, int] = {}
    for year, count in raw["year"].items():
        if year is not None:
            decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + count
    names = country_names()  # translated once per language (a facet can list all 190)
    countries = sorted(((code, names.get(code, "")) for code in raw["country"]), key=itemgetter(1))
    return {
        "total": counted["total"],
        "country": _facet(countries, raw["country"], params.countries),
        "dimension": _facet(Dimension.choices, _bits(raw["dimension"], Dimension), params.dimensions),
        "type": _facet(InstrumentType.choices, raw["type"], params.types),
        "entity_type": _facet(EntityType.choices, _bits(raw["entity_type"], EntityType), params.entity_types),
        "status": _facet(Status.choices, raw["status"], params.statuses),
        "decade": [
            FacetValue(value=str(decade), label=f"{decade}\u2013{decade + 9}", count=count,
                       extra=str(decade + 9), selected=params.year_from == decade and params.year_to == decade + 9)
            for decade, count in sorted(decades.items())
        ],
    }


def instrument_detail_queryset(*, include_drafts: bool) -> QuerySet[Instrument]:
    queryset = Instrument.objects.select_related("institution").prefetch_related(
        "sources", "themes",
        Prefetch("relations_out", queryset=Relation.objects.select_related("target")),
        Prefetch("relations_in", queryset=Relation.objects.select_related("source")),
    )
    return queryset if include_drafts else queryset.filter(is_published=True)


def countries_with_instruments() -> list[tuple[str, int]]:
    counts = facet_cache.unfiltered_counts(lambda: _counts_in_database(SearchParams()))["raw"]["country"]
    names = country_names()
    return sorted(counts.items(), key=lambda item: names[item[0]])


def country_profile(country: str) -> dict:
    """Everything the country page shows, in three queries."""
    instruments = list(
        published_instruments().filter(country=country).select_related("institution").order_by("title", "id")
    )
    institutions = list(Institution.objects.filter(country=country).order_by("name"))
    by_dimension = {code: [] for code in Dimension.values}
    for instrument in instruments:
        for code in instrument.dimensions:
            by_dimension.setdefault(code, []).append(instrument)
    timeline = sorted((i for i in instruments if i.year_adopted), key=lambda i: (i.year_adopted, i.title))
    years = [i.year_adopted for i in timeline]
    type_counts, status_counts = {}, {}
    for instrument in instruments:
        type_counts[instrument.type] = type_counts.get(instrument.type, 0) + 1
        status_counts[instrument.status] = status_counts.get(instrument.status, 0) + 1
    labels = dict(Dimension.choices)
    return {
        "instruments": instruments,
        "institutions": institutions,
        "by_dimension": [(code, labels[code], by_dimension[code]) for code in Dimension.values if by_dimension[code]],
        "gaps": [(code, labels[code]) for code in Dimension.values if not by_dimension[code]],
        "timeline": timeline,
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "type_counts": [(label, type_counts[code]) for code, label in InstrumentType.choices if code in type_counts],
        "status_counts": [(label, status_counts[code]) for code, label in Status.choices if code in status_counts],
        "verified_count": sum(1 for i in instruments if i.verified),
    }


def compare_matrix(countries: list[str]) -> dict[str, dict[str, int]]:
    """{country: {dimension: count, 'total': count}} in one grouped query."""
    rows = (published_instruments().filter(country__in=countries).order_by().values("country")
            .annotate(total=Count("*"), **_bit_sums("dimension_mask", Dimension, "d")))
    return {row["country"]: {"total": row["total"], **{code: row[f"d{i}"] or 0
                                                       for i, code in enumerate(Dimension.values)}}
            for row in rows}


def adoption_by_year(countries: list[str]) -> dict[str, dict[int, int]]:
    rows = (published_instruments().filter(country__in=countries, year_adopted__isnull=False).order_by()
            .values("country", "year_adopted").annotate(n=Count("*")))
    result: dict[str, dict[int, int]] = {code: {} for code in countries}
    for row in rows:
        result[row["country"]][row["year_adopted"]] = row["n"]
    return result


def year_bounds() -> tuple[int | None, int | None]:
    bounds = published_instruments().aggregate(first=Min("year_adopted"), last=Max("year_adopted"))
    return bounds["first"], bounds["last"]


def institutions_matching(*, q: str = "", countries: list[str] | None = None, kinds: list[str] | None = None):
    queryset = Institution.objects.all()
    if countries:
        queryset = queryset.filter(country__in=countries)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    for term in q.split():
        queryset = queryset.filter(Q(name__icontains=term) | Q(name_local__icontains=term))
    return queryset.annotate(
        published_instruments=Count("instruments", filter=Q(instruments__is_published=True))
    ).order_by("country", "name")


def revisions_for(instrument: Instrument, *, hide_drafts: bool = False) -> list[Revision]:
    """Newest first. `hide_drafts`: a message naming a linked record that is a draft now ("amends
    “…”") does not name it (one more query)."""
    revisions = list(instrument.revisions.select_related("author__profile").order_by("-number"))
    if hide_drafts:
        hide_draft_titles(instrument, revisions)
    return revisions


def hide_draft_titles(instrument: Instrument, revisions: list[Revision]) -> None:
    """Rewrite the revisions' messages so that no linked record that is a draft now is named."""
    ids = {item["target"]["id"] for revision in revisions for item in revision.snapshot.get("relations") or []}
    ids |= set(Relation.objects.filter(source=instrument).values_list("target_id", flat=True))
    titles = sorted(Instrument.objects.filter(pk__in=ids, is_published=False).values_list("title", flat=True),
                    key=len, reverse=True)
    for revision in revisions:
        for title in titles:
            revision.message = revision.message.replace(title, _("a record that is not public"))


@dataclass(frozen=True)
class Activity:
    """One action-log entry as the history page lists it."""

    at: dt.datetime
    who: str
    action: str
    change: str


ACTIVITY_LIMIT = 200


def instrument_activity(instrument: Instrument, *, limit: int = ACTIVITY_LIMIT,
                        hide_drafts: bool = False) -> list[Activity]:
    """The record's action log, newest first, in one query: its own changes, links, publication,
    and the proposals made on it (logged with the record as their scope). `hide_drafts`: a link to
    a record that is a draft now does not name it (one more query)."""
    entries = list(entries_filtered(scope=instrument)[:limit])
    hidden: set = set()
    if hide_drafts:
        targets = {entry.data["target"]["id"] for entry in entries
                   if entry.verb.startswith("atlas.relation.") and isinstance(entry.data.get("target"), dict)}
        if targets:
            hidden = targets - set(published_instruments().filter(pk__in=targets).values_list("pk", flat=True))
    return [
        Activity(at=entry.created_at, who=entry.actor_name(), action=verb_label(entry.verb),
                 change=(_("a record that is not public") if isinstance(entry.data.get("target"), dict)
                         and entry.data["target"].get("id") in hidden else describe_change(entry)))
        for entry in entries
    ]


def pending_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status="pending").select_related("instrument", "proposer__profile").order_by("created_at")


def instrument_countries() -> list[tuple[str, str]]:
    """(code, name) of every country with an instrument, drafts included, by name."""
    codes = Instrument.objects.order_by("country").values_list("country", flat=True).distinct()
    names = country_names()
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda row: row[1].casefold())


def relation_targets(*, exclude: int | None = None, country: str = "", words: str = "",
                     limit: int = 50) -> tuple[list[tuple], bool]:
    """(id, title, country, is_published) of at most `limit` instruments a link may point to
    (published and drafts) in `country`, with `words` in their titles, summary or institution, by
    country and title; and whether more matched. Bounded so the editor's forms stay small."""
    queryset = Instrument.objects.all()
    if country:
        queryset = queryset.filter(country=country)
    if words.strip():
        queryset = filter_text(queryset, words)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    rows = list(queryset.order_by("country", "title", "id")
                .values_list("id", "title", "country", "is_published")[:limit + 1])
    return rows[:limit], len(rows) > limit


def draft_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_published=False).select_related("institution").order_by("country", "title")
