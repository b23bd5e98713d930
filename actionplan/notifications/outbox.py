"""Recording and sending messages exactly once.

    send_due(now, dry_run)    records each due message (status pending) in its own transaction,
                              then sends it and marks it sent or failed; retries messages left
                              pending by a crash or failed by the mail server
    send_requests_now(plan)   the plan manager's "Send update requests now" button

Each message has a unique key (due.py says how keys are made), so a message recorded by one run is
never sent again by another."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actionplan.notifications import links
from actionplan.notifications.due import DueMessage, current_cycle, plan_messages, requests_due
from actionplan.notifications.models import Kind, MessageItem, OutboundMessage, Status

logger = logging.getLogger("actionplan.notifications")

# A run that took a message to send holds it this long; a message still pending after that was
# left by a crashed run and is sent again (at least once, never twice while a run is alive).
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3  # a failed send is tried again on later runs, this many times in all


@dataclass
class Outcome:
    status: str  # sent, failed, skipped, would send, would retry
    key: str
    to_address: str
    subject: str = ""
    error: str = ""

    def line(self) -> str:
        return "\t".join(x for x in [self.status, self.key, self.to_address, self.subject, self.error] if x)


def _action_rows(due: DueMessage, token: str | None) -> list[dict]:
    rows = []
    for action in due.actions:
        notes = list(action.notes.all())
        rows.append(
            {
                "action": action,
                "ref": action.ref,
                "rag": action.rag,
                "last_note": notes[-1] if notes else None,
                "overdue": action.id in due.overdue_ids,
                "url": links.update_url(token, action.id) if token else "",
            }
        )
    return rows


SUBJECTS = {
    Kind.REQUEST: "Update needed for {cycle}: {plan}",
    Kind.REMINDER: "Reminder: updates for {cycle} are due by {deadline}: {plan}",
    Kind.OVERDUE: "Overdue actions ({cycle}): {plan}",
    Kind.DIGEST: "Digest for {cycle}: {plan}",
}


def render(due: DueMessage) -> dict:
    """Subject, text and HTML bodies and headers for a due message (its cycle must be saved)."""
    nonce = token = ""
    if due.person is not None and due.actions:
        nonce = links.new_nonce()
        token = links.make_update_token(due.person.pk, due.cycle.pk, [a.pk for a in due.actions], nonce)
    if due.person is not None:
        unsubscribe = links.unsubscribe_url(person_id=due.person.pk)
    else:
        unsubscribe = links.unsubscribe_url(user_id=due.user.pk)
    plan_title = due.plan.title if len(due.plan.title) <= 120 else due.plan.title[:119] + "…"
    subject = SUBJECTS[due.kind].format(
        cycle=due.cycle.label, plan=plan_title, deadline=due.cycle.deadline.strftime("%-d %B %Y")
    )
    context = {
        "due": due,
        "plan": due.plan,
        "cycle": due.cycle,
        "name": due.to_name,
        "rows": _action_rows(due, token),
        "digest": due.digest,
        "overview_url": links.overview_url(token) if token else "",
        "expires": links.link_expiry(due.cycle) - dt.timedelta(seconds=1),
        "unsubscribe_url": unsubscribe,
        "plan_url": links.absolute(f"/plans/{due.plan.pk}/"),
        "sign_in_url": links.absolute("/accounts/login/"),
        "reminders_stop": due.kind != Kind.REQUEST,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return {
        "subject": " ".join(subject.split())[:300],  # a title with a line break must not break the header
        "body_text": render_to_string(f"notifications/email/{due.kind}.txt", context),
        "body_html": render_to_string(f"notifications/email/{due.kind}.html", context),
        "headers": headers,
        "link_nonce": nonce,
    }


def record(due: DueMessage, *, triggered_by=None) -> OutboundMessage | None:
    """Write the message, pending and claimed by this run, in its own transaction; None if another
    run recorded the same key first (the unique key is what makes sending exactly-once)."""
    parts = render(due)
    moment = timezone.now()
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                key=due.key,
                kind=due.kind,
                plan=due.plan,
                cycle=due.cycle,
                person=due.person,
                user=due.user,
                to_name=due.to_name,
                to_address=due.to_address,
                status=Status.PENDING,
                attempts=1,
                claimed_at=moment,
                created_at=moment,
                triggered_by=triggered_by,
                **parts,
            )
            MessageItem.objects.bulk_create(
                MessageItem(message=message, action=a, overdue=a.id in due.overdue_ids) for a in due.actions
            )
    except IntegrityError:
        return None
    return message


def deliver(message: OutboundMessage) -> Outcome:
    """Send a recorded, claimed message and mark it sent, or failed with the error."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((message.to_name, message.to_address)) if message.to_name else message.to_address],
        headers=message.headers or {},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except Exception as exc:  # any failure is recorded on the message; the run goes on to the next
        error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("Could not send %s to %s: %s", message.key, message.to_address, error)
        OutboundMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, error=error)
        return Outcome("failed", message.key, message.to_address, message.subject, error)
    OutboundMessage.objects.filter(pk=message.pk).update(status=Status.SENT, sent_at=timezone.now(), error="")
    return Outcome("sent", message.key, message.to_address, message.subject)


def _claim(message: OutboundMessage) -> bool:
    """Take a pending-after-crash or failed message for this run; False if another run took it."""
    taken = OutboundMessage.objects.filter(
        pk=message.pk, status=message.status, attempts=message.attempts
    ).update(status=Status.PENDING, attempts=F("attempts") + 1, claimed_at=timezone.now())
    return taken == 1


def retry_candidates():
    """Messages left pending by a crashed run (lease over) and failed ones with tries left."""
    stale = timezone.now() - LEASE
    return (
        OutboundMessage.objects.filter(
            Q(status=Status.PENDING) | Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        )
        .filter(Q(claimed_at__lt=stale) | Q(claimed_at__isnull=True))
        .order_by("created_at", "id")
    )


def send_due(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[Outcome]:
    """Everything due now, each message once. A dry run lists what would go and writes nothing."""
    now = now or timezone.now()
    outcomes = []
    for message in retry_candidates():
        if dry_run:
            outcomes.append(Outcome("would retry", message.key, message.to_address, message.subject))
        elif _claim(message):
            outcomes.append(deliver(message))
    for due in plan_messages(now, create_cycles=not dry_run):
        if dry_run:
            outcomes.append(Outcome("would send", due.key, due.to_address, _dry_subject(due)))
            continue
        message = record(due)
        outcomes.append(deliver(message) if message else Outcome("skipped", due.key, due.to_address))
    return outcomes


def _dry_subject(due: DueMessage) -> str:
    return SUBJECTS[due.kind].format(
        cycle=due.cycle.label, plan=due.plan.title[:120], deadline=due.cycle.deadline.strftime("%-d %B %Y")
    )


def send_requests_now(plan, *, by, now: dt.datetime | None = None) -> list[Outcome]:
    """The button: this cycle's requests not yet sent, and those that failed, sent now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cycle = current_cycle(plan, today, create=True)
    if cycle is None:
        raise ValidationError("This plan has no reporting cycle open today: set up its cycle dates first.")
    outcomes = []
    for message in OutboundMessage.objects.filter(cycle=cycle, kind=Kind.REQUEST, status=Status.FAILED):
        if _claim(message):
            outcomes.append(deliver(message))
    for due in requests_due(plan, cycle, today):
        message = record(due, triggered_by=by)
        outcomes.append(deliver(message) if message else Outcome("skipped", due.key, due.to_address))
    return outcomes
