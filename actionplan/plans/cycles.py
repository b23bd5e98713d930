"""Reporting cycles, the rules: which period holds a day, each cycle's window for updates, and the
one definition of "updated this cycle" that the plan pages, the suggested RAG and the reminders
share. Making and removing cycles is a write: actionplan.plans.writes.cycles."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from actionplan.plans.models import ChangeEvent, CycleKind, EventKind, ReportingCycle


def period_containing(kind: str, day: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """(starts, ends, label) of the monthly or quarterly period holding `day`; None for custom."""
    if kind == CycleKind.MONTHLY:
        starts = day.replace(day=1)
        ends = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return starts, ends, starts.strftime("%B %Y")
    if kind == CycleKind.QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        starts = dt.date(day.year, first_month, 1)
        last_month = first_month + 2
        ends = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
        return starts, ends, f"{starts.strftime('%b')}–{ends.strftime('%b %Y')}"
    return None


def cycle_holding(plan, day: dt.date) -> ReportingCycle | None:
    """The plan's saved cycle holding `day`; for monthly or quarterly plans without one yet, an
    unsaved stand-in (pk None) with the dates it will have (writes.cycles.cycle_for saves it)."""
    found = (
        ReportingCycle.objects.filter(plan=plan, starts__lte=day, ends__gte=day).order_by("-starts").first()
    )
    if found or plan.cycle_kind == CycleKind.CUSTOM:
        return found
    starts, ends, label = period_containing(plan.cycle_kind, day)
    deadline = ends + dt.timedelta(days=plan.update_deadline_days)
    return ReportingCycle(plan=plan, label=label, starts=starts, ends=ends, deadline=deadline)


def previous_cycles(plan, cycle, count: int) -> list[ReportingCycle]:
    return list(ReportingCycle.objects.filter(plan=plan, starts__lt=cycle.starts).order_by("-starts")[:count])


# Updated this cycle ------------------------------------------------------------------------------


def midnight(day: dt.date) -> dt.datetime:
    """The first moment of the day, local time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def cycle_window(cycle) -> tuple[dt.datetime, dt.datetime]:
    """[start, end): from the cycle's first day to the end of its deadline day (local time)."""
    return midnight(cycle.starts), midnight(cycle.deadline + dt.timedelta(days=1))


def counted_updates():
    """The events that count as an update (docs/reminders.md): a progress note or a RAG change.
    Imported notes (no note event) and corrections (field "correction") do not count."""
    counted = Q(kind=EventKind.NOTE, field="") | Q(kind=EventKind.CHANGED, field="rag")
    return ChangeEvent.objects.filter(counted, action__isnull=False)


def updated_since(start: dt.datetime, end: dt.datetime | None = None) -> Exists:
    """For annotating an Action queryset: has it an update counted from `start` (to `end`)?"""
    updates = counted_updates().filter(action=OuterRef("pk"), at__gte=start)
    return Exists(updates.filter(at__lt=end) if end else updates)


def updated_action_ids(plan, cycle) -> set[int]:
    """Actions of the plan with an update counted for the cycle."""
    start, end = cycle_window(cycle)
    updates = counted_updates().filter(plan=plan, at__gte=start, at__lt=end)
    return set(updates.values_list("action_id", flat=True).distinct())
