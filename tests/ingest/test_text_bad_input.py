"""Bad input to the text reader: whatever arrives, the only exception is ReadError with one sentence."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.core.draft import validate
from actionplan.ingest import ReadError, parse
from actionplan.ingest.text import read, score

# Pieces of plans, so generated text often gets past the header search into the table core.
PLAN_PIECES = [
    "Recommendation", "Action", "Lead officer", "Progress", "Timetable End date", "RAG", "Key points",
    "1. ", "2a ", "3.1 ", "Recommendation 4: ", "April 2018", "Q1 2023/24", "2023/24", "30/02/2018",
    "Green", "?????", "Ongoing", "Jo Bloggs", "April Bald", " and ", " / ", ", ", "- ", " - ", "<ul>",
    "</ul>", "<p>", "</p>", "<li>", "<u>", "&amp;", "&#99999999;", "\t", "\t\t", "\n", "\r\n", "\f",
    '"', "x", "é", "\u2028", "<", ">", "  ",
]  # fmt: skip
RELAXED = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def assert_reads_or_refuses_clearly(data: bytes, filename: str = "plan.txt") -> None:
    try:
        result = parse(data, filename)
    except ReadError as error:
        message = str(error)
        assert message and message.endswith(".") and "\n" not in message
    else:
        validate(result.draft.to_dict())  # whatever is read is a valid actionplan/1 document


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\n\n\n"])
def test_empty_input_is_a_read_error(data):
    with pytest.raises(ReadError, match="empty"):
        parse(data, "plan.txt")


def test_text_with_no_table_is_a_read_error_saying_so():
    letter = b"Dear colleague,\n\nPlease find the action plan attached.\n\nRegards,\nJo\n"
    with pytest.raises(ReadError, match="No action plan table was found"):
        parse(letter, "letter.txt")


def test_a_header_with_no_rows_is_a_read_error():
    with pytest.raises(ReadError):
        parse(b"Recommendation\tAction\tLead\n", "plan.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 50,
        bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    ],
)
def test_binary_files_score_zero_and_are_refused(data):
    assert score(data, "plan.txt") == 0
    with pytest.raises(ReadError):
        parse(data, "plan.txt")


def test_the_text_reader_refuses_binary_itself_with_a_read_error():
    with pytest.raises(ReadError, match="not readable text"):
        read(b"\x00\x01garbage\x00", "plan.txt", {})


def test_tab_separated_text_scores_higher_than_prose():
    assert score(b"a\tb\nc\td\n", "plan.txt") > score(b"just prose\n", "plan.txt") > 0


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
        lambda text: text.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-sig", "cp1252", "utf-16"],
)
def test_common_encodings_are_decoded(encode):
    text = "Plan – 2024\nRecommendation\tAction\tLead\n1. Children’s voice\tSet up a panel\tJo Bloggs\n"
    result = parse(encode(text), "plan.txt")
    assert result.draft.title == "Plan – 2024"
    assert result.draft.recommendations[0].text == "Children’s voice"


@RELAXED
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_nothing_but_read_error(data):
    assert_reads_or_refuses_clearly(data, "upload")


@RELAXED
@given(st.text(max_size=2000))
def test_arbitrary_text_raises_nothing_but_read_error(text):
    assert_reads_or_refuses_clearly(text.encode("utf-8"))


@RELAXED
@given(st.lists(st.sampled_from(PLAN_PIECES), max_size=120).map("".join))
def test_plan_like_text_raises_nothing_but_read_error(text):
    assert_reads_or_refuses_clearly(text.encode("utf-8"))


@RELAXED
@given(st.lists(st.sampled_from(PLAN_PIECES), max_size=80).map("".join))
def test_plan_like_rows_under_a_real_header_raise_nothing_but_read_error(body):
    text = "Recommendation\tAction\tProgress\tTimetable End date\tRAG\tKey points to note\n" + body
    assert_reads_or_refuses_clearly(text.encode("utf-8"))
