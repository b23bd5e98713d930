"""The Word paper is laid out as the seed document: landscape, six columns, repeated header row,
merged recommendation cells, RAG cells filled and worded, real bullets, header and page numbers."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from actionplan.exports import export
from actionplan.exports.paper import HEADERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(history_plan):
    return Document(io.BytesIO(export(history_plan, "docx", dt.date(2018, 4, 1))))


def _appendix(doc):
    return doc.tables[-1]


def _rows_of(table, number):
    """The <w:tr> rows of a recommendation: the one naming it and those continuing its merge."""
    rows = table._tbl.tr_lst[1:]
    start = next(i for i, tr in enumerate(rows) if _text(tr.tc_lst[0]).startswith(f"{number}. "))
    end = next((i for i in range(start + 1, len(rows)) if _text(rows[i].tc_lst[0])), len(rows))
    return rows[start:end]


def _text(tc):
    return "".join(t.text for t in tc.iter(qn("w:t")))


def test_page_is_landscape(paper):
    section = paper.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height


def test_appendix_has_the_six_columns_and_a_header_row_repeated_on_every_page(paper):
    table = _appendix(paper)
    assert [cell.text for cell in table.rows[0].cells] == list(HEADERS)
    header = table._tbl.tr_lst[0]
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert len(table._tbl.tr_lst) == 1 + 18  # one row per action


def test_recommendation_cell_is_merged_over_its_actions(paper):
    rows = _rows_of(_appendix(paper), "7")
    assert len(rows) == 3
    merges = [tr.tc_lst[0].tcPr.find(qn("w:vMerge")) for tr in rows]
    assert merges[0].get(qn("w:val")) == "restart"
    assert all(m is not None and m.get(qn("w:val")) in (None, "continue") for m in merges[1:])
    assert _text(rows[0].tc_lst[0]).startswith("7. Ensure that children")


def test_rag_cells_are_filled_and_carry_the_word(paper):
    fills = {}
    for number, word, colour in (
        ("1", "Green", "00B050"),
        ("3", "Blue (complete)", "00B0F0"),
        ("11", "", None),
    ):
        tc = _rows_of(_appendix(paper), number)[0].tc_lst[4]
        shading = tc.tcPr.find(qn("w:shd")) if tc.tcPr is not None else None
        fills[number] = (_text(tc), shading.get(qn("w:fill")) if shading is not None else None)
        assert fills[number] == (word, colour)
    # 11.3 was rated red then amber: amber fill and word
    tc = _rows_of(_appendix(paper), "11")[2].tc_lst[4]
    assert (_text(tc), tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))) == ("Amber", "FFC000")


def test_list_items_and_notes_are_word_bullets(paper):
    cells = _appendix(paper).rows[1].cells
    action = [(p.style.name, p.text) for p in cells[1].paragraphs]
    assert action[0] == (
        "Normal",
        "Introduce enhanced management oversight approach to key at risk cohorts including",
    )
    assert [style for style, _ in action[1:]] == ["List Bullet"] * 4
    assert action[1][1].startswith("Formal review points of open CIN")  # no "- " left in the text
    notes = cells[5].paragraphs
    assert len(notes) == 6 and all(p.style.name == "List Bullet" for p in notes)


def test_leads_are_one_per_paragraph(paper):
    cells = _appendix(paper).rows[1].cells
    assert [p.text for p in cells[2].paragraphs] == ["April Bald", "Elaine Allegretti"]
    assert cells[3].text == "April 2018"


def test_title_and_as_at_date_in_the_page_header_and_page_numbers_in_the_footer(paper, history_plan):
    header = "\n".join(p.text for p in paper.sections[0].header.paragraphs)
    assert history_plan.title in header and "Position as at 1 April 2018" in header
    footer = paper.sections[0].footer._element
    instructions = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_board_report_comes_before_the_appendix(paper):
    headings = [p.text for p in paper.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Board report") < headings.index("Appendix: the action plan")
    assert "Overdue actions" in headings and any(h.startswith("What changed since") for h in headings)
