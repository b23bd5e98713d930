"""The synthetic plans and documents the benchmarks use: the same plan for the same seed, and each
document reads back as the plan it was written from."""

from __future__ import annotations

import pytest

from actionplan.core.draft import validate
from actionplan.ingest import parse
from bench.synthetic import (
    draft_to_docx_bytes,
    draft_to_pdf_bytes,
    draft_to_xlsx_bytes,
    make_plan_draft,
)


def test_the_same_seed_makes_the_same_plan_and_a_valid_one():
    first, again = make_plan_draft(5, 3, seed=4), make_plan_draft(5, 3, seed=4)
    assert first == again and first != make_plan_draft(5, 3, seed=5)
    assert len(first.recommendations) == 5 and first.action_count() == 15
    validate(first.to_dict())


@pytest.mark.parametrize(
    ("write", "name"),
    [
        (draft_to_docx_bytes, "plan.docx"),
        (draft_to_pdf_bytes, "plan.pdf"),
        (draft_to_xlsx_bytes, "plan.xlsx"),
    ],
)
def test_each_synthetic_document_reads_back_as_its_plan(write, name):
    plan = make_plan_draft(4, 3, seed=9)
    got = parse(write(plan), name).draft
    if name.endswith(".xlsx"):  # a real date cell shows the date, not the timetable's words
        for rec in plan.recommendations:
            for action in rec.actions:
                if action.due.date:
                    day = action.due.date.split("-")
                    action.due.text = f"{day[2]}/{day[1]}/{day[0]}"
    assert got.to_dict() == plan.to_dict()
