"""The stored forms of searchable text and of a query (ADR 0011).

`search_text` is the lower-cased text a record is found by; `search_chars` its CJK characters one
token each, with `x` for every run of anything else, so the character index can answer one- and
two-character CJK terms (`合作社法 2012` -> `合 作 社 法 x`).
"""

from ssehub.core.search.scripts import is_cjk

MIN_TRIGRAM = 3  # shorter terms have no trigram: the character index or a scan answers them
OTHER_MARK = "x"  # stands for a run of non-CJK characters in `search_chars`


def build_search_text(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part).lower()


def build_search_chars(search_text: str) -> str:
    """Every CJK character as its own token, each run of other characters as one `x`; empty when
    the text has no CJK character. `合作社法 2012` -> `合 作 社 法 x`."""
    if search_text.isascii():
        return ""
    tokens: list[str] = []
    for char in search_text:
        if is_cjk(char):
            tokens.append(char)
        elif not tokens or tokens[-1] != OTHER_MARK:
            tokens.append(OTHER_MARK)
    return " ".join(tokens) if any(token != OTHER_MARK for token in tokens) else ""


def search_terms(query: str, *, limit: int | None = None) -> list[str]:
    """The terms of a query: split on spaces, lower-cased; every one must occur (AND)."""
    terms = [term for term in query.lower().split() if term]
    return terms if limit is None else terms[:limit]


def uses_char_index(term: str) -> bool:
    return len(term) < MIN_TRIGRAM and all(is_cjk(char) for char in term)


def is_indexed(term: str) -> bool:
    """Whether an index answers `term` (else each row's text is read): three characters or more, or
    one or two CJK characters."""
    return len(term) >= MIN_TRIGRAM or uses_char_index(term)


def fts_phrase(term: str) -> str:
    """An FTS5 phrase matching `term` in the trigram table."""
    return '"' + term.replace('"', '""') + '"'


def chars_phrase(term: str) -> str:
    """An FTS5 phrase matching a one- or two-character CJK term in the character table."""
    return '"' + " ".join(term) + '"'
