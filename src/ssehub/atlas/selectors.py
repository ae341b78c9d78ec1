"""Reads for the atlas. The HTML pages, the htmx partials, the exports and the API share these."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Sum
from django_countries import countries as all_countries

from ssehub.atlas.enums import Dimension, EntityType, InstrumentType, Sort, Status
from ssehub.atlas.models import Institution, Instrument, Proposal, Relation, Revision, codes_to_mask
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
    extra: str = ""


def _facet(values, counts: dict, selected: list[str]) -> list[FacetValue]:
    return [
        FacetValue(value=value, label=str(label), count=counts.get(value, 0), selected=value in selected)
        for value, label in values
        if counts.get(value, 0) or value in selected
    ]


def _skip(params: SearchParams, facet: str) -> str:
    """A facet counts with its own filter left out only when it has a selection (so the others can share)."""
    selected = {"country": params.countries, "dimension": params.dimensions, "type": params.types,
                "entity_type": params.entity_types, "status": params.statuses,
                "year": params.year_from or params.year_to}[facet]
    return facet if selected else ""


def _pairs(params: SearchParams, facets: tuple[str, str], columns: tuple[str, str]) -> tuple[dict, dict]:
    """Counts for two grouped facets; one GROUP BY query when they share their filters."""
    counts = ({}, {})
    skips = [_skip(params, facet) for facet in facets]
    groups = [(skips[0], (0, 1))] if skips[0] == skips[1] else [(skips[0], (0,)), (skips[1], (1,))]
    for skip, members in groups:
        names = {f"g{m}": (F("year_adopted") / 10 if columns[m] == "decade" else F(columns[m])) for m in members}
        rows = instruments_matching(params, skip=skip).order_by().values(**names).annotate(n=Count("id"))
        for row in rows:
            for member in members:
                value = row[f"g{member}"]
                if value is not None:
                    counts[member][value] = counts[member].get(value, 0) + row["n"]
    return counts


def _mask_counts(params: SearchParams) -> tuple[int | None, dict, dict]:
    """Total, per-dimension and per-entity-type counts; one query when neither facet is selected."""
    dimension_skip, entity_skip = _skip(params, "dimension"), _skip(params, "entity_type")
    plan: dict[str, set[str]] = {}
    plan.setdefault(dimension_skip, set()).add("d")
    plan.setdefault(entity_skip, set()).add("e")
    total, dimensions, entities = None, {}, {}
    for skip, members in plan.items():
        aggregates = {}
        if "d" in members:
            aggregates.update(_bit_sums("dimension_mask", Dimension, "d"))
        if "e" in members:
            aggregates.update(_bit_sums("entity_type_mask", EntityType, "e"))
        if not skip:
            aggregates["total"] = Count("id")
        result = instruments_matching(params, skip=skip).order_by().aggregate(**aggregates)
        if not skip:
            total = result["total"]
        if "d" in members:
            dimensions = {code: result[f"d{i}"] or 0 for i, code in enumerate(Dimension.values)}
        if "e" in members:
            entities = {code: result[f"e{i}"] or 0 for i, code in enumerate(EntityType.values)}
    return total, dimensions, entities


def search_facets(params: SearchParams) -> dict:
    """Counts per facet value; a selected facet counts with every other filter applied.

    With nothing selected this is three queries: one aggregate (total, dimensions, entity types),
    one GROUP BY country and decade, one GROUP BY type and status.
    """
    total, dimension_counts, entity_counts = _mask_counts(params)
    country_counts, decade_counts = _pairs(params, ("country", "year"), ("country", "decade"))
    type_counts, status_counts = _pairs(params, ("type", "status"), ("type", "status"))
    countries = sorted(((code, all_countries.name(code)) for code in country_counts), key=lambda c: str(c[1]))
    return {
        "total": total,
        "country": _facet(countries, country_counts, params.countries),
        "dimension": _facet(Dimension.choices, dimension_counts, params.dimensions),
        "type": _facet(InstrumentType.choices, type_counts, params.types),
        "entity_type": _facet(EntityType.choices, entity_counts, params.entity_types),
        "status": _facet(Status.choices, status_counts, params.statuses),
        "decade": [
            FacetValue(value=str(decade * 10), label=f"{decade * 10}\u2013{decade * 10 + 9}", count=count,
                       extra=str(decade * 10 + 9), selected=params.year_from == decade * 10 and params.year_to == decade * 10 + 9)
            for decade, count in sorted(decade_counts.items())
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
    rows = (published_instruments().filter(country__in=countries).order_by().values("country")
            .annotate(total=Count("id"), **_bit_sums("dimension_mask", Dimension, "d")))
    return {row["country"]: {"total": row["total"], **{code: row[f"d{i}"] or 0
                                                       for i, code in enumerate(Dimension.values)}}
            for row in rows}


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
