"""The board paper as PDF: the board report with its charts, then the appendix laid out as the Word
paper (landscape, header row repeated on each page), tagged for screen readers."""

from __future__ import annotations

from django.template.loader import render_to_string

from actionplan.exports import register
from actionplan.exports.paper import HEADERS, RAG_FILLS, as_at_line, extra_headers
from actionplan.reports.charts import report_charts
from actionplan.reports.summary import board_report


@register("pdf", "pdf", "application/pdf")
def write_pdf(plan, as_at=None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only this format needs it

    report = board_report(plan, as_at)
    extras = extra_headers(report.draft)
    html = render_to_string(
        "exports/paper.html",
        {
            "plan": plan,
            "report": report,
            "charts": report_charts(report),
            "as_at_line": as_at_line(report.as_at),
            "headers": [*HEADERS, *extras],
            "extras": extras,
            "appendix": _appendix(report.draft, extras),
            "fills": RAG_FILLS,
        },
    )
    # pdf_tags: a tagged PDF (headings, tables, alt text) that screen readers can follow.
    return HTML(string=html).write_pdf(pdf_tags=True)


def _appendix(draft, extras):
    """(recommendation, [(action, [values of each extra column])]) for the template."""
    return [
        (rec, [(action, [action.extra.get(key, []) for key in extras]) for action in rec.actions])
        for rec in draft.recommendations
    ]
