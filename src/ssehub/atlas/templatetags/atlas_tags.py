import json

from django import template
from django.utils.html import _json_script_escapes, escape
from django.utils.safestring import mark_safe

from ssehub.atlas.countrynames import country_name

register = template.Library()


@register.filter(name="country_name")
def country_name_filter(code) -> str:
    """A country's name in the interface language (`{{ instrument.country|country_name }}`)."""
    return country_name(code)


@register.filter
def jsonld(value) -> str:
    """JSON for a <script type="application/ld+json"> block, escaped like Django's json_script."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_json_script_escapes))


def _text(value) -> str:
    """Escaped text; a lazy label or a country name is turned into a string (translated) once."""
    return escape(str(value))


@register.simple_tag
def facet_values(name: str, values) -> str:
    """The checkboxes of one facet, built with plain string joins: a country facet can hold 190
    values, and format_html's escaping of every argument was a measurable part of the page."""
    name = escape(name)
    items = []
    for v in values:
        value = escape(v.value)
        checked = " checked" if v.selected else ""
        items.append(f'<li><input type="checkbox" name="{name}" value="{value}" id="f-{name}-{value}"{checked}> '
                     f'<label for="f-{name}-{value}">{_text(v.label)} <span class="count">({int(v.count)})</span>'
                     "</label></li>")
    return mark_safe('<ul class="facet-values">' + "".join(items) + "</ul>")  # escaped above


@register.simple_tag
def country_choices(available) -> str:
    """The compare page's country checkboxes (up to 190), built in Python."""
    items = []
    for code, name, count, chosen in available:
        code = escape(code)
        checked = " checked" if chosen else ""
        items.append(f'<li><input type="checkbox" name="country" value="{code}" id="c-{code}"{checked}> '
                     f'<label for="c-{code}">{_text(name)} ({int(count)})</label></li>')
    return mark_safe('<ul class="country-choices">' + "".join(items) + "</ul>")  # escaped above


@register.simple_tag
def chart_rows(table) -> str:
    """Body rows of the chart's data table (one per year), built in Python (integers only)."""
    return mark_safe("".join(  # integers only
        f'<tr><th scope="row">{int(year)}</th>' + "".join(f"<td>{int(value)}</td>" for value in values) + "</tr>"
        for year, values in table
    ))


@register.simple_tag
def chart_series(series) -> str:
    """The chart's lines and markers (hundreds of circles), built in Python; coordinates are
    already strings (a template would localise floats)."""
    parts = []
    for s in series:
        name = _text(s.name)
        parts.append(f'<g class="series series-{int(s.style)}">\n          '
                     f'<polyline points="{escape(s.points)}" fill="none"/>\n          ')
        parts.extend(f'<circle cx="{escape(x)}" cy="{escape(y)}" r="3"><title>{name}, {int(year)}: {int(value)}'
                     "</title></circle>" for x, y, year, value in s.markers)
        parts.append("\n        </g>\n      ")
    return mark_safe("".join(parts))  # escaped above
