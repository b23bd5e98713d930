"""What is due to be sent: `plan_messages(now)` lists the messages due at `now` and writes
nothing (outbox.py records and sends them).

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

An update counts for a cycle as plans.cycles defines it (counted_updates, cycle_window): a progress
note or a RAG change from the cycle's first day to the end of its deadline day; the plan pages and
the suggested RAG use the same definition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from actionplan.notifications.models import (
    Kind,
    MessageItem,
    OutboundMessage,
    PlanNotificationSettings,
    ReminderOptOut,
)
from actionplan.plans.cycles import cycle_holding, cycle_window, midnight, updated_action_ids
from actionplan.plans.models import Action, ChangeEvent, EventKind, Membership, Person, Plan, ReportingCycle
from actionplan.plans.queries import live_actions
from actionplan.plans.roles import Role
from actionplan.plans.status import is_overdue
from actionplan.plans.writes.cycles import cycle_for
from actionplan.plans.writes.events import actor_name

DIGEST_WITHIN_DAYS = 31  # a digest is not sent for a deadline further back than this


# When -----------------------------------------------------------------------------------------


def current_cycle(plan, today: dt.date, *, create: bool) -> ReportingCycle | None:
    """The cycle holding today; made if the plan's cycles are monthly or quarterly and `create`,
    else an unsaved stand-in (pk None) so a dry run can still say what it would do."""
    return cycle_for(plan, today) if create else cycle_holding(plan, today)


def _ref(cycle) -> str:
    return str(cycle.pk) if cycle.pk else f"new({cycle.label})"


# Who needs to update what ----------------------------------------------------------------------


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
            overdue_ids={a.id for a in actions if is_overdue(a, today)},
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
        threshold = midnight(cycle.deadline - dt.timedelta(days=days))
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
                        overdue_ids={a.id for a in actions if is_overdue(a, today)},
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
        if not is_overdue(action, today):
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
        plan=plan, action__isnull=False, at__gte=start, at__lt=end, kind=EventKind.CHANGED
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
