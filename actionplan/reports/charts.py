"""Charts for the board report and dashboard, drawn on the server as SVG with pygal.

Pages show them as <img src="data:image/svg+xml;base64,..."> with alt text and a data table after
each, so no script runs and the page's Content-Security-Policy needs no 'unsafe-inline' (the SVG's
own <style> lives inside the image). The PDF embeds the same images."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from dataclasses import dataclass

import pygal
from lxml import etree
from pygal.style import Style

from actionplan.core.rag import LABELS as RAG_LABELS
from actionplan.reports.summary import RAG_KEYS, RagCount

# GOV.UK palette, in RAG_KEYS order; the legend and the table after each chart carry the words.
RAG_COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "blue": "#1d70b8", None: "#b1b4b6"}
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=tuple(RAG_COLOURS[key] for key in RAG_KEYS),
    font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    opacity="1",
    opacity_hover="1",
)
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _rag_chart(kind, name: str, title: str, labels: list[str], rows: list[RagCount], **options) -> str:
    """A chart of counts by RAG rating, one bar (or point) per row, as clean SVG markup. The same
    figures always draw the same chart, so each is drawn once and kept (drawing takes ~0.1 s)."""
    counts = tuple(tuple(row.counts.get(key, 0) for key in RAG_KEYS) for row in rows)
    return _drawn(kind, name, title, tuple(labels), counts, tuple(sorted(options.items())))


@functools.lru_cache(maxsize=256)
def _drawn(kind, name: str, title: str, labels: tuple, counts: tuple, options: tuple) -> str:
    rows = [RagCount("", counts=dict(zip(RAG_KEYS, row, strict=True))) for row in counts]
    options = dict(options)
    chart = kind(
        title=title,
        x_labels=list(labels),
        y_labels=_whole_numbers(rows),
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=5,
        print_zeroes=False,
        width=900,
        height=420,
        **options,
    )
    for key in RAG_KEYS:
        chart.add(RAG_LABELS[key], [row.counts.get(key, 0) for row in rows])
    return _clean(chart.render(is_unicode=True), name)


def _whole_numbers(rows: list[RagCount]) -> list[int]:
    """Axis ticks at whole numbers: these are counts of actions, 2.4 of them means nothing."""
    top = max((row.total for row in rows), default=0) or 1
    step = max(1, -(-top // 8))
    return list(range(0, top + step, step))


def _clean(svg: str, name: str) -> str:
    """Drop pygal's <script> and comments (no script may run; the generation date would make two
    renderings of the same data differ) and give the chart a stable id."""
    root = etree.fromstring(svg.encode())
    for node in root.xpath("//svg:script | //comment()", namespaces={"svg": "http://www.w3.org/2000/svg"}):
        node.getparent().remove(node)
    root.set("role", "img")
    text = etree.tostring(root, encoding="unicode")
    return _CHART_ID.sub(f"chart-{name}", text)


def rag_by_recommendation_svg(rows: list[RagCount]) -> str:
    labels = [row.label for row in rows]
    title = "RAG ratings of actions, by recommendation"
    return _rag_chart(
        pygal.StackedBar,
        "rag-by-recommendation",
        title,
        labels,
        rows,
        x_title="Recommendation",
        y_title="Actions",
    )


def rag_trend_svg(points: list[RagCount]) -> str:
    labels = [month_label(dt.date.fromisoformat(p.label)) for p in points]
    title = "RAG ratings at the end of each month"
    return _rag_chart(
        pygal.StackedBar, "rag-trend", title, labels, points, x_label_rotation=-40, y_title="Actions"
    )


def due_timeline_svg(months: list[RagCount]) -> str:
    labels = [month_label(dt.date.fromisoformat(m.label + "-01")) for m in months]
    title = "Actions due each month, by RAG rating"
    return _rag_chart(
        pygal.StackedBar, "due-timeline", title, labels, months, x_label_rotation=-40, y_title="Actions due"
    )


def month_label(day: dt.date) -> str:
    return f"{day:%b %Y}"


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@dataclass
class Chart:
    """A chart ready for a page or the PDF: the image, its text alternative and the same figures
    as a table (the table is the accessible version; the alt text says so)."""

    name: str
    title: str
    svg: str
    first_header: str
    rows: list[tuple[str, list[int], int]]  # label, counts in RAG_KEYS order, total

    @property
    def uri(self) -> str:
        return data_uri(self.svg)

    @property
    def alt(self) -> str:
        return f"Chart: {self.title}. The table that follows gives the same figures."

    @property
    def headers(self) -> list[str]:
        return [self.first_header, *(RAG_LABELS[key] for key in RAG_KEYS), "Total"]


def report_charts(report) -> list[Chart]:
    """The three charts of the board report and the dashboard."""
    return [
        Chart(
            "rag-by-recommendation",
            "RAG ratings of actions, by recommendation",
            rag_by_recommendation_svg(report.by_recommendation),
            "Recommendation",
            _table(report.by_recommendation, str),
        ),
        Chart(
            "rag-trend",
            "RAG ratings at the end of each month",
            rag_trend_svg(report.trend),
            "Month end",
            _table(report.trend, lambda label: _long(dt.date.fromisoformat(label))),
        ),
        Chart(
            "due-timeline",
            "Actions due each month, by RAG rating",
            due_timeline_svg(report.due_by_month),
            "Month due",
            _table(report.due_by_month, lambda label: f"{dt.date.fromisoformat(label + '-01'):%B %Y}"),
        ),
    ]


def _table(rows: list[RagCount], label) -> list[tuple[str, list[int], int]]:
    return [(label(row.label), [n for _, n in row.ordered()], row.total) for row in rows]


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
