"""Bad input at scale: a 50 MB upload, a 10,000-row spreadsheet, a 5,000-character line, HTML
nested thousands deep in a cell. Each is read in bounded time and memory and ends in success or
one clear message: never a hang (every run has a timeout), never a traceback, never a 5xx."""

from __future__ import annotations

import re
import time

import pytest

from tests.reliability.conftest import PY, Browser, LiveServer, run, token_in
from tests.reliability.documents import nested_html, padded_to, tsv_plan, xlsx_rows

FIFTY_MB = 50 * 1024 * 1024
MAX_SECONDS = 120  # generous for a shared 2-core machine; a hang is what this catches
MAX_MB = 1024

MEASURED = """
import resource, sys
from actionplan.cli import main
code = main(sys.argv[1:])
print(f"MAXRSS_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def bounded_cli(store, *args, timeout=MAX_SECONDS):
    """`actionplan ARGS` in a subprocess (the console script's own main), with its time and peak
    memory; a run past the timeout raises, failing the test."""
    started = time.monotonic()
    done = run([PY, "-c", MEASURED, *args], store.env, timeout=timeout)
    seconds = time.monotonic() - started
    found = re.search(r"MAXRSS_KB=(\d+)", done.stderr)
    stderr = re.sub(r"MAXRSS_KB=\d+\n?", "", done.stderr).strip()
    peak_mb = int(found[1]) / 1024 if found else None
    return done.returncode, done.stdout, stderr, seconds, peak_mb


def assert_clear_outcome(code, stderr, seconds, peak_mb):
    assert code in (0, 2), f"success or a clear refusal, not a crash: {code}\n{stderr[-2000:]}"
    assert "Traceback" not in stderr
    if code == 2:
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("actionplan: "), stderr
    assert seconds < MAX_SECONDS
    assert peak_mb is not None and peak_mb < MAX_MB, f"peak memory {peak_mb} MB"


def test_fifty_megabyte_document_is_refused_quickly_by_the_command_line(store, tmp_path):
    big = padded_to(tmp_path / "fifty-megabytes.txt", FIFTY_MB)
    code, _, stderr, seconds, peak_mb = bounded_cli(store, "parse", str(big))
    assert_clear_outcome(code, stderr, seconds, peak_mb)
    assert code == 2 and "MB" in stderr, stderr


def test_ten_thousand_row_spreadsheet_is_read_in_bounded_time_and_memory(store, tmp_path):
    sheet = xlsx_rows(tmp_path / "ten-thousand-rows.xlsx", 10_000)
    code, out, stderr, seconds, peak_mb = bounded_cli(store, "parse", str(sheet))
    assert_clear_outcome(code, stderr, seconds, peak_mb)
    if code == 0:
        assert out.count('"text":') >= 10_000  # every action row read (recommendations have text too)
    print(f"\n10,000 rows: exit {code} in {seconds:.1f} s, peak {peak_mb:.0f} MB")


def test_five_thousand_character_line_is_read_imported_and_exported(store, tmp_path):
    store.setup(users=0, plan=False)
    words = ("supervision " * 500)[:5000]
    unbroken = "x" * 5000

    def action_text(r, a):
        return words if (r, a) == (1, 0) else unbroken if (r, a) == (1, 1) else f"Action {r}.{a}"

    def note(r, a):
        return unbroken if (r, a) == (2, 0) else "- fine"

    # The long line as the title, an action, a key point and (below) a lead and a timetable.
    doc = tsv_plan(tmp_path / "long-lines.txt", 3, 3, title="T" * 5000, action_text=action_text, note=note)
    text = doc.read_text().replace("\tApril 2018\t", "\t" + "Spring " * 700 + "\t", 1)
    doc.write_text(text.replace("\tJenny Brennan\t", "\t" + "Jenny Brennan" * 400 + "\t", 1))
    code, out, stderr, seconds, peak_mb = bounded_cli(store, "parse", str(doc))
    assert_clear_outcome(code, stderr, seconds, peak_mb)
    assert code == 0 and unbroken in out
    code, out, stderr, seconds, peak_mb = bounded_cli(store, "import", str(doc))
    assert_clear_outcome(code, stderr, seconds, peak_mb)
    plan = out.strip()
    for fmt in ("pdf", "docx"):
        code, _, stderr, seconds, peak_mb = bounded_cli(
            store, "export", plan, "--format", fmt, "-o", str(tmp_path / f"long.{fmt}")
        )
        assert_clear_outcome(code, stderr, seconds, peak_mb)
        assert code == 0


@pytest.mark.parametrize("form", ["text", "xlsx"])
def test_deeply_nested_html_in_a_cell_is_read_in_bounded_time(store, tmp_path, form):
    store.setup(users=0, plan=False)
    cell = nested_html(3000)
    if form == "text":
        doc = tsv_plan(
            tmp_path / "nested.txt", 2, 2, note=lambda r, a: cell if (r, a) == (1, 0) else "- fine"
        )
    else:
        doc = xlsx_rows(tmp_path / "nested.xlsx", 20, cell=cell)
    code, out, stderr, seconds, peak_mb = bounded_cli(store, "import", str(doc))
    assert_clear_outcome(code, stderr, seconds, peak_mb)
    if code == 0:
        code, _, stderr, seconds, peak_mb = bounded_cli(
            store, "export", out.strip(), "--format", "pdf", "-o", str(tmp_path / "nested.pdf")
        )
        assert_clear_outcome(code, stderr, seconds, peak_mb)


def test_web_import_refuses_fifty_megabytes_and_reads_ten_thousand_rows(store, tmp_path):
    """Through the real server: the upload page answers a 50 MB file with a clear message and a
    10,000-row spreadsheet with its preview (or a clear message), in bounded time, never a 5xx."""
    info = store.setup(users=1, plan=False)
    fifty = padded_to(tmp_path / "fifty-megabytes.txt", FIFTY_MB).read_bytes()
    sheet = xlsx_rows(tmp_path / "ten-thousand-rows.xlsx", 10_000).read_bytes()
    with LiveServer(store, tmp_path / "server.log") as server:
        browser = Browser(server.port)
        browser.sign_in(info["users"][0])
        page = browser.get("/imports/new/")
        assert page.status == 200
        started = time.monotonic()
        response = browser.post_file(
            "/imports/new/",
            {"csrfmiddlewaretoken": token_in(page.text), "target": "new"},
            "file",
            "fifty-megabytes.txt",
            fifty,
            timeout=MAX_SECONDS,
        )
        assert time.monotonic() - started < MAX_SECONDS
        assert response.status in (400, 413), response.status
        assert "MB" in response.text and "govuk-error" in response.text, "a clear message on the page"

        page = browser.get("/imports/new/")
        started = time.monotonic()
        response = browser.post_file(
            "/imports/new/",
            {"csrfmiddlewaretoken": token_in(page.text), "target": "new"},
            "file",
            "ten-thousand-rows.xlsx",
            sheet,
            timeout=MAX_SECONDS,
        )
        assert response.status < 500, response.text[:500]
        if response.status == 302:  # to the preview of what was read
            preview = browser.get(response.headers["location"], timeout=MAX_SECONDS)
            assert preview.status == 200
        seconds = time.monotonic() - started
        print(f"\n10,000-row upload and preview: {response.status} in {seconds:.1f} s")
        assert seconds < MAX_SECONDS
        log = server.log_text()
    assert "Traceback" not in log, log[-3000:]
