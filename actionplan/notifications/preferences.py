"""A plan's reminder settings and a person's choice to stop reminders (unsubscribe links). These
rows belong to notifications; a change of a plan's settings is also recorded on the plan's history
through the write layer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.notifications.models import PlanNotificationSettings, ReminderOptOut
from actionplan.plans.models import EventKind
from actionplan.plans.writes.events import change_event, record_events


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
            changes.append(change_event(plan, by, EventKind.CHANGED, field=name, old=old, new=new))
            setattr(row, name, new)
    if changes:
        row.save()
        record_events(changes)
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
