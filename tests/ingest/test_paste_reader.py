"""A table copied from Word and pasted into the import text box: rows on one line each are the text
reader's; rows whose cells hold several paragraphs or bullets come over several lines and are put
back together."""

from __future__ import annotations

from actionplan.ingest import parse
from actionplan.ingest.paste_reader import score

HEADER = "Recommendation\tAction\tLead officer\tTimetable End date\tRAG\tKey points to note\r\n"
TITLE = "Brackenshire County Council Post Ofsted ILACS Action Plan March 2024\r\n"


def test_a_pasted_table_of_one_line_rows_is_read():
    pasted = (
        TITLE
        + HEADER
        + "1. The quality of supervision.\tRelaunch the supervision policy.\tSarah Whitfield\tApril 2024"
        + "\tGreen\tSigned off.\r\n"
        + "\tDeliver oversight training.\tPrincipal Social Worker\tend of June 2024\tAmber"
        + "\tTwo cohorts trained.\r\n"
        + "2. The timeliness of assessments.\tReview the pathway.\tPriya Chandra\tQ1 2024/25\tRed\t\r\n"
    )
    result = parse(pasted.encode(), "")
    assert result.reader == "text"
    assert result.draft.title == TITLE.strip()
    first, second = result.draft.recommendations
    assert [a.text for a in first.actions] == [
        "Relaunch the supervision policy.",
        "Deliver oversight training.",
    ]
    assert (second.actions[0].due.date, second.actions[0].rag) == ("2024-06-30", "red")


# Word writes a cell's paragraphs as line breaks and its bullets as a bullet and a tab.
MULTI_LINE = (
    TITLE
    + HEADER
    + "1. The quality of supervision.\tRelaunch the supervision policy, including:\r\n"
    + "•\tQuarterly audits\r\n•\tA recording template\tSarah Whitfield\r\nTom Ashworth\tApril 2024\tGreen\t"
    + "Policy signed off in February.\r\nFirst audit in April.\r\n"
    + "\tDeliver oversight training.\tPrincipal Social Worker\tend of June 2024\tAmber"
    + "\tTwo cohorts trained.\r\n"
    + "2. The timeliness of assessments for\r\ndisabled children.\tReview the pathway.\tPriya Chandra"
    + "\tQ1 2024/25\tRed\t\r\n"
)


def test_a_pasted_table_whose_cells_hold_paragraphs_and_bullets_is_put_back_together():
    result = parse(MULTI_LINE.encode(), "")
    assert result.reader == "pasted"
    assert result.draft.title == TITLE.strip()
    first, second = result.draft.recommendations
    relaunch, training = first.actions
    assert (
        relaunch.text
        == "Relaunch the supervision policy, including:\n- Quarterly audits\n- A recording template"
    )
    assert relaunch.leads == ["Sarah Whitfield", "Tom Ashworth"]
    assert relaunch.notes == ["Policy signed off in February.", "First audit in April."]
    assert (relaunch.due.date, relaunch.rag) == ("2024-04-30", "green")
    assert training.leads == ["Principal Social Worker"]
    assert (second.number, second.text) == ("2", "The timeliness of assessments for\ndisabled children.")


def test_recommendation_rows_across_a_pasted_table_head_their_actions():
    pasted = (
        "Action\tLead\tTimescale\tRAG\tProgress update\r\n"
        "Recommendation 1: Improve EHC plans.\r\n"
        "1.1 Recruit coordinators\tHead of SEND\tSeptember 2023\tComplete\tAll in post.\r\nBacklog down.\r\n"
        "1.2 Set up a panel\tDesignated Clinical Officer\tQ3 2023/24\tAmber\t\r\n"
        "Recommendation 2: Commission therapy.\r\n"
        "2.1 Analyse needs\tJo Pemberton\tNovember 2023\tGreen\tPresented to the Board.\r\n"
    )
    result = parse(pasted.encode(), "wsoa.txt")
    assert [(r.number, r.text, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", "Improve EHC plans.", ["1.1 Recruit coordinators", "1.2 Set up a panel"]),
        ("2", "Commission therapy.", ["2.1 Analyse needs"]),
    ]
    assert result.draft.recommendations[0].actions[0].notes == ["All in post.", "Backlog down."]


def test_a_mapping_says_what_a_column_of_a_pasted_table_holds():
    result = parse(MULTI_LINE.encode(), "", {"Key points to note": "extra"})
    assert result.draft.recommendations[0].actions[0].extra == {
        "Key points to note": ["Policy signed off in February.", "First audit in April."]
    }


def test_the_seed_and_excel_pastes_stay_with_the_text_reader():
    from tests.conftest import SEED_TXT

    assert score(SEED_TXT.read_bytes(), SEED_TXT.name) == 0
    excel = 'Recommendation\tAction\tLead\n1. Improve audits\t"Run an audit\n- of CIN files"\tJackie Cook\n'
    assert score(excel.encode(), "pasted.txt") == 0
