"""The one event recorder. Every domain change the write layer makes is written down here: a
ChangeEvent for what happens to a plan and what it holds, an AdminEvent for roles, people and a
plan's deletion (it must outlive the plan). Nothing outside the write layer builds either."""

from __future__ import annotations

from django.utils import timezone

from actionplan.plans.models import AdminEvent, ChangeEvent, Plan


def actor_name(user) -> str:
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


def iso(value):
    """A date or datetime as the ISO text events keep; None stays None."""
    return value.isoformat() if value else None


def change_event(
    plan,
    by,
    kind,
    *,
    recommendation=None,
    action=None,
    field="",
    old=None,
    new=None,
    reason="",
    at=None,
    object_version=None,
    actor: str = "",
) -> ChangeEvent:
    """An unsaved ChangeEvent, for writers that save several at once with `record_events`.
    `actor` names someone without an account (a lead updating by emailed link)."""
    return ChangeEvent(
        object_version=object_version,
        plan=plan,
        recommendation=recommendation,
        action=action,
        user=by,
        actor_name=actor or actor_name(by),
        at=at or timezone.now(),
        kind=kind,
        field=field,
        old=old,
        new=new,
        reason=reason,
    )


def record_event(plan, by, kind, **details) -> ChangeEvent:
    """Record one change: who (`by`, a user or None for the system), what (`kind`, and `field`,
    `old`, `new` for a change of value), on what (`plan`, `recommendation`, `action`) and why
    (`reason`). Call it inside the write's transaction."""
    event = change_event(plan, by, kind, **details)
    event.save()
    return event


def record_events(events: list[ChangeEvent]) -> list[ChangeEvent]:
    """Save events made with `change_event` in one statement."""
    return ChangeEvent.objects.bulk_create(events)


def record_admin_event(kind, by, *, subject=None, subject_name="", plan: Plan | None = None, **values):
    """Record a change to roles or people, or a plan's deletion, on the administrators' log."""
    return AdminEvent.objects.create(
        kind=kind,
        user=by,
        actor_name=actor_name(by),
        subject=subject,
        subject_name=subject_name or (actor_name(subject) if subject else ""),
        plan_ref=plan.pk if plan else None,
        plan_title=plan.title if plan else "",
        **values,
    )
