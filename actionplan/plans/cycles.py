"""Reporting cycles: monthly or quarterly periods made on demand, or custom dates a plan manager
sets. Every progress note belongs to the cycle its date falls in."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import IntegrityError, transaction

from actionplan.plans.models import CycleKind, ReportingCycle


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


def cycle_for(plan, day: dt.date) -> ReportingCycle | None:
    """The plan's cycle holding `day`, made if the plan's cycles are monthly or quarterly."""
    found = (
        ReportingCycle.objects.filter(plan=plan, starts__lte=day, ends__gte=day).order_by("-starts").first()
    )
    if found or plan.cycle_kind == CycleKind.CUSTOM:
        return found
    starts, ends, label = period_containing(plan.cycle_kind, day)
    deadline = ends + dt.timedelta(days=plan.update_deadline_days)
    try:
        with transaction.atomic():
            return ReportingCycle.objects.create(
                plan=plan, label=label, starts=starts, ends=ends, deadline=deadline
            )
    except IntegrityError:  # made by a concurrent request a moment ago
        return ReportingCycle.objects.get(plan=plan, starts=starts)


def previous_cycles(plan, cycle, count: int) -> list[ReportingCycle]:
    return list(ReportingCycle.objects.filter(plan=plan, starts__lt=cycle.starts).order_by("-starts")[:count])
