"""Public pages: search, instrument, institution, country profile, compare, export."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries as all_countries

from ssehub.atlas import exchange
from ssehub.atlas.charts import adoption_chart
from ssehub.atlas.countrynames import country_name
from ssehub.atlas.enums import Dimension, InstrumentType, Sort
from ssehub.atlas.forms import SearchForm
from ssehub.atlas.models import Institution
from ssehub.atlas.parts import country_parts, instrument_parts
from ssehub.atlas.selectors import (
    adoption_by_year,
    compare_matrix,
    countries_with_instruments,
    country_profile,
    instrument_detail_queryset,
    instrument_search,
    instruments_in_order,
    search_facets,
    text_search,
)

PAGE_SIZE = 20


def _licence() -> dict:
    return {"name": exchange.LICENCE_NAME, "url": exchange.LICENCE_URL}


@require_safe
def search(request):
    form = SearchForm(request.GET)
    params = form.params(allow_drafts=request.user.has_perm("atlas.view_drafts"))
    if params.q and not params.drafts:
        # Words: one query finds every match with its facet columns; the page is fetched by id.
        ids, facets = text_search(params)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = instruments_in_order(list(page.object_list))
    else:
        facets = search_facets(params)
        paginator = Paginator(instrument_search(params), PAGE_SIZE)
        if facets["total"] is not None:
            paginator.__dict__["count"] = facets["total"]  # counted with the facets already
        page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "params": params,
        "page": page,
        "facets": facets,
        "licence": _licence(),
        "query_string": request.GET.urlencode(),
        # The sort chosen in the list, "" for the default (best match with words, else title): a
        # search typed after a visit without words must not carry "title" along.
        "sort_choice": "" if form.cleaned_data.get("sort") in (None, "", Sort.RELEVANCE) else params.sort,
    }
    template = "atlas/search.html#results" if request.htmx else "atlas/search.html"
    return render(request, template, context)


def _json_ld(request, instrument) -> dict | None:
    if instrument.type not in InstrumentType.legislation():
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": instrument.title,
        "legislationJurisdiction": instrument.place or country_name(instrument.country),
        "legislationType": instrument.get_type_display(),
        "url": request.build_absolute_uri(),
        "abstract": instrument.summary,
        "isAccessibleForFree": True,
        "license": exchange.LICENCE_URL,
    }
    if instrument.title_local:
        data["alternateName"] = instrument.title_local
        if instrument.title_local_language:
            data["inLanguage"] = instrument.title_local_language
    if instrument.year_adopted:
        data["legislationDate"] = str(instrument.year_adopted)
    if instrument.institution:
        data["legislationResponsible"] = {"@type": "GovernmentOrganization", "name": instrument.institution.name}
    sources = [source.url for source in instrument.sources.all() if source.url]
    if sources:
        data["citation"] = sources
    return data


def citation_text(request, instrument) -> str:
    title = instrument.title + (f" ({instrument.title_local})" if instrument.title_local else "")
    year = str(instrument.year_adopted) if instrument.year_adopted else _("n.d.")
    return _("%(title)s. %(country)s, %(year)s. In: SSE Policy Hub, Policy Atlas. %(url)s (accessed %(date)s).") % {
        "title": title, "country": country_name(instrument.country), "year": year,
        "url": request.build_absolute_uri(), "date": dt.date.today().isoformat(),
    }


@require_safe
def instrument_detail(request, pk: int):
    instrument = get_object_or_404(instrument_detail_queryset(include_drafts=True), pk=pk)
    if not request.user.has_perm("atlas.view_instrument", instrument):
        raise Http404
    related = [(relation.get_kind_display(), relation.target, "out") for relation in instrument.relations_out.all()]
    related += [(relation.get_kind_display(), relation.source, "in") for relation in instrument.relations_in.all()]
    if not request.user.has_perm("atlas.view_drafts"):
        related = [row for row in related if row[1].is_published]  # a link to a draft stays hidden
    return render(request, "atlas/instrument_detail.html", {
        "instrument": instrument,
        "related": related,
        "json_ld": _json_ld(request, instrument),
        "citation": citation_text(request, instrument),
        "licence": _licence(),
        "can_edit": request.user.has_perm("atlas.change_instrument", instrument),
        "can_propose": request.user.has_perm("atlas.propose_change", instrument),
        "can_see_history": request.user.has_perm("atlas.view_history", instrument),
        "parts": instrument_parts(instrument),
    })


@require_safe
def institution_detail(request, pk: int):
    institution = get_object_or_404(Institution, pk=pk)
    instruments = institution.instruments.filter(is_published=True).order_by("title")
    return render(request, "atlas/institution_detail.html", {
        "institution": institution, "instruments": instruments,
        "can_edit": request.user.has_perm("atlas.change_institution", institution),
    })


@require_safe
def country_detail(request, code: str):
    code = code.upper()
    if code not in dict(all_countries):
        raise Http404
    profile = country_profile(code)
    return render(request, "atlas/country_detail.html", {
        "country": code, "country_name": country_name(code), "profile": profile, "licence": _licence(),
        "parts": country_parts(code),
    })


@require_safe
def compare(request):
    available = countries_with_instruments()
    names = {code: country_name(code) for code, _count in available}
    available_codes = [code for code, _count in available]
    chosen = [code for code in request.GET.getlist("country") if code in available_codes]
    if not chosen:
        chosen = [code for code, _count in sorted(available, key=lambda row: -row[1])[:6]]
        chosen = [code for code in available_codes if code in chosen]
    matrix = compare_matrix(chosen)
    search_url = reverse("atlas:search")
    rows = []
    for code in chosen:
        counts = matrix.get(code, {})
        rows.append({
            "code": code, "name": names[code], "total": counts.get("total", 0),
            "cells": [{"dimension": dimension, "label": label, "count": counts.get(dimension, 0),
                       "url": f"{search_url}?country={code}&dimension={dimension}"}
                      for dimension, label in Dimension.choices],
        })
    chart = adoption_chart(adoption_by_year(chosen), names=names)
    return render(request, "atlas/compare.html", {
        "available": [(code, names[code], count, code in chosen) for code, count in available],
        "dimensions": Dimension.choices, "rows": rows, "chart": chart, "licence": _licence(),
    })


EXPORTERS = {
    "csv": (exchange.export_csv, "text/csv; charset=utf-8"),
    "xlsx": (exchange.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (exchange.export_json, "application/json"),
}


@require_safe
def export(request, fmt: str):
    if fmt not in EXPORTERS:
        raise Http404
    params = SearchForm(request.GET).params()
    instruments = instrument_search(params).prefetch_related("sources")
    writer, content_type = EXPORTERS[fmt]
    response = HttpResponse(writer(instruments), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sse-policy-atlas.{fmt}"'
    response["Link"] = f'<{exchange.LICENCE_URL}>; rel="license"'
    return response
