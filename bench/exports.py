"""Export time per format for the seed plan and the 500-action plan of the portfolio in the
environment's database.

    python -m bench.exports [--repeat N] [--big-repeat N] [--big-pdf-repeat N]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.common import django_setup, emit, load_info, say, summary

FORMATS = ["json", "csv", "xlsx", "docx", "pdf"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--repeat", type=int, default=5, help="runs per format for the seed plan")
    parser.add_argument("--big-repeat", type=int, default=3, help="runs per format for the 500-action plan")
    parser.add_argument(
        "--big-pdf-repeat", type=int, default=2, help="runs of its PDF (about 100 s each here)"
    )
    args = parser.parse_args(argv)
    django_setup()
    from actionplan.exports import export
    from actionplan.plans.models import Plan

    info = load_info(Path(os.environ["ACTIONPLAN_DATA_DIR"]))
    export(Plan.objects.get(pk=info["seed_plan"]), "pdf")  # warm: WeasyPrint and Pango load once
    result = {}
    for label, plan_id, repeat in (
        ("seed", info["seed_plan"], args.repeat),
        ("500 actions", info["export_plan"], args.big_repeat),
    ):
        plan = Plan.objects.get(pk=plan_id)
        result[label] = {"plan": plan_id, "actions": plan.actions.count(), "formats": {}}
        for fmt in FORMATS:
            times, cpu, size = [], [], 0
            runs = args.big_pdf_repeat if (label, fmt) == ("500 actions", "pdf") else repeat
            for _ in range(runs):
                plan = Plan.objects.get(pk=plan_id)  # no row cached between runs
                started, cpu_started = time.perf_counter(), time.process_time()
                size = len(export(plan, fmt))
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            result[label]["formats"][fmt] = {
                "seconds": summary(times, 1, 3),
                "cpu_seconds": summary(cpu, 1, 3),
                "bytes": size,
            }
            say(f"export {label} {fmt}: {result[label]['formats'][fmt]['seconds']['median']} s median")
    emit({"exports": result})


if __name__ == "__main__":
    main()
