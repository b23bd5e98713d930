"""What the benchmark's parts share: where things are, the environment each subprocess runs in,
fresh databases that are never the user's, and median/p95 figures."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def summary(samples: list[float], scale: float = 1.0, digits: int = 3) -> dict:
    """n, median, p95 (nearest rank), min and max of the samples, each multiplied by `scale`."""
    if not samples:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None}
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def r(value):
        return round(value * scale, digits)

    return {
        "n": len(ordered),
        "median": r(statistics.median(ordered)),
        "p95": r(p95),
        "min": r(ordered[0]),
        "max": r(ordered[-1]),
    }


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def on_postgres() -> bool:
    return database_url().startswith(("postgres://", "postgresql://"))


def fresh_store(name: str) -> tuple[Path, str | None]:
    """A new, empty data dir bench/var-NAME (and on PostgreSQL a new database bench_NAME on the
    server DATABASE_URL names): never the user's data."""
    data_dir = BENCH / f"var-{name}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if not on_postgres():
        return data_dir, None
    return data_dir, fresh_postgres_database(database_url(), f"bench_{name}")


def fresh_postgres_database(url: str, name: str) -> str:
    """Drop and create database `name` on the server of `url`; return its URL."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def env_for(data_dir: Path, db_url: str | None, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        ACTIONPLAN_DATA_DIR=str(data_dir),
        ACTIONPLAN_INSECURE_HTTP="1",
        DJANGO_SETTINGS_MODULE="bench.settings",  # the product plus /bench/hello (bench/urls.py)
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.pop("ACTIONPLAN_DEBUG", None)  # production settings, as served
    if db_url:
        env["DATABASE_URL"] = db_url
    else:
        env.pop("DATABASE_URL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_json(args: list[str], env: dict, timeout: float) -> dict:
    """Run a bench part in a subprocess and return the JSON it prints last."""
    done = subprocess.run(
        [PY, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{' '.join(args)} printed no result:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def emit(result: dict) -> None:
    """A bench part's result: one JSON line on stdout."""
    print(json.dumps(result, default=str), flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_info(data_dir: Path) -> dict:
    return json.loads((data_dir / "portfolio.json").read_text())


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def pages(info: dict) -> list[dict]:
    """The pages measured: name, path and the user who opens them."""
    plan, action = info["page_plan"], info["long_action"]
    q = info["search"].replace(" ", "+")
    manager, lead = info["manager"], info["lead"]
    return [
        {"key": "overview", "name": "plan overview", "path": f"/plans/{plan}/", "user": manager},
        {"key": "action", "name": "action page", "path": f"/plans/{plan}/actions/{action}/", "user": manager},
        {"key": "my_actions", "name": "my actions", "path": "/my-actions/", "user": lead},
        {"key": "dashboard", "name": "dashboard", "path": f"/plans/{plan}/dashboard/", "user": manager},
        {"key": "report", "name": "board report", "path": f"/plans/{plan}/report/", "user": manager},
        {"key": "search", "name": "search", "path": f"/plans/{plan}/?q={q}", "user": manager},
    ]
