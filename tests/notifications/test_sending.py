"""Sending exactly once: the record is written before the send, a crash leaves it pending and the
next run sends it, a failed send is recorded with its error, and a dry run writes nothing."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from freezegun import freeze_time

from actionplan.notifications import outbox
from actionplan.notifications.due import plan_messages
from actionplan.notifications.models import MessageItem, OutboundMessage
from actionplan.plans.models import ReportingCycle
from tests.notifications.conftest import EMAILS, remind

pytestmark = pytest.mark.django_db


def test_dry_run_lists_what_would_go_and_writes_nothing(chased_plan):
    cycles = ReportingCycle.objects.count()
    outcomes = remind("2018-03-01T08:00:00", dry_run=True)
    assert {o.to_address for o in outcomes} == set(EMAILS.values())
    assert {o.status for o in outcomes} == {"would send"}
    assert all(o.key.startswith("request:new(March 2018):") for o in outcomes)
    assert "Update needed for March 2018" in outcomes[0].line()
    assert (
        not mail.outbox and not OutboundMessage.objects.exists() and ReportingCycle.objects.count() == cycles
    )
    assert len(remind("2018-03-01T08:00:00")) == 3  # the real run sends what the dry run listed


def test_the_record_is_written_before_the_send(chased_plan):
    seen = []

    def spy(message):
        address = message.to[0].split("<")[1].rstrip(">")
        seen.append(OutboundMessage.objects.get(to_address=address, subject=message.subject).status)
        return 1

    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=spy):
        remind("2018-03-01T08:00:00")
    assert seen == ["pending"] * 3
    assert OutboundMessage.objects.filter(status="sent").count() == 3


def test_a_crash_after_recording_is_resumed_once_by_the_next_run(chased_plan):
    with freeze_time("2018-03-01T08:00:00"):
        dues = plan_messages(timezone.now(), create_cycles=True)
        for due in dues:
            outbox.record(due)  # ... and the process dies before sending
    assert OutboundMessage.objects.filter(status="pending").count() == 3 and not mail.outbox
    # Another run inside the lease leaves them alone (the first run may still be sending).
    assert remind("2018-03-01T08:05:00") == []
    # After the lease they are sent, once, with the bodies recorded before the crash.
    outcomes = remind("2018-03-01T08:11:00")
    assert sorted(o.status for o in outcomes) == ["sent"] * 3 and len(mail.outbox) == 3
    assert OutboundMessage.objects.filter(status="sent", attempts=2).count() == 3
    assert remind("2018-03-01T08:30:00") == [] and len(mail.outbox) == 3


def test_the_unique_key_stops_a_second_record(chased_plan):
    with freeze_time("2018-03-01T08:00:00"):
        due = plan_messages(timezone.now(), create_cycles=True)[0]
        assert outbox.record(due) is not None
        assert outbox.record(due) is None  # a concurrent run computed the same message
    assert OutboundMessage.objects.filter(key=due.key).count() == 1


def test_only_one_run_claims_a_message_to_retry(chased_plan):
    with freeze_time("2018-03-01T08:00:00"):
        message = outbox.record(plan_messages(timezone.now(), create_cycles=True)[0])
    with freeze_time("2018-03-01T08:20:00"):
        first, second = outbox.retry_candidates()[0], OutboundMessage.objects.get(pk=message.pk)
        assert outbox._claim(first) is True
        assert outbox._claim(second) is False


def test_a_failed_send_is_recorded_shown_to_the_manager_and_retried(client, chased_plan, mary):
    refused = smtplib.SMTPRecipientsRefused({EMAILS["Jackie Cook"]: (550, b"No such user")})

    def fail_for_jackie(message):
        if EMAILS["Jackie Cook"] in message.to[0]:
            raise refused
        mail.outbox.append(message)
        return 1

    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=fail_for_jackie):
        outcomes = remind("2018-03-01T08:00:00")
    assert sorted(o.status for o in outcomes) == ["failed", "sent", "sent"]
    failed = OutboundMessage.objects.get(status="failed")
    assert failed.to_address == EMAILS["Jackie Cook"] and "SMTPRecipientsRefused" in failed.error
    assert "No such user" in failed.error

    with freeze_time("2018-03-01T09:00:00"):
        client.force_login(mary)
        page = client.get(f"/plans/{chased_plan.id}/requests/")
    assert page.status_code == 200
    assert b'data-failed-count="1"' in page.content and b"No such user" in page.content

    # The next run (after the lease) tries it again; the others are not sent again.
    outcomes = remind("2018-03-01T08:15:00")
    assert [(o.status, o.to_address) for o in outcomes] == [("sent", EMAILS["Jackie Cook"])]
    assert OutboundMessage.objects.filter(status="sent").count() == 3
    assert remind("2018-03-01T08:40:00") == []


def test_failed_sends_stop_after_the_last_attempt(chased_plan):
    with mock.patch.object(
        EmailMultiAlternatives, "send", autospec=True, side_effect=OSError("Connection refused")
    ):
        for minute in (0, 15, 30, 45, 59):
            remind(f"2018-03-01T08:{minute:02d}:00")
    assert set(OutboundMessage.objects.values_list("status", "attempts")) == {("failed", outbox.MAX_ATTEMPTS)}
    assert OutboundMessage.objects.count() == 3


def test_messages_remember_the_actions_they_named(chased_plan):
    remind("2018-03-01T08:00:00")
    request = OutboundMessage.objects.get(to_address=EMAILS["April Bald"])
    assert MessageItem.objects.filter(message=request).count() == 7
    assert MessageItem.objects.filter(message=request, overdue=True).count() == 1  # 3.1, due December 2017


def test_archived_plans_and_complete_actions_are_not_chased(chased_plan, mary):
    from actionplan.plans import writes

    for action in chased_plan.actions.filter(actionlead__person__name="Gillian Banford"):
        writes.record_update(
            action, mary, rag="blue", reason="Done", evidence=writes.EvidenceInput(note="Report")
        )
    outcomes = remind("2018-03-01T08:00:00")
    assert EMAILS["Gillian Banford"] not in {o.to_address for o in outcomes}
    chased_plan.archived_at = dt.datetime(2018, 3, 2, tzinfo=dt.UTC)
    chased_plan.save(update_fields=["archived_at"])
    assert remind("2018-03-29T08:00:00") == []
