"""Which characters belong to scripts written without spaces between words (CJK)."""

import unicodedata

# Scripts written without spaces between words: CJK ideographs (with extensions and compatibility
# forms), kana, Hangul syllables and jamo.
CJK_RANGES = (
    (0x1100, 0x11FF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)


def is_cjk(char: str) -> bool:
    """A CJK letter or digit (both tokenizers keep those as tokens; punctuation is left out)."""
    code = ord(char)
    return (any(low <= code <= high for low, high in CJK_RANGES)
            and unicodedata.category(char)[0] in "LN")
