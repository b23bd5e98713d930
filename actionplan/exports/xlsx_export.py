"""The appendix as Excel: one row per action, so it can be filtered and sorted. The header is frozen
and filtered, RAG cells carry the word and the fill, and a timetable that names a date is a real
date cell shown in the plan's own words (see excel_dates). The columns are the seed's six, so the
file reads back through the Excel reader as the same plan."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actionplan.exports import register
from actionplan.exports.excel_dates import timetable_cell
from actionplan.exports.paper import HEADERS, RAG_FILLS, as_at_line, extra_headers, rag_word, rec_label, rows
from actionplan.plans.asat import PlanHistory, as_at_date

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Width in characters per column, in header order: Recommendation ... Key points to note.
WIDTHS = (45, 60, 24, 20, 16, 70)
HEADER_ROW = 3
DUE_COLUMN = HEADERS.index("Timetable end date") + 1  # 1-based
RAG_COLUMN = HEADERS.index("RAG") + 1
WRAP = Alignment(wrap_text=True, vertical="top")


@register("xlsx", "xlsx", CONTENT_TYPE)
def write_xlsx(plan, as_at=None) -> bytes:
    draft = PlanHistory(plan).draft_at(as_at)
    extras = extra_headers(draft)
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    # Title and date above the table, as plan documents have them; the readers take the first line
    # as the plan's title.
    sheet.append([draft.title])
    sheet.append([as_at_line(as_at_date(as_at))])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [*HEADERS, *extras]
    sheet.append(headers)
    for rec, action in rows(draft):
        value, date_format = timetable_cell(action.due.text, action.due.date)
        sheet.append(_row(rec, action, value, extras))
        if date_format:
            sheet.cell(row=sheet.max_row, column=DUE_COLUMN).number_format = date_format
        _fill_rag(sheet.cell(row=sheet.max_row, column=RAG_COLUMN), action.rag)
    _style(sheet, len(headers))
    book.properties.title = draft.title
    book.properties.subject = as_at_line(as_at_date(as_at))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(rec, action, timetable, extras) -> list:
    return [
        rec_label(rec),
        action.text,
        "\n".join(action.leads),
        timetable,
        rag_word(action.rag),
        "\n".join(action.notes),
        *("\n".join(action.extra.get(key, [])) for key in extras),
    ]


def _style(sheet, columns: int) -> None:
    for index in range(1, columns + 1):
        width = WIDTHS[index - 1] if index <= len(WIDTHS) else 30
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = WRAP
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(columns)}{sheet.max_row}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1


def _fill_rag(cell, rag) -> None:
    if rag in RAG_FILLS:
        cell.fill = PatternFill(fill_type="solid", start_color=RAG_FILLS[rag], end_color=RAG_FILLS[rag])
        cell.font = Font(bold=True)
