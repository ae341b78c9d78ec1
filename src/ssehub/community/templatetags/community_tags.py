from django import template

from ssehub.community import selectors
from ssehub.community.enums import CaseStatus
from ssehub.community.notification_text import notification_line, notification_url
from ssehub.community.phrases import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def community_unread(context) -> int:
    request = context.get("request")
    return selectors.unread_count(request.user) if request else 0


@register.filter
def member_name(user) -> str:
    return display_name(user)


@register.filter
def notification_text(item) -> str:
    return notification_line(item)


@register.filter
def notification_link(item) -> str:
    return notification_url(item)


@register.filter
def revision_status(revision) -> str:
    """A case revision's status as recorded in its snapshot, in words."""
    code = revision.snapshot.get("status", "")
    return str(dict(CaseStatus.choices).get(code, code))


@register.filter
def without_param(query, name: str) -> str:
    """The query string (request.GET) without `name`: "back to the first page" keeps the filters."""
    copied = query.copy()
    copied.pop(name, None)
    return copied.urlencode()
