"""The preview of an import: the plan as it will be saved, row by row, with each warning beside
the row or column it concerns (matched by ParseWarning.where: "recommendation 3, action 2",
"recommendation 3", "column 'Progress'"); warnings that name no row are listed at the top.

Besides the reader's warnings, the preview points out what the reader leaves silent but a person
should check before saving: an action with no text, a timetable that names no date we can read,
an action with no lead officer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actionplan.core.draft import ActionDraft, RecommendationDraft
from actionplan.ingest import ParseResult
from actionplan.ingest.table import FIELDS

FIELD_LABELS = {
    "number": "Recommendation number",
    "recommendation": "Recommendation",
    "action": "Action",
    "leads": "Lead officers",
    "due": "Timetable (due date)",
    "rag": "RAG rating",
    "notes": "Key points (progress notes)",
    "extra": "Keep as an extra column",
    "ignore": "Ignore this column",
}
FIELD_CHOICES = [(name, FIELD_LABELS[name]) for name in FIELDS]

_ACTION_WHERE = re.compile(r"^\s*recommendation\s+(?P<rec>\S+?)\s*,\s*action\s+(?P<action>\d+)\s*$", re.I)
_REC_WHERE = re.compile(r"^\s*recommendation\s+(?P<rec>\S+?)\s*$", re.I)
_COLUMN_WHERE = re.compile(r"^\s*column\s+['‘’\"](?P<header>.*)['‘’\"]\s*$", re.I | re.S)


@dataclass
class ActionRow:
    key: tuple[int, int]  # (recommendation, action) place in the document, from 0
    label: str  # "3.2", as the document numbers it
    draft: ActionDraft
    warnings: list[str] = field(default_factory=list)
    merge: object = None  # for an update: what the import does with it (merge.ActionChange, ...)


@dataclass
class RecommendationRow:
    index: int
    draft: RecommendationDraft
    actions: list[ActionRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merge: object = None  # for an update: the merge.RecMatch
    unplaced: object = None  # for an update: why a new recommendation cannot be added (merge.Unplaced)

    @property
    def rowspan(self) -> int:
        return max(len(self.actions), 1)

    @property
    def first(self) -> ActionRow | None:
        return self.actions[0] if self.actions else None

    @property
    def rest(self) -> list[ActionRow]:
        return self.actions[1:]


@dataclass
class MappingRow:
    index: int
    header: str
    field: str
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class Preview:
    title: str
    reader: str
    recommendations: list[RecommendationRow]
    mapping: list[MappingRow]
    general_warnings: list[str]
    counts: dict[str, int]

    @property
    def warning_count(self) -> int:
        placed = sum(len(r.warnings) + sum(len(a.warnings) for a in r.actions) for r in self.recommendations)
        return placed + sum(len(m.warnings) for m in self.mapping) + len(self.general_warnings)

    @property
    def rows_with_warnings(self) -> list[ActionRow | RecommendationRow]:
        rows: list[ActionRow | RecommendationRow] = []
        for rec in self.recommendations:
            if rec.warnings:
                rows.append(rec)
            rows += [a for a in rec.actions if a.warnings]
        return rows


def build_preview(result: ParseResult, diff=None) -> Preview:
    draft = result.draft
    recs = [
        RecommendationRow(
            index=ri,
            draft=rec,
            actions=[ActionRow((ri, ai), f"{rec.number}.{ai + 1}", a) for ai, a in enumerate(rec.actions)],
        )
        for ri, rec in enumerate(draft.recommendations)
    ]
    mapping = [MappingRow(i, header, name) for i, (header, name) in enumerate(result.mapping.items())]
    general = _place_warnings(result, recs, mapping)
    for rec in recs:
        for row in rec.actions:
            row.warnings += [w for w in review_action(row.draft) if w not in row.warnings]
    if diff is not None:
        for rec in recs:
            rec.merge = next((m for m in diff.recommendations if m.index == rec.index), None)
            rec.unplaced = next((u for u in diff.unplaced if u.key == (rec.index, None)), None)
            for row in rec.actions:
                row.merge = diff.for_key(row.key)
    counts = {
        "recommendations": len(draft.recommendations),
        "actions": draft.action_count(),
        "notes": draft.note_count(),
    }
    return Preview(draft.title, result.reader, recs, mapping, general, counts)


def _place_warnings(
    result: ParseResult, recs: list[RecommendationRow], mapping: list[MappingRow]
) -> list[str]:
    """Put each warning on its row or column; return those that name neither."""
    by_number: dict[str, RecommendationRow] = {}
    for rec in recs:
        by_number.setdefault(rec.draft.number.lower(), rec)
    by_header = {_key(row.header): row for row in mapping}
    general = []
    for warning in result.warnings:
        where = warning.where or ""
        target = None
        if match := _ACTION_WHERE.match(where):
            rec = by_number.get(match["rec"].lower().rstrip("."))
            index = int(match["action"]) - 1
            if rec is not None and 0 <= index < len(rec.actions):
                target = rec.actions[index]
        elif match := _REC_WHERE.match(where):
            target = by_number.get(match["rec"].lower().rstrip("."))
        elif match := _COLUMN_WHERE.match(where):
            target = by_header.get(_key(match["header"]))
        if target is not None:
            target.warnings.append(warning.message)
        else:
            general.append(str(warning))
    return general


def review_action(action: ActionDraft) -> list[str]:
    """What a person should check about an action before it is saved."""
    warnings = []
    if not action.text.strip():
        warnings.append("This action has no text.")
    if not [lead for lead in action.leads if lead.strip()]:
        warnings.append("No lead officer is named for this action.")
    due = (action.due.text or "").strip()
    if due and not action.due.date:
        warnings.append(
            f"The timetable '{due}' gives no date we can read, so the action will have no due date."
        )
    return warnings


def _key(text: str) -> str:
    return " ".join((text or "").lower().split())
