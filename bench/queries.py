"""Queries per page, in-process with Django's test client, for the portfolio in the environment's
database. The benchmark runs it at "small" and at "council" size: the counts must be equal.

Each page is measured cold (the page cache emptied first: what the first reader after a change
pays) and warm (the body cached under the plan's stamp: what every later reader pays).

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
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    info = load_info(Path(os.environ["ACTIONPLAN_DATA_DIR"]))
    User = get_user_model()
    clients = {}
    result = {}

    def measure(client, path, cold: bool):
        if cold:
            cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        elapsed = time.perf_counter() - started
        return response, len(ctx.captured_queries), elapsed  # count now: the next request clears the log

    for page in pages(info):
        if page["user"] not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=page["user"]))
            clients[page["user"]] = client
        client = clients[page["user"]]
        client.get(page["path"])  # templates compiled, as in a running server
        response, cold_count, _ = measure(client, page["path"], cold=True)
        cold_times = [measure(client, page["path"], cold=True)[2] for _ in range(3)]
        _, warm_count, _ = measure(client, page["path"], cold=False)
        warm_times = [measure(client, page["path"], cold=False)[2] for _ in range(3)]
        result[page["key"]] = {
            "path": page["path"],
            "status": response.status_code,
            "queries": cold_count,
            "queries_warm": warm_count,
            "bytes": len(response.content),
            "in_process_ms": summary(cold_times, 1000, 1),
            "in_process_warm_ms": summary(warm_times, 1000, 1),
        }
    emit(result)


if __name__ == "__main__":
    main()
