"""Every sample document in tests/samples/ scored field by field against its expected actionplan/1 JSON.

A field is a leaf of the JSON: the title, each recommendation's number and text, each action's text,
each lead, the due text and date, the RAG, each note and each extra value. The score is the number
of fields that match, position by position, over the number of fields either side has (so a field
missing from the parse and a field the parse made up both count against it). Every sample must
score at least 98%, the seed 100%. The table of scores is printed with the test run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actionplan.core.draft import validate
from actionplan.ingest import parse
from tests.conftest import SEED_EXPECTED, SEED_TXT

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DOCUMENT_SUFFIXES = {".docx", ".xlsx", ".csv", ".pdf", ".txt"}
PASS_MARK = 0.98
READERS = {".docx": "docx", ".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf", ".txt": "text"}


def sample_documents() -> list[tuple[Path, Path]]:
    """(document, expected JSON) for every sample, the seed first."""
    found = [(SEED_TXT, SEED_EXPECTED)]
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in DOCUMENT_SUFFIXES and (SAMPLES / f"{path.name}.expected.json").exists():
            found.append((path, SAMPLES / f"{path.name}.expected.json"))
    return found


def leaves(value, path=()) -> dict[tuple, object]:
    """The JSON's leaf fields by path: ("recommendations", 0, "actions", 1, "leads", 0) -> "Jo Bloggs"."""
    if isinstance(value, dict):
        found = {}
        for key, item in value.items():
            if key != "format":
                found.update(leaves(item, (*path, key)))
        return found
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found.update(leaves(item, (*path, index)))
        return found
    return {path: value}


def score(got: dict, expected: dict) -> tuple[float, list[str]]:
    """(matching fields / all fields either side has, the paths that differ)."""
    mine, theirs = leaves(got), leaves(expected)
    paths = sorted(
        set(mine) | set(theirs),
        key=lambda p: tuple((0, x, "") if isinstance(x, int) else (1, 0, x) for x in p),
    )
    wrong = [path for path in paths if path not in mine or path not in theirs or mine[path] != theirs[path]]
    described = [
        f"{'/'.join(map(str, path))}: got {mine.get(path, '<missing>')!r}, "
        f"expected {theirs.get(path, '<missing>')!r}"
        for path in wrong
    ]
    return (len(paths) - len(wrong)) / max(len(paths), 1), described


def parse_sample(path: Path):
    return parse(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def results():
    table = {}
    for document, expected_path in sample_documents():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        result = parse_sample(document)
        table[document.name] = (result, expected, *score(result.draft.to_dict(), expected))
    return table


def test_there_are_samples_of_every_format_in_three_layouts_or_more():
    names = [document.name for document, _ in sample_documents()]
    for suffix in (".docx", ".xlsx", ".csv", ".pdf"):
        layouts = {name.split("-", 1)[0] for name in names if name.endswith(suffix)}
        assert len(layouts) >= 3, f"{suffix}: only layouts {sorted(layouts)}"


@pytest.mark.parametrize("document", [d for d, _ in sample_documents()], ids=lambda d: d.name)
def test_sample_scores_at_least_98_percent(results, document):
    result, expected, value, wrong = results[document.name]
    mark = 1.0 if document == SEED_TXT else PASS_MARK
    assert value >= mark, f"{document.name} scored {value:.1%}:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("document", [d for d, _ in sample_documents()], ids=lambda d: d.name)
def test_sample_is_read_by_the_reader_for_its_format_into_valid_actionplan_1(results, document):
    result = results[document.name][0]
    assert result.reader == READERS[document.suffix]
    validate(result.draft.to_dict())


def test_print_the_score_table(results, capsys):
    lines = [f"{'sample':<44} {'reader':<6} {'recs':>4} {'actions':>7} {'score':>7}"]
    for name, (result, _, value, _) in results.items():
        draft = result.draft
        counts = f"{len(draft.recommendations):>4} {draft.action_count():>7}"
        lines.append(f"{name:<44} {result.reader:<6} {counts} {value:>7.1%}")
    with capsys.disabled():
        print("\n\nSample parse scores (fields matching the expected JSON):\n" + "\n".join(lines) + "\n")
    assert all(value >= PASS_MARK for _, _, value, _ in results.values())


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".pdf"])
def test_a_mapping_overrides_what_the_tracker_columns_look_like_in_every_format(suffix):
    """The tracker's "Progress" column holds names and is read as the leads, unless mapped."""
    document = SAMPLES / f"c-tracker{suffix}"
    result = parse(document.read_bytes(), document.name, {"Progress": "notes"})
    actions = [action for rec in result.draft.recommendations for action in rec.actions]
    assert result.mapping["Progress"] == "notes"
    assert all(action.leads == [] for action in actions)
    assert actions[0].notes[0] == "Lucy Featherstone"
