import datetime as dt

import pytest

from actionplan.reports.charts import report_charts
from actionplan.reports.summary import board_report

pytestmark = pytest.mark.django_db


def test_charts_are_svg_without_script_with_a_title(history_plan):
    charts = report_charts(board_report(history_plan, dt.date(2018, 4, 1)))
    assert [c.name for c in charts] == ["rag-by-recommendation", "rag-trend", "due-timeline"]
    for chart in charts:
        assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg
        assert "<script" not in chart.svg and "<?xml" not in chart.svg
        assert f">{chart.title}<" in chart.svg  # the chart's own title, as text in the image
        assert chart.uri.startswith("data:image/svg+xml;base64,")


def test_every_rag_series_is_named_in_words(history_plan):
    svg = report_charts(board_report(history_plan, dt.date(2018, 4, 1)))[0].svg
    for word in ("Red", "Amber", "Green", "Blue (complete)", "Not rated"):
        assert word in svg


def test_each_chart_carries_its_figures_as_a_table(history_plan):
    by_rec, trend, due = report_charts(board_report(history_plan, dt.date(2018, 4, 1)))
    assert by_rec.headers == [
        "Recommendation",
        "Red",
        "Amber",
        "Green",
        "Blue (complete)",
        "Not rated",
        "Total",
    ]
    assert by_rec.rows[0] == ("1", [0, 0, 1, 0, 0], 1)
    assert trend.rows[-1][0] == "1 April 2018" and trend.rows[-1][2] == 18
    assert due.rows[0][0] == "December 2017"


def test_the_same_data_draws_the_same_chart(history_plan):
    first = report_charts(board_report(history_plan, dt.date(2018, 4, 1)))
    again = report_charts(board_report(history_plan, dt.date(2018, 4, 1)))
    assert [c.svg for c in first] == [c.svg for c in again]
