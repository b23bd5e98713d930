"""The plan as it stood at the end of a day: rebuilt from the current rows and the ChangeEvent trail.

Conventions (see ChangeEvent): the value of a field as at T is the `old` of the earliest "changed"
event after T for that field, else the current value. Rows created after T are left out, and so are
rows archived at T; notes count when written by T and not yet superseded by a note written by T.
Order follows the "position" changes, and an action moved between recommendations sits under the
one it was under then. Only events after T are read, so a snapshot taken today of last month is
the same next year.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.plans.models import Action, ActionLead, ChangeEvent, ProgressNote, Recommendation

LONDON = ZoneInfo("Europe/London")
ARCHIVE_KINDS = ("archived", "restored")
NOTE_FIELDS = ("id", "action_id", "text", "created_at", "supersedes_id", "position")


def cutoff(when: dt.date | dt.datetime | None) -> dt.datetime:
    """The last moment `when` covers: a date means the end of that day in London."""
    if when is None:
        return timezone.now()
    if isinstance(when, dt.datetime):
        return when if timezone.is_aware(when) else when.replace(tzinfo=LONDON)
    next_day = dt.datetime.combine(when + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    return next_day - dt.timedelta(microseconds=1)


def as_at_date(when: dt.date | dt.datetime | None) -> dt.date:
    """The calendar day (London) a snapshot describes, for titles and 'overdue' sums."""
    return cutoff(when).astimezone(LONDON).date()


@dataclass
class ActionAt:
    """One action in a snapshot: its content as a draft plus what the draft has no field for."""

    id: int
    recommendation_id: int
    recommendation_number: str
    ref: str  # "3.2": recommendation number and position, as boards cite them
    draft: ActionDraft
    baseline_due: dt.date | None

    @property
    def due_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.draft.due.date) if self.draft.due.date else None


class PlanHistory:
    """Everything needed to rebuild a plan at any moment, loaded once (a fixed number of queries),
    so a monthly trend costs no more queries than one snapshot."""

    def __init__(self, plan):
        self.plan = plan
        self.recs = list(Recommendation.objects.filter(plan=plan).order_by("position", "id"))
        self.actions = list(Action.objects.filter(plan=plan).order_by("position", "id"))
        self.leads = _current_leads(plan)
        self.notes = defaultdict(list)
        notes = ProgressNote.objects.filter(action__plan=plan).only(*NOTE_FIELDS)
        for note in notes.order_by("created_at", "position", "id"):
            self.notes[note.action_id].append(note)
        # Indexed by owner so each lookup reads only that row's own events, in time order. Only the
        # kinds read here are loaded: a plan's "note" events outnumber the rest many times over.
        self.changes = defaultdict(list)  # (owner, field) -> [event]
        self.archiving = defaultdict(list)  # owner -> [event]
        events = ChangeEvent.objects.filter(plan=plan, kind__in=("changed", *ARCHIVE_KINDS))
        for event in events.order_by("at", "id"):
            if event.kind == "changed":
                self.changes[(_owner(event), event.field)].append(event)
            elif event.kind in ARCHIVE_KINDS:
                self.archiving[_owner(event)].append(event)

    def draft_at(self, when=None) -> PlanDraft:
        moment = cutoff(when)
        by_rec = defaultdict(list)
        for action in self.actions_at(moment):
            by_rec[action.recommendation_id].append(action.draft)
        recs = self._recs_at(moment) if self.plan.created_at <= moment else []
        return PlanDraft(
            title=self._value(moment, PLAN, "title", self.plan.title),
            organisation=self.plan.organisation,
            inspection=self.plan.inspection,
            recommendations=[
                RecommendationDraft(number=number, text=text, actions=by_rec[rec_id])
                for rec_id, number, text in recs
            ],
        )

    def rag_counts_at(self, when=None) -> Counter:
        """How many live actions had each RAG rating at the moment: what actions_at would count,
        without building each action's draft (a 24-month trend asks this 24 times)."""
        moment = cutoff(when)
        numbers = {rec_id: number for rec_id, number, _ in self._recs_at(moment)}
        return Counter(
            self._value(moment, ("action", action.id), "rag", action.rag)
            for action in self.actions
            if self._live(action, moment, ("action", action.id))
            and self._rec_of(action, moment, numbers) in numbers
        )

    def actions_at(self, when=None, *, with_notes: bool = True) -> list[ActionAt]:
        moment = cutoff(when)
        recs = self._recs_at(moment)
        numbers = {rec_id: number for rec_id, number, _ in recs}
        order = {rec_id: i for i, (rec_id, _, _) in enumerate(recs)}
        placed = [
            (self._rec_of(action, moment, numbers), self._position(action, moment), action)
            for action in self.actions
            if self._live(action, moment, ("action", action.id))
        ]
        placed = sorted((p for p in placed if p[0] in numbers), key=lambda p: (order[p[0]], p[1], p[2].id))
        counters = defaultdict(int)
        found = []
        for rec_id, _, action in placed:
            counters[rec_id] += 1
            baseline = self._value(
                moment, ("action", action.id), "baseline_due_date", _iso(action.baseline_due_date)
            )
            found.append(
                ActionAt(
                    id=action.id,
                    recommendation_id=rec_id,
                    recommendation_number=numbers[rec_id],
                    ref=f"{numbers[rec_id]}.{counters[rec_id]}",
                    draft=self._action_draft(action, moment, with_notes),
                    baseline_due=_date(baseline),
                )
            )
        return found

    def _recs_at(self, moment) -> list[tuple[int, str, str]]:
        """(id, number, text) of the recommendations live at the moment, in plan order then."""
        live = [rec for rec in self.recs if self._live(rec, moment, ("rec", rec.id))]
        live.sort(key=lambda rec: (self._position(rec, moment), rec.id))
        return [
            (
                rec.id,
                self._value(moment, ("rec", rec.id), "number", rec.number),
                self._value(moment, ("rec", rec.id), "text", rec.text),
            )
            for rec in live
        ]

    def _position(self, row, moment) -> int:
        owner = ("action", row.id) if isinstance(row, Action) else ("rec", row.id)
        return self._value(moment, owner, "position", row.position) or 0

    def _rec_of(self, action, moment, numbers: dict[int, str]) -> int:
        """The recommendation the action sat under then: a move records the old one by number."""
        number = self._value(moment, ("action", action.id), "recommendation", None)
        if number is None:
            return action.recommendation_id
        return next((rec_id for rec_id, n in numbers.items() if n == number), action.recommendation_id)

    def _action_draft(self, action, moment, with_notes: bool = True) -> ActionDraft:
        owner = ("action", action.id)

        def value(field, current):
            return self._value(moment, owner, field, current)

        return ActionDraft(
            text=value("text", action.text),
            leads=list(value("leads", self.leads.get(action.id, []))),
            due=Due(text=value("due_text", action.due_text), date=value("due_date", _iso(action.due_date))),
            rag=value("rag", action.rag),
            notes=[note.text for note in self._notes_at(action.id, moment)] if with_notes else [],
            extra=value("extra", action.extra or {}),
        )

    def _notes_at(self, action_id, moment) -> list[ProgressNote]:
        written = [n for n in self.notes[action_id] if n.created_at <= moment]
        replaced = {n.supersedes_id for n in written if n.supersedes_id}
        return [n for n in written if n.id not in replaced]

    def _value(self, moment, owner, field, current):
        """`old` of the earliest change to this field after the moment, else the current value."""
        events = self.changes.get((owner, field), ())
        later = bisect.bisect_right([e.at for e in events], moment)
        return events[later].old if later < len(events) else current

    def _live(self, row, moment, owner) -> bool:
        """Created by the moment and not archived at it (the last archive/restore by then decides)."""
        if row.created_at > moment:
            return False
        kinds = [e.kind for e in self.archiving.get(owner, ()) if e.at <= moment]
        if kinds:
            return kinds[-1] == "restored"
        return row.archived_at is None or row.archived_at > moment


PLAN = ("plan", None)


def _owner(event) -> tuple[str, int | None]:
    """Whose field an event is about: an action's, else a recommendation's, else the plan's."""
    if event.action_id is not None:
        return ("action", event.action_id)
    if event.recommendation_id is not None:
        return ("rec", event.recommendation_id)
    return PLAN


def _current_leads(plan) -> dict[int, list[str]]:
    leads = defaultdict(list)
    links = ActionLead.objects.filter(action__plan=plan).select_related("person").order_by("position", "id")
    for link in links:
        leads[link.action_id].append(link.person.name)
    return leads


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def plan_as_at(plan, when=None) -> PlanDraft:
    """The plan as known at the end of `when` (a date, London time) or at a moment; now if None."""
    return PlanHistory(plan).draft_at(when)


def actions_as_at(plan, when=None) -> list[ActionAt]:
    return PlanHistory(plan).actions_at(when)
