"""A lead's monthly update, in Chromium: with the mouse, keyboard-only, and with JavaScript off."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def open_first_action_from_my_actions(page, live_server, *, check_axe=True):
    page.get_by_role("link", name="My actions").click()
    assert page.locator("[data-needing]").is_visible()
    if check_axe:  # axe runs as JavaScript in the page
        assert_no_axe_violations(page)
    page.locator("tr[data-action] a").first.click()
    page.wait_for_load_state()


def check_update_landed(page, live_server, seed_plan):
    assert page.get_by_text("Your update has been saved.").is_visible()
    timeline = page.locator("[data-timeline]")
    assert "Joint panel agreed terms of reference" in timeline.inner_text()
    assert "Reason: Recruitment delays" in timeline.inner_text()
    assert page.locator('[data-current-rag="amber"]').is_visible()
    action_id = page.locator("#tracking").get_attribute("data-action")
    page.goto(f"{live_server.url}/plans/{seed_plan.id}/")
    row = page.locator(f'tr[data-action="{action_id}"]')
    assert row.locator('td.app-rag-cell [data-rag="amber"]').first.is_visible()
    assert "Joint panel agreed terms of reference" in row.inner_text()


def test_lead_turns_an_action_amber_with_a_reason(page, live_server, seed_plan, april):
    sign_in(page, live_server, "april", "correct horse battery")
    open_first_action_from_my_actions(page, live_server)
    assert_no_axe_violations(page)
    page.get_by_label("Progress update").fill("Joint panel agreed terms of reference")
    page.get_by_label("Amber – at risk").check()
    page.get_by_label("Reason for RAG change").fill("Recruitment delays")
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("Your update has been saved.").wait_for()
    check_update_landed(page, live_server, seed_plan)
    assert_no_axe_violations(page)


def test_missing_reason_shows_an_accessible_error(page, live_server, seed_plan, april):
    sign_in(page, live_server, "april", "correct horse battery")
    open_first_action_from_my_actions(page, live_server)
    page.get_by_label("Progress update").fill("Words I must not lose")
    page.get_by_label("Red – off track").check()
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_label("Progress update").input_value() == "Words I must not lose"
    assert_no_axe_violations(page)


def test_the_same_flow_keyboard_only(page, live_server, seed_plan, april):
    sign_in(page, live_server, "april", "correct horse battery")
    page.goto(f"{live_server.url}/my-actions/")
    link = page.locator("tr[data-action] a").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    textarea = page.get_by_label("Progress update")
    textarea.focus()
    page.keyboard.type("Joint panel agreed terms of reference")
    page.keyboard.press("Tab")  # to the RAG radios
    focused = page.evaluate("document.activeElement.name")
    assert focused == "rag"
    page.get_by_label("Amber – at risk").focus()
    page.keyboard.press("Space")
    page.get_by_label("Reason for RAG change").focus()
    page.keyboard.type("Recruitment delays")
    page.get_by_role("button", name="Save update").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Your update has been saved.").wait_for()
    check_update_landed(page, live_server, seed_plan)


def test_the_same_flow_with_javascript_off(js_off_page, live_server, seed_plan, april):
    page = js_off_page
    sign_in(page, live_server, "april", "correct horse battery")
    open_first_action_from_my_actions(page, live_server, check_axe=False)
    page.get_by_label("Progress update").fill("Joint panel agreed terms of reference")
    page.get_by_label("Amber – at risk").check()
    page.get_by_label("Reason for RAG change").fill("Recruitment delays")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_load_state()
    check_update_landed(page, live_server, seed_plan)


def test_overview_filters_have_no_axe_violations(page, live_server, seed_plan, april):
    sign_in(page, live_server, "april", "correct horse battery")
    page.goto(f"{live_server.url}/plans/{seed_plan.id}/?due_within=abc&rag=red")
    assert page.get_by_text("Enter the number of days").first.is_visible()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/people/")
    assert_no_axe_violations(page)
