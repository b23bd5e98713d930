"""An action's timeline: every progress note and every recorded change, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from actionplan.plans.models import ChangeEvent, ProgressNote

FIELD_LABELS = {
    "rag": "RAG status",
    "due_date": "Due date",
    "due_text": "Timetable",
    "leads": "Lead officers",
    "text": "Action text",
    "position": "Order",
    "recommendation": "Recommendation",
}
KIND_LABELS = {
    "created": "Action created",
    "completed": "Marked complete",
    "signed_off": "Completion signed off",
    "reopened": "Reopened",
    "archived": "Archived",
    "restored": "Restored",
}


@dataclass
class Entry:
    at: object
    who: str
    kind: str  # note, change, event
    title: str
    note: ProgressNote | None = None
    field: str = ""
    old: object = None
    new: object = None
    reason: str = ""


def timeline(action) -> list[Entry]:
    notes = ProgressNote.objects.filter(action=action).select_related("superseded_by", "supersedes", "cycle")
    events = ChangeEvent.objects.filter(action=action).exclude(kind="note")
    entries = [_note_entry(n) for n in notes] + [_event_entry(e) for e in events]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _note_entry(note) -> Entry:
    if note.imported:
        title = "Key point (imported)"
    elif note.supersedes_id:
        title = "Correction"
    else:
        title = "Progress update" + (f" for {note.cycle.label}" if note.cycle else "")
    return Entry(at=note.created_at, who=note.author_name, kind="note", title=title, note=note)


def _event_entry(event) -> Entry:
    if event.kind == "changed":
        title = f"{FIELD_LABELS.get(event.field, event.field)} changed"
        return Entry(
            at=event.at,
            who=event.actor_name,
            kind="change",
            title=title,
            field=event.field,
            old=event.old,
            new=event.new,
            reason=event.reason,
        )
    return Entry(
        at=event.at,
        who=event.actor_name,
        kind="event",
        title=KIND_LABELS.get(event.kind, event.kind),
        reason=event.reason,
    )
