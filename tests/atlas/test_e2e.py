"""The atlas as people use it, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from ssehub.atlas.demo import load as load_atlas
from ssehub.atlas.models import Instrument
from ssehub.events.demo import load as load_programme
from tests.atlas.factories import make_instrument
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "country,title,title_local,year,type,status,agency,dimensions,entity_types,summary,source_title,source_url\n"
ROW_OK = 'MY,Co-operative Societies Act 1993,Akta Koperasi 1993,1993,law,in_force,Malaysia Co-operative Societies Commission (SKM),legal_framework,cooperative,"The main cooperative law.",SKM,https://www.skm.gov.my\n'
ROW_BAD = 'MY,Societies Act 1966,Akta Pertubuhan 1966,1966,act,in_force,Registrar of Societies,legal_framework,association,"Law on societies.",MyLaw,https://mylaw.my\n'


@pytest.fixture
def atlas(db):
    load_programme()
    load_atlas()


def test_visitor_searches_in_korean_narrows_opens_and_exports(page, live_server, atlas, axe_violations):
    page.goto(f"{live_server.url}/atlas/")
    assert axe_violations(page) == []
    page.get_by_label("Search titles, summaries and institutions (any language)").fill("협동조합")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-heading")).to_have_text("2 instruments")
    # Typing then clicking fires "change" and "submit"; let both settle before narrowing.
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda response: "dimension=institutional_framework" in response.url):
        page.get_by_label(re.compile(r"^Institutional framework")).check()
    expect(page.locator("#results-heading")).to_have_text("1 instrument")
    assert "dimension=institutional_framework" in page.url
    page.get_by_role("link", name="Framework Act on Cooperatives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Framework Act on Cooperatives")
    assert axe_violations(page) == []
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert "협동조합 기본법" in content
    assert "Consumer Cooperatives Act" not in content


def test_country_and_compare_pages_are_accessible(page, live_server, atlas, axe_violations):
    page.goto(f"{live_server.url}/atlas/countries/KR/")
    expect(page.get_by_role("heading", name="Gaps: dimensions with no instrument yet")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/atlas/compare/")
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert axe_violations(page) == []


def test_editor_imports_a_file_with_a_bad_row_then_fixes_it(page, live_server, login_as, tmp_path, db):
    login_as(make_user("editor"))
    bad = tmp_path / "atlas.csv"
    bad.write_text(HEADER + ROW_OK + ROW_BAD, encoding="utf-8")
    page.goto(f"{live_server.url}/atlas/import/")
    page.get_by_label("CSV or XLSX file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("table.problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")
    expect(problems.first).to_contain_text("type")
    expect(problems.first).to_contain_text("'act' is not one of")
    assert Instrument.objects.count() == 0
    fixed = tmp_path / "atlas-fixed.csv"
    fixed.write_text(HEADER + ROW_OK + ROW_BAD.replace(",act,", ",law,"), encoding="utf-8")
    page.get_by_label("CSV or XLSX file").set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("2 records created")).to_be_visible()
    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert sorted(Instrument.objects.values_list("title", flat=True)) == [
        "Co-operative Societies Act 1993", "Societies Act 1966"]


def test_researcher_proposal_accepted_by_editor_shows_in_history(browser, live_server, db, axe_violations):
    instrument = make_instrument(title="Social Enterprise Promotion Act", summary="Old summary.")
    researcher, editor = make_user("researcher"), make_user("editor")

    def signed_in(user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
        return context.new_page()

    page = signed_in(researcher)
    page.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/")
    page.get_by_role("link", name="Propose a change").click()
    page.get_by_label("Summary in our own words").fill("A summary the researcher improved.")
    page.get_by_label("Note to the editors").fill("Reworded from the KLRI text.")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_text("An editor will review your proposed change")).to_be_visible()

    page = signed_in(editor)
    page.goto(f"{live_server.url}/atlas/desk/")
    page.get_by_role("link", name="Social Enterprise Promotion Act").click()
    page.get_by_label("Accept").check()
    page.get_by_label("Comment").fill("Good, thanks.")
    page.get_by_role("button", name="Record the decision").click()
    page.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/history/")
    expect(page.locator("tbody tr").first).to_contain_text("Proposal accepted")
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.locator("ins")).to_contain_text("A summary the researcher improved.")
    page.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/")
    expect(page.get_by_text("A summary the researcher improved.")).to_be_visible()
    assert axe_violations(page) == []


def test_editor_links_two_instruments_and_adds_an_institution(page, live_server, login_as, axe_violations, db):
    login_as(make_user("editor"))
    instrument = make_instrument(title="Enforcement Decree of the Act")
    make_instrument(title="Social Enterprise Promotion Act")
    page.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/edit/")
    assert axe_violations(page) == []
    page.get_by_label("Relation:").select_option("implements")
    page.get_by_label("Related instrument:").select_option(label="Social Enterprise Promotion Act")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("The link was added and recorded in the history.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Social Enterprise Promotion Act")
    page.get_by_role("button", name="Remove the link to Social Enterprise Promotion Act").click()
    expect(page.get_by_text("This record is not linked to any other instrument yet.")).to_be_visible()
    page.goto(f"{live_server.url}/atlas/institutions/new/")
    assert axe_violations(page) == []
    page.get_by_label(re.compile(r"^Name \(English\)")).fill("Korea Social Enterprise Promotion Agency")
    page.get_by_label(re.compile(r"^Country")).select_option("KR")
    page.get_by_label(re.compile(r"^Kind")).select_option("agency")
    page.get_by_label(re.compile(r"^Website")).fill("not a web address")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a valid URL.")).to_be_visible()
    page.get_by_label(re.compile(r"^Website")).fill("https://www.socialenterprise.or.kr/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Korea Social Enterprise Promotion Agency")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit institution")


def test_researcher_proposes_a_new_record_and_an_editor_restores_an_old_revision(
        browser, live_server, db, axe_violations):
    from django.test import Client

    def signed_in_page(role):
        user, client = make_user(role), Client()
        client.force_login(user)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
        return context.new_page()

    researcher = signed_in_page("researcher")
    researcher.goto(f"{live_server.url}/atlas/")
    researcher.get_by_role("link", name="Propose a new record").click()
    assert axe_violations(researcher) == []
    researcher.get_by_label(re.compile(r"^Title \(English\)")).fill("Act on Social Value Procurement")
    researcher.get_by_label(re.compile(r"^Country")).select_option("KR")
    researcher.get_by_label(re.compile(r"^Type")).select_option("law")
    researcher.get_by_label(re.compile(r"^Status")).select_option("pending_bill")
    researcher.get_by_label("Legal framework").check()
    researcher.get_by_label(re.compile(r"^Summary")).fill("A bill on public procurement from social economy enterprises.")
    researcher.get_by_label(re.compile(r"^Sources")).fill("National Assembly | https://likms.assembly.go.kr/")
    researcher.get_by_role("button", name="Send to the editors").click()
    expect(researcher.get_by_text("Thank you. An editor will review the record you proposed.")).to_be_visible()

    editor = signed_in_page("editor")
    editor.goto(f"{live_server.url}/atlas/desk/")
    editor.get_by_role("link", name="Act on Social Value Procurement").click()
    expect(editor.get_by_role("heading", name="The proposed record")).to_be_visible()
    assert axe_violations(editor) == []
    editor.get_by_label("Accept").check()
    editor.get_by_role("button", name="Record the decision").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Edit record")
    editor.get_by_label(re.compile(r"^Title \(English\)")).fill("Act on the Promotion of Social Value Procurement")
    editor.get_by_role("button", name="Save").click()
    instrument = Instrument.objects.get(title="Act on the Promotion of Social Value Procurement")
    editor.goto(f"{live_server.url}/atlas/instruments/{instrument.pk}/history/1/")
    assert axe_violations(editor) == []
    editor.get_by_role("button", name="Restore revision 1").click()
    expect(editor.get_by_text("Revision 1 is restored, as a new revision.")).to_be_visible()
    instrument.refresh_from_db()
    assert instrument.title == "Act on Social Value Procurement"
