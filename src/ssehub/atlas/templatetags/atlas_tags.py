import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def jsonld(value) -> str:
    """JSON for a <script type="application/ld+json"> block, escaped like Django's json_script."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_json_script_escapes))
