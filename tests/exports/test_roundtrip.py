"""A Word or Excel file we export reads back through the import readers as the same plan, field
for field, so a paper sent out and edited can come back in."""

import datetime as dt

import pytest

from actionplan.exports import export
from actionplan.ingest import parse
from actionplan.plans.asat import plan_as_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_exported_file_reads_back_as_the_same_plan(history_plan, fmt):
    # As at 1 April 2018 the plan has every RAG colour in use, a completed action and a revised date.
    day = dt.date(2018, 4, 1)
    result = parse(export(history_plan, fmt, day), f"plan-as-at-{day}.{fmt}")
    assert result.draft.to_dict() == plan_as_at(history_plan, day).to_dict()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_seed_plan_reads_back_without_warnings(seed_plan, seed_draft, fmt):
    result = parse(export(seed_plan, fmt), f"plan.{fmt}")
    assert result.draft.to_dict() == seed_draft.to_dict()
    assert [str(w) for w in result.warnings] == []


def test_csv_reads_back_as_the_same_recommendations_and_actions(history_plan):
    # A bare CSV has no title line; everything else comes back.
    day = dt.date(2018, 4, 1)
    result = parse(export(history_plan, "csv", day), "plan.csv")
    assert (
        result.draft.to_dict()["recommendations"]
        == plan_as_at(history_plan, day).to_dict()["recommendations"]
    )
