"""What changed between two dates: RAG moves, new notes, due dates moved, completions, sign-offs,
new and archived actions. The window runs from the end of `since` to the end of `until` (London),
so the snapshot as at `since` plus these changes is the snapshot as at `until`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from actionplan.plans.asat import PlanHistory, cutoff
from actionplan.plans.models import ChangeEvent, ProgressNote

# Higher is better: a move up this scale is an improvement.
RAG_ORDER = {"red": 1, "amber": 2, "green": 3, "blue": 4}


@dataclass
class Change:
    ref: str  # "3.2"
    action_id: int
    action_text: str
    at: dt.datetime
    who: str
    old: object = None
    new: object = None
    direction: str = ""  # "up" / "down" for RAG, "later" / "earlier" for due dates, "" otherwise
    detail: str = ""


@dataclass
class Changes:
    since: dt.date
    until: dt.date
    rag_moves: list[Change] = field(default_factory=list)
    notes: list[Change] = field(default_factory=list)
    due_dates: list[Change] = field(default_factory=list)
    completed: list[Change] = field(default_factory=list)
    signed_off: list[Change] = field(default_factory=list)
    new_actions: list[Change] = field(default_factory=list)
    archived_actions: list[Change] = field(default_factory=list)

    @property
    def improving(self) -> list[Change]:
        return [c for c in self.rag_moves if c.direction == "up"]

    @property
    def worsening(self) -> list[Change]:
        return [c for c in self.rag_moves if c.direction == "down"]

    @property
    def slipped(self) -> list[Change]:
        return [c for c in self.due_dates if c.direction == "later"]

    @property
    def event_lists(self) -> list[tuple[str, list[Change], str]]:
        """The plain lists, titled, for pages that show them one after another."""
        return [
            ("Completed", self.completed, "completed"),
            ("Signed off", self.signed_off, "signed_off"),
            ("New actions", self.new_actions, "new"),
            ("Archived actions", self.archived_actions, "archived"),
        ]

    def is_empty(self) -> bool:
        return not any(
            (self.rag_moves, self.notes, self.due_dates, self.completed, self.signed_off, self.new_actions,
             self.archived_actions)
        )  # fmt: skip


def changes_between(plan, since: dt.date, until: dt.date, history: PlanHistory | None = None) -> Changes:
    history = history or PlanHistory(plan)
    start, end = cutoff(since), cutoff(until)
    actions = _action_index(history, since, until)
    events = list(
        ChangeEvent.objects.filter(plan=plan, action__isnull=False, at__gt=start, at__lte=end).order_by(
            "at", "id"
        )
    )
    found = Changes(since=since, until=until)
    found.rag_moves = _collapsed(events, "rag", actions, _rag_direction)
    found.due_dates = _collapsed(events, "due_date", actions, _date_direction)
    found.completed = _of_kind(events, "completed", actions)
    found.signed_off = _of_kind(events, "signed_off", actions)
    # Actions that came with the plan are its starting point, not news.
    added = [e for e in events if e.at > plan.created_at]
    found.new_actions = _of_kind(added, "created", actions)
    found.archived_actions = _of_kind(events, "archived", actions)
    found.notes = _new_notes(plan, start, end, actions)
    return found


def _action_index(history, since, until) -> dict[int, tuple[str, str]]:
    """Action id -> (ref, text): as at `until`, else as at `since` for actions archived between."""
    index = {a.id: (a.ref, a.draft.text) for a in history.actions_at(since, with_notes=False)}
    index.update({a.id: (a.ref, a.draft.text) for a in history.actions_at(until, with_notes=False)})
    return index


def _change(event_or_note, actions, **values) -> Change:
    ref, text = actions.get(event_or_note.action_id, ("–", ""))
    return Change(ref=ref, action_id=event_or_note.action_id, action_text=text, **values)


def _collapsed(events, field_name, actions, direction) -> list[Change]:
    """One entry per action: from its value before the first change to its value after the last.
    Changes that cancel out (amber -> red -> amber) are left out."""
    by_action = defaultdict(list)
    for event in events:
        if event.kind == "changed" and event.field == field_name:
            by_action[event.action_id].append(event)
    found = []
    for moves in by_action.values():
        first, last = moves[0], moves[-1]
        if first.old == last.new:
            continue
        found.append(
            _change(last, actions, at=last.at, who=last.actor_name, old=first.old, new=last.new,
                    direction=direction(first.old, last.new), detail=last.reason)
        )  # fmt: skip
    return sorted(found, key=lambda c: c.at)


def _rag_direction(old, new) -> str:
    if old in RAG_ORDER and new in RAG_ORDER:
        return "up" if RAG_ORDER[new] > RAG_ORDER[old] else "down"
    return ""


def _date_direction(old, new) -> str:
    if old and new:
        return "later" if new > old else "earlier"  # ISO dates compare as text
    return ""


def _of_kind(events, kind, actions) -> list[Change]:
    return [_change(e, actions, at=e.at, who=e.actor_name, detail=e.reason) for e in events if e.kind == kind]


def _new_notes(plan, start, end, actions) -> list[Change]:
    notes = ProgressNote.objects.filter(
        action__plan=plan, created_at__gt=start, created_at__lte=end, imported=False
    ).order_by("created_at", "id")
    return [
        _change(
            n,
            actions,
            at=n.created_at,
            who=n.author_name,
            new=n.text,
            detail="correction" if n.supersedes_id else "",
        )
        for n in notes
    ]
