"""Timetable words -> the last day they allow: every row of the design table, and the edges."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from actionplan.core.dates import parse_due


@pytest.mark.parametrize(
    "written",
    ["April 2018", "Apr 2018", "end of April 2018", "by April 2018"],
)
def test_a_month_and_year_allow_up_to_the_last_day_of_the_month(written):
    assert parse_due(written) == "2018-04-30"


def test_sept_is_september():
    assert parse_due("Sept 2018") == "2018-09-30"


@pytest.mark.parametrize("written", ["30/04/2018", "30.04.18", "30 April 2018", "2018-04-30"])
def test_real_dates_are_read_day_first(written):
    assert parse_due(written) == "2018-04-30"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Q1 2023/24", "2023-06-30"),
        ("Q2 2023/24", "2023-09-30"),
        ("Q3 2023/24", "2023-12-31"),
        ("Q4 2023/24", "2024-03-31"),
    ],
)
def test_quarters_are_of_the_financial_year_starting_in_april(written, expected):
    assert parse_due(written) == expected


@pytest.mark.parametrize("written", ["2023/24", "financial year 2023/24"])
def test_a_financial_year_ends_on_31_march(written):
    assert parse_due(written) == "2024-03-31"


def test_december_2017_is_the_last_day_of_2017():
    assert parse_due("December 2017") == "2017-12-31"


@pytest.mark.parametrize(
    "written", ["Ongoing", "TBC", "Phase 2 of Catch 22 programme", "Phase 2 of X", "Spring 2024", "soon"]
)
def test_words_naming_no_date_answer_none(written):
    assert parse_due(written) is None


# Edges beyond the table.


def test_day_first_even_when_month_first_would_also_be_a_date():
    assert parse_due("04/05/2018") == "2018-05-04"


@pytest.mark.parametrize("written", ["31/02/2018", "32/01/2018", "30/13/2018", "2018-02-30"])
def test_impossible_dates_answer_none(written):
    assert parse_due(written) is None


def test_a_date_or_datetime_passed_in_is_used_as_it_is():
    assert parse_due(date(2018, 4, 30)) == "2018-04-30"
    assert parse_due(datetime(2018, 4, 30, 13, 5)) == "2018-04-30"


@pytest.mark.parametrize("nothing", [None, "", "   "])
def test_nothing_answers_none(nothing):
    assert parse_due(nothing) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("  APRIL   2018 ", "2018-04-30"),
        ("by the end of March 2019.", "2019-03-31"),
        ("30th April 2018", "2018-04-30"),
        ("1st Feb 2024", "2024-02-01"),
        ("Feb 2024", "2024-02-29"),
        ("Feb 2023", "2023-02-28"),
        ("Sep. 2018", "2018-09-30"),
        ("April 30, 2018", "2018-04-30"),
        ("30-04-2018", "2018-04-30"),
        ("04/2018", "2018-04-30"),
    ],
)
def test_spacing_case_ordinals_and_punctuation_are_tolerated(written, expected):
    assert parse_due(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Q4 2023-24", "2024-03-31"),
        ("Q1 23/24", "2023-06-30"),
        ("Quarter 3 2024/25", "2024-12-31"),
        ("2024/25 Q2", "2024-09-30"),
        ("by end of Q2 2024/25", "2024-09-30"),
        ("FY 2023/24", "2024-03-31"),
        ("2023/2024", "2024-03-31"),
        ("1999/00", "2000-03-31"),
    ],
)
def test_financial_year_spellings(written, expected):
    assert parse_due(written) == expected


@pytest.mark.parametrize("written", ["2023/25", "Q5 2023/24", "Q1 2024"])
def test_malformed_or_ambiguous_financial_years_answer_none(written):
    assert parse_due(written) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [("April - June 2018", "2018-06-30"), ("November/December 2018", "2018-12-31")],
)
def test_a_range_allows_up_to_the_end_of_its_last_month(written, expected):
    assert parse_due(written) == expected


def test_a_bare_year_allows_up_to_its_last_day():
    assert parse_due("2018") == "2018-12-31"
    assert parse_due("end of 2018") == "2018-12-31"


@pytest.mark.parametrize("written", ["April", "12 months", "w/c 9 October 2017", "Audit due February 2018"])
def test_text_that_only_mentions_a_date_answers_none(written):
    assert parse_due(written) is None
