"""Tracking writes: a new plan from a draft, a lead's update (note, RAG, evidence), sign-off, a
revised due date, a corrected note and a change of leads. Each runs in a transaction and records
its ChangeEvents through writes.events (the package docstring says what the write layer is)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.core.draft import PlanDraft
from actionplan.plans.concurrency import bump_version
from actionplan.plans.models import (
    Action,
    ActionLead,
    ChangeEvent,
    EventKind,
    Evidence,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
)
from actionplan.plans.writes.cycles import cycle_for
from actionplan.plans.writes.events import actor_name, change_event, iso, record_event, record_events

UNCHANGED = object()


def fit(text: str, model, field: str) -> str:
    """Text cut to its column's length. A misread table can put a whole paragraph where a title,
    a name or a timetable goes; SQLite would store it, PostgreSQL refuses it (a crash mid-import)."""
    text = text or ""
    limit = model._meta.get_field(field).max_length
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def people_named(names: list[str]) -> dict[str, Person]:
    """The Person for each name, creating those not seen before (names are matched exactly)."""
    fitted = {n.strip(): fit(n.strip(), Person, "name") for n in names if n.strip()}
    wanted = set(fitted.values())
    known = set(Person.objects.filter(name__in=wanted).values_list("name", flat=True))
    # ignore_conflicts: a concurrent import may create the same person a moment earlier.
    Person.objects.bulk_create([Person(name=n) for n in sorted(wanted - known)], ignore_conflicts=True)
    found = {p.name: p for p in Person.objects.filter(name__in=wanted)}
    return {name: found[short] for name, short in fitted.items()}


@transaction.atomic
def save_draft(draft: PlanDraft, by=None, source_filename: str = "") -> Plan:
    """Save an interchange draft as a new plan, all or nothing."""
    now = timezone.now()
    plan = Plan.objects.create(
        title=fit(draft.title, Plan, "title"),
        organisation=fit(draft.organisation, Plan, "organisation"),
        inspection=fit(draft.inspection, Plan, "inspection"),
        source_filename=source_filename[:255],
        created_at=now,
    )
    people = people_named([lead for r in draft.recommendations for a in r.actions for lead in a.leads])
    events = [
        change_event(
            plan, by, EventKind.CREATED, new={"title": plan.title, "source": source_filename}, at=now
        )
    ]
    for rec_position, rec_draft in enumerate(draft.recommendations, start=1):
        rec = Recommendation.objects.create(
            plan=plan,
            number=fit(rec_draft.number, Recommendation, "number"),
            text=rec_draft.text,
            position=rec_position,
            created_at=now,
        )
        for position, action_draft in enumerate(rec_draft.actions, start=1):
            action = _create_action(plan, rec, position, action_draft, people, by, now)
            events.append(
                change_event(plan, by, EventKind.CREATED, recommendation=rec, action=action, at=now)
            )
    record_events(events)
    return plan


def _create_action(plan, rec, position, action_draft, people, by, now) -> Action:
    due_date = dt.date.fromisoformat(action_draft.due.date) if action_draft.due.date else None
    action = Action.objects.create(
        plan=plan,
        recommendation=rec,
        text=action_draft.text,
        position=position,
        due_text=fit(action_draft.due.text, Action, "due_text"),
        baseline_due_date=due_date,
        due_date=due_date,
        rag=action_draft.rag,
        extra=action_draft.extra,
        created_at=now,
    )
    ActionLead.objects.bulk_create(
        ActionLead(action=action, person=people[name.strip()], position=i)
        for i, name in enumerate(dict.fromkeys(n.strip() for n in action_draft.leads if n.strip()))
    )
    ProgressNote.objects.bulk_create(
        ProgressNote(
            action=action,
            text=text,
            created_at=now,
            author=by,
            author_name=actor_name(by),
            imported=True,
            position=i,
        )
        for i, text in enumerate(action_draft.notes)
    )
    return action


@dataclass
class EvidenceInput:
    note: str = ""
    link: str = ""
    file: object = None  # an UploadedFile already checked by uploads.check_upload

    def is_empty(self) -> bool:
        return not (self.note.strip() or self.link.strip() or self.file)


def _lock(action: Action) -> Action:
    """The action's current row, locked for this transaction (select_for_update is a no-op on SQLite,
    where the IMMEDIATE transaction already serialises writers)."""
    return Action.objects.select_for_update().select_related("plan", "recommendation").get(pk=action.pk)


@transaction.atomic
def record_update(
    action: Action,
    by,
    *,
    text: str = "",
    rag=UNCHANGED,
    reason: str = "",
    evidence=None,
    expected_version: int | None = None,
    author_name: str = "",
    when=None,
) -> ProgressNote | None:
    """A lead's update for this cycle: a progress note and/or a RAG change (with its reason).
    Blue means complete and needs evidence. Raises ValidationError (by field) or StaleEdit."""
    action = _lock(action)
    bump_version(action, expected_version)  # a stale form is reported before its other faults
    text = (text or "").strip()
    rag_changes = rag is not UNCHANGED and rag != action.rag
    _validate_update(text, rag_changes, rag, reason, evidence)
    now = when or timezone.now()
    note = None
    events = []
    if text:
        note = ProgressNote.objects.create(
            action=action,
            text=text,
            created_at=now,
            author=by,
            author_name=author_name or actor_name(by),
            cycle=cycle_for(action.plan, timezone.localdate(now)),
        )
        events.append(
            change_event(
                action.plan,
                by,
                EventKind.NOTE,
                action=action,
                recommendation=action.recommendation,
                new={"note_id": note.id, "text": text},
                at=now,
                object_version=action.version,
            )
        )
    if rag_changes:
        events += _change_rag(action, by, rag, reason.strip(), evidence, now)
    for event in events:  # a lead updating by emailed link has no account: name them in the trail
        event.actor_name = author_name or event.actor_name
    record_events(events)
    return note


def _validate_update(text, rag_changes, rag, reason, evidence):
    errors = {}
    if not text and not rag_changes:
        errors["text"] = "Write a progress update or change the RAG status."
    if rag_changes and not (reason or "").strip():
        errors["reason"] = "Give the reason for the RAG change."
    if rag_changes and rag == "blue" and (evidence is None or evidence.is_empty()):
        errors["evidence_note"] = "To mark the action complete, give evidence: a note, a link or a file."
    if errors:
        raise ValidationError(errors)


def _change_rag(action, by, rag, reason, evidence, now) -> list[ChangeEvent]:
    link = {
        "action": action,
        "recommendation": action.recommendation,
        "at": now,
        "object_version": action.version,
    }
    events = [
        change_event(
            action.plan, by, EventKind.CHANGED, field="rag", old=action.rag, new=rag, reason=reason, **link
        )
    ]
    old_rag = action.rag
    action.rag, action.rag_reason = rag, reason
    fields = ["rag", "rag_reason"]
    if rag == "blue":
        Evidence.objects.create(
            action=action,
            note=evidence.note.strip(),
            link=evidence.link.strip(),
            file=evidence.file or "",
            original_name=getattr(evidence.file, "name", "")[:255],
            added_by=by,
            added_at=now,
        )
        action.completed_at, action.completed_by = now, by
        fields += ["completed_at", "completed_by"]
        events.append(change_event(action.plan, by, EventKind.COMPLETED, **link))
    elif old_rag == "blue":  # reopened: completion and sign-off no longer hold
        action.completed_at = action.completed_by = action.signed_off_at = action.signed_off_by = None
        fields += ["completed_at", "completed_by", "signed_off_at", "signed_off_by"]
        events.append(change_event(action.plan, by, EventKind.REOPENED, reason=reason, **link))
    action.save(update_fields=fields)
    return events


@transaction.atomic
def sign_off(action: Action, by, *, note: str = "") -> None:
    action = _lock(action)
    if action.completed_at is None:
        raise ValidationError("Only a completed action can be signed off.")
    if action.signed_off_at is not None:
        raise ValidationError("This action is already signed off.")
    bump_version(action, None)
    action.signed_off_at, action.signed_off_by = timezone.now(), by
    action.save(update_fields=["signed_off_at", "signed_off_by"])
    record_event(
        action.plan,
        by,
        EventKind.SIGNED_OFF,
        action=action,
        recommendation=action.recommendation,
        reason=note,
        object_version=action.version,
    )


@transaction.atomic
def revise_due_date(
    action: Action,
    by,
    *,
    due_date: dt.date | None,
    due_text: str = "",
    reason: str,
    expected_version: int | None = None,
) -> None:
    """A new due date; the baseline stays as imported. Needs a reason."""
    action = _lock(action)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for changing the due date."})
    due_text = (due_text or "").strip() or (due_date.strftime("%B %Y") if due_date else "")
    if due_date == action.due_date and due_text == action.due_text:
        raise ValidationError({"due_date": "The new due date is the same as the current one."})
    bump_version(action, expected_version)
    link = {
        "action": action,
        "recommendation": action.recommendation,
        "reason": reason.strip(),
        "object_version": action.version,
    }
    events = []
    if due_date != action.due_date:
        events.append(
            change_event(
                action.plan,
                by,
                EventKind.CHANGED,
                field="due_date",
                old=iso(action.due_date),
                new=iso(due_date),
                **link,
            )
        )
    if due_text != action.due_text:
        events.append(
            change_event(
                action.plan,
                by,
                EventKind.CHANGED,
                field="due_text",
                old=action.due_text,
                new=due_text,
                **link,
            )
        )
    action.due_date, action.due_text = due_date, due_text
    action.save(update_fields=["due_date", "due_text"])
    record_events(events)


@transaction.atomic
def correct_note(note: ProgressNote, by, *, text: str, reason: str = "") -> ProgressNote:
    """Notes are never edited in place: the correction supersedes the note and both are kept."""
    note = ProgressNote.objects.select_for_update().select_related("action__plan").get(pk=note.pk)
    if ProgressNote.objects.filter(supersedes=note).exists():
        raise ValidationError("This note has already been corrected; correct the newer version.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the corrected note."})
    action = note.action
    bump_version(action, None)
    now = timezone.now()
    new = ProgressNote.objects.create(
        action=action,
        text=text,
        created_at=now,
        author=by,
        author_name=actor_name(by),
        cycle=note.cycle,
        supersedes=note,
    )
    record_event(
        action.plan,
        by,
        EventKind.NOTE,
        action=action,
        recommendation=action.recommendation,
        field="correction",
        old={"note_id": note.id, "text": note.text},
        new={"note_id": new.id, "text": text},
        reason=reason,
        at=now,
        object_version=action.version,
    )
    return new


@transaction.atomic
def change_leads(
    action: Action, by, *, names: list[str], reason: str = "", expected_version: int | None = None
) -> None:
    action = _lock(action)
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    old = [p.name for p in action.lead_people]
    if names == old:
        return
    bump_version(action, expected_version)
    people = people_named(names)
    ActionLead.objects.filter(action=action).delete()
    ActionLead.objects.bulk_create(
        ActionLead(action=action, person=people[n], position=i) for i, n in enumerate(names)
    )
    record_event(
        action.plan,
        by,
        EventKind.CHANGED,
        action=action,
        recommendation=action.recommendation,
        field="leads",
        old=old,
        new=names,
        reason=reason,
        object_version=action.version,
    )
