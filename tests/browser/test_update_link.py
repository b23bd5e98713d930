"""A lead without an account opens the link from their update request email and posts an update
in Chromium; the link form, its error state, the overview and the refusal pass axe-core."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def emailed(seed_plan, mary, settings, live_server):
    """Update requests for the current cycle, sent with links to the live server."""
    from actionplan.notifications.outbox import send_due
    from actionplan.plans.models import Person
    from actionplan.plans.writes.roles import set_person_email

    settings.ACTIONPLAN_BASE_URL = live_server.url
    set_person_email(Person.objects.get(name="Gillian Banford"), "gillian.banford@example.org", by=mary)
    mail.outbox.clear()
    send_due(timezone.now())
    return seed_plan


def link_from_outbox(live_server, address):
    (message,) = [m for m in mail.outbox if address in m.to[0]]
    return re.search(re.escape(live_server.url) + r"/u/[^/\s]+/\d+/", message.body).group(0)


def test_lead_updates_through_the_emailed_link(page, live_server, emailed):
    from actionplan.plans.models import ChangeEvent, ProgressNote

    link = link_from_outbox(live_server, "gillian.banford@example.org")
    page.goto(link)
    assert page.get_by_role("heading", name="Update action 6.1").is_visible()
    assert page.get_by_text("Gillian Banford", exact=False).first.is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Progress update").fill("Joint audit of 20 cases done")
    page.get_by_label("Amber – at risk").check()
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_label("Progress update").input_value() == "Joint audit of 20 cases done"
    assert_no_axe_violations(page)

    page.get_by_label("Reason for RAG change").fill("Partner capacity")
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("has been saved").wait_for()
    assert page.locator("[data-link-actions] [data-action]").count() == 1
    assert "Updated" in page.locator("[data-link-actions]").inner_text()
    assert_no_axe_violations(page)

    note = ProgressNote.objects.get(text="Joint audit of 20 cases done")
    assert note.author_name == "Gillian Banford" and note.action.rag == "amber"
    assert ChangeEvent.objects.get(action=note.action, field="rag").actor_name == "Gillian Banford"

    page.goto(link)  # the same link again: used, explained, with a way to sign in
    assert page.get_by_role("heading", name="This link has been used").is_visible()
    assert page.get_by_role("link", name="sign in to update your actions").is_visible()
    assert_no_axe_violations(page)


def test_manager_pages_for_requests_pass_axe(page, live_server, emailed, mary):
    from actionplan.plans.models import Person

    sign_in(page, live_server, "mary", "correct horse battery")
    page.goto(f"{live_server.url}/plans/{emailed.id}/requests/")
    assert page.get_by_role("heading", name="Update requests", exact=True).is_visible()
    assert page.locator('[data-send-log] [data-status="sent"]').count() == 1
    assert_no_axe_violations(page)
    page.get_by_label("Remind leads this many days before the deadline").fill("soon")
    page.get_by_role("button", name="Save reminder settings").click()
    page.get_by_text("There is a problem").wait_for()
    assert_no_axe_violations(page)

    andrew = Person.objects.get(name="Andrew Fowler")
    page.goto(f"{live_server.url}/people/{andrew.id}/email/")
    page.get_by_label("Email address").fill("andrew.fowler@example.org")
    page.get_by_role("button", name="Save email address").click()
    page.get_by_text("The email address has been saved.").wait_for()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/plans/{emailed.id}/requests/")
    page.get_by_role("button", name="Send update requests now").click()
    page.get_by_text("1 update request sent.").wait_for()
    assert_no_axe_violations(page)


def test_unsubscribe_page_passes_axe(page, live_server, emailed):
    (message,) = [m for m in mail.outbox if "gillian" in m.to[0]]
    page.goto(message.extra_headers["List-Unsubscribe"].strip("<>"))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stop reminder emails").click()
    page.get_by_role("heading", name="Reminders are off").wait_for()
    assert_no_axe_violations(page)
