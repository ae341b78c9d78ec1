"""Organisation names compared the way people write them: case, accents, punctuation and "the" aside."""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(the)\s+")


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCTUATION.sub(" ", text.replace("&", " and "))
    text = _SPACES.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)
