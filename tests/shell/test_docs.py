"""The classification scheme is in the project's own docs, with every code the atlas uses (issue 10)."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from ssehub.atlas.enums import Dimension, EntityType, InstrumentType, Level, Status

DOC = Path(__file__).resolve().parents[2] / "docs" / "classification.md"
ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|", re.M)


def _table_rows() -> dict[str, str]:
    return {code: label.strip() for code, label in ROW.findall(DOC.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("scheme", [Dimension, InstrumentType, EntityType])
def test_every_code_is_documented_with_its_label(scheme):
    rows = _table_rows()
    with translation.override("en"):
        expected = {code: str(label) for code, label in scheme.choices}
    assert {code: rows.get(code) for code in expected} == expected


def test_status_and_level_codes_are_named():
    text = DOC.read_text(encoding="utf-8")
    assert [code for code in [*Status.values, *Level.values] if f"`{code}`" not in text] == []


def test_docs_do_not_send_readers_outside_the_repository():
    assert "../shared" not in DOC.read_text(encoding="utf-8")
    assert "sse_domain.md" not in DOC.read_text(encoding="utf-8")
