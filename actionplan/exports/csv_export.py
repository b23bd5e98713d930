"""The appendix as CSV: one row per action, for spreadsheets and people's own tools."""

from __future__ import annotations

import csv
import io

from actionplan.exports import register
from actionplan.exports.paper import HEADERS, extra_headers, rag_word, rec_label, rows
from actionplan.plans.asat import plan_as_at


@register("csv", "csv", "text/csv; charset=utf-8")
def write_csv(plan, as_at=None) -> bytes:
    draft = plan_as_at(plan, as_at)
    extras = extra_headers(draft)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # The seed's six columns, so the CSV reader reads the file back as the same plan.
    writer.writerow([*HEADERS, *extras])
    for rec, action in rows(draft):
        writer.writerow(
            [
                rec_label(rec),
                action.text,
                "; ".join(action.leads),
                action.due.text,
                rag_word(action.rag),
                "\n".join(action.notes),
                *("\n".join(action.extra.get(key, [])) for key in extras),
            ]
        )
    # A byte-order mark so Excel opens the file as UTF-8 (names with accents, en dashes).
    return ("\ufeff" + out.getvalue()).encode("utf-8")
