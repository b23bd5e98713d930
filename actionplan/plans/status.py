"""Computed status: due dates and slippage, completion state, suggested RAG and roll-up.
Pure functions of the values given (and `today`), so they are tested with frozen time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

RAG_ORDER = ["red", "amber", "green", "blue"]  # worst first
RAG_SEVERITY = {"red": 0, "amber": 1, "green": 2, "blue": 3, None: 4}

# The suggested-RAG rules, in the order they are tried; a plan may override any number.
DEFAULT_RULES = {
    "overdue_red": True,  # past its due date and not complete -> red
    "due_soon_days": 30,  # due within this many days with no update this cycle -> amber
    "stale_cycles": 2,  # no update for this many cycles -> amber
}


def is_complete(action) -> bool:
    return action.completed_at is not None


def completion_state(action, plan) -> str:
    """ "open", "awaiting sign-off" or "complete"."""
    if not is_complete(action):
        return "open"
    if plan.requires_sign_off and action.signed_off_at is None:
        return "awaiting sign-off"
    return "complete"


def is_overdue(action, today: dt.date) -> bool:
    return action.due_date is not None and action.due_date < today and not is_complete(action)


def due_within(action, today: dt.date, days: int) -> bool:
    return (
        action.due_date is not None
        and not is_complete(action)
        and today <= action.due_date <= today + dt.timedelta(days=days)
    )


@dataclass(frozen=True)
class Slippage:
    baseline_text: str
    current_text: str
    moves: int

    def __str__(self) -> str:
        times = "once" if self.moves == 1 else "twice" if self.moves == 2 else f"{self.moves} times"
        return f"{self.baseline_text} -> {self.current_text}, moved {times}"


def slippage(action, moves: int) -> Slippage | None:
    """How far the due date has moved from the baseline, or None if it has not."""
    if not moves or action.due_date == action.baseline_due_date:
        return None
    return Slippage(_date_words(action.baseline_due_date), _date_words(action.due_date), moves)


def _date_words(date: dt.date | None) -> str:
    return date.strftime("%-d %B %Y") if date else "no date"


@dataclass(frozen=True)
class Suggestion:
    rag: str | None
    rule: str  # the rule that produced it, in words

    def disagrees_with(self, rag: str | None) -> bool:
        return self.rag is not None and rag != self.rag


def suggest_rag(
    action,
    today: dt.date,
    *,
    updated_this_cycle: bool,
    cycles_since_update: int | None,
    rules: dict | None = None,
) -> Suggestion:
    """What the plan's rules advise; people decide."""
    rules = {**DEFAULT_RULES, **(rules or {})}
    if is_complete(action):
        return Suggestion("blue", "Marked complete")
    if rules["overdue_red"] and is_overdue(action, today):
        return Suggestion("red", f"Past its due date ({_date_words(action.due_date)}) and not complete")
    days = rules["due_soon_days"]
    if days and due_within(action, today, days) and not updated_this_cycle:
        return Suggestion("amber", f"Due within {days} days with no update this cycle")
    stale = rules["stale_cycles"]
    if stale and cycles_since_update is not None and cycles_since_update >= stale:
        return Suggestion("amber", f"No update for {cycles_since_update} cycles")
    return Suggestion(None, "No rule applies")


def rollup(rags: list[str | None], rule: str = "worst") -> str | None:
    """One rating for a group of actions. Not-rated actions are ignored; all complete is blue.

    worst: the worst rating present (red before amber before green before blue).
    majority: the most common rating; a tie goes to the worse of those tied.
    """
    rated = [r for r in rags if r in RAG_SEVERITY and r is not None]
    if not rated:
        return None
    if rule == "majority":
        counts = Counter(rated)
        top = max(counts.values())
        return min((r for r, n in counts.items() if n == top), key=RAG_SEVERITY.__getitem__)
    return min(rated, key=RAG_SEVERITY.__getitem__)


def rag_counts(rags: list[str | None]) -> dict[str | None, int]:
    counts = Counter(rags)
    return {key: counts.get(key, 0) for key in [*RAG_ORDER, None]}
