"""The plan manager's requests page and button, reminder settings, a lead's email address, and
who may use each."""

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from actionplan.notifications.models import OutboundMessage, PlanNotificationSettings
from actionplan.plans.models import AdminEvent, Person
from tests.conftest import make_user
from tests.notifications.conftest import EMAILS

pytestmark = pytest.mark.django_db


@freeze_time("2018-03-02T10:00:00")
def test_manager_sees_what_would_be_sent_then_sends_it(client, chased_plan, mary):
    client.force_login(mary)
    url = reverse("plan_requests", args=[chased_plan.id])
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "March 2018" in content and "5 April 2018" in content and "Send update requests now" in content
    will_send = {row.person.name for row in page.context["to_send"]}
    assert will_send == set(EMAILS)
    assert "Add an email address" in content  # leads without one are offered the form
    response = client.post(reverse("plan_requests_send", args=[chased_plan.id]))
    assert response.status_code == 302 and response["Location"] == url
    assert len(mail.outbox) == 3
    assert set(OutboundMessage.objects.values_list("triggered_by", flat=True)) == {mary.id}
    page = client.get(url)
    assert "3 update requests sent." in page.content.decode()
    assert page.context["to_send"] == [] and b"data-nothing-to-send" in page.content
    assert page.content.count(b'data-status="sent"') == 3
    client.post(reverse("plan_requests_send", args=[chased_plan.id]))
    assert len(mail.outbox) == 3  # pressing it again sends nothing twice


@pytest.mark.parametrize("who", ["alice", "april", "jackie"])
def test_only_plan_managers_may_see_or_send_requests(client, chased_plan, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("plan_requests", args=[chased_plan.id])).status_code == 403
    assert client.post(reverse("plan_requests_send", args=[chased_plan.id])).status_code == 403
    assert (
        client.post(
            reverse("plan_notification_settings", args=[chased_plan.id]), {"reminder_days": "1"}
        ).status_code
        == 403
    )
    assert not mail.outbox


def test_signed_out_visitors_are_sent_to_sign_in(client, chased_plan):
    for name in ("plan_requests", "plan_requests_send", "plan_notification_settings"):
        response = client.post(reverse(name, args=[chased_plan.id]))
        assert response.status_code in (302, 405) and (
            response.status_code == 405 or "/accounts/login/" in response["Location"]
        )
    assert "/accounts/login/" in client.get(reverse("plan_requests", args=[chased_plan.id]))["Location"]


def test_reminder_settings_are_validated_and_saved(client, chased_plan, mary):
    client.force_login(mary)
    url = reverse("plan_notification_settings", args=[chased_plan.id])
    bad = client.post(url, {"reminder_days": "7, soon"})
    assert (
        bad.status_code == 400
        and b"Enter whole numbers of days" in bad.content
        and b"There is a problem" in bad.content
    )
    assert client.post(url, {"reminder_days": "10; 3, 3", "automatic_requests": "on"}).status_code == 302
    saved = PlanNotificationSettings.objects.get(plan=chased_plan)
    assert (saved.reminder_days, saved.automatic_requests) == ([10, 3], True)
    page = client.get(reverse("plan_requests", args=[chased_plan.id]))
    assert b'value="10, 3"' in page.content and b"checked" in page.content


def test_manager_adds_a_leads_email_with_an_audit_entry(client, seed_plan, mary):
    andrew = Person.objects.get(name="Andrew Fowler")
    client.force_login(mary)
    person_page = client.get(reverse("person", args=[andrew.id]))
    assert b"data-person-email" in person_page.content and b"Add" in person_page.content
    url = reverse("person_email", args=[andrew.id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"email": "not an address"})
    assert bad.status_code == 400 and b"Enter an email address" in bad.content
    response = client.post(url, {"email": " andrew.fowler@example.org "})
    assert response.status_code == 302 and response["Location"] == reverse("person", args=[andrew.id])
    andrew.refresh_from_db()
    assert andrew.email == "andrew.fowler@example.org"
    event = AdminEvent.objects.get(kind="person_email_changed")
    assert (event.actor_name, event.subject_name, event.old, event.new) == (
        "Mary Okafor",
        "Andrew Fowler",
        None,
        "andrew.fowler@example.org",
    )
    people = client.get(reverse("people"))
    assert b"Gets update requests by email" in people.content


def test_manager_of_another_plan_only_cannot_set_the_email(client, seed_plan, april, alice):
    other_manager = make_user("oscar", first_name="Oscar", last_name="Price")
    from actionplan.accounts.services import grant_role

    grant_role(other_manager, "viewer", seed_plan)
    andrew = Person.objects.get(name="Andrew Fowler")
    for user in (april, alice, other_manager):
        client.force_login(user)
        assert client.get(reverse("person_email", args=[andrew.id])).status_code == 403
        assert (
            client.post(reverse("person_email", args=[andrew.id]), {"email": "x@example.org"}).status_code
            == 403
        )
        assert b"data-person-email" not in client.get(reverse("person", args=[andrew.id])).content
    andrew.refresh_from_db()
    assert andrew.email == "" and not AdminEvent.objects.filter(kind="person_email_changed").exists()


def test_a_lead_not_on_any_visible_plan_is_not_found(client, seed_plan):
    stranger = make_user("stranger")
    client.force_login(stranger)
    andrew = Person.objects.get(name="Andrew Fowler")
    assert client.get(reverse("person_email", args=[andrew.id])).status_code == 404


def test_requests_page_costs_the_same_queries_however_many_leads_and_messages(client, chased_plan, mary):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actionplan.plans.writes.roles import set_person_email

    client.force_login(mary)
    url = reverse("plan_requests", args=[chased_plan.id])
    with freeze_time("2018-03-02T10:00:00"):
        client.post(reverse("plan_requests_send", args=[chased_plan.id]))
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for person in Person.objects.filter(email="")[:5]:
            set_person_email(person, f"{person.name.split()[0].lower()}@example.org", by=mary)
        client.post(reverse("plan_requests_send", args=[chased_plan.id]))
        client.get(url)  # shows, and so clears, the "sent" message
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
    assert len(mail.outbox) == 8
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
