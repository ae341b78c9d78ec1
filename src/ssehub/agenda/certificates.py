"""Certificate PDFs through WeasyPrint, with names in the person's own script.

Noto CJK (Debian's fonts-noto-cjk) is picked per :lang() so Korean, Japanese and Chinese each get their
own glyph shapes; WeasyPrint embeds the subset of glyphs used, so the PDF reads anywhere."""

import unicodedata
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from ssehub.agenda.models import Certificate
from ssehub.agenda.selectors import attended_sessions


def script_language(text: str, *, country: str = "") -> str:
    """The BCP 47 tag that picks the right font for a name: ko, ja, zh-Hans, zh-Hant or und."""
    has_han = False
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith("HANGUL"):
            return "ko"
        if name.startswith(("HIRAGANA", "KATAKANA")):
            return "ja"
        if name.startswith("CJK UNIFIED IDEOGRAPH"):
            has_han = True
    if has_han:
        return {"JP": "ja", "KR": "ko", "TW": "zh-Hant", "HK": "zh-Hant"}.get(country, "zh-Hans")
    return "und"


def certificate_html(certificate: Certificate, *, verify_url: str) -> str:
    profile = getattr(certificate.user, "profile", None)
    country = profile.country.code if profile and profile.country else ""
    return render_to_string("agenda/certificate_pdf.html", {
        "certificate": certificate,
        "event": certificate.event,
        "sessions": list(attended_sessions(certificate)),
        "name_lang": script_language(certificate.name, country=country),
        "verify_url": verify_url,
        "LANGUAGE_CODE": translation.get_language(),
    })


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only certificate requests need.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(Path(__file__).parent / "static" / "agenda" / "certificate.css"))
    return HTML(string=certificate_html(certificate, verify_url=verify_url)).write_pdf(stylesheets=[stylesheet])
