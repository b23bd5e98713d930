"""What is due to be sent, and sending it exactly once.

    plan_messages(now)        the messages due at `now` (reads only)
    send_due(now, dry_run)    records each due message (status pending) in its own transaction,
                              then sends it and marks it sent or failed; retries messages left
                              pending by a crash or failed by the mail server
    send_requests_now(plan)   the plan manager's "Send update requests now" button

Which messages are due (docs/reminders.md has the same rules in words):
- request:{cycle}:{person} - once per lead with an email per cycle, while the cycle holding today
  is open, when they lead open actions with no update in it yet (automatic unless the plan turned
  automatic requests off; the button sends them either way);
- reminder:{cycle}:{person}:{days} - `days` before the cycle's deadline (plan setting, default 7
  and 2) to leads whose request went before that day and who still have actions missing an update;
  only the latest reminder day reached is sent, never a backlog;
- overdue:{cycle}:{person}:{first action id} - actions that passed their due date, not complete,
  and not yet named as overdue to that lead this cycle (the request names those overdue when it
  goes, so this is for actions that fall overdue later in the cycle);
- digest:{cycle}:{user} - after the deadline of a cycle whose requests went, to each plan manager
  or administrator on the plan with an email: who has not updated, RAG changes, what slipped.
Reminders, overdue notices and digests skip anyone who unsubscribed (ReminderOptOut).

An update counts for a cycle when it was posted from the cycle's first day to the end of its
deadline day: a progress note or a RAG change (notes corrected and imported notes do not count)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actionplan.accounts.models import AdminEvent, Membership
from actionplan.accounts.roles import Role
from actionplan.notifications import links
from actionplan.notifications.models import (
    Kind,
    LinkUse,
    MessageItem,
    OutboundMessage,
    PlanNotificationSettings,
    ReminderOptOut,
    Status,
)
from actionplan.plans import access, writes
from actionplan.plans.cycles import cycle_for, period_containing
from actionplan.plans.models import Action, ChangeEvent, CycleKind, Person, Plan, ReportingCycle
from actionplan.plans.queries import live_actions
from actionplan.plans.writes import actor_name

logger = logging.getLogger("actionplan.notifications")

# A run that took a message to send holds it this long; a message still pending after that was
# left by a crashed run and is sent again (at least once, never twice while a run is alive).
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3  # a failed send is tried again on later runs, this many times in all
DIGEST_WITHIN_DAYS = 31  # a digest is not sent for a deadline further back than this


# When -----------------------------------------------------------------------------------------


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def cycle_window(cycle) -> tuple[dt.datetime, dt.datetime]:
    """[start, end): from the cycle's first day to the end of its deadline day (local time)."""
    return _midnight(cycle.starts), _midnight(cycle.deadline + dt.timedelta(days=1))


def current_cycle(plan, today: dt.date, *, create: bool) -> ReportingCycle | None:
    """The cycle holding today; made if the plan's cycles are monthly or quarterly and `create`,
    else an unsaved stand-in (pk None) so a dry run can still say what it would do."""
    if create:
        return cycle_for(plan, today)
    found = (
        ReportingCycle.objects.filter(plan=plan, starts__lte=today, ends__gte=today)
        .order_by("-starts")
        .first()
    )
    if found or plan.cycle_kind == CycleKind.CUSTOM:
        return found
    starts, ends, label = period_containing(plan.cycle_kind, today)
    deadline = ends + dt.timedelta(days=plan.update_deadline_days)
    return ReportingCycle(plan=plan, label=label, starts=starts, ends=ends, deadline=deadline)


def _ref(cycle) -> str:
    return str(cycle.pk) if cycle.pk else f"new({cycle.label})"


# Who needs to update what ----------------------------------------------------------------------


def updated_action_ids(plan, cycle) -> set[int]:
    """Actions of the plan with an update counted for the cycle."""
    start, end = cycle_window(cycle)
    counted = Q(kind="note", field="") | Q(kind="changed", field="rag")
    return set(
        ChangeEvent.objects.filter(counted, plan=plan, action__isnull=False, at__gte=start, at__lt=end)
        .values_list("action_id", flat=True)
        .distinct()
    )


def open_actions(plan):
    """Live, not complete actions of a live plan, with leads, recommendation and notes loaded, in
    the plan's order."""
    return list(
        live_actions()
        .filter(plan=plan, plan__archived_at__isnull=True, completed_at__isnull=True)
        .select_related("recommendation", "plan")
        .order_by("recommendation__position", "position")
    )


def missing_by_lead(plan, cycle) -> dict[Person, list[Action]]:
    """Each lead's open actions with no update for the cycle, leads in name order."""
    updated = updated_action_ids(plan, cycle)
    missing: dict[Person, list[Action]] = {}
    for action in open_actions(plan):
        if action.id in updated:
            continue
        for person in action.lead_people:
            missing.setdefault(person, []).append(action)
    return dict(sorted(missing.items(), key=lambda item: item[0].name))


def _opted_out() -> tuple[set[int], set[int]]:
    rows = ReminderOptOut.objects.values_list("person_id", "user_id")
    return {p for p, _ in rows if p}, {u for _, u in rows if u}


def plan_managers(plan) -> list:
    """Active users with an email who manage the plan: manager or administrator on it or on every
    plan, and superusers."""
    strong = [Role.MANAGER, Role.ADMIN]
    on_plan = Membership.objects.filter(Q(plan=plan) | Q(plan__isnull=True), role__in=strong).values(
        "user_id"
    )
    return list(
        get_user_model()
        .objects.filter(Q(pk__in=on_plan) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


# What is due -----------------------------------------------------------------------------------


@dataclass
class Digest:
    missing: dict  # Person -> [Action]
    rag_changes: list  # ChangeEvent
    due_changes: list  # ChangeEvent
    now_overdue: list  # Action


@dataclass
class DueMessage:
    key: str
    kind: str
    plan: Plan
    cycle: ReportingCycle
    to_name: str
    to_address: str
    person: Person | None = None
    user: object = None
    actions: list = field(default_factory=list)
    overdue_ids: set = field(default_factory=set)
    days: int | None = None
    digest: Digest | None = None

    def line(self) -> str:
        named = f"{len(self.actions)} action(s)" if self.actions else ""
        return "\t".join([self.key, self.to_address, f"{self.plan.title[:60]} – {self.cycle.label}", named])


def _recorded(keys) -> set[str]:
    return set(OutboundMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))


def _is_overdue(action, today) -> bool:
    return action.due_date is not None and action.due_date < today and action.completed_at is None


def requests_due(plan, cycle, today: dt.date) -> list[DueMessage]:
    """Update requests not yet recorded for the cycle: one per lead with an email and actions
    missing an update."""
    if cycle is None or not (cycle.starts <= today <= cycle.deadline):
        return []
    with_email = (
        Person.objects.filter(actions__plan=plan, actions__archived_at__isnull=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    keys = {f"request:{_ref(cycle)}:{pk}" for pk in with_email}
    if not keys - _recorded(keys):  # the usual case on every run after the first: nothing to work out
        return []
    missing = missing_by_lead(plan, cycle)
    dues = [
        DueMessage(
            key=f"request:{_ref(cycle)}:{person.pk}",
            kind=Kind.REQUEST,
            plan=plan,
            cycle=cycle,
            to_name=person.name,
            to_address=person.email,
            person=person,
            actions=actions,
            overdue_ids={a.id for a in actions if _is_overdue(a, today)},
        )
        for person, actions in missing.items()
        if person.email
    ]
    done = _recorded(d.key for d in dues)
    return [d for d in dues if d.key not in done]


def _reminder_day(cycle, today: dt.date, days_list) -> int | None:
    """The latest reminder day reached (fewest days before the deadline), if any is."""
    reached = [
        d
        for d in days_list
        if cycle.deadline - dt.timedelta(days=d) <= today <= cycle.deadline
        and cycle.deadline - dt.timedelta(days=d) >= cycle.starts
    ]
    return min(reached) if reached else None


def reminders_due(plan, today: dt.date, opted_out_people: set[int]) -> list[DueMessage]:
    days_list = PlanNotificationSettings.for_plan(plan).reminder_days or []
    dues = []
    for cycle in ReportingCycle.objects.filter(plan=plan, starts__lte=today, deadline__gte=today):
        days = _reminder_day(cycle, today, days_list)
        if days is None:
            continue
        threshold = _midnight(cycle.deadline - dt.timedelta(days=days))
        requested = (
            set(
                OutboundMessage.objects.filter(
                    cycle=cycle, kind=Kind.REQUEST, created_at__lt=threshold
                ).values_list("person_id", flat=True)
            )
            - opted_out_people
        )
        keys = {pk: f"reminder:{cycle.pk}:{pk}:{days}" for pk in requested}
        done = _recorded(keys.values())
        waiting = {pk for pk, key in keys.items() if key not in done}
        if not waiting:
            continue
        for person, actions in missing_by_lead(plan, cycle).items():
            if person.email and person.pk in waiting:
                dues.append(
                    DueMessage(
                        key=f"reminder:{cycle.pk}:{person.pk}:{days}",
                        kind=Kind.REMINDER,
                        plan=plan,
                        cycle=cycle,
                        to_name=person.name,
                        to_address=person.email,
                        person=person,
                        actions=actions,
                        overdue_ids={a.id for a in actions if _is_overdue(a, today)},
                        days=days,
                    )
                )
    done = _recorded(d.key for d in dues)
    return [d for d in dues if d.key not in done]


def overdue_due(plan, cycle, today: dt.date, opted_out_people: set[int]) -> list[DueMessage]:
    if cycle is None or cycle.pk is None:
        return []
    requested = (
        set(
            OutboundMessage.objects.filter(cycle=cycle, kind=Kind.REQUEST).values_list("person_id", flat=True)
        )
        - opted_out_people
    )
    overdue = Action.objects.filter(
        plan=plan,
        archived_at__isnull=True,
        completed_at__isnull=True,
        due_date__lt=today,
        actionlead__person__in=requested,
    )
    if not overdue.exists():
        return []
    named = set(
        MessageItem.objects.filter(message__cycle=cycle, overdue=True).values_list(
            "message__person_id", "action_id"
        )
    )
    by_person: dict[Person, list[Action]] = {}
    for action in open_actions(plan):
        if not _is_overdue(action, today):
            continue
        for person in action.lead_people:
            if (
                person.email
                and person.pk in requested
                and person.pk not in opted_out_people
                and (person.pk, action.id) not in named
            ):
                by_person.setdefault(person, []).append(action)
    # Each action is named as overdue to a lead once a cycle, so the first action's id tells this
    # message apart from any other overdue notice to the same lead in the same cycle.
    dues = [
        DueMessage(
            key=f"overdue:{cycle.pk}:{person.pk}:{actions[0].pk}",
            kind=Kind.OVERDUE,
            plan=plan,
            cycle=cycle,
            to_name=person.name,
            to_address=person.email,
            person=person,
            actions=actions,
            overdue_ids={a.id for a in actions},
        )
        for person, actions in sorted(by_person.items(), key=lambda item: item[0].name)
    ]
    done = _recorded(d.key for d in dues)
    return [d for d in dues if d.key not in done]


def digest_for(plan, cycle) -> Digest:
    start, end = cycle_window(cycle)
    events = ChangeEvent.objects.filter(
        plan=plan, action__isnull=False, at__gte=start, at__lt=end, kind="changed"
    )
    events = events.select_related("action__recommendation").order_by("at", "id")
    return Digest(
        missing=missing_by_lead(plan, cycle),
        rag_changes=list(events.filter(field="rag")),
        due_changes=list(events.filter(field="due_date")),
        now_overdue=[
            a for a in open_actions(plan) if a.due_date and cycle.starts <= a.due_date < cycle.deadline
        ],
    )


def digests_due(plan, today: dt.date, opted_out_users: set[int]) -> list[DueMessage]:
    cycles = (
        ReportingCycle.objects.filter(
            plan=plan,
            deadline__lt=today,
            deadline__gte=today - dt.timedelta(days=DIGEST_WITHIN_DAYS),
            messages__kind=Kind.REQUEST,
        )
        .distinct()
        .order_by("starts")
    )
    managers = [u for u in plan_managers(plan) if u.pk not in opted_out_users]
    dues = []
    for cycle in cycles:
        keys = {f"digest:{cycle.pk}:{u.pk}": u for u in managers}
        done = _recorded(keys)
        waiting = [(k, u) for k, u in keys.items() if k not in done]
        if not waiting:
            continue
        digest = digest_for(plan, cycle)
        for key, user in waiting:
            dues.append(
                DueMessage(
                    key=key,
                    kind=Kind.DIGEST,
                    plan=plan,
                    cycle=cycle,
                    to_name=actor_name(user),
                    to_address=user.email,
                    user=user,
                    digest=digest,
                )
            )
    return dues


def plan_messages(now: dt.datetime, *, create_cycles: bool = False) -> list[DueMessage]:
    """Every message due at `now`, not yet recorded. Writes nothing unless `create_cycles`, which
    makes the current monthly or quarterly cycle of each plan (send_due needs its id)."""
    today = timezone.localdate(now)
    people_out, users_out = _opted_out()
    dues: list[DueMessage] = []
    for plan in Plan.objects.filter(archived_at__isnull=True).order_by("id"):
        wanted = (
            PlanNotificationSettings.for_plan(plan).automatic_requests
            and Person.objects.filter(actions__plan=plan).exclude(email="").exists()
        )
        # The current cycle is made only when requests may go (its id is in their keys and links).
        cycle = current_cycle(plan, today, create=create_cycles and wanted)
        if wanted:
            dues += requests_due(plan, cycle, today)
        dues += reminders_due(plan, today, people_out)
        dues += overdue_due(plan, cycle, today, people_out)
        dues += digests_due(plan, today, users_out)
    return dues


# Writing and sending ---------------------------------------------------------------------------


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
                "ref": f"{action.recommendation.number}.{action.position}",
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


# The requests page -----------------------------------------------------------------------------


@dataclass
class LeadRow:
    person: Person
    actions: list
    message: OutboundMessage | None

    @property
    def will_send(self) -> bool:
        return bool(
            self.person.email
            and self.actions
            and (self.message is None or self.message.status == Status.FAILED)
        )


def request_preview(plan, now: dt.datetime) -> tuple[ReportingCycle | None, list[LeadRow]]:
    """The current cycle and, for every lead with open actions, what a request would name and
    the request already recorded for them this cycle."""
    cycle = current_cycle(plan, timezone.localdate(now), create=False)
    if cycle is None:
        return None, []
    missing = missing_by_lead(plan, cycle)
    sent = {}
    if cycle.pk:
        sent = {m.person_id: m for m in OutboundMessage.objects.filter(cycle=cycle, kind=Kind.REQUEST)}
    leads = (
        Person.objects.filter(actions__plan=plan, actions__archived_at__isnull=True)
        .distinct()
        .order_by("name")
    )
    return cycle, [LeadRow(p, missing.get(p, []), sent.get(p.pk)) for p in leads]


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


# Writes outside messages -----------------------------------------------------------------------


def person_plans(person):
    return Plan.objects.filter(actions__actionlead__person=person, archived_at__isnull=True).distinct()


def may_edit_email(user, person) -> bool:
    """A plan manager (or administrator) on any live plan the person leads an action on."""
    if access.is_site_admin(user):
        return True
    return any(access.access_for(user, plan).can_manage for plan in person_plans(person))


@transaction.atomic
def set_person_email(person: Person, email: str, *, by) -> bool:
    """Set (or clear) the email a lead's requests go to; recorded on the administrators' log."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "Enter an email address like name@example.org."}) from None
    if email == person.email:
        return False
    old = person.email
    person.email = email
    person.save(update_fields=["email"])
    AdminEvent.objects.create(
        kind="person_email_changed",
        user=by,
        actor_name=actor_name(by),
        subject=person.user,
        subject_name=person.name,
        old=old or None,
        new=email or None,
    )
    return True


def parse_reminder_days(text: str) -> list[int]:
    """ "7, 2" -> [7, 2]; ValidationError in words otherwise."""
    days = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 90:
            raise ValidationError(
                {"reminder_days": "Enter whole numbers of days from 1 to 90, separated by commas."}
            )
        days.append(int(part))
    return sorted(set(days), reverse=True)


@transaction.atomic
def set_plan_notifications(plan, *, reminder_days: list[int], automatic_requests: bool, by) -> bool:
    """Change a plan's reminder days and automatic requests; each change is on the plan's history."""
    row, _ = PlanNotificationSettings.objects.select_for_update().get_or_create(plan=plan)
    changes = []
    for name, new in (
        ("reminder_days", sorted(set(reminder_days), reverse=True)),
        ("automatic_requests", bool(automatic_requests)),
    ):
        old = getattr(row, name)
        if old != new:
            changes.append(
                ChangeEvent(
                    plan=plan,
                    user=by,
                    actor_name=actor_name(by),
                    kind="changed",
                    field=name,
                    old=old,
                    new=new,
                )
            )
            setattr(row, name, new)
    if changes:
        row.save()
        ChangeEvent.objects.bulk_create(changes)
    return bool(changes)


@transaction.atomic
def set_reminders(*, person=None, user=None, on: bool) -> None:
    """Follow an unsubscribe link (on=False) or undo it (on=True)."""
    found = (
        ReminderOptOut.objects.filter(person=person) if person else ReminderOptOut.objects.filter(user=user)
    )
    if on:
        found.delete()
    elif not found.exists():
        ReminderOptOut.objects.create(person=person, user=user)


# The emailed update link -----------------------------------------------------------------------


@dataclass
class Link:
    scope: links.UpdateScope
    person: Person
    cycle: ReportingCycle
    action: Action | None = None


def check_link(token: str, action_id: int | None, now: dt.datetime) -> Link:
    """The link's lead, cycle and (when given) action; LinkRefused if altered, expired, for an
    action outside its scope (or no longer led by that lead), or already used for that action."""
    scope = links.read_update_token(token)
    if action_id is not None and action_id not in scope.action_ids:
        raise links.LinkRefused("scope", "This link is not for that action.", 403)
    cycle = ReportingCycle.objects.select_related("plan").filter(pk=scope.cycle_id).first()
    person = Person.objects.select_related("user").filter(pk=scope.person_id).first()
    if cycle is None or person is None:
        raise links.LinkRefused("invalid", "This link is no longer valid.", 404)
    expiry = links.link_expiry(cycle)
    if now >= expiry:
        ended = timezone.localtime(expiry - dt.timedelta(seconds=1)).strftime("%-d %B %Y")
        raise links.LinkRefused("expired", f"This link expired at the end of {ended}.", 410)
    link = Link(scope, person, cycle)
    if action_id is None:
        return link
    link.action = (
        live_actions()
        .filter(pk=action_id, plan=cycle.plan, plan__archived_at__isnull=True, actionlead__person=person)
        .select_related("plan", "recommendation")
        .first()
    )
    if link.action is None:
        raise links.LinkRefused("scope", f"{person.name} no longer leads this action.", 403)
    if LinkUse.objects.filter(nonce=scope.nonce, action=link.action).exists():
        raise links.LinkRefused("used", "This link has already been used to update this action.", 410)
    return link


def update_through_link(
    token: str, action_id: int, *, text: str, rag, reason: str, evidence, expected_version, now=None
):
    """Post a lead's update through an emailed link: the same write as the action page, by the
    lead's user if they have an active one, else in their name. Raises LinkRefused, or the write
    layer's ValidationError / StaleEdit; whatever it raises, nothing is changed."""
    now = now or timezone.now()
    link = check_link(token, action_id, now)
    person, action = link.person, link.action
    by = person.user if person.user_id and person.user.is_active else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                use = LinkUse.objects.create(
                    nonce=link.scope.nonce, action=action, person=person, cycle=link.cycle, used_at=now
                )
        except IntegrityError:  # posted twice at once: the first one counts
            raise links.LinkRefused(
                "used", "This link has already been used to update this action.", 410
            ) from None
        note = writes.record_update(
            action,
            by,
            text=text,
            rag=rag,
            reason=reason,
            evidence=evidence,
            expected_version=expected_version,
            author_name=person.name,
            when=now,
        )
        if note is not None:
            use.note = note
            use.save(update_fields=["note"])
    return note


def link_overview(link: Link) -> list[dict]:
    """The link's actions still led by its lead: each with whether the link was used for it and
    whether it has an update for the cycle."""
    actions = (
        live_actions()
        .filter(pk__in=link.scope.action_ids, plan__archived_at__isnull=True, actionlead__person=link.person)
        .select_related("recommendation", "plan")
        .order_by("recommendation__position", "position")
    )
    used = set(LinkUse.objects.filter(nonce=link.scope.nonce).values_list("action_id", flat=True))
    updated = updated_action_ids(link.cycle.plan, link.cycle)
    return [
        {
            "action": a,
            "ref": f"{a.recommendation.number}.{a.position}",
            "used": a.id in used,
            "updated": a.id in updated,
        }
        for a in actions
    ]
