"""Profile one page or export in-process with pyinstrument, against a generated portfolio.

ACTIONPLAN_DATA_DIR=bench/var-council python -m bench.profile /plans/3/ [--user manager0]
ACTIONPLAN_DATA_DIR=bench/var-council python -m bench.profile export:2:pdf
"""

from __future__ import annotations

import argparse
import os

from bench.common import django_setup


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("target", help="a path, or export:PLAN_ID:FORMAT")
    parser.add_argument("--user", default="manager0")
    parser.add_argument("--sql", action="store_true", help="print each query with its time")
    args = parser.parse_args(argv)
    os.environ.setdefault("ACTIONPLAN_INSECURE_HTTP", "1")
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    if args.target.startswith("export:"):
        from actionplan.exports import export
        from actionplan.plans.models import Plan

        _, plan_id, fmt = args.target.split(":")

        def run():
            return export(Plan.objects.get(pk=int(plan_id)), fmt)
    else:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=args.user))

        def run():
            response = client.get(args.target)
            assert response.status_code == 200, response.status_code
            return response

        run()  # warm
    profiler = Profiler(interval=0.001)
    with CaptureQueriesContext(connection) as ctx:
        profiler.start()
        run()
        profiler.stop()
    queries = list(ctx.captured_queries)
    print(profiler.output_text(unicode=False, color=False, show_all=False))
    print(f"{len(queries)} queries, {sum(float(q['time']) for q in queries):.3f} s in the database")
    if args.sql:
        for q in queries:
            print(f"{q['time']}  {q['sql'][:400]}")


if __name__ == "__main__":
    main()
