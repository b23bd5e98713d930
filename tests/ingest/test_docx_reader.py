"""The Word reader: merged cells both ways, lists and paragraphs in cells, leads, RAG by word or by
shading, plans carried on in further tables, the title, and column mappings."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from actionplan.ingest import ReadError, parse
from bench.synthetic import docx_fill

HEADER = ["Recommendation", "Action", "Lead officer", "Timetable End date", "RAG", "Key points to note"]


def new_document(title="Brackenshire County Council Post Ofsted Action Plan"):
    document = Document()
    document.add_paragraph("OFFICIAL")
    if title:
        document.add_heading(title, level=1)
    return document


def add_table(document, rows, header=HEADER):
    table = document.add_table(rows=0, cols=len(header))
    for values in [header, *rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            write(cell, value)
    return table


def write(cell, value):
    """A string is one paragraph per line ("- " lines as List Bullet); a list is paragraphs as given."""
    lines = value if isinstance(value, list) else (value.splitlines() if value else [])
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if line.startswith("- "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line)


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(document, mapping=None):
    return parse(saved(document), "plan.docx", mapping)


def test_a_recommendation_merged_down_over_its_actions_heads_each_of_them():
    document = new_document()
    table = add_table(
        document,
        [
            ["1. Improve supervision", "Relaunch the policy", "Sarah Whitfield", "April 2024", "", ""],
            ["", "Train managers", "Tom Ashworth", "June 2024", "", ""],
            ["2. Hear children", "Set up a panel", "Priya Chandra", "May 2024", "", ""],
        ],
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    result = read(document)
    first, second = result.draft.recommendations
    assert (first.number, first.text, [a.text for a in first.actions]) == (
        "1",
        "Improve supervision",
        ["Relaunch the policy", "Train managers"],
    )
    assert [a.leads for a in first.actions] == [["Sarah Whitfield"], ["Tom Ashworth"]]
    assert second.actions[0].due.date == "2024-05-31"
    assert result.reader == "docx"


def test_a_lead_or_date_merged_down_belongs_to_every_row_it_covers():
    document = new_document()
    table = add_table(
        document,
        [
            ["1. Improve supervision", "Relaunch the policy", "Sarah Whitfield", "April 2024", "", ""],
            ["", "Train managers", "", "", "", ""],
        ],
    )
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(1, 3).merge(table.cell(2, 3))
    first, second = read(document).draft.recommendations[0].actions
    assert second.leads == ["Sarah Whitfield"] and second.due.text == "April 2024"
    assert first.leads == ["Sarah Whitfield"]


def test_recommendation_rows_across_the_table_head_the_numbered_actions_below_them():
    document = new_document()
    header = ["Action", "Lead", "Timescale", "RAG", "Progress update", "Measures of success"]
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        write(cell, text)
    for number, actions in (
        ("1", ["1.1 Recruit coordinators", "1.2 Set up a panel"]),
        ("2", ["2.1 Commission SALT"]),
    ):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[5])
        write(merged, f"Recommendation {number}: Improve EHC plans number {number}.")
        for text in actions:
            cells = table.add_row().cells
            values = [text, "Head of SEND", "Q3 2023/24", "Amber", "Started", "- 95% on time"]
            for cell, value in zip(cells, values, strict=True):
                write(cell, value)
    result = read(document)
    assert [(r.number, r.text, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", "Improve EHC plans number 1.", ["1.1 Recruit coordinators", "1.2 Set up a panel"]),
        ("2", "Improve EHC plans number 2.", ["2.1 Commission SALT"]),
    ]
    action = result.draft.recommendations[0].actions[0]
    assert action.extra == {"Measures of success": ["95% on time"]} and action.notes == ["Started"]
    assert action.due.date == "2023-12-31" and action.rag == "amber"
    assert "Recommendation" not in result.mapping  # the column made for the rows is not the document's


def test_paragraphs_and_word_lists_in_a_cell_become_lines_and_items():
    document = new_document()
    table = add_table(
        document,
        [
            [
                "1. Improve supervision",
                "Relaunch the policy, including:\n- Audits\n- A template\nThen review it.",
                "Sarah Whitfield",
                "April 2024",
                "",
                "- First note\n- Second note",
            ]
        ],
    )
    # An item numbered from the toolbar: numbering properties on a Normal paragraph.
    paragraph = table.cell(1, 5).add_paragraph("Third note")
    numbering = OxmlElement("w:numPr")
    level, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    level.set(qn("w:val"), "0")
    number.set(qn("w:val"), "1")
    numbering.extend([level, number])
    paragraph._p.get_or_add_pPr().append(numbering)
    action = read(document).draft.recommendations[0].actions[0]
    assert action.text == "Relaunch the policy, including:\n- Audits\n- A template\nThen review it."
    assert action.notes == ["First note", "Second note", "Third note"]


def test_a_line_break_inside_a_paragraph_is_a_new_line():
    document = new_document()
    table = add_table(document, [["1. Improve supervision", "", "", "", "", ""]])
    run = table.cell(1, 1).paragraphs[0].add_run("First line")
    run.add_break()
    run.add_text("Second line")
    assert read(document).draft.recommendations[0].actions[0].text == "First line\nSecond line"


@pytest.mark.parametrize(
    "written",
    [["Jackie Cook", "Rachel Flagg"], "Jackie Cook / Rachel Flagg", "Jackie Cook; Rachel Flagg",
     "Jackie Cook, Rachel Flagg", "Jackie Cook and Rachel Flagg"],
)  # fmt: skip
def test_leads_one_per_paragraph_or_separated_are_listed_apart(written):
    document = new_document()
    add_table(document, [["1. Improve audits", "Audit files", written, "April 2024", "", ""]])
    assert read(document).draft.recommendations[0].actions[0].leads == ["Jackie Cook", "Rachel Flagg"]


def test_rag_by_word_and_by_shading_alone():
    document = new_document()
    table = add_table(
        document,
        [
            ["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "Amber", ""],
            ["", "Share learning", "Jackie Cook", "May 2024", "", ""],
            ["", "Publish findings", "Jackie Cook", "June 2024", "", ""],
            ["", "Close the loop", "Jackie Cook", "July 2024", "", ""],
        ],
    )
    docx_fill(table.cell(2, 4), "92D050")
    docx_fill(table.cell(3, 4), "C00000")
    shading = OxmlElement("w:shd")  # a solid pattern shows its pattern colour, not the fill
    shading.set(qn("w:val"), "solid")
    shading.set(qn("w:color"), "0070C0")
    shading.set(qn("w:fill"), "auto")
    table.cell(4, 4)._tc.get_or_add_tcPr().append(shading)
    actions = read(document).draft.recommendations[0].actions
    assert [a.rag for a in actions] == ["amber", "green", "red", "blue"]


def test_a_plan_carried_on_in_a_second_table_with_the_same_header_is_one_plan():
    document = new_document()
    add_table(document, [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", ""]])
    document.add_page_break()
    document.add_paragraph("Recommendation 2: Hear children")
    add_table(document, [["", "Set up a panel", "Rachel Flagg", "May 2024", "", ""]])
    add_table(document, [["3. Plan for adulthood", "Review plans", "Rhys Morgan", "June 2024", "", ""]])
    result = read(document)
    assert [(r.number, r.text, len(r.actions)) for r in result.draft.recommendations] == [
        ("1", "Improve audits", 1),
        ("2", "Hear children", 1),
        ("3", "Plan for adulthood", 1),
    ]


def test_a_header_repeated_inside_the_table_is_dropped_and_rows_stay_whole():
    document = new_document()
    add_table(
        document,
        [
            [
                "1. Improve audits",
                "Audit the files of children in care and",
                "Jackie Cook",
                "April 2024",
                "",
                "",
            ],
            HEADER,
            ["", "Share learning", "Jackie Cook", "May 2024", "", ""],
        ],
    )
    actions = read(document).draft.recommendations[0].actions
    assert [a.text for a in actions] == ["Audit the files of children in care and", "Share learning"]


def test_the_title_is_the_first_heading_before_the_table():
    document = new_document("Westmere Trust CQC Action Plan")
    document.add_paragraph("Updated monthly.")
    add_table(document, [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", ""]])
    assert read(document).draft.title == "Westmere Trust CQC Action Plan"


def test_without_a_heading_the_title_is_the_first_paragraph_or_the_file_name():
    document = Document()
    document.add_paragraph("Ashcombe Council Action Plan")
    add_table(document, [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", ""]])
    assert read(document).draft.title == "Ashcombe Council Action Plan"
    bare = Document()
    add_table(bare, [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", ""]])
    assert parse(saved(bare), "ashcombe-action-plan.docx").draft.title == "ashcombe action plan"


def test_a_table_that_is_not_a_plan_is_passed_over():
    document = new_document()
    add_table(document, [["v1", "Jo Bloggs"]], header=["Version", "Author"])
    add_table(document, [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", ""]])
    assert read(document).draft.recommendations[0].actions[0].text == "Audit files"


def test_a_mapping_says_what_a_column_holds():
    document = new_document()
    add_table(
        document,
        [["1. Improve audits", "Audit files", "Jackie Cook", "April 2024", "", "Jo Bloggs"]],
        header=["Recommendation", "What", "Lead officer", "When", "RAG", "Owner 2"],
    )
    result = read(document, {"What": "action", "Owner 2": "notes"})
    action = result.draft.recommendations[0].actions[0]
    assert action.text == "Audit files" and action.notes == ["Jo Bloggs"]
    assert result.mapping["Owner 2"] == "notes"


def test_markup_typed_in_a_cell_stays_text():
    document = new_document()
    add_table(document, [["1. Improve audits", "<script>alert(1)</script> <b>now</b>", "", "", "", ""]])
    action = read(document).draft.recommendations[0].actions[0]
    assert action.text == "<script>alert(1)</script> <b>now</b>"


def test_a_document_with_no_plan_table_says_so():
    document = new_document()
    document.add_paragraph("Minutes of the improvement board.")
    with pytest.raises(ReadError, match="No action plan table"):
        read(document)


def test_recommendations_as_paragraphs_above_tables_of_their_actions():
    document = new_document()
    header = ["Action", "Lead", "Timescale", "RAG"]
    for number in ("1", "2"):
        document.add_paragraph(f"Recommendation {number}: Improve area {number}.")
        add_table(
            document, [[f"{number}.1 Do the first thing", "Jo Bloggs", "May 2024", "Green"]], header=header
        )
    result = read(document)
    assert [(r.number, r.text, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", "Improve area 1.", ["1.1 Do the first thing"]),
        ("2", "Improve area 2.", ["2.1 Do the first thing"]),
    ]
