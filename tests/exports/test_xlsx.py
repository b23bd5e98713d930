"""The Excel appendix: one row per action, frozen and filtered header, real dates, RAG fills."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from actionplan.exports import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(history_plan):
    return load_workbook(io.BytesIO(export(history_plan, "xlsx", dt.date(2018, 4, 1)))).active


HEADER_ROW = 3
ROWS = range(HEADER_ROW + 1, HEADER_ROW + 19)
HEADERS = ["Recommendation", "Action", "Lead officer(s)", "Timetable end date", "RAG"]


def _column(sheet, header):
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    return headers.index(header) + 1


def test_title_and_date_above_one_row_per_action_under_a_frozen_filtered_header(sheet, history_plan):
    assert sheet["A1"].value == history_plan.title and sheet["A2"].value == "Position as at 1 April 2018"
    assert [c.value for c in sheet[HEADER_ROW]] == [*HEADERS, "Key points to note"]
    assert sheet.max_row == HEADER_ROW + 18
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:F21"


def test_timetables_naming_a_date_are_real_dates_shown_in_the_plan_s_words(sheet):
    words = _column(sheet, "Timetable end date")
    april = sheet.cell(4, words)
    assert april.is_date and april.value == dt.datetime(2018, 4, 30)
    assert april.number_format == "[$-809]mmmm yyyy"  # Excel shows "April 2018"
    revised = next(sheet.cell(row, words) for row in ROWS if sheet.cell(row, 1).value.startswith("4."))
    assert revised.value == dt.datetime(2018, 7, 31) and revised.number_format.endswith("mmmm yyyy")
    ongoing = [sheet.cell(row, words).value for row in ROWS if not sheet.cell(row, words).is_date]
    assert ongoing == ["Phase 2 of Catch 22 programme", "Ongoing"]


def test_rag_cells_carry_the_word_and_the_fill(sheet):
    rag = _column(sheet, "RAG")
    cells = {}  # the first action of each recommendation
    for row in ROWS:
        cells.setdefault(sheet.cell(row, 1).value.split(".")[0], sheet.cell(row, rag))
    assert cells["1"].value == "Green" and cells["1"].fill.fgColor.rgb.endswith("00B050")
    assert cells["3"].value == "Blue (complete)" and cells["3"].fill.fgColor.rgb.endswith("00B0F0")


def test_text_wraps_and_lists_keep_their_lines(sheet):
    action = sheet.cell(4, _column(sheet, "Action"))
    assert action.alignment.wrap_text
    assert "\n- Formal review points of open CIN" in action.value
    assert sheet.cell(4, _column(sheet, "Lead officer(s)")).value == "April Bald\nElaine Allegretti"
