"""The CSV reader: encodings, delimiters, quoted cells over several lines, and column mappings."""

from __future__ import annotations

import codecs

import pytest

from actionplan.ingest import parse
from actionplan.ingest.csv_reader import score, sniff

ROWS = (
    "Ashcombe Council – Children’s Services Action Plan\n"
    "No.{d}Recommendation{d}Action{d}Responsible officer{d}Deadline{d}RAG status{d}Update\n"
    "1{d}Improve health assessments{d}Agree an escalation process{d}Zoë Fenwick{d}31.03.2025{d}A{d}"
    '"- Drafted\n- Awaiting sign-off"\n'
    '{d}{d}"Fund a clinic (£45,000)"{d}Siobhán Kelly & Zoë Fenwick{d}Q4 2024/25{d}G{d}\n'
)


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252"],
)
def test_encodings_and_delimiters_excel_writes_are_read(delimiter, encode):
    result = parse(encode(ROWS.format(d=delimiter)), "plan.csv")
    assert result.reader == "csv"
    assert result.draft.title == "Ashcombe Council – Children’s Services Action Plan"
    (recommendation,) = result.draft.recommendations
    first, second = recommendation.actions
    assert first.leads == ["Zoë Fenwick"] and first.due.date == "2025-03-31" and first.rag == "amber"
    assert first.notes == ["Drafted", "Awaiting sign-off"]
    assert second.text == "Fund a clinic (£45,000)" and second.leads == ["Siobhán Kelly", "Zoë Fenwick"]


def test_the_delimiter_is_the_one_that_gives_steady_rows():
    assert sniff("a;b;c\n1;2,5;3\n4;5;6\n") == (";", True)
    assert sniff("a,b,c\n1,2,3\n") == (",", True)
    assert sniff("just a sentence, with a comma.\n")[1] is False


def test_tab_separated_text_is_left_to_the_text_reader():
    assert score(b"Recommendation\tAction\tLead\n1. A\tB\tC\n2. D\tE\tF\n", "plan.csv") == 0
    assert parse(b"Recommendation\tAction\tLead\n1. A\tB\tJo Bloggs\n", "plan.txt").reader == "text"


def test_a_csv_without_a_title_row_takes_its_title_from_the_file_name():
    data = b"Recommendation,Action,Lead\n1. Improve audits,Audit files,Jackie Cook\n"
    assert parse(data, "westmere-cqc-plan.csv").draft.title == "westmere cqc plan"


def test_a_mapping_says_what_a_column_holds():
    data = (
        b"Recommendation,What,Progress\n1. Improve audits,Audit files,Jackie Cook\n,Share learning,Jo Bloggs"
    )
    result = parse(data, "plan.csv", {"What": "action", "Progress": "notes"})
    assert result.draft.recommendations[0].actions[0].notes == ["Jackie Cook"]
    assert result.mapping["Progress"] == "notes"


def test_markup_in_a_cell_stays_text():
    data = b'Recommendation,Action\n1. Improve audits,"<script>alert(1)</script> &amp; <b>x</b>"\n'
    action = parse(data, "plan.csv").draft.recommendations[0].actions[0]
    assert action.text == "<script>alert(1)</script> &amp; <b>x</b>"
