"""The board report section of the Word paper: counts by RAG, overdue and slipping actions, what
changed. Figures go in tables, lists in bullets; the charts of the web report and the PDF appear
here as their data tables (python-docx cannot place SVG). Nothing here is laid out like the
appendix table, so the Word reader reading our paper back finds only the plan."""

from __future__ import annotations

from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.exports.docx_parts import repeat_as_header, row_cells, set_style, style_id
from actionplan.exports.paper import as_at_line
from actionplan.reports import wording
from actionplan.reports.summary import RAG_KEYS, BoardReport, RagCount


def add_report(doc, report: BoardReport) -> None:
    doc.add_heading("Board report", level=1)
    doc.add_paragraph(
        f"{as_at_line(report.as_at)}. Changes are those since {wording.day(report.changes.since)}. "
        f"{len(report.actions)} actions in {len(report.draft.recommendations)} recommendations."
    )
    doc.add_heading("RAG ratings by recommendation", level=2)
    _counts_table(doc, "Recommendation", [*report.by_recommendation, report.totals])
    overdue = [wording.overdue_line(a) for a in report.overdue]
    _bullets(doc, "Overdue actions", overdue, "No action is overdue.")
    _bullets(
        doc, "Actions due later than first agreed", [wording.slipping_line(a) for a in report.slipping],
        "No action is due later than first agreed.",
    )  # fmt: skip
    _changes(doc, report)
    doc.add_heading("RAG ratings at the end of each month", level=2)
    _counts_table(doc, "Month end", report.trend, label=wording.day)
    doc.add_heading("Actions due each month", level=2)
    _counts_table(doc, "Month due", report.due_by_month, label=lambda m: wording.day(m + "-01")[2:].strip())
    if report.undated:
        doc.add_paragraph(f"{report.undated} action(s) have a timetable that names no date.")


def _counts_table(doc, first_header: str, rows: list[RagCount], label=str) -> None:
    headers = [first_header, *(RAG_LABELS[key] for key in RAG_KEYS), "Total"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    repeat_as_header(table.rows[0])
    for cell, text in zip(row_cells(table.rows[0]), headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        values = [label(row.label), *(str(n) for _, n in row.ordered()), str(row.total)]
        for cell, text in zip(row_cells(table.add_row()), values, strict=True):
            cell.paragraphs[0].add_run(text)


def _bullets(doc, heading: str, lines: list[str], empty: str, level: int = 2) -> None:
    doc.add_heading(heading, level=level)
    if not lines:
        doc.add_paragraph(empty)
    bullet = style_id(doc, "List Bullet")
    for line in lines:
        set_style(doc.add_paragraph(line), bullet)


def _changes(doc, report: BoardReport) -> None:
    changes = report.changes
    doc.add_heading(f"What changed since {wording.day(changes.since)}", level=2)
    if changes.is_empty():
        doc.add_paragraph("Nothing changed in this period.")
        return
    sections = [
        ("RAG ratings", [wording.rag_move_line(c) for c in changes.rag_moves]),
        ("Due dates", [wording.due_line(c) for c in changes.due_dates]),
        ("Completed", [wording.event_line(c) for c in changes.completed]),
        ("Signed off", [wording.event_line(c) for c in changes.signed_off]),
        ("New actions", [wording.event_line(c) for c in changes.new_actions]),
        ("Archived actions", [wording.event_line(c) for c in changes.archived_actions]),
        ("Progress notes", [wording.note_line(c) for c in changes.notes]),
    ]
    for heading, lines in sections:
        if lines:
            _bullets(doc, heading, lines, "", level=3)
