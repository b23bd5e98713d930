import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_signed_in_user_reads_the_whole_plan(page, live_server, seed_plan, alice):
    page.goto(f"{live_server.url}/plans/{seed_plan.id}/")
    assert "/accounts/login/" in page.url  # anonymous: sent to sign in
    sign_in(page, live_server, "alice", "correct horse battery")
    assert page.url.endswith(f"/plans/{seed_plan.id}/")
    assert page.locator("[data-recommendation]").count() == 11
    assert page.locator("tr[data-action]").count() == 18
    first = page.locator('[data-recommendation="1"] tr[data-action]').first
    assert "April Bald" in first.inner_text() and "Not rated" in first.inner_text()
    assert_no_axe_violations(page)


def test_home_and_sign_in_pages_have_no_axe_violations(page, live_server, seed_plan, alice):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_axe_violations(page)
    sign_in(page, live_server, "alice", "correct horse battery")
    assert page.get_by_role("link", name=seed_plan.title).is_visible()
    assert_no_axe_violations(page)
