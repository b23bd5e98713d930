"""Plan lifecycle writes: archive and restore (managers and administrators) and deletion
(administrators only). Each is atomic and recorded: archive and restore as ChangeEvents on the
plan; deletion as an AdminEvent, because the plan's own events are deleted with it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from actionplan.plans.concurrency import bump_version
from actionplan.plans.models import EventKind, Evidence, Plan
from actionplan.plans.writes.events import record_admin_event, record_event


class PlanStateError(ValueError):
    """Archiving an archived plan, restoring a live one: said in words fit to show."""


def _record(plan, by, kind, reason, old, new):
    record_event(
        plan, by, kind, field="archived_at", old=old, new=new, reason=reason, object_version=plan.version
    )


@transaction.atomic
def archive_plan(plan: Plan, by, reason: str = "", expected_version=None) -> Plan:
    """Hide the plan from everyone's lists; nothing is lost and restore_plan brings it back."""
    if plan.archived_at is not None:
        raise PlanStateError("This plan is already archived.")
    bump_version(plan, expected_version)
    plan.archived_at = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(archived_at=plan.archived_at)
    _record(plan, by, EventKind.ARCHIVED, reason, None, plan.archived_at.isoformat())
    return plan


@transaction.atomic
def restore_plan(plan: Plan, by, reason: str = "", expected_version=None) -> Plan:
    if plan.archived_at is None:
        raise PlanStateError("This plan is not archived.")
    bump_version(plan, expected_version)
    old, plan.archived_at = plan.archived_at, None
    Plan.objects.filter(pk=plan.pk).update(archived_at=None)
    _record(plan, by, EventKind.RESTORED, reason, old.isoformat(), None)
    return plan


def _summary(plan: Plan) -> dict:
    return {
        "title": plan.title,
        "organisation": plan.organisation,
        "created_at": plan.created_at.isoformat(),
        "recommendations": plan.recommendations.count(),
        "actions": plan.actions.count(),
        "events": plan.events.count(),
    }


@transaction.atomic
def delete_plan(plan: Plan, by, reason: str) -> None:
    """Delete the plan and everything in it, leaving an AdminEvent that says who, when, why and
    what it held. For administrators only (the view checks); everyone else archives."""
    if not (reason or "").strip():
        raise PlanStateError("Say why the plan is being deleted.")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    record_admin_event("plan_deleted", by, plan=plan, old=_summary(plan), reason=reason.strip())
    files = [
        name for name in Evidence.objects.filter(action__plan=plan).values_list("file", flat=True) if name
    ]
    plan.delete()
    # Files go only once the rows are gone for good: a rolled-back deletion keeps them.
    transaction.on_commit(lambda: _remove_files(files))


def _remove_files(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
