import json
import os
import subprocess
import sys

import pytest

from actionplan.cli import main
from tests.conftest import SEED_EXPECTED, SEED_TXT


def run_cli(*args, env=None):
    """Run the real console script, as scripts and users do."""
    return subprocess.run(
        [sys.executable, "-m", "actionplan.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_parse_prints_the_expected_json_for_the_seed():
    result = run_cli("parse", str(SEED_TXT))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(SEED_EXPECTED.read_text())
    assert "warning:" in result.stderr  # the ????? RAG cell is reported, not guessed


@pytest.mark.parametrize(
    "content",
    [b"", os.urandom(4096), b"Minutes of the meeting\n\nNothing was agreed.\n"],
    ids=["empty", "random-bytes", "no-table"],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path, content):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run_cli("parse", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("actionplan: ")


def test_missing_file_gives_one_line_and_exit_2(capsys):
    assert main(["parse", "/no/such/file.docx"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_map_argument_is_explained(capsys):
    assert main(["parse", str(SEED_TXT), "--map", "Progress"]) == 2
    assert "Header=field" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_import_twice_gives_two_plans_and_plans_lists_them(capsys):
    assert main(["import", str(SEED_TXT)]) == 0
    assert main(["import", str(SEED_TXT)]) == 0
    out = capsys.readouterr().out.split()
    first, second = int(out[0]), int(out[1])
    assert first != second
    assert main(["plans"]) == 0
    listing = capsys.readouterr().out.strip().splitlines()
    title = json.loads(SEED_EXPECTED.read_text())["title"]
    assert listing == [f"{first}\t{title}", f"{second}\t{title}"]


@pytest.mark.django_db(transaction=True)
def test_export_json_of_an_imported_plan_gives_back_the_same_plan(tmp_path, capsys):
    assert main(["import", str(SEED_TXT)]) == 0
    plan_id = capsys.readouterr().out.strip()
    out = tmp_path / "plan.json"
    assert main(["export", plan_id, "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == json.loads(SEED_EXPECTED.read_text())


@pytest.mark.django_db
def test_export_of_unknown_plan_is_explained(capsys):
    assert main(["export", "999", "--format", "json"]) == 2
    assert "There is no plan 999" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_demo_is_safe_to_run_twice(capsys, monkeypatch):
    monkeypatch.setenv("ACTIONPLAN_DEMO_PASSWORD", "a long demo password")
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0
    from django.contrib.auth import authenticate

    from actionplan.plans.models import Plan

    assert Plan.objects.count() == 1
    assert authenticate(username="demo", password="a long demo password") is not None
