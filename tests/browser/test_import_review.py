"""A plan manager imports the seed document in Chromium: upload, check the warnings, correct a
column, save; with JavaScript on (upload progress) and off (the plain form)."""

import pytest

from actionplan.plans.models import Plan
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.conftest import SEED_TXT

pytestmark = pytest.mark.django_db(transaction=True)


def upload_seed(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Import a plan").click()
    page.get_by_role("heading", name="Import a plan").wait_for()
    page.locator("#import-file").set_input_files(str(SEED_TXT))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the plan before saving").wait_for()


def check_warnings_and_correct_the_progress_column(page):
    row = page.locator('tr[data-preview-action="10.1"]')
    assert "The RAG rating '?????' is not one we recognise" in row.inner_text()
    column = page.locator('tr[data-column="Progress"]')
    assert "holds names, so it was read as lead officers" in column.inner_text()
    assert page.locator('[data-count="actions"]').inner_text() == "18"
    first = page.locator('tr[data-preview-action="1.1"]')
    assert "April Bald" in first.locator("[data-leads]").inner_text()

    page.get_by_label("What the column ‘Progress’ holds").select_option("notes")
    page.get_by_role("button", name="Update the preview").click()
    page.get_by_text("The preview has been updated with your column choices.").wait_for()
    first = page.locator('tr[data-preview-action="1.1"]')
    assert "None named" in first.locator("[data-leads]").inner_text()
    assert "April Bald" in first.locator("[data-notes]").inner_text()
    assert page.get_by_label("What the column ‘Progress’ holds").input_value() == "notes"


def save_and_see_the_plan(page):
    page.get_by_role("button", name="Save plan").click()
    page.get_by_text("The plan has been saved: 11 recommendations, 18 actions").wait_for()
    plan = Plan.objects.get()
    assert page.url.endswith(f"/plans/{plan.id}/")
    assert page.get_by_role("heading", name=plan.title).is_visible()
    assert page.locator("tbody[data-recommendation]").count() == 11


def test_manager_reviews_corrects_and_saves_an_import(page, live_server, mary):
    sign_in(page, live_server, "mary", "correct horse battery")
    page.goto(f"{live_server.url}/imports/new/")
    assert_no_axe_violations(page)
    upload_seed(page, live_server)
    assert Plan.objects.count() == 0  # nothing saved before confirm
    assert_no_axe_violations(page)
    check_warnings_and_correct_the_progress_column(page)
    assert_no_axe_violations(page)
    save_and_see_the_plan(page)


def test_the_same_import_with_javascript_off(js_off_page, live_server, mary):
    page = js_off_page
    sign_in(page, live_server, "mary", "correct horse battery")
    upload_seed(page, live_server)
    check_warnings_and_correct_the_progress_column(page)
    save_and_see_the_plan(page)


def test_a_bad_file_gets_one_accessible_sentence(page, live_server, mary, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleagues,\nPlease find the plan attached.\n")
    sign_in(page, live_server, "mary", "correct horse battery")
    page.goto(f"{live_server.url}/imports/new/")
    page.locator("#import-file").set_input_files(str(letter))
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.locator("li").all_inner_texts() == ["No action plan table was found in the document."]
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)
    # The form still works after the error was shown in place.
    page.locator("#import-file").set_input_files(str(SEED_TXT))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the plan before saving").wait_for()
    assert Plan.objects.count() == 0
