"""The language a title's script gives away (which characters are CJK: `ssehub.core.search.scripts`)."""


def _in(code: int, *ranges: tuple[int, int]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def guess_language(text: str, *, country: str = "") -> str:
    """The language of a title from its script, where the script decides it: Hangul → ko, kana →
    ja (Japanese mixes kana with Han), Han without either → zh, except in a Japanese record
    (many Japanese law titles are Han only: 労働者協同組合法); otherwise ""."""
    hangul = kana = han = False
    for char in text:
        code = ord(char)
        if _in(code, (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)):
            hangul = True
        elif _in(code, (0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)):
            kana = True
        elif _in(code, (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)):
            han = True
    if hangul:
        return "ko"
    if kana:
        return "ja"
    if not han:
        return ""
    return "ja" if country == "JP" else "zh"
