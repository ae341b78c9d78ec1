"""Text people typed cannot run as a spreadsheet formula in the organisers' downloads."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from ssehub.agenda.services.attendance import attendance_mark
from ssehub.agenda.services.evaluation import objectives_set, survey_submit
from tests.agenda.factories import SessionFactory, register
from tests.factories import make_user

FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(1,2)", "-2+3", "@cmd"]


def _xlsx_cells(content: bytes) -> list[tuple[object, str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [(cell.value, cell.data_type) for sheet in workbook for row in sheet.iter_rows() for cell in row]


def _no_formula_elements(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return sheets != [] and all(b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
                                    for name in sheets)


@pytest.fixture
def planted(event, organiser):
    """A participant, a session and a second session whose typed text starts like a formula."""
    person = make_user("participant", full_name=FORMULAS[0], country="PH")
    register(event, person)
    first = SessionFactory(event=event, title=FORMULAS[1])
    SessionFactory(event=event, title=FORMULAS[2], starts_at=first.ends_at)
    attendance_mark(session=first, user=person, present=True, actor=organiser)
    return person


@pytest.mark.django_db
def test_attendance_csv_cells_that_look_like_formulas_start_with_an_apostrophe(client, event, organiser, planted):
    client.force_login(organiser)
    response = client.get(reverse("agenda:attendance_export", kwargs={"event_slug": event.slug, "fmt": "csv"}))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][5:] == ["'+SUM(1,2)", "'-2+3"]
    assert rows[1][:5] == ["'" + FORMULAS[0], planted.email, "PH", "1", "50"]


@pytest.mark.django_db
def test_attendance_xlsx_stores_formula_like_text_as_text(client, event, organiser, planted):
    client.force_login(organiser)
    content = client.get(reverse("agenda:attendance_export", kwargs={"event_slug": event.slug, "fmt": "xlsx"})).content
    cells = _xlsx_cells(content)
    planted_cells = [(value, kind) for value, kind in cells if value in FORMULAS]
    assert sorted(planted_cells) == sorted([
        (FORMULAS[0], "s"),  # the name, on the "By person" sheet
        (FORMULAS[1], "s"), (FORMULAS[2], "s"),  # session titles heading the columns
        (FORMULAS[1], "s"), (FORMULAS[2], "s"),  # and listed on the "By session" sheet
    ])
    assert _no_formula_elements(content)


@pytest.mark.django_db
def test_evaluation_xlsx_stores_a_formula_like_comment_and_objective_as_text(client, event, organiser, participant):
    objectives = objectives_set(event=event, actor=organiser, texts=[FORMULAS[3]])
    survey_submit(event=event, user=participant, phase="post", anonymous=True, satisfaction=4,
                  comments=FORMULAS[0], ratings={objectives[0].pk: 4})
    client.force_login(organiser)
    content = client.get(reverse("agenda:evaluation_export", kwargs={"event_slug": event.slug})).content
    cells = _xlsx_cells(content)
    # The comment and the objective are there, and only as text cells (an empty set would fail too).
    assert {kind for value, kind in cells if value == FORMULAS[0]} == {"s"}
    assert {kind for value, kind in cells if value == FORMULAS[3]} == {"s"}
    assert _no_formula_elements(content)
