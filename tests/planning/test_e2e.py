"""The action-planning exercise as people do it, in Debian's Chromium: an organiser forms the
delegations and criteria, a facilitator opens the steps, members from three constituencies (in
Korean, Indonesian and English) propose and score, the ranking follows the method, a stale edit meets
a conflict, the plan is agreed, finalised, exported, made public and followed up on the atlas."""

import io
import subprocess

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from ssehub.planning import selectors
from ssehub.planning.models import Delegation, PolicyAction
from ssehub.planning.services import scoring
from tests.agenda.factories import EventFactory, register
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    """A browser page signed in as `user`, in `language`, in a context of its own."""
    contexts = []

    def sign_in(user, language="en"):
        client = Client()
        client.force_login(user)
        context = browser.new_context()
        context.add_cookies([
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ])
        contexts.append(context)
        return context.new_page()

    yield sign_in
    for context in contexts:
        context.close()


def _people():
    event = EventFactory(title="Virtual Capacity-Building Workshop on SSE Policy")
    organiser = make_user("organiser", full_name="Park Seo-yeon")
    event.organisers.add(organiser)
    people = {}
    for key, constituency, name, language in (("gov", "government", "김지연", "ko"),
                                               ("workers", "workers", "Sri Wahyuni", "id"),
                                               ("employers", "employers", "Ana Liza Bautista", "en")):
        people[key] = (make_user("participant", country="KR", constituency=constituency, full_name=name), language)
        register(event, people[key][0])
    extra = [make_user("participant", country="KR", constituency="government", full_name=f"정부 {n}") for n in (1, 2)]
    for user in extra:
        register(event, user)
    facilitator = make_user("facilitator", full_name="Maria Luisa Reyes", country="PH")
    return event, organiser, facilitator, people, extra


def _score(page, live_server, delegation, values):
    page.goto(f"{live_server.url}/planning/delegations/{delegation.pk}/scores/")
    for (action, criterion), value in values.items():
        page.locator(f"#s-{action.pk}-{criterion.pk}").select_option(str(value))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()


def test_delegation_plans_scores_agrees_finalises_and_follows_up(open_as, live_server, axe_violations, tmp_path):
    from docx import Document

    event, organiser, facilitator, people, extra = _people()
    base = f"{live_server.url}/planning"

    # The organiser forms the delegations, adds a criterion and assigns the facilitator.
    page = open_as(organiser)
    page.goto(f"{base}/events/{event.slug}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Form delegations from the registered participants").click()
    expect(page.get_by_role("link", name="South Korea")).to_be_visible()
    page.goto(f"{base}/events/{event.slug}/settings/")
    # Under 2:1:1 researchers will weigh half as much as workers (the method itself stays the default).
    page.get_by_label("Weight of “Researcher” under 2:1:1").fill("0.5")
    page.get_by_role("button", name="Save the method").click()
    expect(page.get_by_text("The method is saved; every ranking now uses it.")).to_be_visible()
    page.get_by_label("Code").fill("gender")
    page.get_by_label("Title").fill("Gender equality")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Gender equality")).to_be_visible()
    assert axe_violations(page) == []
    delegation = Delegation.objects.get(event=event, country="KR")
    page.goto(f"{base}/delegations/{delegation.pk}/members/")
    page.get_by_label("E-mail address of the person").fill(facilitator.email)
    page.get_by_label("Facilitator").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("row", name="Maria Luisa Reyes")).to_be_visible()
    assert axe_violations(page) == []

    # The facilitator opens the steps.
    lead = open_as(facilitator)
    lead.goto(f"{base}/delegations/{delegation.pk}/")
    for step in ("Situation analysis", "Policy actions", "Scoring", "Priorities"):
        lead.get_by_role("button", name=f"Open {step}").click()
        expect(lead.get_by_role("button", name=f"Close {step}")).to_be_visible()
    assert axe_violations(lead) == []
    # A poll that finds nothing new leaves the page as it is (live.js compares the ETag; no swap).
    lead.evaluate("document.querySelector('#live h2').dataset.marker = 'kept'")
    with lead.expect_response(lambda response: "/changes/" in response.url, timeout=15_000):
        pass
    lead.wait_for_timeout(300)
    assert lead.evaluate("document.querySelector('#live h2[data-marker]') !== null")

    # Members propose actions: the Korean member in Korean, the Indonesian member in Bahasa Indonesia.
    gov, gov_language = people["gov"]
    korean = open_as(gov, gov_language)
    korean.goto(f"{base}/delegations/{delegation.pk}/analysis/new/?dimension=data_statistics&kind=challenge")
    assert axe_violations(korean) == []
    korean.locator("#id_text").fill("사회적경제 통계가 없습니다")
    korean.locator("main form button[type=submit]").click()
    expect(korean.get_by_text("사회적경제 통계가 없습니다")).to_be_visible()
    # The facilitator's open workspace shows it without a reload (htmx polls every 10 s).
    expect(lead.get_by_text("사회적경제 통계가 없습니다")).to_be_visible(timeout=15_000)
    titles = {"gov": "Enact a Framework Act on the Social Economy", "workers": "Decent work standards in social enterprises"}
    for key, title in titles.items():
        user, language = people[key]
        member = korean if key == "gov" else open_as(user, language)
        member.goto(f"{base}/delegations/{delegation.pk}/actions/new/")
        assert axe_violations(member) == []
        member.locator("#id_title").fill(title)
        member.locator("#id_dimension").select_option("legal_framework" if key == "gov" else "decent_work_inclusion")
        member.locator("#id_owner").select_option(label="김지연")
        member.locator("main form button[type=submit]").click()
        expect(member.get_by_role("link", name=title)).to_be_visible()
        # ... and the facilitator's open workspace lists it at its next poll, without a reload.
        expect(lead.get_by_role("link", name=title)).to_be_visible(timeout=15_000)
    act, decent = (PolicyAction.objects.get(title=title) for title in titles.values())

    # Two members edit the same action: the second meets a conflict instead of overwriting.
    employer = open_as(*people["employers"])
    edit_url = f"{base}/delegations/{delegation.pk}/actions/{act.pk}/edit/"
    korean.goto(edit_url)
    employer.goto(edit_url)
    korean.locator("#id_description").fill("One definition of the social economy and a national basic plan.")
    korean.locator("main form button[type=submit]").click()
    employer.locator("#id_description").fill("Overwrite")
    employer.locator("main form button[type=submit]").click()
    expect(employer.locator("#current-heading")).to_be_visible()
    expect(employer.get_by_text("One definition of the social economy")).to_be_visible()
    assert axe_violations(employer) == []

    # Scoring in three languages; two more government members score through the service.
    impact = selectors.criteria_of(event)[0]
    pages = {"gov": korean, "workers": open_as(*people["workers"]), "employers": employer}
    wanted = {"gov": (5, 2), "workers": (1, 4), "employers": (3, 4)}
    for key, (a, b) in wanted.items():
        _score(pages[key], live_server, delegation, {(act, impact): a, (decent, impact): b})
    assert axe_violations(korean) == []
    for user in extra:
        scoring.scores_save(delegation=delegation, actor=user, entries=[(act.pk, impact.pk, 5, ""), (decent.pk, impact.pk, 2, "")])
    # The scores counts and the ranking reach the facilitator's open workspace without a reload.
    expect(lead.get_by_role("row", name=act.title)).to_contain_text("5 people", timeout=15_000)
    expect(lead.get_by_text("Top of the ranking so far")).to_be_visible()

    # The ranking follows the method, and names it.
    lead.goto(f"{base}/delegations/{delegation.pk}/ranking/")
    expect(lead.get_by_text("Method in use: Constituencies count alike").first).to_be_visible()
    rows = lead.locator("tbody th[scope=row]")
    expect(rows.first).to_have_text(decent.title)
    assert axe_violations(lead) == []
    lead.get_by_label("Aggregation method").select_option("one_person")
    lead.get_by_role("button", name="Re-rank").click()
    expect(lead.get_by_text("Method in use: One person, one vote").first).to_be_visible()
    expect(rows.first).to_have_text(act.title)
    lead.get_by_label("Aggregation method").select_option("211")
    lead.get_by_role("button", name="Re-rank").click()
    expect(lead.get_by_text("Researcher 0.5").first).to_be_visible()
    for path in ("matrix", "pairwise"):
        lead.goto(f"{base}/delegations/{delegation.pk}/{path}/")
        assert axe_violations(lead) == []

    # The facilitator agrees the list (the ranking's order) and finalises.
    lead.goto(f"{base}/delegations/{delegation.pk}/priorities/")
    lead.locator(f"#pick-{decent.pk}").check()
    lead.locator(f"#pick-{act.pk}").check()
    lead.get_by_role("button", name="Save the agreed list").click()
    expect(lead.get_by_role("heading", name="Agreed list")).to_be_visible()
    assert axe_violations(lead) == []
    lead.get_by_role("button", name="Finalise the plan").click()
    expect(lead.get_by_text("Final plan")).to_be_visible()

    # A late score is refused with a message.
    korean.goto(f"{base}/delegations/{delegation.pk}/scores/")
    expect(korean.get_by_text("평가가 열려 있지 않습니다.")).to_be_visible()  # "Scoring is not open."

    # Word and PDF.
    with lead.expect_download() as word:
        lead.get_by_role("link", name="Download the plan (Word)").click()
    document = Document(io.BytesIO(open(word.value.path(), "rb").read()))  # noqa: SIM115
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [
        f"1. {decent.title}", f"2. {act.title}"]
    with lead.expect_download() as pdf:
        lead.get_by_role("link", name="Download the plan (PDF)").click()
    text = subprocess.run(["pdftotext", pdf.value.path(), "-"], capture_output=True, text=True, check=True).stdout
    assert "김지연" in text

    # Public, followed up, and shown on the atlas country profile.
    lead.get_by_role("button", name="Make the plan public").click()
    korean.goto(f"{base}/delegations/{delegation.pk}/actions/{act.pk}/")
    korean.locator("#id_on").fill("2021-06-30")
    korean.locator("#id_status").select_option("in_progress")
    korean.locator("#id_progress").fill("40")
    korean.locator("#id_evidence").fill("https://www.ilo.org/global/topics/cooperatives")
    korean.locator("main form button[type=submit]").click()
    expect(korean.locator("time[datetime='2021-06-30']")).to_be_visible()
    assert axe_violations(korean) == []
    visitor = open_as(make_user("member"))
    visitor.goto(f"{live_server.url}/atlas/countries/KR/")
    expect(visitor.get_by_role("heading", name="Public action plans")).to_be_visible()
    expect(visitor.get_by_text(f"{act.title} — In progress, 40 %")).to_be_visible()
    assert axe_violations(visitor) == []
    visitor.get_by_role("link", name=event.title).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("South Korea")
    assert axe_violations(visitor) == []
