"""The one tabular writer: UTF-8 with BOM for CSV, and no exported text can run as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from ssehub.core.tabular import Sheet, csv_bytes, restore_cell, xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cell_starting_like_a_formula_is_text(text):
    content = csv_bytes(["organisation"], [[text]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["'" + text]
    assert restore_cell(rows[1][0]) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_cell_starting_like_a_formula_is_a_text_cell(text):
    workbook = load_workbook(io.BytesIO(xlsx_bytes([Sheet(title="People", header=["organisation"], rows=[[text]])])))
    cell = workbook["People"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == text


def test_numbers_and_plain_text_are_written_as_they_are():
    content = csv_bytes(["n", "name"], [[-3, "김민준"], [2.5, "O'Brien"]]).decode("utf-8-sig")
    assert content.splitlines() == ["n,name", "-3,김민준", "2.5,O'Brien"]
    assert restore_cell("'plain") == "'plain"


def test_preamble_lines_are_comments_before_the_header():
    content = csv_bytes(["a"], [["b"]], preamble=["Licence: CC BY 4.0"]).decode("utf-8-sig")
    assert content.splitlines()[:2] == ["# Licence: CC BY 4.0", "a"]
