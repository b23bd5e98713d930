"""The board report, dashboard and changes pages in a real browser: charts shown as images with
text alternatives and tables, and nothing axe-core can find wrong."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.exports.history import plan_with_history

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(seed_draft, mary):
    return plan_with_history(seed_draft, mary)


def _charts_have_alt_text_and_tables(page):
    images = page.locator("img.app-chart__image")
    assert images.count() == 3
    for i in range(3):
        assert images.nth(i).get_attribute("alt").startswith("Chart: ")
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")  # the SVG drew
    assert page.locator("section[data-chart] table").count() == 3


def test_board_report_reads_well_and_passes_axe(page, live_server, plan, alice):
    sign_in(page, live_server, "alice", "correct horse battery")
    page.goto(f"{live_server.url}/plans/{plan.id}/report/?as_at=2018-05-01&since=2018-03-01")
    assert page.get_by_role("heading", name="Board report", level=1).is_visible()
    assert page.locator('[data-report="overdue"] [data-action-ref="1.1"]').count() == 1
    assert page.locator('[data-report="slipping"] [data-action-ref="4.1"]').count() == 1
    _charts_have_alt_text_and_tables(page)
    assert_no_axe_violations(page)


def test_dashboard_passes_axe(page, live_server, plan, alice):
    sign_in(page, live_server, "alice", "correct horse battery")
    page.goto(f"{live_server.url}/plans/{plan.id}/dashboard/")
    assert page.get_by_role("heading", name="Dashboard", level=1).is_visible()
    _charts_have_alt_text_and_tables(page)
    assert_no_axe_violations(page)


def test_changes_page_and_the_plan_page_links_pass_axe(page, live_server, plan, alice):
    sign_in(page, live_server, "alice", "correct horse battery")
    page.goto(f"{live_server.url}/plans/{plan.id}/")
    page.get_by_role("link", name="What changed").click()
    page.get_by_label("Changes since").fill("2018-01-31")
    page.get_by_label("Changes up to").fill("2018-03-31")
    page.get_by_role("button", name="Show changes").click()
    assert page.locator('[data-changes="rag"] tr[data-action-ref]').count() == 3
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/plans/{plan.id}/changes/?since=2018-03-01&until=2018-01-01")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page)
