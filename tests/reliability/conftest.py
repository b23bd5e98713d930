"""What the reliability tests share: a store of their own (a fresh SQLite data dir, or a fresh
database on the PostgreSQL server DATABASE_URL names, never pytest-django's test database), the
real server (`actionplan serve`) in a subprocess on a free loopback port, the `actionplan`
command line, and a small HTTP client that signs in through the form like a person.

Every test here is marked `reliability` (select them with -m reliability; `make test` runs them
on SQLite and on PostgreSQL). Every loop is bounded in time and every subprocess has a timeout."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.reliability.setup_store import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
SCRIPT = Path(PY).with_name("actionplan")
ACTIONPLAN = [str(SCRIPT)] if SCRIPT.exists() else [PY, "-m", "actionplan.cli"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CURRENT_RAG = re.compile(r'data-current-rag="(\w*)"')


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


class Store:
    """A data dir and database for one test, with its environment for subprocesses."""

    def __init__(self, data_dir: Path, db_url: str | None):
        self.data_dir, self.db_url = data_dir, db_url
        self.vendor = "postgresql" if db_url else "sqlite"
        self.env = dict(os.environ)
        self.env.update(
            ACTIONPLAN_DATA_DIR=str(data_dir),
            ACTIONPLAN_INSECURE_HTTP="1",
            DJANGO_SETTINGS_MODULE="actionplan.settings",  # production settings, as served
            PYTHONPATH=str(ROOT),
        )
        for name in ("ACTIONPLAN_DEBUG", "DATABASE_URL"):
            self.env.pop(name, None)
        if db_url:
            self.env["DATABASE_URL"] = db_url

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "actionplan.sqlite3"

    def query(self, sql: str, params=()) -> list[tuple]:
        """Read the store directly (not through Django, whose connection is pytest-django's)."""
        if self.vendor == "sqlite":
            with sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=30) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.db_url, connect_timeout=10) as conn:
            return conn.execute(sql.replace("?", "%s"), params or None).fetchall()

    def count(self, table: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]

    def setup(self, users: int = 1, plan: bool = True) -> dict:
        args = [PY, "-m", "tests.reliability.setup_store", "--users", str(users)] + (
            [] if plan else ["--no-plan"]
        )
        done = run(args, self.env, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def cli(self, *args, timeout: float = 120, input_env: dict | None = None):
        return run([*ACTIONPLAN, *args], {**self.env, **(input_env or {})}, timeout=timeout)


def run(args, env, timeout):
    return subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def store(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    url = postgres_url()
    if not url:
        yield Store(data_dir, None)
        return
    import psycopg

    name = f"reliability_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_url(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Store(data_dir, urlunsplit(urlsplit(url)._replace(path=f"/{name}")))
    finally:
        for _ in range(30):  # the cluster may be coming back from a restart test
            try:
                with psycopg.connect(_admin_url(url), autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except psycopg.OperationalError:
                time.sleep(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`actionplan serve` (gunicorn gthread, production settings over plain HTTP) on a free port."""

    def __init__(self, store: Store, log_path: Path):
        self.store, self.log_path = store, log_path
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [*ACTIONPLAN, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.store.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server stopped:\n{self.log_path.read_text()[-3000:]}"
            try:
                if Browser(self.port).get("/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise AssertionError("the server did not answer within 120 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def __exit__(self, *exc):
        self.stop()
        self.log.close()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Response:
    status: int
    headers: dict
    text: str


class Browser:
    """One person's browser: cookies kept, one connection a request (so a request that fails never
    leaves doubt whether it reached the server), forms posted with their CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, timeout=60) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            sent = {"Host": f"127.0.0.1:{self.port}", "Connection": "close", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if "expires=Thu, 01 Jan 1970" in cookie or "Max-Age=0" in cookie:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            return Response(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                data.decode("utf-8", "replace"),
            )
        finally:
            conn.close()

    def get(self, path, timeout=60) -> Response:
        return self.request("GET", path, timeout=timeout)

    def post(self, path, fields: dict, timeout=60) -> Response:
        body = urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body=body, headers=headers, timeout=timeout)

    def post_file(self, path, fields: dict, name: str, filename: str, data: bytes, timeout=120) -> Response:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        body = b"".join(parts) + data + f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body=body, headers=headers, timeout=timeout)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        page = self.get("/accounts/login/")
        token = TOKEN.search(page.text)
        assert token, f"no sign-in form ({page.status})"
        response = self.post(
            "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        )
        assert response.status == 302 and "sessionid" in self.cookies, (
            f"signing in as {username}: {response.status}"
        )


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found[1]
