"""Cycle writes: monthly and quarterly cycles made on demand, custom cycles a plan manager adds
and removes, and the clean-up when a plan's cycle settings change."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actionplan.plans.cycles import cycle_holding
from actionplan.plans.models import CycleKind, EventKind, Plan, ReportingCycle
from actionplan.plans.writes.events import record_event

MAX_CYCLE_DAYS = 366


def cycle_for(plan, day: dt.date) -> ReportingCycle | None:
    """The plan's cycle holding `day`, made if the plan's cycles are monthly or quarterly."""
    cycle = cycle_holding(plan, day)
    if cycle is None or cycle.pk:
        return cycle
    try:
        with transaction.atomic():
            cycle.save()
            return cycle
    except IntegrityError:  # made by a concurrent request a moment ago
        return ReportingCycle.objects.get(plan=plan, starts=cycle.starts)


def _record(plan, by, kind, cycle) -> None:
    value = {
        "label": cycle.label,
        "starts": cycle.starts.isoformat(),
        "ends": cycle.ends.isoformat(),
        "deadline": cycle.deadline.isoformat(),
    }
    values = {"new": value} if kind == EventKind.CYCLE_ADDED else {"old": value}
    record_event(plan, by, kind, field="cycles", **values)


def _check_cycle(plan, label, starts, ends, deadline) -> None:
    errors = {}
    if not label:
        errors["label"] = "Enter a name for the cycle, such as ‘Spring term 2025’."
    if starts and ends and ends < starts:
        errors["ends"] = "The end date must be the same as or after the start date."
    elif starts and ends and (ends - starts).days >= MAX_CYCLE_DAYS:
        errors["ends"] = "A cycle can be at most a year long."
    if ends and deadline and deadline < ends:
        errors["deadline"] = "The update deadline must be the same as or after the end date."
    if not errors:
        clash = ReportingCycle.objects.filter(plan=plan, starts__lte=ends, ends__gte=starts).first()
        if clash:
            errors["starts"] = f"These dates overlap the cycle ‘{clash.label}’ ({_span(clash)})."
    if errors:
        raise ValidationError(errors)


def _span(cycle) -> str:
    return f"{cycle.starts:%-d %B %Y} to {cycle.ends:%-d %B %Y}"


@transaction.atomic
def add_custom_cycle(
    plan, by, label: str, starts: dt.date, ends: dt.date, deadline: dt.date
) -> ReportingCycle:
    """A reporting period with its own dates, for a plan whose cycles are custom. Cycles of a plan
    never overlap, so each note falls in exactly one."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.cycle_kind != CycleKind.CUSTOM:
        raise ValidationError("Switch the plan to custom dates in its settings before adding cycles.")
    label = (label or "").strip()[:100]
    _check_cycle(plan, label, starts, ends, deadline)
    cycle = ReportingCycle.objects.create(plan=plan, label=label, starts=starts, ends=ends, deadline=deadline)
    _record(plan, by, EventKind.CYCLE_ADDED, cycle)
    return cycle


@transaction.atomic
def remove_cycle(cycle: ReportingCycle, by) -> None:
    """Remove a cycle nobody has reported in yet (notes keep their cycle, so one with notes stays)."""
    cycle = ReportingCycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)
    if cycle.notes.exists():
        raise ValidationError(f"‘{cycle.label}’ has progress notes in it, so it cannot be removed.")
    _record(cycle.plan, by, EventKind.CYCLE_REMOVED, cycle)
    cycle.delete()


def drop_unused_cycles(plan, today: dt.date) -> int:
    """After the cycle kind changes: remove cycles not yet ended that hold no notes (made for the
    old kind, they would otherwise keep catching new notes). Returns how many went."""
    unused = ReportingCycle.objects.filter(plan=plan, ends__gte=today, notes__isnull=True)
    return unused.delete()[0]


def reset_deadlines(plan, today: dt.date) -> int:
    """After the deadline days change: move the deadline of monthly or quarterly cycles still open
    for updates (deadline not passed) to end + the plan's days. Custom cycles keep their own."""
    if plan.cycle_kind == CycleKind.CUSTOM:
        return 0
    cycles = list(ReportingCycle.objects.filter(plan=plan, deadline__gte=today))
    for cycle in cycles:
        cycle.deadline = cycle.ends + dt.timedelta(days=plan.update_deadline_days)
    return ReportingCycle.objects.bulk_update(cycles, ["deadline"])
