"""A whole reporting cycle with frozen time: the cycle opens and requests go, leads update through
their links without signing in, reminders go only to those still missing, and the digest after the
deadline names exactly who did not update. `remind` runs twice at every step and sends nothing extra."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from actionplan.notifications.models import LinkUse, OutboundMessage
from actionplan.plans import writes
from actionplan.plans.models import Action, ChangeEvent, ProgressNote
from tests.notifications.conftest import EMAILS, links_in, remind, sent_to

pytestmark = pytest.mark.django_db


def action(plan, ref) -> Action:
    number, position = ref.split(".")
    return plan.actions.get(recommendation__number=number, position=int(position))


def refs_led_by(plan, name) -> set[str]:
    return {
        f"{a.recommendation.number}.{a.position}"
        for a in plan.actions.filter(actionlead__person__name=name).select_related("recommendation")
    }


def refs(plan, action_ids) -> set[str]:
    return {f"{a.recommendation.number}.{a.position}" for a in plan.actions.filter(pk__in=action_ids)}


def run_twice(when):
    """Run remind, then again a few minutes later: the second run must send nothing."""
    before = len(mail.outbox)
    first = remind(when)
    new = mail.outbox[before:]
    later = (dt.datetime.fromisoformat(when) + dt.timedelta(minutes=5)).isoformat()
    assert remind(later) == [], "the second run sent something"
    assert len(mail.outbox) == before + len(new)
    assert all(o.status == "sent" for o in first), [o.line() for o in first]
    return new


def update_through_link(client, path, **data):
    payload = {"text": "", "rag": "none", "reason": "", "version": "", **data}
    page = client.get(path)
    assert page.status_code == 200, page.content[:500]
    payload["version"] = page.context["form"].initial["version"]
    payload["rag"] = data.get("rag", page.context["form"].initial["rag"])
    return client.post(path, payload)


def test_a_whole_cycle(client, chased_plan, april, jackie, mary):
    plan = chased_plan

    # 1 March: the March cycle opens; one request per lead with an email, naming their actions.
    opened = run_twice("2018-03-01T08:00:00")
    assert {m.to[0].split("<")[-1].rstrip(">") for m in opened} == set(EMAILS.values())
    assert all("March 2018" in m.subject and plan.title[:40] in m.subject for m in opened)
    for name, email in EMAILS.items():
        (request,) = sent_to(opened, email)
        assert refs(plan, links_in(request)) == refs_led_by(plan, name)
        html = request.alternatives[0][0]
        assert request.alternatives[0][1] == "text/html" and "Update action" in html
        assert "/unsubscribe/" in request.extra_headers["List-Unsubscribe"]
        assert "Due: December 2017 (31 December 2017)" in request.body or name != "April Bald"
    april_request = sent_to(opened, EMAILS["April Bald"])[0]
    assert "Action 3.1 - OVERDUE" in april_request.body  # named overdue in the request itself
    assert OutboundMessage.objects.filter(kind="request", status="sent").count() == 3

    # 10 March: Gillian (no account) and Jackie update through their links without signing in;
    # April updates one action on the action page; Mary moves a due date.
    with freeze_time("2018-03-10T12:00:00"):
        gillian_links = links_in(sent_to(opened, EMAILS["Gillian Banford"])[0])
        (gillian_path,) = gillian_links.values()
        response = update_through_link(
            client,
            gillian_path,
            text="Joint audit of 20 cases done",
            rag="green",
            reason="Audit found good practice",
        )
        assert response.status_code == 302
        note = ProgressNote.objects.get(text="Joint audit of 20 cases done")
        assert note.author_name == "Gillian Banford" and note.author is None
        assert ChangeEvent.objects.get(action=note.action, field="rag").actor_name == "Gillian Banford"
        for path in links_in(sent_to(opened, EMAILS["Jackie Cook"])[0]).values():
            assert update_through_link(client, path, text="On track, panel met").status_code == 302
        assert ProgressNote.objects.filter(text="On track, panel met", author=jackie).count() == 4
        writes.record_update(
            action(plan, "3.1"),
            april,
            text="Late: restarted in March",
            rag="amber",
            reason="Recruitment delays",
        )
        writes.revise_due_date(
            action(plan, "3.2"),
            mary,
            due_date=dt.date(2018, 6, 30),
            due_text="June 2018",
            reason="Waiting for the new system",
        )
    assert LinkUse.objects.count() == 5
    assert run_twice("2018-03-10T12:30:00") == []

    # 29 March, 7 days before the 5 April deadline: a reminder only to April, only her missing actions.
    reminded = run_twice("2018-03-29T08:00:00")
    assert [m.to for m in reminded] == [[f"April Bald <{EMAILS['April Bald']}>"]]
    assert refs(plan, links_in(reminded[0])) == refs_led_by(plan, "April Bald") - {"3.1"}
    assert "Reminder" in reminded[0].subject and "5 April 2018" in reminded[0].subject
    assert OutboundMessage.objects.get(kind="reminder").key.endswith(":7")

    # 1 April: the April cycle opens (its own requests); the March reminders stay as they were.
    april_opens = run_twice("2018-04-01T08:00:00")
    assert {m.subject.split(":")[0] for m in april_opens} == {"Update needed for April 2018"}
    assert len(april_opens) == 3

    # 3 April, 2 days before the deadline: the second reminder, again only to April.
    second = run_twice("2018-04-03T08:00:00")
    assert [m.to for m in second] == [[f"April Bald <{EMAILS['April Bald']}>"]]
    assert "March 2018" in second[0].subject

    # 6 April, the day after the deadline: the digest to Mary names exactly who has not updated.
    (digest,) = run_twice("2018-04-06T08:00:00")
    assert (
        digest.to == ["Mary Okafor <mary.okafor@example.org>"] and "Digest for March 2018" in digest.subject
    )
    missing_section = digest.body.split("NOT UPDATED")[1].split("RAG CHANGES")[0]
    named = {line[2:].split(":")[0].split(" (")[0] for line in missing_section.strip().splitlines()}
    assert named == {
        "April Bald",
        "Elaine Allegretti",
        "Jenny Brennan",
        "Caroline Thwaites",
        "Mark Compton-James",
        "Andrew Fowler",
        "Alasdair Smith",
        "Helen Woolgar",
    }
    rag_section = digest.body.split("RAG CHANGES")[1].split("WHAT SLIPPED")[0]
    assert "Action 3.1: Not rated to Amber, by April Bald" in rag_section
    assert "Action 6.1: Not rated to Green, by Gillian Banford" in rag_section
    slipped = digest.body.split("WHAT SLIPPED")[1]
    assert "Action 3.2: due date moved from 30 April 2018 to 30 June 2018, by Mary Okafor" in slipped

    # Later runs in the April cycle send nothing more about March.
    assert run_twice("2018-04-20T08:00:00") == []
    assert OutboundMessage.objects.filter(cycle__label="March 2018").count() == 3 + 1 + 1 + 1
    assert OutboundMessage.objects.exclude(status="sent").count() == 0


def test_an_action_falling_overdue_mid_cycle_gets_one_overdue_notice(chased_plan, mary):
    plan = chased_plan
    opened = remind("2018-03-01T08:00:00")
    assert {o.key.split(":")[0] for o in opened} == {"request"}  # overdue ones are named in the requests
    with freeze_time("2018-03-02T09:00:00"):
        writes.revise_due_date(
            action(plan, "11.1"),
            mary,
            due_date=dt.date(2018, 3, 15),
            due_text="15/03/2018",
            reason="Brought forward for the board",
        )
    assert remind("2018-03-15T20:00:00") == []  # due today, not yet overdue
    before = len(mail.outbox)
    outcomes = remind("2018-03-16T08:00:00")
    assert [o.key.split(":")[0] for o in outcomes] == ["overdue"]
    (notice,) = mail.outbox[before:]
    assert notice.to == [f"Jackie Cook <{EMAILS['Jackie Cook']}>"] and "Overdue" in notice.subject
    assert refs(plan, links_in(notice)) == {"11.1"}
    assert remind("2018-03-16T08:05:00") == [] and remind("2018-03-20T08:00:00") == []


def test_without_a_request_there_are_no_reminders_or_digest(seed_plan, mary):
    """Leads without emails: nothing is chased, so no reminders and no digest for the cycle."""
    mary.email = "mary.okafor@example.org"
    mary.save(update_fields=["email"])
    for when in ["2018-03-01T08:00:00", "2018-03-29T08:00:00", "2018-04-06T08:00:00"]:
        assert remind(when) == []
    assert not mail.outbox


def test_automatic_requests_off_leaves_requests_to_the_button(chased_plan, mary):
    from actionplan.notifications.outbox import send_requests_now
    from actionplan.notifications.preferences import set_plan_notifications

    set_plan_notifications(chased_plan, reminder_days=[3], automatic_requests=False, by=mary)
    assert remind("2018-03-01T08:00:00") == []
    with freeze_time("2018-03-02T10:00:00"):
        outcomes = send_requests_now(chased_plan, by=mary)
    assert len(outcomes) == 3 and all(o.status == "sent" for o in outcomes)
    assert OutboundMessage.objects.filter(triggered_by=mary).count() == 3
    assert remind("2018-03-29T08:00:00") == []  # reminder days are now [3], not 7
    reminded = remind("2018-04-02T08:00:00")
    assert {o.key.split(":")[0] for o in reminded} == {"reminder"} and len(reminded) == 3
    assert {o.key.split(":")[-1] for o in reminded} == {"3"}
    events = ChangeEvent.objects.filter(plan=chased_plan, field__in=["reminder_days", "automatic_requests"])
    assert {(e.field, str(e.new)) for e in events} == {
        ("reminder_days", "[3]"),
        ("automatic_requests", "False"),
    }


def test_unsubscribed_lead_still_gets_requests_but_no_reminders(client, chased_plan):
    opened = remind("2018-03-01T08:00:00")
    assert len(opened) == 3
    request = sent_to(mail.outbox, EMAILS["April Bald"])[0]
    unsubscribe = request.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    assert client.get(unsubscribe).status_code == 200
    assert client.post(unsubscribe, {"reminders": "off"}).status_code == 200
    reminded = remind("2018-03-29T08:00:00")
    assert {o.to_address for o in reminded} == {EMAILS["Jackie Cook"], EMAILS["Gillian Banford"]}
    april_opens = remind("2018-04-01T08:00:00")
    assert EMAILS["April Bald"] in {o.to_address for o in april_opens}
