"""The format-independent table core: columns by header and content, page furniture, continuation
rows, grouping, leads, due dates, RAG and notes."""

from __future__ import annotations

from datetime import date

import pytest

from actionplan.ingest import ReadError, parse
from actionplan.ingest.table import Cell, content_kind, header_field, parse_number, read_table, split_leads

HEADER = ["Recommendation", "Action", "Lead officer", "Timescale", "RAG", "Update"]


def only_action(result):
    (recommendation,) = result.draft.recommendations
    (action,) = recommendation.actions
    return action


# Columns


def test_names_under_a_progress_header_are_read_as_leads():
    rows = [
        ["Recommendation", "Action", "Progress", "Deadline", "Key points"],
        ["1. Improve audits", "Audit files", "Jackie Cook", "April 2018", "Started"],
        ["2. Hear children", "Set up panel", "Rachel Flagg Mark Compton-James", "May 2018", "Agreed"],
        ["", "Recruit advocates", "Rachel Flagg", "June 2018", "Advertised"],
    ]
    result = read_table(rows)
    assert result.mapping["Progress"] == "leads"
    assert result.mapping["Key points"] == "notes"
    first = result.draft.recommendations[0].actions[0]
    assert first.leads == ["Jackie Cook"] and first.notes == ["Started"]
    assert result.draft.recommendations[1].actions[0].leads == ["Rachel Flagg", "Mark Compton-James"]
    assert any("Progress" in warning.message for warning in result.warnings)


def test_a_progress_column_of_real_updates_stays_notes():
    rows = [
        ["Recommendation", "Action", "Lead", "Progress"],
        ["1. Improve audits", "Audit files", "Jackie Cook", "Audit started in March"],
        ["2. Hear children", "Set up panel", "Rachel Flagg", "Terms of reference agreed"],
    ]
    assert read_table(rows).mapping == {
        "Recommendation": "recommendation",
        "Action": "action",
        "Lead": "leads",
        "Progress": "notes",
    }


def test_a_header_naming_the_field_beats_another_column_whose_content_only_looks_like_it():
    rows = [
        ["Recommendation", "Action", "Lead", "Progress"],
        ["1. Improve audits", "Audit files", "Jackie Cook", "Jo Bloggs"],
        ["2. Hear children", "Set up panel", "Rachel Flagg", "Sam Smith"],
    ]
    result = read_table(rows)
    assert result.mapping["Lead"] == "leads" and result.mapping["Progress"] == "notes"


def test_mapping_overrides_header_and_content():
    rows = [
        ["Recommendation", "What", "Progress", "When"],
        ["1. Improve audits", "Audit files", "Jackie Cook", "April 2018"],
        ["2. Hear children", "Set up panel", "Rachel Flagg", "May 2018"],
    ]
    result = read_table(rows, mapping={"what": "action", "Progress": "notes"})
    action = result.draft.recommendations[0].actions[0]
    assert action.text == "Audit files" and action.notes == ["Jackie Cook"] and action.leads == []
    assert result.mapping == {
        "Recommendation": "recommendation",
        "What": "action",
        "Progress": "notes",
        "When": "due",
    }


def test_a_mapping_to_an_unknown_field_is_a_read_error():
    with pytest.raises(ReadError, match="not a field"):
        read_table([HEADER], mapping={"Update": "gossip"})


def test_unknown_columns_are_kept_in_extra_by_header_as_written():
    rows = [
        ["Recommendation", "Action", "Lead", "Measures of success", "Budget code", ""],
        [
            "1. Improve audits",
            "Audit files",
            "Jackie Cook",
            "- 90% compliant\n- Fewer repeats",
            "CS-101",
            "x",
        ],
    ]
    result = read_table(rows)
    assert only_action(result).extra == {
        "Measures of success": ["90% compliant", "Fewer repeats"],
        "Budget code": ["CS-101"],
        "Column 6": ["x"],
    }
    assert result.mapping["Budget code"] == "extra"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Area for improvement", "recommendation"),
        ("Actions required", "action"),
        ("Responsible", "leads"),
        ("Owner", "leads"),
        ("Action owner", "leads"),
        ("Timetable End date", "due"),
        ("By when", "due"),
        ("Target date", "due"),
        ("RAG status", "rag"),
        ("Status", "rag"),
        ("Key points to note", "notes"),
        ("Commentary", "notes"),
        ("Measure(s) of success", "extra"),
        ("Evidence", "extra"),
        ("Outcome", "extra"),
        ("Ref", "number"),
        ("Colour of the sky", None),
    ],
)
def test_header_synonyms(header, field):
    assert header_field(header) == field


def test_content_kinds():
    assert content_kind([Cell("April 2018"), Cell("Q1 2023/24"), Cell("Ongoing")])[0] == "due"
    assert content_kind([Cell("Green"), Cell("", fill="FF0000"), Cell("Complete")])[0] == "rag"
    assert content_kind([Cell("Jackie Cook"), Cell("Head of Service / Jo Bloggs")])[0] == "leads"
    assert content_kind([Cell("Audit started"), Cell("see above")])[0] is None
    assert content_kind([Cell("Jackie Cook")])[0] is None  # one cell says nothing


# Page furniture and continuation rows


def test_repeated_header_page_title_and_page_numbers_are_dropped():
    rows = [
        ["Plan title"],
        HEADER,
        ["1. Improve audits", "Audit files", "Jackie Cook", "April 2018", "", "Started."],
        ["Page 1 of 2"],
        ["Plan title"],
        HEADER,
        ["2. Hear children", "Set up panel", "Rachel Flagg", "May 2018", "", "Agreed."],
    ]
    result = read_table(rows)
    assert result.draft.title == "Plan title"
    assert [r.number for r in result.draft.recommendations] == ["1", "2"]
    assert result.draft.action_count() == 2


def test_a_row_continued_across_a_page_break_is_joined_cell_by_cell():
    rows = [
        ["Plan"],
        HEADER,
        ["1. Ensure that agencies so that multi-agency", "Audit meetings", "April Bald", "Dec 2017", "", ""],
        ["", "Review protocols and", "April Bald", "April 2018", "", "- New MASH manager"],
        ["Plan"],
        HEADER,
        ["information informs risk", "operating processes", "Caroline Thwaites", "", "", "appointed. More."],
        ["", "Explore technology", "Mark Compton-James", "April 2018", "", "- As above"],
    ]
    (recommendation,) = read_table(rows).draft.recommendations
    assert recommendation.text == "Ensure that agencies so that multi-agency information informs risk"
    first, second, third = recommendation.actions
    assert first.text == "Audit meetings"
    assert second.text == "Review protocols and operating processes"
    assert second.leads == ["April Bald", "Caroline Thwaites"]
    assert second.due.text == "April 2018"
    assert second.notes == ["New MASH manager appointed. More."]
    assert third.text == "Explore technology"


def test_a_lower_case_row_without_a_timetable_continues_the_row_above_even_without_a_page_break():
    rows = [
        HEADER,
        ["1. Improve audits", "Audit the files of children", "Jackie Cook", "April 2018", "", "- Started"],
        ["", "in care and care leavers", "", "", "", ""],
    ]
    assert only_action(read_table(rows)).text == "Audit the files of children in care and care leavers"


def test_a_notes_only_row_joins_the_note_it_continues_and_keeps_new_bullets_apart():
    rows = [
        HEADER,
        [
            "1. Improve audits",
            "Audit files",
            "Jackie Cook",
            "April 2018",
            "",
            "- Audit of children at risk of",
        ],
        ["", "", "", "", "", "placement breakdown due\n- Consultant appointed"],
    ]
    assert only_action(read_table(rows)).notes == [
        "Audit of children at risk of placement breakdown due",
        "Consultant appointed",
    ]


def test_a_capitalised_row_with_a_timetable_is_a_new_action_not_a_continuation():
    rows = [
        HEADER,
        ["1. Improve audits", "Audit files", "Jackie Cook", "April 2018", "", ""],
        ["", "Share learning", "Jackie Cook", "June 2018", "", ""],
        ["", "publish findings", "Jackie Cook", "July 2018", "", ""],
    ]
    assert [a.text for a in read_table(rows).draft.recommendations[0].actions] == [
        "Audit files",
        "Share learning",
        "publish findings",
    ]


def test_an_unnumbered_recommendation_cell_in_a_numbered_plan_continues_the_recommendation():
    rows = [
        HEADER,
        ["9. Ensure life story work, which is kept", "Introduce workshops", "Jo Bloggs", "Dec 2018", "", ""],
        ["Up to date.", "and champions", "", "", "", ""],
    ]
    (recommendation,) = read_table(rows).draft.recommendations
    assert recommendation.text == "Ensure life story work, which is kept Up to date."
    assert recommendation.actions[0].text == "Introduce workshops and champions"


def test_a_hyphen_cut_at_a_break_is_rejoined_without_a_space():
    rows = [
        HEADER,
        ["1. Improve audits", "Audit multi-", "Jackie Cook", "April 2018", "", ""],
        ["", "agency files", "", "", "", ""],
    ]
    assert only_action(read_table(rows)).text == "Audit multi-agency files"


# Grouping


@pytest.mark.parametrize(
    ("cell", "number", "text"),
    [
        ("1. Ensure", "1", "Ensure"),
        ("2a Ensure", "2a", "Ensure"),
        ("2a) Ensure", "2a", "Ensure"),
        ("3.1 Ensure", "3.1", "Ensure"),
        ("3.1. Ensure", "3.1", "Ensure"),
        ("Recommendation 4: Ensure", "4", "Ensure"),
        ("10", "10", ""),
        ("12 Ensure", "12", "Ensure"),
        ("12 months of work", "", "12 months of work"),
        ("Ensure that", "", "Ensure that"),
    ],
)
def test_recommendation_numbers_are_read_without_the_trailing_dot(cell, number, text):
    assert parse_number(cell) == (number, text)


def test_actions_are_grouped_under_the_recommendation_above_them():
    rows = [
        HEADER,
        ["1. First", "A1", "Jo Bloggs", "April 2018", "", ""],
        ["", "A2", "Jo Bloggs", "April 2018", "", ""],
        ["2a Second", "B1", "Jo Bloggs", "April 2018", "", ""],
        ["Recommendation 3: Third", "C1", "Jo Bloggs", "April 2018", "", ""],
    ]
    result = read_table(rows)
    assert [(r.number, r.text, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", "First", ["A1", "A2"]),
        ("2a", "Second", ["B1"]),
        ("3", "Third", ["C1"]),
    ]


def test_a_recommendation_repeated_on_each_row_as_merged_cells_come_is_one_recommendation():
    rows = [HEADER, ["1. First", "A1", "", "", "", ""], ["1. First", "A2", "", "", "", ""]]
    (recommendation,) = read_table(rows).draft.recommendations
    assert [a.text for a in recommendation.actions] == ["A1", "A2"]


def test_a_separate_number_column_numbers_the_recommendations():
    rows = [["No.", "Area for improvement", "Action"], ["1.", "Audits", "Audit"], ["2", "Voice", "Panel"]]
    assert [(r.number, r.text) for r in read_table(rows).draft.recommendations] == [
        ("1", "Audits"),
        ("2", "Voice"),
    ]


def test_unnumbered_recommendations_are_numbered_in_order():
    rows = [["Area for improvement", "Action"], ["Audits", "Audit"], ["Voice", "Panel"]]
    assert [r.number for r in read_table(rows).draft.recommendations] == ["1", "2"]


def test_with_no_action_column_each_recommendation_is_its_own_action():
    rows = [
        ["Area for improvement", "Lead", "Deadline"],
        ["1. Improve audits", "Jackie Cook", "April 2018"],
        ["", "", ""],
        ["2. Hear children", "Rachel Flagg", "May 2018"],
    ]
    result = read_table(rows)
    assert [(r.number, [a.text for a in r.actions]) for r in result.draft.recommendations] == [
        ("1", ["Improve audits"]),
        ("2", ["Hear children"]),
    ]


def test_header_rows_can_be_given_and_are_combined_column_by_column():
    header = [["Recommendation", "Action", "Timetable"], ["", "", "End date"]]
    result = read_table([["1. First", "A1", "April 2018"]], header=header, title="Given title")
    assert result.mapping["Timetable End date"] == "due"
    assert result.draft.title == "Given title"
    assert only_action(result).due.date == "2018-04-30"


def test_no_header_row_is_a_read_error():
    with pytest.raises(ReadError, match="No action plan table"):
        read_table([["just", "some"], ["cells", "here"]])


# Leads


@pytest.mark.parametrize(
    "written",
    [
        "Jackie Cook / Rachel Flagg",
        "Jackie Cook/Rachel Flagg",
        "Jackie Cook; Rachel Flagg",
        "Jackie Cook, Rachel Flagg",
        "Jackie Cook and Rachel Flagg",
        "Jackie Cook & Rachel Flagg",
        "Jackie Cook\nRachel Flagg",
        "- Jackie Cook\n- Rachel Flagg",
    ],
)
def test_leads_split_on_separators_and_lines(written):
    assert split_leads(written) == ["Jackie Cook", "Rachel Flagg"]


@pytest.mark.parametrize("post", ["Head of Quality and Performance", "CIN/CP Service Manager", "AB/CD"])
def test_posts_that_contain_and_or_a_slash_stay_whole(post):
    assert split_leads(post) == [post]


def test_run_together_names_split_at_names_the_document_shows_alone():
    known = {("april", "bald"), ("elaine", "allegretti")}
    assert split_leads("April Bald Elaine Allegretti", known) == ["April Bald", "Elaine Allegretti"]
    assert split_leads("April Bald Jenny Brennan", known) == ["April Bald", "Jenny Brennan"]


def test_run_together_names_never_seen_alone_stay_whole():
    assert split_leads("Jenny Brennan Mark Compton-James") == ["Jenny Brennan Mark Compton-James"]


def test_run_together_leads_in_a_table_use_names_from_other_rows():
    rows = [
        ["Recommendation", "Action", "Lead"],
        ["1. First", "A1", "April Bald Elaine Allegretti"],
        ["", "A2", "Elaine Allegretti"],
        ["", "A3", "April Bald"],
    ]
    first = read_table(rows).draft.recommendations[0].actions[0]
    assert first.leads == ["April Bald", "Elaine Allegretti"]


def test_a_lead_named_twice_is_listed_once():
    assert split_leads("Jackie Cook / Jackie Cook") == ["Jackie Cook"]


# Due dates, RAG, notes


def test_due_keeps_the_words_and_adds_the_date():
    rows = [HEADER, ["1. First", "A1", "", "end of April 2018", "", ""], ["", "A2", "", "Ongoing", "", ""]]
    first, second = read_table(rows).draft.recommendations[0].actions
    assert (first.due.text, first.due.date) == ("end of April 2018", "2018-04-30")
    assert (second.due.text, second.due.date) == ("Ongoing", None)


def test_a_spreadsheet_date_value_gives_the_due_date_and_text():
    rows = [HEADER, ["1. First", "A1", "", Cell("", value=date(2024, 3, 31)), "", ""]]
    due = only_action(read_table(rows)).due
    assert (due.text, due.date) == ("31 March 2024", "2024-03-31")


def test_rag_from_words_and_from_fill_colours():
    rows = [
        HEADER,
        ["1. First", "A1", "", "", "On track", ""],
        ["", "A2", "", "", Cell("", fill="FFC000"), ""],
        ["", "A3", "", "", Cell("", fill="FFFFFF"), ""],
    ]
    result = read_table(rows)
    assert [a.rag for a in result.draft.recommendations[0].actions] == ["green", "amber", None]
    assert result.warnings == []


@pytest.mark.parametrize("cell", [Cell("?????"), Cell("", fill="7030A0"), Cell("", fill="D9D9D9")])
def test_an_unknown_rag_is_null_with_a_warning_saying_where(cell):
    rows = [HEADER, ["1. First", "A1", "", "", "", ""], ["", "A2", "", "", cell, ""]]
    result = read_table(rows)
    assert result.draft.recommendations[0].actions[1].rag is None
    assert [w.where for w in result.warnings] == ["recommendation 1, action 2"]


def test_an_unknown_rag_word_on_a_rag_coloured_cell_uses_the_colour_and_says_so():
    rows = [HEADER, ["1. First", "A1", "", "", Cell("tbc", fill="FF0000"), ""]]
    result = read_table(rows)
    assert only_action(result).rag == "red"
    assert "red colour was used" in result.warnings[0].message


def test_notes_are_one_per_bullet_or_paragraph():
    rows = [HEADER, ["1. First", "A1", "", "", "", "Summary line\n- First point\n- Second point"]]
    assert only_action(read_table(rows)).notes == ["Summary line", "First point", "Second point"]


def test_action_text_keeps_paragraphs_and_list_items():
    rows = [HEADER, ["1. First", "Do this including\n- one\n- two\nThen that", "", "", "", ""]]
    assert only_action(read_table(rows)).text == "Do this including\n- one\n- two\nThen that"


# A table pasted from Word into a text box


def test_a_pasted_word_table_with_the_header_first_is_read():
    pasted = (
        "Area for improvement\tActions required\tResponsible\tBy when\tStatus\tCommentary\r\n"
        "1. Improve audits\tRun an audit\tJackie Cook\t30/06/2024\tAmber\tStarted in May\r\n"
        "\tShare learning\tRachel Flagg; Jackie Cook\tQ2 2024/25\tG\tWorkshop booked\r\n"
        "2. Hear children\tSet up a panel\tMark Compton-James\tTBC\t\t\r\n"
    )
    result = parse(pasted.encode("cp1252"), "pasted.txt")
    first, second = result.draft.recommendations
    assert result.draft.title == "pasted"  # no title above the table: the file name
    assert first.text == "Improve audits" and [a.text for a in first.actions] == [
        "Run an audit",
        "Share learning",
    ]
    assert first.actions[1].leads == ["Rachel Flagg", "Jackie Cook"]
    assert first.actions[1].due.date == "2024-09-30" and first.actions[1].rag == "green"
    assert first.actions[0].notes == ["Started in May"]
    assert second.actions[0].due.date is None and second.actions[0].rag is None


def test_a_pasted_excel_table_with_quoted_multi_line_cells_is_read():
    pasted = 'Recommendation\tAction\tLead\n1. Improve audits\t"Run an audit\n- of CIN files"\tJackie Cook\n'
    action = only_action(parse(pasted.encode(), "pasted.txt"))
    assert action.text == "Run an audit\n- of CIN files"
