"""The board report: the figures a board reads before the appendix, all worked out from one
snapshot of the plan as at a date, so the paper for a past board can be produced again unchanged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from actionplan.core.draft import PlanDraft
from actionplan.plans.asat import ActionAt, PlanHistory, as_at_date
from actionplan.reports.changes import Changes, changes_between

RAG_KEYS = ("red", "amber", "green", "blue", None)  # None: not rated
DEFAULT_SINCE_DAYS = 30
TREND_MONTHS = 24


@dataclass
class RagCount:
    label: str  # recommendation number, or "Whole plan"
    text: str = ""
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ordered(self) -> list[tuple[str | None, int]]:
        return [(key, self.counts.get(key, 0)) for key in RAG_KEYS]


@dataclass
class BoardReport:
    title: str
    as_at: dt.date
    draft: PlanDraft  # the appendix: the plan as at the date
    actions: list[ActionAt]
    by_recommendation: list[RagCount]
    totals: RagCount
    overdue: list[ActionAt]
    slipping: list[ActionAt]
    changes: Changes
    trend: list[RagCount]  # one per month end, label = ISO date
    due_by_month: list[RagCount]  # label = "YYYY-MM"
    undated: int  # actions whose timetable names no date


def board_report(
    plan, as_at=None, since: dt.date | None = None, history: PlanHistory | None = None
) -> BoardReport:
    history = history or PlanHistory(plan)
    day = as_at_date(as_at)
    since = since or day - dt.timedelta(days=DEFAULT_SINCE_DAYS)
    draft = history.draft_at(day)
    actions = history.actions_at(day)
    return BoardReport(
        title=draft.title,
        as_at=day,
        draft=draft,
        actions=actions,
        by_recommendation=rag_by_recommendation(draft),
        totals=RagCount("Whole plan", counts=Counter(a.draft.rag for a in actions)),
        overdue=overdue(actions, day),
        slipping=slipping(actions),
        changes=changes_between(plan, min(since, day), day, history),
        trend=rag_trend(history, plan.created_at.date(), day),
        due_by_month=due_by_month(actions),
        undated=sum(1 for a in actions if a.due_date is None),
    )


def rag_by_recommendation(draft: PlanDraft) -> list[RagCount]:
    return [
        RagCount(rec.number, rec.text, Counter(action.rag for action in rec.actions))
        for rec in draft.recommendations
    ]


def overdue(actions: list[ActionAt], today: dt.date) -> list[ActionAt]:
    """Past their due date and not complete."""
    return [a for a in actions if a.due_date and a.due_date < today and a.draft.rag != "blue"]


def slipping(actions: list[ActionAt]) -> list[ActionAt]:
    """Due later than first agreed."""
    return [a for a in actions if a.due_date and a.baseline_due and a.due_date > a.baseline_due]


def month_ends(first: dt.date, last: dt.date, limit: int = TREND_MONTHS) -> list[dt.date]:
    """The last day of each month from `first`'s month up to `last`, which ends the list itself."""
    ends = []
    year, month = first.year, first.month
    while True:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        if end >= last:
            break
        ends.append(end)
        year, month = following.year, following.month
    return [*ends[-(limit - 1) :], last] if limit > 1 else [last]


def rag_trend(history: PlanHistory, first: dt.date, last: dt.date) -> list[RagCount]:
    if last < first:
        return []
    return [RagCount(end.isoformat(), counts=history.rag_counts_at(end)) for end in month_ends(first, last)]


def due_by_month(actions: list[ActionAt]) -> list[RagCount]:
    months: dict[str, Counter] = {}
    for action in sorted((a for a in actions if a.due_date), key=lambda a: a.due_date):
        months.setdefault(f"{action.due_date:%Y-%m}", Counter())[action.draft.rag] += 1
    return [RagCount(month, counts=counts) for month, counts in months.items()]
