"""Posts are Markdown (markdown-it-py, CommonMark, raw HTML off), then sanitised by nh3 (ADR 0500).

Mentions are `@handle`; only members who are listed in the directory become links, so a hidden
member's handle renders exactly like a handle nobody has.
"""

import re
from collections.abc import Callable, Iterable

import nh3
from markdown_it import MarkdownIt

from ssehub.core.search import build_search_text

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9_-]{1,39})", re.IGNORECASE)
ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6", "hr",
}


def links_in(body: str) -> list[str]:
    """Every link target the Markdown holds (autolinks included), in order."""
    found = []
    for token in _markdown.parse(body):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs.get("href", "")))
    return found


def mentioned_handles(body: str) -> list[str]:
    seen: list[str] = []
    for match in MENTION.finditer(body):
        handle = match.group(1).lower()
        if handle not in seen:
            seen.append(handle)
    return seen


def render(body: str, *, mention_url: Callable[[str], str | None]) -> str:
    """Safe HTML for a post. `mention_url(handle)` gives the profile link of a visible member, else None."""

    def link(match: re.Match) -> str:
        url = mention_url(match.group(1).lower())
        return f"[@{match.group(1)}]({url})" if url else match.group(0)

    html = _markdown.render(MENTION.sub(link, body))
    # Headings start at h3: the page's own h1/h2 stay the outline.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow ugc noopener")


def search_text(*parts: str | None) -> str:
    """What the search looks in (lower-cased; community.search indexes it)."""
    return build_search_text(*parts)


def unique_list(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
