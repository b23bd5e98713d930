"""The tracking picture of actions at a moment: this cycle's period, whether each action has an
update in it (one definition, cycles.counted_updates, shared with the reminders), overdue,
slippage, suggested RAG and roll-ups. List pages build it in a fixed number of queries whatever the
number of actions or plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from actionplan.plans import status
from actionplan.plans.cycles import counted_updates, midnight, period_containing, updated_since
from actionplan.plans.models import (
    ActionLead,
    ChangeEvent,
    CycleKind,
    EventKind,
    ProgressNote,
    ReportingCycle,
)
from actionplan.plans.queries import live_actions


@dataclass(frozen=True)
class Period:
    label: str
    starts: dt.date
    ends: dt.date
    deadline: dt.date

    def start_moment(self):
        return midnight(self.starts)


def current_periods(plans, today: dt.date) -> dict[int, Period | None]:
    """Each plan's current reporting period: computed for monthly and quarterly plans, looked up
    (one query) for plans with custom cycle dates."""
    plans = list(plans)
    custom_ids = [p.id for p in plans if p.cycle_kind == CycleKind.CUSTOM]
    custom = {}
    for cycle in ReportingCycle.objects.filter(plan_id__in=custom_ids, starts__lte=today, ends__gte=today):
        custom.setdefault(cycle.plan_id, Period(cycle.label, cycle.starts, cycle.ends, cycle.deadline))
    periods = {}
    for plan in plans:
        if plan.cycle_kind == CycleKind.CUSTOM:
            periods[plan.id] = custom.get(plan.id)
            continue
        starts, ends, label = period_containing(plan.cycle_kind, today)
        periods[plan.id] = Period(label, starts, ends, ends + dt.timedelta(days=plan.update_deadline_days))
    return periods


def with_tracking_annotations(actions, since=None):
    """Annotate an Action queryset: last_update_at (the latest update that counts, see
    cycles.counted_updates), due_moves, and updated_since (an update counted since `since`, an
    aware datetime or None)."""
    moves = (
        ChangeEvent.objects.filter(action=OuterRef("pk"), kind=EventKind.CHANGED, field="due_date")
        .values("action")
        .annotate(n=Count("id"))
        .values("n")
    )
    # Subqueries, not a join on events with GROUP BY over every action column: each reads one
    # action's own events through the (action, at) index.
    latest = counted_updates().filter(action=OuterRef("pk")).order_by("-at")
    actions = actions.annotate(
        last_update_at=Subquery(latest.values("at")[:1]),
        due_moves=Coalesce(Subquery(moves), 0),
    )
    if since is not None:
        actions = actions.annotate(updated_since=updated_since(since))
    return actions


@dataclass
class ActionStatus:
    overdue: bool
    state: str
    updated_this_cycle: bool
    slippage: status.Slippage | None
    suggestion: status.Suggestion


def describe(action, plan, period: Period | None, today: dt.date) -> ActionStatus:
    updated = bool(getattr(action, "updated_since", False))
    return ActionStatus(
        overdue=status.is_overdue(action, today),
        state=status.completion_state(action, plan),
        updated_this_cycle=updated,
        slippage=status.slippage(action, getattr(action, "due_moves", 0)),
        suggestion=status.suggest_rag(
            action,
            today,
            updated_this_cycle=updated,
            cycles_since_update=_cycles_since(action, plan, today),
            rules=plan.rag_rules,
        ),
    )


def _cycles_since(action, plan, today) -> int | None:
    last = getattr(action, "last_update_at", None)
    if last is None or plan.cycle_kind == CycleKind.CUSTOM:
        return None
    months = (today.year - last.year) * 12 + today.month - last.month
    return months // (3 if plan.cycle_kind == CycleKind.QUARTERLY else 1)


@dataclass
class RecommendationRollup:
    counts: dict
    overall: str | None


def rollup_of(actions, rule) -> RecommendationRollup:
    rags = [a.rag for a in actions]
    return RecommendationRollup(status.rag_counts(rags), status.rollup(rags, rule))


@dataclass
class Filters:
    rag: str = ""
    lead: str = ""
    overdue: bool = False
    due_within: int | None = None
    no_update: bool = False
    recommendation: str = ""
    q: str = ""
    archived: bool = False
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params) -> Filters:
        f = cls(
            rag=params.get("rag", ""),
            lead=params.get("lead", "").strip(),
            overdue=params.get("overdue") == "1",
            no_update=params.get("no_update") == "1",
            recommendation=params.get("recommendation", ""),
            q=params.get("q", "").strip()[:200],
            archived=params.get("archived") == "1",
        )
        if f.rag not in ("", "red", "amber", "green", "blue", "none"):
            f.errors["rag"] = "Choose a RAG status from the list."
            f.rag = ""
        within = params.get("due_within", "").strip()
        if within:
            if within.isdigit() and 0 < int(within) <= 3650:
                f.due_within = int(within)
            else:
                f.errors["due_within"] = "Enter the number of days as a whole number between 1 and 3650."
        return f

    @property
    def active(self) -> bool:
        return any(
            [self.rag, self.lead, self.overdue, self.due_within, self.no_update, self.recommendation, self.q]
        )

    def apply(self, actions, today: dt.date):
        """Narrow an annotated Action queryset (needs `updated_since` for no_update)."""
        if self.rag == "none":
            actions = actions.filter(rag__isnull=True)
        elif self.rag:
            actions = actions.filter(rag=self.rag)
        if self.lead:
            leads = ActionLead.objects.filter(action=OuterRef("pk"), person__name=self.lead)
            actions = actions.filter(Exists(leads))
        if self.overdue:
            actions = actions.filter(due_date__lt=today, completed_at__isnull=True)
        if self.due_within:
            actions = actions.filter(
                due_date__gte=today,
                due_date__lte=today + dt.timedelta(days=self.due_within),
                completed_at__isnull=True,
            )
        if self.no_update:
            actions = actions.filter(updated_since=False)
        if self.recommendation:
            actions = actions.filter(recommendation__number=self.recommendation)
        if self.q:
            # Exists, not joins: joining leads and notes multiplied each action by its notes (25
            # rows an action after two years of updates) and needed a DISTINCT over all of them.
            leads = ActionLead.objects.filter(action=OuterRef("pk"), person__name__icontains=self.q)
            notes = ProgressNote.objects.filter(action=OuterRef("pk"), text__icontains=self.q)
            actions = actions.filter(
                Q(text__icontains=self.q)
                | Q(recommendation__text__icontains=self.q)
                | Q(due_text__icontains=self.q)
                | Exists(leads)
                | Exists(notes)
            )
        return actions


def plan_actions(plan, period: Period | None, filters: Filters | None, today: dt.date, *, notes: bool = True):
    since = period.start_moment() if period else midnight(today)
    base = live_actions(include_archived=bool(filters and filters.archived), notes=notes).filter(plan=plan)
    actions = with_tracking_annotations(base, since=since)
    if filters:
        actions = filters.apply(actions, today)
    return actions.select_related("recommendation").order_by("recommendation__position", "position")
