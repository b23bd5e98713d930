"""The board paper as Word: the board report, then the appendix laid out as the seed document,
landscape, so it can be sent as it is and read back by the Word reader."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from actionplan.core.draft import ActionDraft, PlanDraft
from actionplan.exports import docx_parts as parts
from actionplan.exports import register
from actionplan.exports.docx_report import add_report
from actionplan.exports.paper import (
    HEADERS,
    RAG_FILLS,
    as_at_line,
    blocks,
    extra_headers,
    rag_word,
    rec_label,
)
from actionplan.reports.summary import board_report

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Of the 267 mm between margins; the text-heavy columns get the room.
WIDTHS_MM = (45, 75, 30, 25, 20, 72)
EXTRA_WIDTH_MM = 35


@register("docx", "docx", CONTENT_TYPE)
def write_docx(plan, as_at=None) -> bytes:
    report = board_report(plan, as_at)
    doc = Document()
    _page_setup(doc, report.title, as_at_line(report.as_at))
    doc.add_paragraph(report.title, style="Title")
    add_report(doc, report)
    doc.add_page_break()
    doc.add_heading("Appendix: the action plan", level=1)
    add_plan_table(doc, report.draft, parts.style_id(doc, "List Bullet"))
    doc.core_properties.title = report.title[:255]  # Word's limit for a document property
    doc.core_properties.subject = as_at_line(report.as_at)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc, title: str, as_at: str) -> None:
    section = doc.sections[0]
    parts.landscape(section)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    header = section.header.paragraphs[0]
    header.text = f"{title}\n{as_at}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    parts.add_field(footer, "PAGE")
    footer.add_run(" of ")
    parts.add_field(footer, "NUMPAGES")


def add_plan_table(doc, draft: PlanDraft, bullet: str) -> None:
    extras = extra_headers(draft)
    headers = [*HEADERS, *extras]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, [*WIDTHS_MM, *[EXTRA_WIDTH_MM] * len(extras)], strict=True):
        column.width = Mm(width)
    header = table.rows[0]
    parts.repeat_as_header(header)
    for cell, text in zip(parts.row_cells(header), headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for rec in draft.recommendations:
        for i, action in enumerate(rec.actions):
            row = table.add_row()
            parts.cant_split(row)
            cells = parts.row_cells(row)
            _recommendation_cell(cells[0], rec_label(rec), first=i == 0, merged=len(rec.actions) > 1)
            _action_cells(cells[1:], action, extras, bullet)


def _recommendation_cell(cell, label: str, *, first: bool, merged: bool) -> None:
    """Written once, in the first row, and merged down over the recommendation's actions."""
    if first:
        cell.paragraphs[0].add_run(label)
    if merged:
        parts.vertical_merge(cell, first)


def _action_cells(cells, action: ActionDraft, extras: list[str], bullet: str) -> None:
    text, leads, due, rag, notes, *extra_cells = cells
    styled = [(bullet if kind == "li" else None, line) for kind, line in blocks(action.text)]
    parts.cell_paragraphs(text, styled)
    parts.cell_paragraphs(leads, [(None, name) for name in action.leads])
    parts.cell_paragraphs(due, [(None, action.due.text)] if action.due.text else [])
    if action.rag:
        parts.fill(rag, RAG_FILLS[action.rag])
        rag.paragraphs[0].add_run(rag_word(action.rag)).bold = True
    parts.cell_paragraphs(notes, [(bullet, note) for note in action.notes])
    for cell, key in zip(extra_cells, extras, strict=True):
        parts.cell_paragraphs(cell, [(None, value) for value in action.extra.get(key, [])])
