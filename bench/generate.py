"""Generate a portfolio into the database the environment names (a fresh bench data dir).

    python -m bench.generate --size council --seed 1

Prints one JSON line: what was made (ids of the measured pages, counts) and how long it took. The
orchestrator (bench/__main__.py) sets ACTIONPLAN_DATA_DIR and DATABASE_URL to a fresh store."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.common import django_setup, emit, say


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate")
    parser.add_argument("--size", choices=["small", "council", "large"], default="council")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.portfolio import generate

    if args.size == "large" and connection.vendor != "postgresql":
        raise SystemExit("the large portfolio is generated on PostgreSQL only (set DATABASE_URL)")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    info = generate(args.size, args.seed, progress=lambda line: say(f"{args.size}: {line}"))
    finished = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    info["migrate_seconds"] = round(migrated - started, 2)
    info["generate_seconds"] = round(finished - migrated, 2)
    info["vendor"] = connection.vendor
    Path(os.environ["ACTIONPLAN_DATA_DIR"], "portfolio.json").write_text(json.dumps(info, indent=2))
    emit(info)


if __name__ == "__main__":
    main()
