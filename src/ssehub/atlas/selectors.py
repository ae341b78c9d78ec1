"""Reads for the atlas. The HTML pages, the htmx partials, the exports and the API share these."""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django_countries import countries as all_countries

from ssehub.atlas.enums import Dimension, EntityType, InstrumentType, Sort, Status
from ssehub.atlas.models import Institution, Instrument, Proposal, Relation, Revision
from ssehub.atlas.search import filter_text


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

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.countries or self.dimensions or self.types or self.entity_types
                    or self.statuses or self.year_from or self.year_to)


def _codes_q(field_name: str, codes: list[str]) -> Q:
    return reduce(operator.or_, (Q(**{f"{field_name}__contains": f"|{code}|"}) for code in codes))


def published_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_published=True)


def instruments_matching(params: SearchParams, *, skip: str = "") -> QuerySet[Instrument]:
    """Published instruments matching every filter except the facet named in `skip`."""
    queryset = published_instruments()
    if params.q:
        queryset = filter_text(queryset, params.q)
    if params.countries and skip != "country":
        queryset = queryset.filter(country__in=params.countries)
    if params.types and skip != "type":
        queryset = queryset.filter(type__in=params.types)
    if params.statuses and skip != "status":
        queryset = queryset.filter(status__in=params.statuses)
    if params.dimensions and skip != "dimension":
        queryset = queryset.filter(_codes_q("dimension_codes", params.dimensions))
    if params.entity_types and skip != "entity_type":
        queryset = queryset.filter(_codes_q("entity_type_codes", params.entity_types))
    if skip != "year":
        if params.year_from:
            queryset = queryset.filter(year_adopted__gte=params.year_from)
        if params.year_to:
            queryset = queryset.filter(year_adopted__lte=params.year_to)
    return queryset


SORT_ORDER = {
    Sort.TITLE: ["title", "id"],
    Sort.NEWEST: ["-year_adopted", "title", "id"],
    Sort.OLDEST: ["year_adopted", "title", "id"],
    Sort.COUNTRY: ["country", "title", "id"],
}


def instrument_search(params: SearchParams) -> QuerySet[Instrument]:
    """The result list: matching instruments, sorted, with their institution joined."""
    order = SORT_ORDER.get(params.sort, SORT_ORDER[Sort.TITLE])
    return instruments_matching(params).select_related("institution").order_by(*order)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def _facet(values, counts: dict, selected: list[str]) -> list[FacetValue]:
    return [
        FacetValue(value=value, label=str(label), count=counts.get(value, 0), selected=value in selected)
        for value, label in values
        if counts.get(value, 0) or value in selected
    ]


def _grouped(params: SearchParams, skip: str, column: str) -> dict:
    rows = instruments_matching(params, skip=skip).order_by().values(column).annotate(n=Count("id"))
    return {row[column]: row["n"] for row in rows}


def _code_counts(params: SearchParams, skip: str, column: str, codes) -> dict:
    aggregates = {code: Count("id", filter=Q(**{f"{column}__contains": f"|{code}|"})) for code in codes}
    return instruments_matching(params, skip=skip).order_by().aggregate(**aggregates)


def search_facets(params: SearchParams) -> dict[str, list[FacetValue]]:
    """Counts per facet value; each facet counts with every other filter applied (six queries)."""
    country_counts = _grouped(params, "country", "country")
    countries = sorted(((code, all_countries.name(code)) for code in country_counts), key=lambda c: str(c[1]))
    decades = {}
    for row in (instruments_matching(params, skip="year").order_by().filter(year_adopted__isnull=False)
                .values("year_adopted").annotate(n=Count("id"))):
        decade = row["year_adopted"] // 10 * 10
        decades[decade] = decades.get(decade, 0) + row["n"]
    return {
        "country": _facet(countries, country_counts, params.countries),
        "dimension": _facet(Dimension.choices, _code_counts(params, "dimension", "dimension_codes", Dimension.values),
                            params.dimensions),
        "type": _facet(InstrumentType.choices, _grouped(params, "type", "type"), params.types),
        "entity_type": _facet(
            EntityType.choices, _code_counts(params, "entity_type", "entity_type_codes", EntityType.values),
            params.entity_types),
        "status": _facet(Status.choices, _grouped(params, "status", "status"), params.statuses),
        "decade": [
            FacetValue(value=str(decade), label=f"{decade}\u2013{decade + 9}", count=count,
                       selected=params.year_from == decade and params.year_to == decade + 9)
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
    rows = published_instruments().order_by().values("country").annotate(n=Count("id"))
    return sorted(((row["country"], row["n"]) for row in rows), key=lambda r: str(all_countries.name(r[0])))


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
    aggregates = {code: Count("id", filter=Q(dimension_codes__contains=f"|{code}|")) for code in Dimension.values}
    rows = (published_instruments().filter(country__in=countries).order_by().values("country")
            .annotate(total=Count("id"), **aggregates))
    return {row["country"]: row for row in rows}


def adoption_by_year(countries: list[str]) -> dict[str, dict[int, int]]:
    rows = (published_instruments().filter(country__in=countries, year_adopted__isnull=False).order_by()
            .values("country", "year_adopted").annotate(n=Count("id")))
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


def revisions_for(instrument: Instrument) -> QuerySet[Revision]:
    return instrument.revisions.select_related("author").order_by("-number")


def pending_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status="pending").select_related("instrument", "proposer").order_by("created_at")


def draft_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_published=False).select_related("institution").order_by("country", "title")
