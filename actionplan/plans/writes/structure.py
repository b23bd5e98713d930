"""Editing a plan's structure: add, reword, reorder, split, archive and restore recommendations and
actions, and change a plan's settings. Like every write, each function is atomic and records each
change as a ChangeEvent (who, old, new, why) stamped with the object's version after the change;
edits made from a form pass the version it was drawn from, so a stale form is refused (StaleEdit)
rather than overwriting someone else's change.

Positions run 1..n over all of a plan's recommendations, and over all of a recommendation's
actions, archived ones included, so an archived item comes back in its place when restored."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplan.core.dates import parse_due
from actionplan.plans import status
from actionplan.plans.concurrency import bump_version, check_version
from actionplan.plans.models import (
    Action,
    ActionLead,
    ChangeEvent,
    CycleKind,
    EventKind,
    Plan,
    Recommendation,
    RollupRule,
)
from actionplan.plans.writes.cycles import drop_unused_cycles, reset_deadlines
from actionplan.plans.writes.events import change_event, record_event, record_events
from actionplan.plans.writes.events import iso as _iso
from actionplan.plans.writes.updates import change_leads, people_named

SETTINGS_FIELDS = (
    "title",
    "cycle_kind",
    "update_deadline_days",
    "requires_sign_off",
    "rollup_rule",
    "rag_rules",
)
RULE_LIMITS = {"due_soon_days": 365, "stale_cycles": 24}
MAX_DEADLINE_DAYS = 90


# Shared helpers -------------------------------------------------------------------------------


def _link(obj) -> dict:
    """The ChangeEvent keys naming obj: an action (and its recommendation) or a recommendation."""
    if isinstance(obj, Action):
        return {"action": obj, "recommendation": obj.recommendation}
    return {"recommendation": obj}


def _changed(obj, by, field, old, new, reason="") -> ChangeEvent:
    return change_event(
        obj.plan,
        by,
        EventKind.CHANGED,
        field=field,
        old=old,
        new=new,
        reason=reason,
        object_version=obj.version,
        **_link(obj),
    )


def _clean_number(number: str) -> str:
    return (number or "").strip().rstrip(".").strip()


def _clean_names(names) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in names or [] if n and n.strip()))


def _lock_rec(rec) -> Recommendation:
    return Recommendation.objects.select_for_update().select_related("plan").get(pk=rec.pk)


def _lock_action(action) -> Action:
    return Action.objects.select_for_update().select_related("plan", "recommendation").get(pk=action.pk)


def _actions_in(rec_id) -> list[Action]:
    """The recommendation's actions in order, archived ones included, locked for this transaction."""
    rows = Action.objects.filter(recommendation_id=rec_id).select_related("plan", "recommendation")
    return list(rows.select_for_update().order_by("position", "id"))


def _recommendations_in(plan_id) -> list[Recommendation]:
    rows = Recommendation.objects.filter(plan_id=plan_id).select_related("plan")
    return list(rows.select_for_update().order_by("position", "id"))


def _siblings(obj) -> list:
    """obj's siblings in order, obj included, locked for this transaction."""
    if isinstance(obj, Action):
        return _actions_in(obj.recommendation_id)
    return _recommendations_in(obj.plan_id)


def _renumber(ordered, by, reason="") -> list[ChangeEvent]:
    """Give the rows positions 1..n, recording (and versioning) each one that moves."""
    events = []
    for position, row in enumerate(ordered, start=1):
        if row.position == position:
            continue
        old = row.position
        bump_version(row, None)
        type(row).objects.filter(pk=row.pk).update(position=position)
        row.position = position
        events.append(_changed(row, by, "position", old, position, reason))
    return events


def _insert(ordered, index, new_rows, by) -> list[ChangeEvent]:
    """Put rows just created (their "created" event says enough) at `index`, renumbering the rest."""
    ordered[index:index] = new_rows
    for position, row in enumerate(ordered, start=1):
        if row in new_rows and row.position != position:
            type(row).objects.filter(pk=row.pk).update(position=position)
            row.position = position
    return _renumber(ordered, by)


def _next_position(rows) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


def _require(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# Recommendations ------------------------------------------------------------------------------


def _check_recommendation(plan, number, text, exclude=None) -> None:
    errors = {}
    if not number:
        errors["number"] = "Enter the recommendation number."
    elif len(number) > 30:
        errors["number"] = "The number must be 30 characters or fewer."
    else:
        taken = Recommendation.objects.filter(plan=plan, number=number, archived_at__isnull=True)
        if taken.exclude(pk=getattr(exclude, "pk", None)).exists():
            errors["number"] = f"Recommendation {number} already exists in this plan."
    if not text:
        errors["text"] = "Enter the recommendation text."
    _require(errors)


@transaction.atomic
def add_recommendation(plan: Plan, by, number: str, text: str) -> Recommendation:
    """A new recommendation at the end of the plan."""
    number, text = _clean_number(number), (text or "").strip()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_recommendation(plan, number, text)
    rec = Recommendation.objects.create(
        plan=plan, number=number, text=text, position=_next_position(plan.recommendations.all())
    )
    record_event(
        plan,
        by,
        EventKind.CREATED,
        recommendation=rec,
        new={"number": number, "text": text},
        object_version=rec.version,
    )
    return rec


@transaction.atomic
def edit_recommendation(
    rec: Recommendation, by, number: str, text: str, expected_version=None, reason: str = ""
) -> list[ChangeEvent]:
    """Renumber and/or reword; nothing is recorded when nothing changes."""
    rec = _lock_rec(rec)
    number, text = _clean_number(number), (text or "").strip()
    _check_recommendation(rec.plan, number, text, exclude=rec)
    changes = {
        f: (getattr(rec, f), new) for f, new in (("number", number), ("text", text)) if getattr(rec, f) != new
    }
    if not changes:  # nothing would be overwritten, so a stale form does no harm
        return []
    bump_version(rec, expected_version)
    Recommendation.objects.filter(pk=rec.pk).update(**{f: new for f, (_, new) in changes.items()})
    events = [_changed(rec, by, f, old, new, reason.strip()) for f, (old, new) in changes.items()]
    return record_events(events)


@transaction.atomic
def move_recommendation(rec: Recommendation, by, direction: str) -> list[ChangeEvent]:
    """Swap the recommendation with the one before ("up") or after ("down") it."""
    ordered = _siblings(rec)
    _shift(ordered, rec, direction, "recommendation")
    return record_events(_renumber(ordered, by))


def _shift(ordered, obj, direction, noun) -> None:
    """Move obj one place up or down in the list, in place."""
    index = next(i for i, row in enumerate(ordered) if row.pk == obj.pk)
    target = {"up": index - 1, "down": index + 1}.get(direction)
    if target is None:
        raise ValidationError("Choose to move it up or down.")
    if not 0 <= target < len(ordered):
        raise ValidationError(f"This is already the {'first' if direction == 'up' else 'last'} {noun}.")
    ordered[index], ordered[target] = ordered[target], ordered[index]


@transaction.atomic
def archive_recommendation(rec: Recommendation, by, reason: str = "", expected_version=None) -> None:
    """Archive the recommendation and its live actions with it (restoring brings those back)."""
    rec = _lock_rec(rec)
    if rec.archived_at is not None:
        raise ValidationError("This recommendation is already archived.")
    now = timezone.now()
    bump_version(rec, expected_version)
    Recommendation.objects.filter(pk=rec.pk).update(archived_at=now)
    events = [_archiving(rec, by, EventKind.ARCHIVED, reason, now)]
    for action in rec.actions.filter(archived_at__isnull=True).select_related("plan", "recommendation"):
        events.append(_set_archived(action, by, now, f"Recommendation {rec.number} archived"))
    record_events(events)


@transaction.atomic
def restore_recommendation(rec: Recommendation, by, reason: str = "", expected_version=None) -> None:
    """Bring the recommendation back, with the actions that were archived along with it."""
    rec = _lock_rec(rec)
    if rec.archived_at is None:
        raise ValidationError("This recommendation is not archived.")
    archived_at = rec.archived_at
    bump_version(rec, expected_version)
    Recommendation.objects.filter(pk=rec.pk).update(archived_at=None)
    events = [_archiving(rec, by, EventKind.RESTORED, reason, None, old=archived_at)]
    for action in rec.actions.filter(archived_at=archived_at).select_related("plan", "recommendation"):
        events.append(
            _set_archived(action, by, None, f"Recommendation {rec.number} restored", old=archived_at)
        )
    record_events(events)


def _archiving(obj, by, kind, reason, now, old=None) -> ChangeEvent:
    return change_event(
        obj.plan,
        by,
        kind,
        field="archived_at",
        old=_iso(old),
        new=_iso(now),
        reason=(reason or "").strip(),
        object_version=obj.version,
        **_link(obj),
    )


def _set_archived(action, by, when, reason, old=None) -> ChangeEvent:
    """Archive (when set) or restore (when None) one action; the event is returned, not saved."""
    bump_version(action, None)
    Action.objects.filter(pk=action.pk).update(archived_at=when)
    return _archiving(action, by, EventKind.ARCHIVED if when else "restored", reason, when, old=old)


# Actions --------------------------------------------------------------------------------------


def _due(due_text: str) -> tuple[str, dt.date | None]:
    due_text = (due_text or "").strip()
    iso = parse_due(due_text)
    return due_text, dt.date.fromisoformat(iso) if iso else None


def _check_action(text, leads) -> None:
    errors = {}
    if not text:
        errors["text"] = "Enter the action text."
    if not leads:
        errors["leads"] = "Enter at least one lead officer."
    _require(errors)


@transaction.atomic
def add_action(
    rec: Recommendation, by, text: str, leads: list[str], due_text: str = "", position: int | None = None
) -> Action:
    """A new action under the recommendation, at `position` (1-based) or at the end."""
    rec = _lock_rec(rec)
    if rec.archived_at is not None:
        raise ValidationError("Restore the recommendation before adding actions to it.")
    text, leads = (text or "").strip(), _clean_names(leads)
    _check_action(text, leads)
    due_text, due_date = _due(due_text)
    ordered = _actions_in(rec.pk)
    action = Action.objects.create(
        plan=rec.plan,
        recommendation=rec,
        text=text,
        position=len(ordered) + 1,
        due_text=due_text,
        baseline_due_date=due_date,
        due_date=due_date,
    )
    _add_leads(action, leads)
    index = len(ordered) if position is None else min(max(int(position), 1), len(ordered) + 1) - 1
    events = _insert(ordered, index, [action], by)
    due = {"text": due_text, "date": _iso(due_date)}
    events.insert(0, _created(action, by, {"text": text, "leads": leads, "due": due}))
    record_events(events)
    return action


def _add_leads(action, names) -> None:
    people = people_named(names)
    ActionLead.objects.bulk_create(
        ActionLead(action=action, person=people[n], position=i) for i, n in enumerate(names)
    )


def _created(action, by, new) -> ChangeEvent:
    return change_event(
        action.plan, by, EventKind.CREATED, new=new, object_version=action.version, **_link(action)
    )


def _place(action, by, position) -> list[ChangeEvent]:
    """Put the action at `position` among its siblings, renumbering the rest."""
    ordered = [row for row in _siblings(action) if row.pk != action.pk]
    index = min(max(int(position), 1), len(ordered) + 1) - 1
    ordered.insert(index, action)
    return _renumber(ordered, by)


@transaction.atomic
def edit_action_text(
    action: Action, by, text: str, expected_version=None, reason: str = ""
) -> ChangeEvent | None:
    action = _lock_action(action)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the action text."})
    if text == action.text:
        return None
    bump_version(action, expected_version)
    Action.objects.filter(pk=action.pk).update(text=text)
    return record_events([_changed(action, by, "text", action.text, text, (reason or "").strip())])[0]


@transaction.atomic
def edit_action(
    action: Action, by, text: str, leads: list[str], expected_version=None, reason: str = ""
) -> bool:
    """The action edit page: text and leads in one go, all or nothing. True if anything changed."""
    leads = _clean_names(leads)
    _check_action((text or "").strip(), leads)
    changed_text = edit_action_text(action, by, text, expected_version, reason) is not None
    current = Action.objects.get(pk=action.pk)
    old_leads = [link.person.name for link in current.actionlead_set.select_related("person")]
    version = current.version if changed_text else expected_version
    if leads != old_leads:
        change_leads(current, by, names=leads, reason=(reason or "").strip(), expected_version=version)
    return changed_text or leads != old_leads


@transaction.atomic
def move_action(
    action: Action,
    by,
    *,
    direction: str | None = None,
    position: int | None = None,
    recommendation: Recommendation | None = None,
    expected_version=None,
) -> list[ChangeEvent]:
    """Move one place up or down, to a position, or to another recommendation (at its end, or at
    `position`). The recommendation it leaves is renumbered."""
    action = _lock_action(action)
    check_version(action, expected_version)
    if recommendation is not None and recommendation.pk != action.recommendation_id:
        return record_events(_to_recommendation(action, by, recommendation, position))
    ordered = _siblings(action)
    if direction:
        _shift(ordered, action, direction, "action in this recommendation")
        return record_events(_renumber(ordered, by))
    if position is None:
        raise ValidationError("Choose where to move the action.")
    return record_events(_place(action, by, position))


def _to_recommendation(action, by, target, position) -> list[ChangeEvent]:
    target = _lock_rec(target)
    if target.plan_id != action.plan_id:
        raise ValidationError({"recommendation": "Choose a recommendation in this plan."})
    if target.archived_at is not None:
        raise ValidationError({"recommendation": "Choose a recommendation that is not archived."})
    source, old_position = action.recommendation, action.position
    leaving = [row for row in _actions_in(source.pk) if row.pk != action.pk]
    end = _next_position(target.actions.all())
    bump_version(action, None)
    Action.objects.filter(pk=action.pk).update(recommendation=target, position=end)
    action.recommendation, action.position = target, end
    events = [_changed(action, by, "recommendation", source.number, target.number)]
    if old_position != end:
        events.append(_changed(action, by, "position", old_position, end))
    events += _renumber(leaving, by)
    return events + (_place(action, by, position) if position is not None else [])


@transaction.atomic
def split_action(action: Action, by, parts: list[str], reason: str = "") -> list[Action]:
    """Split into several actions: the original keeps the first part (and its notes, evidence and
    history); each other part becomes a new action right after it, with the same leads, due date
    and RAG. Returns the actions in order, the original first."""
    action = _lock_action(action)
    parts = [p.strip() for p in parts or [] if p and p.strip()]
    _check_split(action, parts)
    reason = f"Split into {len(parts)} actions" + (f": {reason.strip()}" if (reason or "").strip() else "")
    bump_version(action, None)
    Action.objects.filter(pk=action.pk).update(text=parts[0])
    events = [_changed(action, by, "text", action.text, parts[0], reason)]
    action.text = parts[0]
    leads = [link.person.name for link in action.actionlead_set.select_related("person")]
    ordered = _actions_in(action.recommendation_id)
    new_actions = [_copy(action, part, leads) for part in parts[1:]]
    at = next(i for i, row in enumerate(ordered) if row.pk == action.pk) + 1
    renumbered = _insert(ordered, at, new_actions, by)
    events += [_created(new, by, {"text": new.text, "split_from": action.pk}) for new in new_actions]
    record_events(events + renumbered)
    return [action, *new_actions]


def _check_split(action, parts) -> None:
    if action.archived_at is not None:
        raise ValidationError("Restore the action before splitting it.")
    if action.completed_at is not None:
        raise ValidationError("A completed action cannot be split; reopen it first.")
    if len(parts) < 2:
        raise ValidationError({"parts": "Give at least two parts to split the action into."})


def _copy(action, text, leads) -> Action:
    new = Action.objects.create(
        plan=action.plan,
        recommendation=action.recommendation,
        text=text,
        position=action.position,
        due_text=action.due_text,
        baseline_due_date=action.baseline_due_date,
        due_date=action.due_date,
        rag=action.rag,
        rag_reason=action.rag_reason,
        extra=action.extra,
    )
    _add_leads(new, leads)
    return new


@transaction.atomic
def archive_action(action: Action, by, reason: str = "", expected_version=None) -> None:
    action = _lock_action(action)
    if action.archived_at is not None:
        raise ValidationError("This action is already archived.")
    check_version(action, expected_version)
    record_events([_set_archived(action, by, timezone.now(), reason)])


@transaction.atomic
def restore_action(action: Action, by, reason: str = "", expected_version=None) -> None:
    action = _lock_action(action)
    if action.archived_at is None:
        raise ValidationError("This action is not archived.")
    if action.recommendation.archived_at is not None:
        raise ValidationError(f"Restore recommendation {action.recommendation.number} first.")
    check_version(action, expected_version)
    record_events([_set_archived(action, by, None, reason, old=action.archived_at)])


# Plan settings --------------------------------------------------------------------------------


def clean_rag_rules(rules: dict) -> dict:
    """The plan's overrides of status.DEFAULT_RULES: only the rules that differ, checked."""
    unknown = set(rules) - set(status.DEFAULT_RULES)
    if unknown:
        raise ValidationError({"rag_rules": f"Unknown rule: {', '.join(sorted(unknown))}."})
    merged = {**status.DEFAULT_RULES, **rules}
    errors = {}
    if not isinstance(merged["overdue_red"], bool):
        errors["overdue_red"] = "Choose whether overdue actions are suggested red."
    for key, limit in RULE_LIMITS.items():
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            errors[key] = f"Enter a whole number between 0 and {limit}."
    _require(errors)
    return {k: v for k, v in merged.items() if v != status.DEFAULT_RULES[k]}


def _clean_settings(fields: dict) -> dict:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a plan setting: {', '.join(sorted(unknown))}")
    errors, cleaned = {}, dict(fields)
    if "title" in fields:
        cleaned["title"] = (fields["title"] or "").strip()
        if not cleaned["title"] or len(cleaned["title"]) > 500:
            errors["title"] = "Enter the plan title (500 characters or fewer)."
    if "cycle_kind" in fields and fields["cycle_kind"] not in CycleKind.values:
        errors["cycle_kind"] = "Choose monthly, quarterly or custom dates."
    if "rollup_rule" in fields and fields["rollup_rule"] not in RollupRule.values:
        errors["rollup_rule"] = "Choose a roll-up rule."
    days = fields.get("update_deadline_days", 0)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DEADLINE_DAYS:
        errors["update_deadline_days"] = f"Enter a whole number of days between 0 and {MAX_DEADLINE_DAYS}."
    if "requires_sign_off" in fields and not isinstance(fields["requires_sign_off"], bool):
        errors["requires_sign_off"] = "Choose whether completion needs sign-off."
    _require(errors)
    if "rag_rules" in fields:
        cleaned["rag_rules"] = clean_rag_rules(fields["rag_rules"] or {})
    return cleaned


@transaction.atomic
def update_plan_settings(
    plan: Plan, by, expected_version=None, reason: str = "", **fields
) -> list[ChangeEvent]:
    """Change any of SETTINGS_FIELDS, one ChangeEvent per field that changes. Changing the cycle
    kind drops the plan's cycles that have not ended and hold no notes (they were made for the
    old kind); changing the deadline days moves the deadlines of cycles still open for updates."""
    fields = _clean_settings(fields)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    changes = {f: (getattr(plan, f), new) for f, new in fields.items() if getattr(plan, f) != new}
    if not changes:
        return []
    bump_version(plan, expected_version)
    Plan.objects.filter(pk=plan.pk).update(**{f: new for f, (_, new) in changes.items()})
    events = [
        change_event(
            plan, by, EventKind.CHANGED, field=f, old=old, new=new, reason=reason, object_version=plan.version
        )
        for f, (old, new) in changes.items()
    ]
    plan.refresh_from_db()
    today = timezone.localdate()
    if "cycle_kind" in changes:
        drop_unused_cycles(plan, today)
    if "update_deadline_days" in changes:
        reset_deadlines(plan, today)
    return record_events(events)
