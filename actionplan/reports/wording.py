"""One-line descriptions of report entries, for the Word paper (the HTML pages use templates)."""

from __future__ import annotations

import datetime as dt

from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.plans.asat import LONDON, ActionAt
from actionplan.reports.changes import Change


def short(text: str, limit: int = 120) -> str:
    """The first line of an action, cut at a word so lists stay readable."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"


def day(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date() if value.tzinfo else value.date()
    return f"{value.day} {value:%B %Y}" if value else "no date"


def rag_name(rag) -> str:
    return RAG_LABELS.get(rag, RAG_LABELS[None])


def overdue_line(action: ActionAt) -> str:
    rating = rag_name(action.draft.rag)
    return f"{action.ref} {short(action.draft.text)} Due {day(action.due_date)}; {rating}."


def slipping_line(action: ActionAt) -> str:
    return (
        f"{action.ref} {short(action.draft.text)} First agreed {day(action.baseline_due)}, "
        f"now {day(action.due_date)}."
    )


def rag_move_line(change: Change) -> str:
    verb = {"up": "improved", "down": "worsened"}.get(change.direction, "changed")
    return f"{change.ref} {verb} from {rag_name(change.old)} to {rag_name(change.new)} ({day(change.at)})."


def due_line(change: Change) -> str:
    verb = {"later": "slipped", "earlier": "brought forward"}.get(change.direction, "revised")
    return f"{change.ref} due date {verb} from {day(change.old)} to {day(change.new)}."


def note_line(change: Change) -> str:
    who = f", {change.who}" if change.who else ""
    return f"{change.ref} ({day(change.at)}{who}): {change.new}"


def event_line(change: Change) -> str:
    return f"{change.ref} {short(change.action_text)} ({day(change.at)})"
