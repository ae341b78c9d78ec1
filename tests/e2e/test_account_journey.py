import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from ssehub.accounts.models import Profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "kim.jiwon@example.org"
PASSWORD = "solidarity-economy-2021"


def _korean(text: str) -> str:
    with translation.override("ko"):
        translated = gettext(text)
    assert translated != text, f"no Korean translation for {text!r}"
    return translated


def test_newcomer_signs_up_verifies_edits_profile_switches_language_exports_and_logs_out(
    page: Page, live_server, axe_violations
):
    page.goto(live_server.url + "/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign up").first.click()
    assert axe_violations(page) == []
    page.get_by_label("Email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.goto(live_server.url + "/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_label("Email").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Full name").fill("김지원")
    page.get_by_label("Organisation").fill("Korea Social Enterprise Promotion Agency")
    page.get_by_label("Country").select_option("KR")
    page.get_by_label("Constituency").select_option("government")
    page.get_by_label("Korean").check()
    page.get_by_label("Time zone").select_option("Asia/Seoul")
    page.get_by_label("Expertise").fill("social enterprise certification")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    profile = Profile.objects.get(user__email=EMAIL)
    assert (profile.full_name, profile.country.code, profile.time_zone) == ("김지원", "KR", "Asia/Seoul")

    page.get_by_label("Language").select_option("ko")  # the form submits itself on change
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", name=_korean("My profile"))).to_be_visible()
    assert Profile.objects.get(user__email=EMAIL).preferred_language == "ko"

    with page.expect_download() as download_info:
        page.get_by_role("link", name=_korean("Download all my data (JSON)")).click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert (data["account"]["email"], data["profile"]["full_name"]) == (EMAIL, "김지원")

    page.get_by_role("button", name=_korean("Log out")).click()
    expect(page.get_by_role("link", name=_korean("Log in"))).to_be_visible()
