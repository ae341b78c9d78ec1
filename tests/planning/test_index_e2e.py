"""The planning index in a browser, in Korean: a member finds the workspace from the menu; axe finds
nothing to fix."""

import pytest
from playwright.sync_api import expect

from tests.planning.factories import make_delegation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_reaches_the_workspace_from_the_menu_in_korean(page, live_server, login_as, axe_violations):
    delegation, _organiser, _facilitator, members = make_delegation()
    login_as(members[0])
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.locator("#language-select").select_option("ko")
    page.locator('nav a[href="/planning/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("실행 계획 수립")
    assert axe_violations(page) == []
    page.locator(f'a[href="/planning/delegations/{delegation.pk}/"]').click()
    expect(page).to_have_url(f"{live_server.url}/planning/delegations/{delegation.pk}/")
