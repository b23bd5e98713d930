"""ChangeEvents in words: "Alice Hughes changed the RAG from Green to Amber at 10:42". Used by the
history page, its CSV and the "someone else saved first" message."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format

from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.core.rag import RATINGS as RAG_RATINGS

FIELD_LABELS = {
    "rag": "the RAG",
    "proposed_rag": "the proposed RAG",
    "text": "the text",
    "due_date": "the due date",
    "due_text": "the timetable",
    "leads": "the leads",
    "title": "the title",
    "number": "the number",
    "position": "the order",
    "extra": "the extra columns",
}
KIND_VERBS = {
    "created": "created it",
    "note": "added a progress note",
    "archived": "archived it",
    "restored": "restored it",
    "deleted": "deleted it",
    "completed": "marked it complete",
    "signed_off": "signed off its completion",
}


def value_text(field: str, value) -> str:
    """One old or new value as a person would say it."""
    if field.endswith("rag"):
        return RAG_LABELS[value] if value in RAG_RATINGS else "not rated"
    if value in (None, "", [], {}):
        return "nothing"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and field.endswith("date"):
        try:
            return date_format(dt.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return str(value)


def summary(event) -> str:
    """What happened, without who or when: 'changed the RAG from Green to Amber'."""
    if event.kind == "changed":
        label = FIELD_LABELS.get(event.field, f"the {event.field.replace('_', ' ')}")
        old, new = value_text(event.field, event.old), value_text(event.field, event.new)
        return f"changed {label} from {old} to {new}"
    if event.kind == "note":
        text = (event.new or {}).get("text", "") if isinstance(event.new, dict) else ""
        return f"added a progress note: {text}" if text else KIND_VERBS["note"]
    return KIND_VERBS.get(event.kind, event.kind.replace("_", " "))


def when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """'10:42' today, else '10:42 on 3 March 2025' (local time)."""
    local, today = timezone.localtime(moment), timezone.localtime(now or timezone.now()).date()
    clock = local.strftime("%H:%M")
    return clock if local.date() == today else f"{clock} on {date_format(local.date(), 'j F Y')}"


def describe_change(event, now: dt.datetime | None = None) -> str:
    """'Alice Hughes changed the RAG from Green to Amber at 10:42'."""
    who = event.actor_name or "Someone"
    return f"{who} {summary(event)} at {when(event.at, now)}"
