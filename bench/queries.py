"""Queries per page, in-process with Django's test client, for the portfolio in the environment's
database. The benchmark runs it at "small" and at "council" size: the counts must be equal.

    python -m bench.queries
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.common import django_setup, emit, load_info, pages, summary


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    info = load_info(Path(os.environ["ACTIONPLAN_DATA_DIR"]))
    User = get_user_model()
    clients = {}
    result = {}
    for page in pages(info):
        if page["user"] not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=page["user"]))
            clients[page["user"]] = client
        client = clients[page["user"]]
        client.get(page["path"])  # warm: templates compiled, caches as a running server has them
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page["path"])
        count = len(ctx.captured_queries)  # now: the next request clears the connection's query log
        times = []
        for _ in range(3):
            started = time.perf_counter()
            client.get(page["path"])
            times.append(time.perf_counter() - started)
        result[page["key"]] = {
            "path": page["path"],
            "status": response.status_code,
            "queries": count,
            "bytes": len(response.content),
            "in_process_ms": summary(times, 1000, 1),
        }
    emit(result)


if __name__ == "__main__":
    main()
