"""The Excel reader: the plan's sheet, merged cells, real dates as Excel shows them, fill colours,
notes in a cell, repeated recommendations and column mappings."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from actionplan.ingest import ReadError, parse
from actionplan.ingest.xlsx_reader import date_text, number_text

HEADER = ["Recommendation", "Action", "Lead officer", "Target date", "RAG", "Comments"]


def book_with(rows, title="Action plan"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book, sheet


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(book, mapping=None):
    return parse(saved(book), "tracker.xlsx", mapping)


def solid(colour):
    return PatternFill("solid", start_color=colour, end_color=colour)


def test_one_row_per_action_with_the_recommendation_on_its_first_row_only():
    book, _ = book_with(
        [
            ["Westmere Trust CQC Action Plan Tracker"],
            HEADER,
            [
                "1. Improve training",
                "Send compliance reports",
                "Lucy Featherstone",
                "April 2024",
                "Green",
                "",
            ],
            [None, "Update induction", "Amira Haddad", "March 2024", "Complete", None],
            ["2. Review risk", "Introduce a template", "David Okonkwo", "May 2024", "Amber", None],
        ]
    )
    result = read(book)
    assert result.reader == "xlsx" and result.draft.title == "Westmere Trust CQC Action Plan Tracker"
    assert [(r.number, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", ["Send compliance reports", "Update induction"]),
        ("2", ["Introduce a template"]),
    ]
    assert [a.rag for a in result.draft.recommendations[0].actions] == ["green", "blue"]


def test_a_recommendation_repeated_on_every_row_is_one_recommendation():
    book, _ = book_with(
        [
            ["Ref", "Requirement", "Action", "Owner"],
            [1, "Improve training", "Send reports", "Lucy Featherstone"],
            [1, "Improve training", "Update induction", "Amira Haddad"],
            [2, "Review risk", "Introduce a template", "David Okonkwo"],
        ]
    )
    result = read(book)
    assert [(r.number, r.text, len(r.actions)) for r in result.draft.recommendations] == [
        ("1", "Improve training", 2),
        ("2", "Review risk", 1),
    ]


def test_merged_cells_recommendation_stays_with_the_group_lead_and_date_repeat():
    book, sheet = book_with(
        [
            HEADER,
            ["1. Improve training", "Send reports", "Lucy Featherstone", "April 2024", None, None],
            [None, "Update induction", None, None, None, None],
        ]
    )
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    sheet["E2"].fill = solid("FFC000")
    sheet.merge_cells("E2:E3")
    (recommendation,) = read(book).draft.recommendations
    first, second = recommendation.actions
    assert recommendation.text == "Improve training"
    assert second.leads == ["Lucy Featherstone"] and second.due.text == "April 2024"
    assert first.rag == second.rag == "amber"


def test_real_dates_give_the_date_and_the_text_excel_shows():
    book, sheet = book_with(
        [
            HEADER,
            ["1. Improve training", "Send reports", "", datetime(2018, 4, 30), "", ""],
            [None, "Update induction", "", datetime(2018, 4, 30), "", ""],
            [None, "Audit files", "", date(2024, 3, 31), "", ""],
        ]
    )
    sheet["D2"].number_format = "dd/mm/yyyy"
    sheet["D3"].number_format = "mmm-yy"
    sheet["D4"].number_format = "d mmmm yyyy"
    dues = [(a.due.text, a.due.date) for a in read(book).draft.recommendations[0].actions]
    assert dues == [("30/04/2018", "2018-04-30"), ("Apr-18", "2018-04-30"), ("31 March 2024", "2024-03-31")]


@pytest.mark.parametrize(
    ("number_format", "shown"),
    [
        ("mm-dd-yy", "30/04/2018"),  # Excel's built-in short date, as a UK Excel shows it
        ("d-mmm-yy", "30-Apr-18"),
        ("[$-809]dd mmmm yyyy;@", "30 April 2018"),
        ('dd"th" mmm', "30th Apr"),
        ("dddd d mmm yyyy", "Monday 30 Apr 2018"),
        ("General", "30/04/2018"),
        ("yyyy-mm-dd h:mm", "2018-04-30 9:05"),
    ],
)
def test_date_formats_render_as_excel_shows_them(number_format, shown):
    assert date_text(datetime(2018, 4, 30, 9, 5), number_format) == shown


def test_numbers_render_without_float_noise():
    assert number_text(1.0, "General") == "1"
    assert number_text(2.5, "General") == "2.5"
    assert number_text(0.75, "0%") == "75%"
    assert number_text(3.1, "0.00") == "3.10"


def test_fill_colours_read_as_rag_theme_colours_are_not_guessed():
    book, sheet = book_with(
        [
            HEADER,
            ["1. Improve training", "Red one", "", "", None, ""],
            [None, "Green one", "", "", None, ""],
            [None, "Themed one", "", "", None, ""],
            [None, "Worded one", "", "", "Amber", ""],
        ]
    )
    sheet["E2"].fill = solid("FFFF0000")
    sheet["E3"].fill = solid("92D050")
    sheet["E4"].fill = PatternFill("solid", fgColor=Color(theme=9, tint=0.4))
    sheet["E5"].fill = solid("FFC000")
    result = read(book)
    assert [a.rag for a in result.draft.recommendations[0].actions] == ["red", "green", None, "amber"]


def test_notes_on_new_lines_or_bullets_in_a_cell_are_separate_notes():
    book, _ = book_with(
        [
            HEADER,
            [
                "1. Improve training",
                "Send reports",
                "",
                "",
                "",
                "• Reports issued\n• Compliance up\nMore to do",
            ],
            [None, "Update induction", "", "", "", "First - and only - note"],
        ]
    )
    first, second = read(book).draft.recommendations[0].actions
    assert first.notes == ["Reports issued", "Compliance up", "More to do"]
    assert second.notes == ["First - and only - note"]


def test_the_sheet_holding_the_plan_is_read_among_several():
    book, cover = book_with([["Westmere Trust"], ["Version 7"]], title="Cover")
    plan = book.create_sheet("Tracker")
    plan.append(HEADER)
    plan.append(["1. Improve training", "Send reports", "Lucy Featherstone", "April 2024", "", ""])
    key = book.create_sheet("Key")
    key.append(["Colour", "Meaning"])
    key.append(["Red", "Off track"])
    result = read(book)
    assert result.draft.recommendations[0].actions[0].text == "Send reports"
    assert result.draft.title == "Tracker"  # nothing above the table, no document title: the sheet's name


def test_a_mapping_says_what_a_column_holds():
    book, _ = book_with(
        [
            ["Recommendation", "What", "Progress", "When"],
            ["1. Improve training", "Send reports", "Lucy Featherstone", "April 2024"],
            [None, "Update induction", "Amira Haddad", "May 2024"],
        ]
    )
    result = read(book, {"What": "action", "Progress": "notes"})
    first = result.draft.recommendations[0].actions[0]
    assert first.notes == ["Lucy Featherstone"] and first.leads == []


def test_markup_typed_in_a_cell_stays_text():
    book, _ = book_with([HEADER, ["1. Improve training", "<b>Send</b> reports", "", "", "", ""]])
    result = read(book)
    assert result.draft.recommendations[0].actions[0].text == "<b>Send</b> reports"


def test_a_workbook_with_no_plan_says_so():
    book, _ = book_with([["Budget", "Spend"], [100, 90]])
    with pytest.raises(ReadError, match="No action plan table"):
        read(book)
