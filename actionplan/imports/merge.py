"""Importing a newer version of a plan's document into the plan it came from.

`plan_import_diff(plan, draft)` reads (never writes) what the import would do: which of the
document's recommendations and actions match the plan's (by number and by wording), which key
points are new progress notes, which RAG ratings and timetables changed, what is new and what
cannot be placed. `apply_import_update(plan, draft, by, source_filename)` does it in one
transaction through the write layer, so every change is a ChangeEvent like any other; importing
the same document again finds nothing left to do.

Matching:
- a recommendation matches the plan's of the same number and similar wording; failing that, one
  of near-identical wording (renumbered); failing that, the one of the same number (reworded);
- an action matches, within its recommendation, the action of most similar wording; failing that,
  the one in the same place with some wording in common; failing both, an action of near-identical
  wording anywhere in the plan (moved between recommendations);
- a key point is new unless the action already has a note of the same (or almost the same) text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.plans import writes
from actionplan.plans.models import Action, Plan, ProgressNote, Recommendation
from actionplan.plans.writes import structure as writes_structure

REC_SAME_NUMBER = 0.4  # wording a recommendation of the same number must share
REC_RENUMBERED = 0.75  # wording a recommendation of another number must share
ACTION_SAME = 0.6  # wording an action must share with one in its recommendation
ACTION_SAME_PLACE = 0.3  # ... or with the action in the same place
ACTION_MOVED = 0.85  # ... or with an action under another recommendation
NOTE_SAME = 0.9  # a key point this close to an existing note is that note
COMPLETE_EVIDENCE = "Marked complete in the imported document"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..1, word by word (case, punctuation and bullets ignored)."""
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return 1.0
    if not wa or not wb:
        return 0.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _same_note(text: str, existing: list[list[str]]) -> bool:
    words = _words(text)
    if not words:
        return True
    for other in existing:
        if other == words:
            return True
        matcher = SequenceMatcher(None, words, other, autojunk=False)
        if matcher.real_quick_ratio() >= NOTE_SAME and matcher.ratio() >= NOTE_SAME:
            return True
    return False


# What the import would do ---------------------------------------------------------------------


@dataclass
class RecMatch:
    index: int  # the recommendation's place in the document, from 0
    draft: RecommendationDraft
    rec: Recommendation | None  # None: a new recommendation
    how: str  # "same number and wording", "renumbered", "reworded", "new"
    similarity: float = 0.0

    @property
    def archived(self) -> bool:
        return self.rec is not None and self.rec.archived_at is not None


@dataclass
class ActionChange:
    """A document action matched to a plan action, and what the import changes on it."""

    kind: ClassVar[str] = "matched"

    key: tuple[int, int]  # (recommendation, action) place in the document, from 0
    draft: ActionDraft
    action: Action
    how: str  # "same wording", "reworded", "same place", "moved"
    similarity: float
    new_notes: list[str] = field(default_factory=list)
    rag: tuple[str | None, str] | None = None  # (old, new)
    due: tuple[str, Due] | None = None  # (old timetable as written, new Due)

    @property
    def label(self) -> str:
        return self.action.ref

    @property
    def archived(self) -> bool:
        return self.action.archived_at is not None or self.action.recommendation.archived_at is not None

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_notes or self.rag or self.due)


@dataclass
class NewAction:
    kind: ClassVar[str] = "new"
    key: tuple[int, int]
    draft: ActionDraft
    rec_match: RecMatch

    @property
    def label(self) -> str:
        return f"{self.rec_match.draft.number}.{self.key[1] + 1}"


@dataclass
class Unplaced:
    """Something in the document the import cannot put into the plan, and why."""

    kind: ClassVar[str] = "unplaced"

    where: str  # "recommendation 4, action 2" as the document numbers it
    text: str
    reason: str
    key: tuple[int, int | None] | None = None


@dataclass
class ImportDiff:
    recommendations: list[RecMatch] = field(default_factory=list)
    actions: list[ActionChange] = field(default_factory=list)
    new_actions: list[NewAction] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    not_in_document: list[str] = field(default_factory=list)  # plan actions the document lacks

    @property
    def matched_recommendations(self) -> list[RecMatch]:
        return [m for m in self.recommendations if m.rec is not None]

    @property
    def new_recommendations(self) -> list[RecMatch]:
        unplaced = {u.key for u in self.unplaced}
        return [m for m in self.recommendations if m.rec is None and (m.index, None) not in unplaced]

    @property
    def applicable(self) -> list[ActionChange]:
        return [c for c in self.actions if c.changes_anything and not c.archived]

    @property
    def note_count(self) -> int:
        return sum(len(c.new_notes) for c in self.applicable) + sum(
            len(n.draft.notes) for n in self.new_actions
        )

    @property
    def rag_changes(self) -> list[ActionChange]:
        return [c for c in self.applicable if c.rag]

    @property
    def due_changes(self) -> list[ActionChange]:
        return [c for c in self.applicable if c.due]

    @property
    def is_empty(self) -> bool:
        return not (self.applicable or self.new_recommendations or self.new_actions)

    def for_key(self, key: tuple[int, int]):
        """What the import does with the document's action at key: an ActionChange, a NewAction,
        an Unplaced, or None."""
        for item in (*self.actions, *self.new_actions, *self.unplaced):
            if item.key == key:
                return item
        return None


def plan_import_diff(plan: Plan, draft: PlanDraft) -> ImportDiff:
    """What importing `draft` into `plan` would do. Reads only."""
    # Live recommendations first, so a number shared with an archived one finds the live one.
    recs = sorted(
        Recommendation.objects.filter(plan=plan), key=lambda r: (r.archived_at is not None, r.position, r.pk)
    )
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("recommendation")
        .order_by("recommendation__position", "position")
    )
    notes: dict[int, list[list[str]]] = {}
    for action_id, text in ProgressNote.objects.filter(action__plan=plan).values_list("action_id", "text"):
        notes.setdefault(action_id, []).append(_words(text))

    diff = ImportDiff(recommendations=_match_recommendations(draft.recommendations, recs))
    by_rec: dict[int, list[Action]] = {}
    for action in actions:
        by_rec.setdefault(action.recommendation_id, []).append(action)

    taken: set[int] = set()
    loose: list[tuple[tuple[int, int], ActionDraft, RecMatch]] = []
    for match in diff.recommendations:
        candidates = by_rec.get(match.rec.pk, []) if match.rec else []
        pairs = _match_actions(match.draft.actions, candidates)
        for ai, action_draft in enumerate(match.draft.actions):
            key = (match.index, ai)
            if ai in pairs:
                action, how, score = pairs[ai]
                taken.add(action.pk)
                diff.actions.append(_change(key, action_draft, action, how, score, notes))
            else:
                loose.append((key, action_draft, match))

    # Actions moved from one recommendation to another keep their wording.
    free = [a for a in actions if a.pk not in taken]
    for key, action_draft, match in loose:
        best = max(free, key=lambda a: similarity(action_draft.text, a.text), default=None)
        score = similarity(action_draft.text, best.text) if best else 0.0
        if best is not None and score >= ACTION_MOVED:
            free.remove(best)
            taken.add(best.pk)
            diff.actions.append(_change(key, action_draft, best, "moved", score, notes))
        else:
            _new_action(diff, key, action_draft, match)

    _check_new_recommendations(diff, recs)
    diff.actions.sort(key=lambda c: c.key)
    diff.not_in_document = [
        a.ref
        for a in actions
        if a.pk not in taken and a.archived_at is None and a.recommendation.archived_at is None
    ]
    return diff


def _match_recommendations(drafts: list[RecommendationDraft], recs: list[Recommendation]) -> list[RecMatch]:
    free = list(recs)
    found: dict[int, RecMatch] = {}

    def take(index, rec, how, score):
        free.remove(rec)
        found[index] = RecMatch(index, drafts[index], rec, how, score)

    for index, rec_draft in enumerate(drafts):  # same number, similar wording
        rec = next((r for r in free if r.number == rec_draft.number), None)
        score = similarity(rec_draft.text, rec.text) if rec else 0.0
        if rec is not None and (score >= REC_SAME_NUMBER or not rec_draft.text.strip()):
            take(index, rec, "same number and wording", score)
    for index, rec_draft in enumerate(drafts):  # the same wording under another number
        if index in found or not free:
            continue
        rec = max(free, key=lambda r: similarity(rec_draft.text, r.text))
        score = similarity(rec_draft.text, rec.text)
        if score >= REC_RENUMBERED:
            take(index, rec, "renumbered", score)
    for index, rec_draft in enumerate(drafts):  # the same number, reworded
        if index in found:
            continue
        rec = next((r for r in free if r.number == rec_draft.number), None)
        if rec is not None:
            take(index, rec, "reworded", similarity(rec_draft.text, rec.text))
    return [found.get(i) or RecMatch(i, d, None, "new") for i, d in enumerate(drafts)]


def _match_actions(drafts: list[ActionDraft], actions: list[Action]) -> dict[int, tuple[Action, str, float]]:
    """{document action index: (plan action, how, similarity)} within one recommendation."""
    scores = sorted(
        ((similarity(d.text, a.text), di, ai) for di, d in enumerate(drafts) for ai, a in enumerate(actions)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    pairs: dict[int, tuple[Action, str, float]] = {}
    used: set[int] = set()
    for score, di, ai in scores:
        if score >= ACTION_SAME and di not in pairs and ai not in used:
            pairs[di] = (actions[ai], "same wording" if score >= 0.999 else "reworded", score)
            used.add(ai)
    for score, di, ai in scores:  # the same place, some wording in common
        if di == ai and score >= ACTION_SAME_PLACE and di not in pairs and ai not in used:
            pairs[di] = (actions[ai], "same place", score)
            used.add(ai)
    return pairs


def _change(key, action_draft: ActionDraft, action: Action, how, score, notes) -> ActionChange:
    change = ActionChange(key, action_draft, action, how, score)
    existing = list(notes.get(action.pk, []))
    for text in action_draft.notes:
        if text.strip() and not _same_note(text, existing):
            change.new_notes.append(text.strip())
            existing.append(_words(text))
    if action_draft.rag and action_draft.rag != action.rag:
        change.rag = (action.rag, action_draft.rag)
    change.due = _due_change(action_draft.due, action)
    return change


def _due_change(due: Due, action: Action) -> tuple[str, Due] | None:
    text = (due.text or "").strip()
    if not text:
        return None  # the document gives no timetable: keep the plan's
    current = action.due_date.isoformat() if action.due_date else None
    if due.date != current:
        return (action.due_text, due)
    if due.date is None and _words(text) != _words(action.due_text):
        return (action.due_text, due)
    return None


def _new_action(diff: ImportDiff, key, action_draft: ActionDraft, match: RecMatch) -> None:
    where = f"recommendation {match.draft.number}, action {key[1] + 1}"
    text = action_draft.text.strip()
    reason = None
    if match.archived:
        reason = f"Recommendation {match.rec.number} is archived in the plan: restore it to add actions."
    elif not text:
        reason = "The action has no text."
    elif not [lead for lead in action_draft.leads if lead.strip()]:
        reason = "The action names no lead officer, and every action needs one: add it on the plan page."
    if reason:
        diff.unplaced.append(Unplaced(where, text, reason, key))
    else:
        diff.new_actions.append(NewAction(key, action_draft, match))


def _check_new_recommendations(diff: ImportDiff, recs: list[Recommendation]) -> None:
    """New recommendations need a number and text, and a number no live recommendation has."""
    numbers = {r.number for r in recs if r.archived_at is None}
    for match in diff.recommendations:
        if match.rec is not None:
            continue
        number, text = match.draft.number.strip().rstrip("."), match.draft.text.strip()
        reason = None
        if not number or not text:
            reason = "The recommendation has no number or no text."
        elif number in numbers:
            reason = f"The plan already has a recommendation {number} with different wording."
        numbers.add(number)
        if reason is None:
            continue
        diff.unplaced.append(
            Unplaced(f"recommendation {match.draft.number}", text, reason, (match.index, None))
        )
        for new in [n for n in diff.new_actions if n.rec_match is match]:
            diff.new_actions.remove(new)
            diff.unplaced.append(
                Unplaced(
                    f"recommendation {match.draft.number}, action {new.key[1] + 1}",
                    new.draft.text,
                    "Its recommendation cannot be added.",
                    new.key,
                )
            )


# Doing it ---------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    source: str
    matched_recommendations: int = 0
    matched_actions: int = 0
    notes_added: list[tuple[str, str]] = field(default_factory=list)  # (action label, text)
    rag_changes: list[tuple[str, str | None, str]] = field(default_factory=list)
    due_changes: list[tuple[str, str, str]] = field(default_factory=list)
    added_recommendations: list[str] = field(default_factory=list)
    added_actions: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    not_in_document: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.notes_added or self.rag_changes or self.due_changes or self.added_recommendations
            or self.added_actions
        )  # fmt: skip

    def summary(self) -> str:
        """One sentence for the page banner."""
        parts = [
            _count(len(self.notes_added), "progress note"),
            _count(len(self.rag_changes), "RAG change"),
            _count(len(self.due_changes), "due date change"),
            _count(len(self.added_recommendations), "new recommendation"),
            _count(len(self.added_actions), "new action"),
        ]
        parts = [p for p in parts if p]
        done = f"Imported {_join(parts)}" if parts else "Nothing new to import"
        matched = (
            f"matched {_count(self.matched_recommendations, 'recommendation')} and "
            f"{_count(self.matched_actions, 'action') or 'no actions'}"
        )
        unplaced = f"; {_count(len(self.unplaced), 'item')} could not be placed" if self.unplaced else ""
        return f"{done} from {self.source} ({matched}){unplaced}."

    def lines(self) -> list[str]:
        """The whole report, a line each, for the command line."""
        lines = [self.summary()]
        lines += [f"Added note to action {label}: {text}" for label, text in self.notes_added]
        lines += [
            f"Changed RAG of action {label}: {old or 'not rated'} -> {new}"
            for label, old, new in self.rag_changes
        ]
        lines += [
            f"Changed due date of action {label}: {old or 'none'} -> {new}"
            for label, old, new in self.due_changes
        ]
        lines += [f"Added recommendation {label}" for label in self.added_recommendations]
        lines += [f"Added action {label}" for label in self.added_actions]
        lines += [f"Could not place {u.where}: {u.reason}" for u in self.unplaced]
        if self.not_in_document:
            lines.append(
                f"In the plan but not in the document (left as they are): {', '.join(self.not_in_document)}"
            )
        return lines


def _count(n: int, noun: str) -> str:
    return "" if not n else f"{n} {noun}{'' if n == 1 else 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@transaction.atomic
def apply_import_update(plan: Plan, draft: PlanDraft, by, source_filename: str = "") -> ImportReport:
    """Merge the document into the plan, all or nothing, through the write layer."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)  # one import into a plan at a time
    diff = plan_import_diff(plan, draft)
    source = source_filename or "the imported document"
    reason = f"Imported from {source}"
    report = ImportReport(
        source=source,
        matched_recommendations=len(diff.matched_recommendations),
        matched_actions=len(diff.actions),
        unplaced=list(diff.unplaced),
        not_in_document=list(diff.not_in_document),
    )
    for change in diff.actions:
        if change.archived and change.changes_anything:
            report.unplaced.append(
                Unplaced(
                    _where(draft, change.key),
                    change.draft.text,
                    f"Action {change.label} is archived in the plan, so its changes were not applied.",
                    change.key,
                )
            )
        elif change.changes_anything:
            _apply_change(change.action, change.new_notes, change.rag, change.due, by, reason, report)

    created: dict[int, Recommendation] = {}
    for match in diff.new_recommendations:
        try:
            with transaction.atomic():
                rec = writes_structure.add_recommendation(plan, by, match.draft.number, match.draft.text)
        except ValidationError as exc:
            where = f"recommendation {match.draft.number}"
            report.unplaced.append(
                Unplaced(where, match.draft.text, " ".join(exc.messages), (match.index, None))
            )
            continue
        created[match.index] = rec
        report.added_recommendations.append(rec.number)
    for new in diff.new_actions:
        rec = new.rec_match.rec or created.get(new.rec_match.index)
        where = f"recommendation {new.rec_match.draft.number}, action {new.key[1] + 1}"
        if rec is None:
            report.unplaced.append(
                Unplaced(where, new.draft.text, "Its recommendation cannot be added.", new.key)
            )
            continue
        try:
            with transaction.atomic():
                action = writes_structure.add_action(
                    rec, by, new.draft.text, new.draft.leads, new.draft.due.text
                )
        except ValidationError as exc:
            report.unplaced.append(Unplaced(where, new.draft.text, " ".join(exc.messages), new.key))
            continue
        report.added_actions.append(action.ref)
        rag = (None, new.draft.rag) if new.draft.rag else None
        _apply_change(action, new.draft.notes, rag, None, by, reason, report)
    return report


def _where(draft: PlanDraft, key: tuple[int, int]) -> str:
    return f"recommendation {draft.recommendations[key[0]].number}, action {key[1] + 1}"


def _apply_change(action, notes, rag, due, by, reason, report) -> None:
    label = action.ref
    for text in notes:
        if text.strip():
            writes.record_update(action, by, text=text)
            report.notes_added.append((label, text.strip()))
    if rag:
        evidence = writes.EvidenceInput(note=COMPLETE_EVIDENCE) if rag[1] == "blue" else None
        writes.record_update(action, by, rag=rag[1], reason=reason, evidence=evidence)
        report.rag_changes.append((label, rag[0], rag[1]))
    if due:
        old_text, new = due
        when = dt.date.fromisoformat(new.date) if new.date else None
        writes.revise_due_date(action, by, due_date=when, due_text=new.text, reason=reason)
        report.due_changes.append((label, old_text, new.text))
