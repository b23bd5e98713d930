"""`make bench` (python -m bench): generate portfolios, then measure parse, exports, queries per
page and server latency under load; print a table with each target met or missed and write
bench/results.json. Figures, not timed tests: nothing here fails on a slow machine.

    python -m bench                 # small + council (SQLite, or PostgreSQL if DATABASE_URL says so)
    python -m bench --large         # also the large portfolio (PostgreSQL only)
    python -m bench --quick         # shorter load runs, fewer repeats (a smoke run)
    python -m bench --skip load,parse

Everything is written under bench/var-* (fresh each run, gitignored), never the user's data dir."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time

from bench.common import BENCH, env_for, fresh_store, on_postgres, run_json, say

PAGE_TARGET_MS = 150
SEARCH_TARGET_MS = 300


def _targets(results: dict) -> list[dict]:
    """Each target with the figure it is judged on (p95 unless said), met / missed / not measured."""
    out = []

    def add(name, value, limit, unit):
        met = None if value is None else value < limit
        out.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "unit": unit,
                "result": "not measured" if met is None else ("met" if met else "MISSED"),
            }
        )

    pages = results.get("load", {}).get("pages", {})
    for key, figures in pages.items():
        if key == "hello":
            continue
        limit = SEARCH_TARGET_MS if key == "search" else PAGE_TARGET_MS
        add(f"{figures['name']} p95 at 8 clients", (figures.get("8") or {}).get("p95_ms"), limit, "ms")
    parse = {p["format"]: p for p in results.get("parse", [])}
    seed = parse.get("seed text", {})
    add("seed text parse p95", _ms(seed.get("seconds", {}).get("p95")), 100, "ms")
    big = next((p for name, p in parse.items() if name.startswith("generated")), {})
    add("60-page PDF parse p95", big.get("seconds", {}).get("p95") if "error" not in big else None, 15, "s")
    add(
        "60-page PDF parse peak memory (RSS)",
        big.get("peak_rss_mb") if "error" not in big else None,
        500,
        "MB",
    )
    exports = results.get("exports", {})

    def export_p95(label, fmt):
        return exports.get(label, {}).get("formats", {}).get(fmt, {}).get("seconds", {}).get("p95")

    add("Word export of the seed p95", export_p95("seed", "docx"), 0.5, "s")
    add("PDF export of the seed p95", export_p95("seed", "pdf"), 3, "s")
    add("PDF export of 500 actions p95", export_p95("500 actions", "pdf"), 20, "s")
    queries = results.get("queries", {})
    if "small" in queries and "council" in queries:
        for key, small in queries["small"].items():
            council = queries["council"].get(key, {})
            pairs = [(small.get(k), council.get(k)) for k in ("queries", "queries_warm")]
            out.append(
                {
                    "target": f"queries {key}: the same at small and council (cold, warm)",
                    "value": ", ".join(f"{a}/{b}" for a, b in pairs),
                    "limit": "equal",
                    "unit": "",
                    "result": "met" if all(a == b for a, b in pairs) else "MISSED",
                }
            )
    gen = results.get("generate", {}).get("council", {})
    add("council generation", gen.get("generate_seconds"), 60, "s")
    return out


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def _fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _median(row: dict, key: str) -> str:
    return _fmt(row.get(key, {}).get("median"))


def _line(*cells) -> str:
    """Cells as (text, width) pairs: a negative width pads on the right (left-aligned)."""
    return "".join(f"{text:<{-width}}" if width < 0 else f"{text:>{width}}" for text, width in cells) + "\n"


def print_table(results: dict) -> None:
    w = sys.stdout.write
    machine = results["machine"]
    w(
        f"\nactionplan benchmark, {results['finished']}: {machine['database']}, "
        f"{machine['cpus']} CPUs shared "
        f"with other work (load average {machine['load_before']} before, {machine['load_after']} after), "
        f"Python {machine['python']}\n"
    )
    for size, gen in results.get("generate", {}).items():
        c = gen.get("counts", {})
        w(f"\ngenerate {size}: {gen.get('generate_seconds')} s (migrate {gen.get('migrate_seconds')} s): ")
        w(
            f"{c.get('plans')} plans, {c.get('actions')} actions, {c.get('notes')} notes, "
            f"{c.get('events')} events, "
        )
        w(f"{c.get('people')} people, {c.get('users')} users, {c.get('memberships')} memberships\n")
    for label, load in (("", results.get("load", {})), (" (large)", results.get("load_large", {}))):
        if not load.get("pages"):
            continue
        srv = load["server"]
        w(
            f"\nServer latency{label}: actionplan serve "
            f"({srv['workers']} workers x {srv['threads']} threads), "
        )
        w(
            "locust closed loop, signed in; ms; x hello = page / hello at the same load (p50/p95);\n"
            "cpu/req = the server's own CPU ms per request (gunicorn master + workers)\n"
        )
        widths = [-16, 3, 7, 5, 7, 8, 8, 8, 14, 10]
        heads = ["page", "c", "req", "fail", "rps", "p50", "p95", "p99", "x hello", "cpu/req"]
        w(_line(*zip(heads, widths, strict=True)))
        for figures in load["pages"].values():
            for n, f in ((n, figures.get(n)) for n in ("1", "8")):
                if not f:
                    continue
                ratio = (
                    f"{_fmt(f.get('ratio_median'))}/{_fmt(f.get('ratio_p95'))}"
                    if "ratio_median" in f
                    else "1"
                )
                cells = [
                    figures["name"][:16],
                    n,
                    f["requests"],
                    f["failures"],
                    f["rps"],
                    _fmt(f["median_ms"], 0),
                    _fmt(f["p95_ms"], 0),
                    _fmt(f["p99_ms"], 0),
                    ratio,
                    _fmt(f.get("server_cpu_ms")),
                ]
                w(_line(*zip(cells, widths, strict=True)))
    if results.get("parse"):
        w("\nParse (seconds, warm; cpu = the parsing process's CPU time; peak RSS of that process)\n")
        widths = [-34, 8, 4, 9, 9, 9, 8, 2, -1]
        heads = ["format", "KB", "n", "median", "p95", "cpu p50", "RSS MB", "", "reader / outcome"]
        w(_line(*zip(heads, widths, strict=True)))
        for p in results["parse"]:
            s, cpu = p["seconds"], p.get("cpu_seconds", {})
            outcome = (
                p.get("error") or f"{p.get('reader')}: {p.get('actions')} actions, {p.get('notes')} notes"
            )
            cells = [p["format"][:34], p["bytes"] // 1024, s["n"], _fmt(s["median"], 4), _fmt(s["p95"], 4),
                     _fmt(cpu.get("median"), 4), _fmt(p.get("peak_rss_mb"), 0), "", outcome]  # fmt: skip
            w(_line(*zip(cells, widths, strict=True)))
    if results.get("exports"):
        w("\nExports (seconds; cpu = CPU time of the exporting process)\n")
        widths = [-14, -7, 4, 9, 9, 9, 9]
        w(_line(*zip(["plan", "format", "n", "median", "p95", "cpu p50", "KB"], widths, strict=True)))
        for label, e in results["exports"].items():
            for fmt, f in e["formats"].items():
                s, cpu = f["seconds"], _fmt(f.get("cpu_seconds", {}).get("median"), 3)
                cells = [label, fmt, s["n"], _fmt(s["median"], 3), _fmt(s["p95"], 3), cpu, f["bytes"] // 1024]
                w(_line(*zip(cells, widths, strict=True)))
    queries = results.get("queries", {})
    if queries:
        sizes = list(queries)
        w("\nQueries and in-process time per page (test client; cold = page cache emptied, warm = cached)\n")
        widths = [-12, *[16] * len(sizes), *[18] * len(sizes)]
        heads = ["page", *(f"{s} queries" for s in sizes), *(f"{s} ms" for s in sizes)]
        w(_line(*zip(heads, widths, strict=True)))
        w(_line(*zip(["", *["cold/warm"] * (2 * len(sizes))], widths, strict=True)))
        for key in queries[sizes[0]]:
            rows = [queries[s].get(key, {}) for s in sizes]
            counts = [f"{_fmt(r.get('queries'))}/{_fmt(r.get('queries_warm'))}" for r in rows]
            times = [f"{_median(r, 'in_process_ms')}/{_median(r, 'in_process_warm_ms')}" for r in rows]
            w(_line(*zip([key, *counts, *times], widths, strict=True)))
    w("\nTargets (SQLite, council size, this 2-core machine)\n")
    for t in results["targets"]:
        value = f"{_fmt(t['value'])} {t['unit']}".strip()
        limit = f"(target: {t['limit']})" if t["limit"] == "equal" else f"(target < {t['limit']} {t['unit']})"
        w(f"  {t['result']:<13}{t['target']:<62}{value:>14}  {limit}\n")
    for error in results.get("errors", []):
        w(f"  error: {error}\n")
    w(f"\nTotal {results['seconds']} s; figures in bench/results.json\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--large", action="store_true", help="also the large portfolio (PostgreSQL only)")
    parser.add_argument("--quick", action="store_true", help="short load runs and few repeats")
    parser.add_argument("--skip", default="", help="comma-separated: parse,exports,queries,load")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    started = time.monotonic()
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "database": "postgresql" if on_postgres() else "sqlite",
            "load_before": round(os.getloadavg()[0], 2),
        },
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "generate": {},
        "queries": {},
        "errors": [],
    }
    large = args.large or on_postgres()
    if args.large and not on_postgres():
        results["errors"].append("--large needs PostgreSQL: set DATABASE_URL=postgres://...")
        large = False
    sizes = ["small", "council"] + (["large"] if large else [])
    stores = {}
    for size in sizes:
        say(f"generating the {size} portfolio")
        try:
            data_dir, url = fresh_store(size)
            env = env_for(data_dir, url)
            results["generate"][size] = run_json(
                ["-m", "bench.generate", "--size", size, "--seed", str(args.seed)],
                env,
                timeout=3600 if size == "large" else 600,
            )
            stores[size] = env
        except Exception as exc:  # a figure missing is reported, the rest still measured
            results["errors"].append(f"generate {size}: {exc}")
    if "queries" not in skip:
        for size, env in stores.items():
            try:
                results["queries"][size] = run_json(["-m", "bench.queries"], env, timeout=600)
            except Exception as exc:
                results["errors"].append(f"queries {size}: {exc}")
    if "parse" not in skip:
        say("parsing samples")
        try:
            results.update(run_json(["-m", "bench.parse"], env_for(BENCH / "var-samples", None), timeout=900))
        except Exception as exc:
            results["errors"].append(f"parse: {exc}")
    if "exports" not in skip and "council" in stores:
        say("exporting")
        repeats = (
            ["--repeat", "2", "--big-repeat", "1", "--big-pdf-repeat", "1"]
            if args.quick
            else ["--repeat", "5", "--big-repeat", "3", "--big-pdf-repeat", "2"]
        )
        try:
            results.update(run_json(["-m", "bench.exports", *repeats], stores["council"], timeout=900))
        except Exception as exc:
            results["errors"].append(f"exports: {exc}")
    if "load" not in skip:
        seconds = "3,4" if args.quick else "8,12"
        for size in [s for s in ("council", "large") if s in stores]:
            say(f"serving the {size} portfolio under load")
            try:
                measured = run_json(["-m", "bench.load", "--seconds", seconds], stores[size], timeout=1800)
                results["load" if size == "council" else "load_large"] = measured["load"]
            except Exception as exc:
                results["errors"].append(f"load {size}: {exc}")
    results["machine"]["load_after"] = round(os.getloadavg()[0], 2)
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    results["seconds"] = round(time.monotonic() - started, 1)
    results["targets"] = _targets(results)
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
