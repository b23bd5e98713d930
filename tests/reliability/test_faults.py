"""Processes killed half-way and a database that goes away under load.

- `actionplan import` killed (SIGKILL) while its transaction is writing: no partial plan.
- `actionplan export -o PATH` killed while writing, and at moments across its run: PATH holds the
  old file or the whole new one, never half of one.
- PostgreSQL stopped and started while people post updates (PostgreSQL pass only): requests in
  the outage get the 503 "try again in a minute" page, the server reconnects by itself, and every
  acknowledged update is kept."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    ACTIONPLAN,
    CURRENT_RAG,
    PY,
    ROOT,
    VERSION,
    Browser,
    LiveServer,
    run,
    token_in,
)
from tests.reliability.documents import tsv_plan

OLD = b"the board paper as it was before this export\n"


def _writer_active(store) -> bool:
    """Is a transaction writing to the store right now?"""
    if store.vendor == "sqlite":
        conn = sqlite3.connect(store.sqlite_path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # fails at once while another writer holds the lock
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc) or "busy" in str(exc)
        finally:
            conn.close()
    rows = store.query(
        "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = 'plans_action' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid() "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    return rows[0][0] > 0


def _wait_for_no_writer(store, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while _writer_active(store):
        assert time.monotonic() < deadline, "the killed import's transaction was never rolled back"
        time.sleep(0.1)


def _counts(store) -> dict:
    tables = ("plans_plan", "plans_recommendation", "plans_action", "plans_progressnote", "plans_changeevent")
    return {table: store.count(table) for table in tables}


def test_import_killed_mid_transaction_leaves_no_partial_plan(store, tmp_path):
    store.setup(users=0, plan=False)
    big = tsv_plan(tmp_path / "big-plan.tsv", 1500, 10)  # 15,000 actions: seconds of inserts
    before = _counts(store)
    proc = subprocess.Popen(
        [*ACTIONPLAN, "import", str(big)],
        env=store.env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline, writing = time.monotonic() + 180, False
        while time.monotonic() < deadline and proc.poll() is None:
            if _writer_active(store):
                writing = True
                time.sleep(0.5)  # well into its inserts
                break
            time.sleep(0.05)
        assert writing and proc.poll() is None, "the import was killed while its transaction was writing"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    _wait_for_no_writer(store)
    assert _counts(store) == before, "nothing of the killed import is left"
    if store.vendor == "sqlite":
        assert store.query("PRAGMA integrity_check") == [("ok",)]
    small = tsv_plan(tmp_path / "small-plan.tsv", 2, 2)
    done = store.cli("import", str(small), timeout=120)
    assert done.returncode == 0, done.stderr
    assert store.count("plans_plan") == before["plans_plan"] + 1
    assert store.count("plans_action") == before["plans_action"] + 4


KILL_WHILE_WRITING = r"""
import builtins, io, os, pathlib, signal, sys

target = os.path.realpath(sys.argv[1])


def in_target(file):
    try:
        return os.path.dirname(os.path.realpath(os.fspath(file))) == target
    except TypeError:
        return False


def die_half_way(handle, data):
    handle.write(data[: len(data) // 2])
    handle.flush()
    os.fsync(handle.fileno())
    os.kill(os.getpid(), signal.SIGKILL)


class Dying:
    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        die_half_way(self.handle, data)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


real_open, real_write_bytes = builtins.open, pathlib.Path.write_bytes


def dying_open(file, mode="r", *args, **kwargs):
    handle = real_open(file, mode, *args, **kwargs)
    return Dying(handle) if any(c in mode for c in "wax+") and in_target(file) else handle


def dying_write_bytes(self, data):
    if in_target(self):
        with real_open(self, "wb") as handle:
            die_half_way(handle, data)
    return real_write_bytes(self, data)


builtins.open = io.open = dying_open
pathlib.Path.write_bytes = dying_write_bytes
from actionplan.cli import main

sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx", "json"])
def test_export_killed_while_writing_its_file_leaves_the_old_file(store, tmp_path, fmt):
    """The process dies after writing half of its output (to whatever file it writes in the
    output's folder): PATH still holds the old file, whole."""
    plan = store.setup(users=0)["plan"]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    path = out_dir / f"plan.{fmt}"
    path.write_bytes(OLD)
    done = run(
        [PY, "-c", KILL_WHILE_WRITING, str(out_dir), "export", str(plan), "--format", fmt, "-o", str(path)],
        store.env,
        timeout=180,
    )
    assert done.returncode == -signal.SIGKILL, (
        f"it died while writing: {done.returncode} {done.stderr[-2000:]}"
    )
    assert path.read_bytes() == OLD


def _whole(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_export_killed_at_any_moment_never_leaves_half_a_file(store, tmp_path):
    """The real command, killed at moments spread over its run until one run completes."""
    plan = store.setup(users=0)["plan"]
    path = tmp_path / "plan.pdf"
    path.write_bytes(OLD)
    completed = False
    for delay in (0.3, 0.8, 1.3, 1.8, 2.3, 2.8, 3.3, 3.8, 4.5, 5.5, 7, 9, 12, 20, 60):
        proc = subprocess.Popen(
            [*ACTIONPLAN, "export", str(plan), "--format", "pdf", "-o", str(path)],
            env=store.env,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=delay)
            completed = proc.returncode == 0
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        data = path.read_bytes()
        assert data == OLD or _whole(data), (
            f"killed after {delay} s: {len(data)} bytes, neither old nor whole"
        )
        if completed:
            break
    assert completed and _whole(path.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["data", "plan.pdf"]


# PostgreSQL restart --------------------------------------------------------------------------


def _pg_ctl(*args) -> subprocess.CompletedProcess:
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    command = [str(bindirs[-1] / "pg_ctl"), *args]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _load(browser, name, plan, actions, until, log, lock):
    n = 0
    while time.monotonic() < until:
        action = actions[n % len(actions)]
        url = f"/plans/{plan}/actions/{action}/"
        n += 1
        text = f"restart {name} #{n}"
        try:
            page = browser.get(url, timeout=60)
            entry = {"at": time.monotonic(), "what": "GET", "status": page.status, "text": text, "page": page}
            if page.status == 200:
                fields = {
                    "csrfmiddlewaretoken": token_in(page.text),
                    "text": text,
                    "rag": CURRENT_RAG.search(page.text)[1] or "none",
                    "reason": "",
                    "version": VERSION.search(page.text)[1],
                }
                response = browser.post(url, fields, timeout=60)
                entry = {
                    "at": time.monotonic(),
                    "what": "POST",
                    "status": response.status,
                    "text": text,
                    "page": response,
                }
        except OSError as exc:
            entry = {
                "at": time.monotonic(),
                "what": "error",
                "status": None,
                "text": text,
                "error": repr(exc),
            }
        with lock:
            log.append(entry)
        time.sleep(0.05)


@pytest.mark.postgres_cluster
def test_postgres_restart_under_load_gives_503_then_recovers_losing_nothing(store, tmp_path):
    from django.db import connections

    pg_dir, pg_port = os.environ["PG_DIR"], os.environ["PG_PORT"]
    info = store.setup(users=4)
    plan, actions = info["plan"], info["actions"][:4]
    log, lock = [], threading.Lock()
    try:
        with LiveServer(store, tmp_path / "server.log") as server:
            browsers = [Browser(server.port) for _ in info["users"]]
            for browser, user in zip(browsers, info["users"], strict=True):
                browser.sign_in(user)
            until = time.monotonic() + 24
            threads = [
                threading.Thread(target=_load, args=(b, u, plan, actions, until, log, lock), daemon=True)
                for b, u in zip(browsers, info["users"], strict=True)
            ]
            for thread in threads:
                thread.start()
            time.sleep(3)
            stopped = _pg_ctl("-D", pg_dir, "-m", "fast", "-w", "stop")
            assert stopped.returncode == 0, stopped.stderr
            down_at = time.monotonic()
            time.sleep(5)
            started = subprocess.run(
                [str(ROOT / "scripts" / "pg-cluster"), "start", pg_dir, pg_port],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert started.returncode == 0, started.stderr
            up_at = time.monotonic()
            for thread in threads:
                thread.join(120)
            assert not any(t.is_alive() for t in threads)
    finally:
        connections.close_all()  # pytest's own connections died with the restart: reconnect later

    statuses = Counter((e["what"], e["status"]) for e in log)
    print(f"\nrestart: {dict(statuses)}")
    errors = [e for e in log if e["status"] is None or (e["status"] >= 500 and e["status"] != 503)]
    assert not errors, [(e["what"], e["status"], e.get("error") or e["page"].text[:300]) for e in errors[:5]]
    unavailable = [e for e in log if e["status"] == 503]
    assert unavailable, "requests during the outage were answered with 503"
    for e in unavailable:
        assert "briefly unavailable, try again in a minute" in e["page"].text
        assert e["page"].headers.get("retry-after") == "60"
        assert down_at - 1 <= e["at"] <= up_at + 15, "503 only around the outage"
    after = [e for e in log if e["at"] > up_at + 5]
    assert any(e["what"] == "POST" and e["status"] == 302 for e in after), "the server reconnected by itself"
    acknowledged = Counter(e["text"] for e in log if e["what"] == "POST" and e["status"] == 302)
    refused = {e["text"] for e in log if e["what"] == "POST" and e["status"] != 302}
    stored = Counter(
        t for (t,) in store.query("SELECT text FROM plans_progressnote WHERE text LIKE 'restart %'")
    )
    assert stored == acknowledged
    assert not refused & set(stored)
