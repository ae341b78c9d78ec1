"""Browser tests: applying in Bahasa Indonesia, then a whole review-select-invite cycle."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from ssehub.calls.enums import InvitationStatus, QuestionKind
from ssehub.calls.models import Application, Invitation
from ssehub.events.models import Registration
from tests.calls.factories import CallFactory, QuestionFactory, make_application, make_organiser
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_applicant_applies_in_bahasa_indonesia_and_edits(page, live_server, login_as, axe_violations):
    call = CallFactory()
    question = QuestionFactory(call=call, text="Mengapa Anda ingin ikut?")
    QuestionFactory(call=call, kind=QuestionKind.YES_NO, text="Dapat hadir tiga hari?", required=True)
    applicant = login_as(make_user(None, country="ID", constituency="workers", gender="woman",
                                   organisation="Konfederasi Serikat Pekerja Indonesia"))
    page.goto(live_server.url + reverse("calls:apply", kwargs={"call_id": call.pk}))
    page.select_option("#language-select", "id")
    page.locator(".language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("button[name=submit]")).to_have_text("Kirim lamaran")
    page.fill(f"#id_q_{question.pk}", "Untuk memperkuat kebijakan ekonomi solidaritas sosial.")
    page.locator("input[type=radio][value=true]").check()
    page.locator("#id_accept_notice").check()
    page.locator("button[name=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Lamaran Anda telah dikirim.")
    assert axe_violations(page) == []
    page.goto(live_server.url + reverse("calls:apply", kwargs={"call_id": call.pk}))
    page.fill(f"#id_q_{question.pk}", "Jawaban yang diperbarui sebelum batas waktu.")
    page.locator("button[name=submit]").click()
    expect(page.locator("body")).to_contain_text("Jawaban yang diperbarui sebelum batas waktu.")
    application = Application.objects.get(call=call, applicant=applicant)
    assert application.status == "submitted"
    assert application.language == "id"
    assert mail.outbox[0].subject.startswith("Kami telah menerima lamaran Anda")


def _rule_field(page, name: str, value: str) -> None:
    page.fill(f"#id_{name}", value)


def test_organiser_reviews_selects_and_invites_with_replacement(page, live_server, context, login_as,
                                                                axe_violations):
    call = CallFactory(reviewers_per_application=2)
    call.event.eligible_countries = ["PH", "ID"]
    call.event.save()
    organiser = make_organiser(call.event)
    reviewers = [make_user("reviewer", full_name=name, organisation=org) for name, org in (
        ("Tanaka Hiroshi", "Rikkyo University"), ("Maria Luisa Reyes", "Cooperative Development Authority"))]
    people = [
        make_application(call, country="PH", constituency="government", gender="woman", full_name="Ana Bautista"),
        make_application(call, country="PH", constituency="workers", gender="man", full_name="Ramon Cruz"),
        make_application(call, country="ID", constituency="government", gender="man", full_name="Budi Santoso"),
        make_application(call, country="ID", constituency="government", gender="woman", full_name="Dewi Lestari"),
    ]
    base = live_server.url
    # The organiser builds the rubric and assigns reviewers automatically.
    login_as(organiser)
    page.goto(base + reverse("calls:rubric", kwargs={"call_id": call.pk}))
    page.fill("#id_title", "Role in national SSE policy")
    page.fill("#id_weight", "2")
    page.locator("form button[type=submit]", has_text="Add").click()
    expect(page.locator("table")).to_contain_text("Role in national SSE policy")
    page.goto(base + reverse("calls:assignments", kwargs={"call_id": call.pk}))
    for reviewer in reviewers:
        page.get_by_label(str(reviewer)).check()
    page.get_by_role("button", name="Save the pool").click()
    page.locator("#id_per_application").fill("2")
    page.get_by_role("button", name="Assign").first.click()
    expect(page.locator(".messages")).to_contain_text("8 assignments made.")
    assert axe_violations(page) == []
    # Two reviewers score every application (one harsher than the other).
    criterion = call.criteria.get()
    for reviewer, scores in zip(reviewers, ((5, 4, 3, 2), (5, 5, 4, 3)), strict=True):
        context.clear_cookies()
        login_as(reviewer)
        for application, score in zip(people, scores, strict=True):
            assignment = application.assignments.get(reviewer=reviewer)
            page.goto(base + reverse("calls:review", kwargs={"assignment_id": assignment.pk}))
            page.locator(f"input[name=c_{criterion.pk}][value='{score}']").check()
            if score == 2:
                assert axe_violations(page) == []
            page.get_by_role("button", name="Save review").click()
            expect(page.locator(".messages")).to_contain_text("Your review has been saved.")
    # The organiser sets quotas, first impossible, then workable.
    context.clear_cookies()
    login_as(organiser)
    page.goto(base + reverse("calls:selection", kwargs={"call_id": call.pk}))
    _rule_field(page, "seats", "2")
    _rule_field(page, "min_PH", "1")
    _rule_field(page, "min_ID", "1")
    _rule_field(page, "government_ID", "3")
    page.get_by_role("button", name="Save and run the selection").click()
    expect(page.locator("#run-status")).to_contain_text("No group can keep all the rules.")
    expect(page.locator("#run-status")).to_contain_text("Indonesia needs at least 3 Government, but only 2 applied.")
    expect(page.locator(".relaxations")).to_contain_text("at least 3 Government from Indonesia")
    assert axe_violations(page) == []
    page.goto(base + reverse("calls:selection", kwargs={"call_id": call.pk}))
    _rule_field(page, "government_ID", "1")
    page.get_by_role("button", name="Save and run the selection").click()
    expect(page.locator("#run-status")).to_contain_text("Optimal")
    expect(page.locator("table.balance tfoot")).to_contain_text("2")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Adopt this selection").click()
    page.get_by_role("button", name=re.compile("Send invitations")).click()
    expect(page.locator(".messages")).to_contain_text("2 invitations queued for sending.")
    invited = list(Invitation.objects.select_related("application").order_by("application_id"))
    assert [i.application.full_name for i in invited] == ["Ana Bautista", "Budi Santoso"]
    links = {}
    for message in mail.outbox:
        found = re.search(r"https?://[^/\s]+(/calls/invitation/[^\s?]+/)\?answer=confirm", message.body)
        if found:
            links[message.to[0]] = found.group(1)
    # One confirms, one declines.
    context.clear_cookies()
    page.goto(base + links[people[0].email])
    page.get_by_role("button", name="Confirm my place").click()
    expect(page.locator(".messages")).to_contain_text("your place is confirmed")
    page.goto(base + links[people[2].email])
    page.get_by_role("button", name="Decline").click()
    assert Registration.objects.filter(user=people[0].applicant, event=call.event, source="invitation").exists()
    assert Invitation.objects.get(application=people[2]).status == InvitationStatus.DECLINED
    # The organiser asks for a replacement (the page runs no solver by itself) and invites the
    # suggestion with one click: the other Indonesian government delegate.
    login_as(organiser)
    page.goto(base + reverse("calls:group", kwargs={"call_id": call.pk}))
    expect(page.locator(".replacement")).not_to_contain_text("Dewi Lestari")
    page.locator("#propose-replacement").click()
    expect(page.locator(".replacement")).to_contain_text("Dewi Lestari")
    assert axe_violations(page) == []
    page.locator(f"#invite-replacement-{people[3].pk}").click()
    expect(page.locator(".messages")).to_contain_text("1 invitation queued for sending.")
    assert Invitation.objects.filter(application=people[3]).exists()


def test_other_event_organiser_refused_in_browser(page, live_server, login_as):
    call = CallFactory()
    make_application(call)
    login_as(make_organiser(CallFactory().event))
    response = page.goto(live_server.url + reverse("calls:applications", kwargs={"call_id": call.pk}))
    assert response.status == 403
