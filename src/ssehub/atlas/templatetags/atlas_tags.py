import json

from django import template
from django.utils.html import _json_script_escapes, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def jsonld(value) -> str:
    """JSON for a <script type="application/ld+json"> block, escaped like Django's json_script."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_json_script_escapes))


@register.simple_tag
def facet_values(name: str, values) -> str:
    """The checkboxes of one facet, built in Python: a country facet can hold 190 values."""
    return format_html(
        '<ul class="facet-values">{}</ul>',
        format_html_join(
            "",
            '<li><input type="checkbox" name="{0}" value="{1}" id="f-{0}-{1}"{2}> '
            '<label for="f-{0}-{1}">{3} <span class="count">({4})</span></label></li>',
            ((name, v.value, mark_safe(" checked") if v.selected else "", v.label, str(v.count))
             for v in values),
        ),
    )


@register.simple_tag
def country_choices(available) -> str:
    """The compare page's country checkboxes (up to 190), built in Python."""
    return format_html(
        '<ul class="country-choices">{}</ul>',
        format_html_join(
            "",
            '<li><input type="checkbox" name="country" value="{0}" id="c-{0}"{1}> '
            '<label for="c-{0}">{2} ({3})</label></li>',
            ((code, mark_safe(" checked") if chosen else "", name, str(count))
             for code, name, count, chosen in available),
        ),
    )


@register.simple_tag
def chart_rows(table) -> str:
    """Body rows of the chart's data table (one per year), built in Python."""
    return format_html_join(
        "", "<tr><th scope=\"row\">{}</th>{}</tr>",
        ((str(year), format_html_join("", "<td>{}</td>", ((str(value),) for value in values)))
         for year, values in table),
    )
