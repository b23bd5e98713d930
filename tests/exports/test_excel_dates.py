import datetime as dt

import pytest

from actionplan.exports.excel_dates import shown, timetable_cell


@pytest.mark.parametrize(
    "words, iso, value, fmt",
    [
        ("April 2018", "2018-04-30", dt.date(2018, 4, 30), "[$-809]mmmm yyyy"),
        ("end of Sept 2018", "2018-09-30", "end of Sept 2018", None),  # no format spells "Sept"
        ("by Apr 2018", "2018-04-30", dt.date(2018, 4, 30), '[$-809]"by "mmm yyyy'),
        ("30/04/2018", "2018-04-30", dt.date(2018, 4, 30), "[$-809]dd/mm/yyyy"),
        ("30 April 2018", "2018-04-30", dt.date(2018, 4, 30), "[$-809]d mmmm yyyy"),
        ("Q4 2023/24", "2024-03-31", "Q4 2023/24", None),
        ("Ongoing", None, "Ongoing", None),
    ],
)
def test_timetable_cell_shows_the_words_as_written(words, iso, value, fmt):
    assert timetable_cell(words, iso) == (value, fmt)


def test_shown_renders_like_excel():
    day = dt.date(2018, 4, 3)
    assert shown(day, "d mmmm yyyy") == "3 April 2018" and shown(day, "dd/mm/yy") == "03/04/18"


def test_the_excel_reader_reads_our_timetable_cells_back_as_written():
    from actionplan.ingest.xlsx_reader import date_text

    for words, iso in (
        ("April 2018", "2018-04-30"),
        ("by Apr 2018", "2018-04-30"),
        ("30.04.18", "2018-04-30"),
    ):
        value, fmt = timetable_cell(words, iso)
        assert date_text(value, fmt) == words
