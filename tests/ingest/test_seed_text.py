"""The seed: Southwark's 2017 post-Ofsted action plan as PDF-to-text must parse field for field."""

from __future__ import annotations

import json

import pytest

from actionplan.core.draft import validate
from actionplan.ingest import parse
from actionplan.ingest.text import cell_lines
from tests.conftest import SEED_EXPECTED, SEED_TXT


@pytest.fixture(scope="module")
def seed():
    result = parse(SEED_TXT.read_bytes(), SEED_TXT.name)
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    return result, expected


def differences(got, expected, path="") -> list[str]:
    """Every path at which two JSON values differ, with both values, so a failure reads as a diff."""
    if isinstance(got, dict) and isinstance(expected, dict):
        found = []
        for key in sorted(set(got) | set(expected), key=str):
            if key not in got or key not in expected:
                where = "missing from the parse" if key not in got else "not expected"
                found.append(f"{path}/{key}: {where}")
            else:
                found.extend(differences(got[key], expected[key], f"{path}/{key}"))
        return found
    if isinstance(got, list) and isinstance(expected, list):
        found = [f"{path}: {len(got)} items, expected {len(expected)}"] if len(got) != len(expected) else []
        for index, (left, right) in enumerate(zip(got, expected, strict=False)):
            found.extend(differences(left, right, f"{path}[{index}]"))
        return found
    return [] if got == expected else [f"{path}:\n    got      {got!r}\n    expected {expected!r}"]


def test_seed_parses_to_the_expected_json_field_for_field(seed):
    result, expected = seed
    problems = differences(result.draft.to_dict(), expected)
    assert not problems, "the seed parse differs from the expected JSON:\n" + "\n".join(problems)


def test_seed_parse_is_a_valid_actionplan_1_document(seed):
    result, _ = seed
    validate(result.draft.to_dict())


def test_seed_unknown_rag_is_null_with_a_warning_naming_the_action(seed):
    result, _ = seed
    rec10 = result.draft.recommendations[9]
    assert rec10.number == "10" and rec10.actions[0].rag is None
    rag_warnings = [w for w in result.warnings if "?????" in w.message]
    assert [w.where for w in rag_warnings] == ["recommendation 10, action 1"]


def test_seed_progress_column_holding_names_is_read_as_leads(seed):
    result, _ = seed
    assert result.mapping == {
        "Recommendation": "recommendation",
        "Action": "action",
        "Progress": "leads",
        "Timetable End date": "due",
        "RAG": "rag",
        "Key points to note": "notes",
    }
    assert any(w.where == "column 'Progress'" for w in result.warnings)


def test_seed_title_is_the_first_line_and_the_reader_is_text(seed):
    result, expected = seed
    assert result.draft.title == expected["title"]
    assert result.reader == "text"


def test_seed_counts(seed):
    result, _ = seed
    assert len(result.draft.recommendations) == 11
    assert result.draft.action_count() == 18


# The HTML fragments and bullets the PDF-to-text extraction leaves in cells.


def test_ul_with_dash_bullets_becomes_a_lead_in_line_and_items():
    raw = 'Do this including <ul style="list-style-type: none"> - First thing - Second thing '
    assert cell_lines(raw) == ["Do this including", "- First thing", "- Second thing"]


def test_paragraphs_become_lines_and_entities_are_unescaped():
    assert cell_lines("<p>Alasdair Smith</p> <p>Andrew Fowler &amp; co</p>") == [
        "Alasdair Smith",
        "Andrew Fowler & co",
    ]


def test_inline_tags_are_removed_without_running_words_together():
    assert cell_lines("the Life Story Work <u>Works</u>campaign") == ["the Life Story Work Works campaign"]


def test_text_before_the_first_bullet_in_a_list_stays_a_line_of_its_own():
    assert cell_lines("<ul> services - Access to Resources went live") == [
        "services",
        "- Access to Resources went live",
    ]


def test_a_trailing_empty_bullet_is_dropped():
    assert cell_lines("<ul> - Review has commenced. -") == ["- Review has commenced."]


def test_a_dash_in_prose_outside_a_list_is_not_a_bullet():
    assert cell_lines("Meetings monthly - from May") == ["Meetings monthly - from May"]


def test_an_en_dash_inside_a_list_is_not_a_bullet():
    assert cell_lines("<ul> - Meetings taking place – enabling talk") == [
        "- Meetings taking place – enabling talk"
    ]


def test_a_cell_starting_with_a_dash_is_a_list():
    assert cell_lines("- As above - See below") == ["- As above", "- See below"]


def test_li_items_become_dash_items():
    assert cell_lines("<ul><li>One</li><li>Two &lt;3</li></ul>After") == ["- One", "- Two <3", "After"]


def test_packaged_seed_is_the_shared_seed():
    """The demo and these tests use copies; they must be the team's seed byte for byte."""
    from tests.conftest import SEED_DIR

    assert SEED_TXT.read_bytes() == (SEED_DIR / SEED_TXT.name).read_bytes()
    assert SEED_EXPECTED.read_bytes() == (SEED_DIR / SEED_EXPECTED.name).read_bytes()
