import datetime as dt

import pytest

from actionplan.reports.summary import board_report, month_ends

pytestmark = pytest.mark.django_db


def test_counts_by_rag_per_recommendation_and_for_the_plan(history_plan):
    report = board_report(history_plan, dt.date(2018, 3, 31))
    by_number = {row.label: row.counts for row in report.by_recommendation}
    assert by_number["1"]["green"] == 1 and by_number["3"]["blue"] == 1 and by_number["11"]["amber"] == 1
    assert report.totals.counts == {None: 15, "green": 1, "blue": 1, "amber": 1}
    assert report.totals.total == 18


def test_overdue_is_past_due_and_not_complete(history_plan):
    report = board_report(history_plan, dt.date(2018, 5, 1))
    refs = {a.ref for a in report.overdue}
    assert "3.1" not in refs  # due December 2017 but complete
    assert "4.1" not in refs  # revised to July 2018
    # The other eleven "April 2018" actions; September and December 2018 are not yet due.
    assert "1.1" in refs and len(refs) == 11


def test_slipping_is_due_later_than_first_agreed(history_plan):
    assert [a.ref for a in board_report(history_plan, dt.date(2018, 5, 1)).slipping] == ["4.1"]
    assert board_report(history_plan, dt.date(2018, 2, 28)).slipping == []


def test_changes_default_to_the_last_30_days(history_plan):
    report = board_report(history_plan, dt.date(2018, 4, 10))
    assert report.changes.since == dt.date(2018, 3, 11)
    assert [c.ref for c in report.changes.completed] == ["3.1"]


def test_trend_has_one_point_per_month_end_from_the_plan_s_start(history_plan):
    report = board_report(history_plan, dt.date(2018, 4, 15))
    assert [p.label for p in report.trend] == ["2018-01-31", "2018-02-28", "2018-03-31", "2018-04-15"]
    assert [p.counts.get("green", 0) for p in report.trend] == [0, 1, 1, 1]
    assert [p.counts.get("blue", 0) for p in report.trend] == [0, 0, 1, 1]


def test_month_ends_are_capped_and_end_on_the_day_asked():
    ends = month_ends(dt.date(2015, 1, 1), dt.date(2018, 3, 31), limit=4)
    assert ends == [dt.date(2017, 12, 31), dt.date(2018, 1, 31), dt.date(2018, 2, 28), dt.date(2018, 3, 31)]


def test_due_dates_grouped_by_month(history_plan):
    report = board_report(history_plan, dt.date(2018, 4, 1))
    months = {m.label: m.total for m in report.due_by_month}
    assert months["2018-04"] == 11 and months["2018-07"] == 1 and months["2017-12"] == 1
    assert report.undated == 2
