"""The audit trail in Chromium: an action changed by two people, read back on the plan's history."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"


def post_update(page, live_server, plan, action, text, rag, reason):
    """Through the action page's update form (contract: text, rag radios, reason, "Save update")."""
    page.goto(f"{live_server.url}/plans/{plan.id}/actions/{action.id}/")
    page.get_by_label("Progress update").fill(text)
    page.locator(f'input[name="rag"][value="{rag}"]').check()
    page.get_by_label("Reason for RAG change").fill(reason)
    page.get_by_role("button", name="Save update").click()
    page.wait_for_load_state()


def signed_in_page(browser, live_server, username):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, username, PASSWORD)
    return page


def history_rows(page) -> list[str]:
    return [row.inner_text() for row in page.locator("tr[data-event]").all()]


def test_history_shows_an_action_changed_by_two_people(
    browser, page, live_server, seed_plan, april, mary, alice
):
    action = seed_plan.actions.filter(leads__name="April Bald").order_by("id").first()
    lead = signed_in_page(browser, live_server, "april")
    post_update(lead, live_server, seed_plan, action, "Joint panel agreed terms of reference", "amber",
                "Recruitment delays")  # fmt: skip
    manager = signed_in_page(browser, live_server, "mary")
    post_update(manager, live_server, seed_plan, action, "Escalated to the improvement board", "red",
                "Second month without a panel")  # fmt: skip

    sign_in(page, live_server, "alice", PASSWORD)  # a viewer reads the history
    page.goto(f"{live_server.url}/plans/{seed_plan.id}/history/")
    rows = [r for r in history_rows(page) if "RAG" in r or "progress note" in r]
    assert any("Mary Okafor" in r and "changed the RAG from Amber to Red" in r for r in rows), rows
    assert any("April Bald" in r and "changed the RAG from not rated to Amber" in r for r in rows), rows
    assert any("Second month without a panel" in r for r in rows)
    assert_no_axe_violations(page)

    page.get_by_label("Person").select_option("April Bald")
    page.get_by_role("button", name="Show changes").click()
    page.wait_for_load_state()
    assert history_rows(page) and all("April Bald" in r for r in history_rows(page))
    assert not any("Mary Okafor" in r for r in history_rows(page))

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "April Bald" in text and "Mary Okafor" not in text
    lead.context.close()
    manager.context.close()


def test_history_works_without_javascript(js_off_page, live_server, seed_plan, alice):
    sign_in(js_off_page, live_server, "alice", PASSWORD)
    js_off_page.goto(f"{live_server.url}/plans/{seed_plan.id}/history/")
    js_off_page.get_by_label("From").fill("1/1/2000")
    js_off_page.get_by_label("To").fill("1/1/1999")
    js_off_page.get_by_role("button", name="Show changes").click()
    js_off_page.get_by_text("There is a problem").wait_for()
    assert "must be the same as or after" in js_off_page.locator(".govuk-error-summary").inner_text()
