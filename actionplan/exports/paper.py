"""What every exporter of the appendix shares: the columns of the seed document, RAG words and
fills, and how structured text splits into paragraphs and bullets. The layout is the contract the
import readers rely on to read our files back (see design.md: six columns, "1. text", one lead per
paragraph, the RAG word in its cell, one note per bullet)."""

from __future__ import annotations

import datetime as dt

from actionplan.core.draft import ActionDraft, PlanDraft, RecommendationDraft
from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.core.rag import RATINGS as RAG_RATINGS

HEADERS = ("Recommendation", "Action", "Lead officer(s)", "Timetable end date", "RAG", "Key points to note")
# The conventional fills plan documents use; the readers map these hues back to the rating.
RAG_FILLS = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "00B0F0"}
NOT_RATED = "Not rated"


def rag_word(rag: str | None) -> str:
    """The cell text: empty when not rated, as plan documents leave it. A word on every rated cell,
    so the rating never rests on colour alone (WCAG 1.4.1)."""
    return RAG_LABELS[rag] if rag in RAG_RATINGS else ""


def rec_label(rec: RecommendationDraft) -> str:
    return f"{rec.number}. {rec.text}" if rec.number else rec.text


def blocks(text: str) -> list[tuple[str, str]]:
    """Structured text as ("p", line) and ("li", item) blocks: "- item" lines are list items."""
    found = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            found.append(("li", stripped[2:].strip()))
        elif stripped:
            found.append(("p", stripped))
    return found


def extra_headers(draft: PlanDraft) -> list[str]:
    """Columns beyond the six (measures, evidence ...) in the order the plan first uses them."""
    seen = {}
    for _, action in rows(draft):
        seen.update(dict.fromkeys(action.extra))
    return list(seen)


def rows(draft: PlanDraft) -> list[tuple[RecommendationDraft, ActionDraft]]:
    return [(rec, action) for rec in draft.recommendations for action in rec.actions]


def long_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def as_at_line(day: dt.date) -> str:
    return f"Position as at {long_date(day)}"


def file_name(title: str, day: dt.date, extension: str) -> str:
    """A download name people recognise: the title's words, the as-at date, the extension."""
    words = [w for w in "".join(c if c.isascii() and c.isalnum() else " " for c in title.lower()).split()]
    stem = ""
    for word in words:  # whole words only, up to a length file systems and mail clients are happy with
        if len(stem) + len(word) + 1 > 64:
            break
        stem = f"{stem}-{word}" if stem else word
    return f"{stem or 'action-plan'}-as-at-{day.isoformat()}.{extension}"
