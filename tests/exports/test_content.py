"""Every format carries the whole plan, and "as at" exports carry nothing later than their date."""

import datetime as dt

import pytest

from actionplan.exports import export, exporters
from actionplan.exports.paper import HEADERS, as_at_line
from actionplan.plans.asat import as_at_date, plan_as_at
from tests.exports.history import FEB_NOTE, MARCH_NOTE
from tests.exports.reading import READERS, expected_strings, present_in_pieces, squash, without_page_furniture

pytestmark = pytest.mark.django_db
FORMATS = ["docx", "xlsx", "pdf", "csv", "json"]


def test_every_format_is_registered_with_its_file_type():
    found = exporters()
    assert sorted(found) == sorted(FORMATS)
    assert found["docx"].content_type.endswith("wordprocessingml.document")
    assert found["xlsx"].content_type.endswith("spreadsheetml.sheet")
    assert found["pdf"].content_type == "application/pdf"
    assert all(found[name].extension == name for name in FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_holds_every_recommendation_action_lead_timetable_and_note(seed_plan, seed_draft, fmt):
    raw = READERS[fmt](export(seed_plan, fmt))
    # CSV is the bare table: one row per action, no title line.
    assert fmt == "csv" or squash(seed_draft.title) in squash(raw)
    furniture = [seed_draft.title, as_at_line(as_at_date(None)), *HEADERS]
    text = without_page_furniture(raw, furniture)
    wanted = [without_page_furniture(s, furniture) for s in expected_strings(seed_draft, title=False)]
    missing = [s for s in wanted if not present_in_pieces(s, text)]
    assert not missing, missing[:5]


@pytest.mark.parametrize("fmt", FORMATS)
def test_as_at_export_leaves_out_what_came_later(history_plan, fmt):
    february = squash(READERS[fmt](export(history_plan, fmt, dt.date(2018, 2, 28))))
    assert squash(FEB_NOTE) in february
    assert squash(MARCH_NOTE) not in february
    assert "July2018" not in february  # 4.1's revised timetable came in March
    january = squash(READERS[fmt](export(history_plan, fmt, dt.date(2018, 1, 31))))
    assert squash(FEB_NOTE) not in january
    now = squash(READERS[fmt](export(history_plan, fmt)))
    assert squash(MARCH_NOTE) in now and "July2018" in now


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_as_at_export_is_the_same_when_made_again_later(history_plan, mary, fmt):
    from freezegun import freeze_time

    from actionplan.plans.writes import record_update
    from tests.exports.history import action

    before = export(history_plan, fmt, dt.date(2018, 3, 31))
    with freeze_time("2018-06-01 12:00"):
        record_update(
            action(history_plan, "1.1"), mary, text="June: all done", rag="amber", reason="Reopened"
        )
    after = export(history_plan, fmt, dt.date(2018, 3, 31))
    assert READERS[fmt](after) == READERS[fmt](before)


def test_json_export_is_the_interchange_form_of_the_plan_as_at(history_plan):
    import json

    data = json.loads(export(history_plan, "json", dt.date(2018, 2, 28)))
    assert data == plan_as_at(history_plan, dt.date(2018, 2, 28)).to_dict()
    assert data["format"] == "actionplan/1"


def test_csv_has_one_row_per_action_with_leads_and_notes_joined(seed_plan):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(export(seed_plan, "csv").decode("utf-8-sig"))))
    assert len(rows) == 18
    first = rows[0]
    assert first["Recommendation"].startswith("1. Ensure that prompt decisions")
    assert first["Lead officer(s)"] == "April Bald; Elaine Allegretti"
    assert first["Key points to note"].count("\n") == 3  # four notes
    assert first["Timetable end date"] == "April 2018" and rows[-1]["Timetable end date"] == "Ongoing"
    assert list(first) == list(HEADERS)


def test_cli_export_writes_the_file_as_at_a_date(history_plan, tmp_path):
    from actionplan.cli import main

    path = tmp_path / "board.docx"
    assert (
        main(["export", str(history_plan.id), "--format", "docx", "--as-at", "2018-02-28", "-o", str(path)])
        == 0
    )
    text = squash(READERS["docx"](path.read_bytes()))
    assert squash(FEB_NOTE) in text and squash(MARCH_NOTE) not in text
