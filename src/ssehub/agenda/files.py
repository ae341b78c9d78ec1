"""Checking uploaded materials by their content, not by the name or the browser's claim."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ssehub.agenda.enums import MaterialKind

MAX_MATERIAL_BYTES = 25 * 1024 * 1024
# Office Open XML files are zip archives; the part that tells them apart.
_OOXML_PARTS = {
    MaterialKind.DOCX: "word/document.xml",
    MaterialKind.PPTX: "ppt/presentation.xml",
    MaterialKind.XLSX: "xl/workbook.xml",
}


def material_kind_of(upload) -> MaterialKind:
    """The kind of an uploaded file from its bytes; ValidationError when it is none we accept."""
    if upload.size > MAX_MATERIAL_BYTES:
        raise ValidationError(_("The file is larger than 25 MB."), code="too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if head.startswith(b"%PDF-"):
        kind = MaterialKind.PDF
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(upload)
    else:
        kind = None
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("Only PDF, PowerPoint (PPTX), Word (DOCX) and Excel (XLSX) files can be uploaded."),
            code="bad_type",
        )
    if extension != kind.value:
        raise ValidationError(
            _("The file's name does not match its content: it is a %(kind)s file.") % {"kind": kind.label},
            code="bad_extension",
        )
    return kind


def _ooxml_kind(upload) -> MaterialKind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in _OOXML_PARTS.items():
        if part in names:
            return kind
    return None
