"""Parse time and peak memory per document format.

    python -m bench.parse            # every sample: prints one JSON line
    python -m bench.parse --one PATH --repeat N   # (internal) parse one file N times in this process

Samples: the seed text, the Word, Excel and PDF samples in tests/samples/ (or, where there are none,
the seed written as a Word table and an Excel sheet here), and a generated 60-page PDF
(bench.synthetic when present, else one laid out here with WeasyPrint). Each file is
parsed in a fresh subprocess, so peak memory (ru_maxrss) is that parse's own and not the
benchmark's; the timed repeats run in the same subprocess after the first."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BENCH, PY, ROOT, emit, say, summary

SAMPLES = ROOT / "tests" / "samples"
SEED = ROOT / "actionplan" / "demo_data" / "southwark-sif-action-plan-2017.txt"
WORK = BENCH / "var-samples"
PDF_PAGES = 60


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def one(path: Path, repeat: int) -> dict:
    """Parse `path` `repeat` times in this process; peak RSS is the process's (interpreter included)."""
    from actionplan.ingest import ReadError, parse, readers

    readers()  # import every reader before measuring
    data = path.read_bytes()
    if repeat > 1:
        parse(data, path.name)  # warm: regexes compiled, lazy imports done (not timed)
    before = _rss_mb()
    times, cpu, outcome = [], [], {}
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            result = parse(data, path.name)
        except ReadError as exc:
            return {"error": str(exc), "rss_before_mb": round(before, 1), "peak_rss_mb": round(_rss_mb(), 1)}
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        outcome = {
            "reader": result.reader,
            "recommendations": len(result.draft.recommendations),
            "actions": result.draft.action_count(),
            "notes": result.draft.note_count(),
            "warnings": len(result.warnings),
        }
    return {
        "times": times,
        "cpu": cpu,
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        **outcome,
    }


def _seed_draft():
    from actionplan.ingest import parse

    return parse(SEED.read_bytes(), SEED.name).draft


HEADERS = [
    "No.",
    "Recommendation",
    "Action",
    "Lead officer(s)",
    "Timetable end date",
    "RAG",
    "Key points to note",
]


def _rows(draft):
    for rec in draft.recommendations:
        for i, action in enumerate(rec.actions):
            yield [
                rec.number if i == 0 else "",
                rec.text if i == 0 else "",
                action.text,
                "\n".join(action.leads),
                action.due.text,
                (action.rag or "").title(),
                "\n".join(action.notes),
            ]


def seed_docx(path: Path) -> None:
    """The seed plan as a Word table, the way councils keep it."""
    import docx

    draft = _seed_draft()
    document = docx.Document()
    document.add_heading(draft.title, level=1)
    table = document.add_table(rows=1, cols=len(HEADERS))
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
    for values in _rows(draft):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.save(path)


def seed_xlsx(path: Path) -> None:
    """The seed plan as an Excel sheet."""
    import openpyxl

    draft = _seed_draft()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([draft.title])
    sheet.append(HEADERS)
    for values in _rows(draft):
        sheet.append(values)
    book.save(path)


def _pdf_pages(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def sixty_page_pdf(path: Path) -> dict:
    """A 60-page action plan PDF: made by bench.synthetic in the seed's layout when that
    module is there (scaling its recommendations until the layout comes to 60 pages), else laid out
    here with WeasyPrint."""
    try:
        from bench import synthetic
    except ImportError:
        return _weasyprint_pdf(path, PDF_PAGES)
    n_recs, data, pages = 24, b"", 0
    for _ in range(4):
        data = synthetic.draft_to_pdf_bytes(synthetic.make_plan_draft(n_recs, 4, seed=60))
        pages = _pdf_pages(data)
        if abs(pages - PDF_PAGES) <= 1:
            break
        n_recs = max(1, round(n_recs * PDF_PAGES / pages))
    path.write_bytes(data)
    return {"source": "bench.synthetic", "pages": pages, "recommendations": n_recs}


def _weasyprint_pdf(path: Path, pages: int) -> dict:
    import html
    import random

    from weasyprint import HTML

    rng = random.Random(60)
    words = (
        "review audit supervision oversight placement planning training workforce quality assurance "
        "strategy partners board evidence children families timeliness caseloads practice"
    ).split()

    def sentence(n):
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    def document(n_recs):
        rows = []
        for r in range(1, n_recs + 1):
            for a in range(1, 4):
                notes = "<br>".join(f"• {sentence(12)}" for _ in range(rng.randint(1, 3)))
                cells = [
                    str(r) if a == 1 else "",
                    sentence(14) if a == 1 else "",
                    sentence(20),
                    "Alex Morgan<br>Sam Patel",
                    "April 2025",
                    rng.choice(["Red", "Amber", "Green", "Blue"]),
                    notes,
                ]
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
        return (
            "<html><head><style>@page { size: A4 landscape; margin: 1.5cm }"
            "body { font: 9pt sans-serif } table { border-collapse: collapse; width: 100% }"
            "td, th { border: 1px solid #000; padding: 3px; vertical-align: top }</style></head><body>"
            "<h1>Kingsford Post Ofsted Improvement Action Plan 2025</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>"
        )

    n_recs = 40
    for _ in range(4):  # scale the row count until the layout comes to 60 pages
        rendered = HTML(string=document(n_recs)).render()
        count = len(rendered.pages)
        if count == pages:
            break
        n_recs = max(1, round(n_recs * pages / count)) if abs(count - pages) > 2 else n_recs + (pages - count)
    rng.seed(60)
    rendered = HTML(string=document(n_recs)).render()
    path.write_bytes(rendered.write_pdf())
    return {"source": "bench (WeasyPrint)", "pages": len(rendered.pages), "recommendations": n_recs}


def samples() -> list[dict]:
    WORK.mkdir(parents=True, exist_ok=True)
    found = [{"format": "seed text", "path": SEED, "repeat": 20}]
    by_kind = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}
    for suffix, kind in by_kind.items():
        files = sorted(SAMPLES.glob(f"*.{suffix}"))
        found += [
            {"format": f"{kind} sample", "path": f, "repeat": 3 if suffix == "pdf" else 5} for f in files
        ]
        if not files and suffix in ("docx", "xlsx"):
            made = WORK / f"seed.{suffix}"
            (seed_docx if suffix == "docx" else seed_xlsx)(made)
            found.append({"format": f"{kind} (seed as a table)", "path": made, "repeat": 10})
    pdf = WORK / f"generated-{PDF_PAGES}-pages.pdf"
    about = pdf.with_suffix(".json")
    if not pdf.exists() or not about.exists():
        say(f"laying out a {PDF_PAGES}-page PDF")
        about.write_text(json.dumps(sixty_page_pdf(pdf)))
    made = json.loads(about.read_text())
    found.append({"format": f"generated {PDF_PAGES}-page PDF", "path": pdf, "repeat": 1, "runs": 3, **made})
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.parse")
    parser.add_argument("--one", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.repeat)))
        return
    results = []
    for sample in samples():
        path = sample["path"]
        runs = []
        for _ in range(sample.get("runs", 1)):  # big files: one fresh process per timed run
            done = subprocess.run(
                [PY, "-m", "bench.parse", "--one", str(path), "--repeat", str(sample["repeat"])],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if done.returncode != 0:
                runs.append(
                    {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
                )
                break
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        times = [t for run in runs for t in run.get("times", [])]
        cpu = [t for run in runs for t in run.get("cpu", [])]
        first = runs[0] if runs else {}
        entry = {
            "format": sample["format"],
            "file": str(path.relative_to(ROOT)),
            "bytes": path.stat().st_size,
            "seconds": summary(times, 1, 4),
            "cpu_seconds": summary(cpu, 1, 4),
            "peak_rss_mb": max((run.get("peak_rss_mb", 0) for run in runs), default=None),
            "rss_before_mb": first.get("rss_before_mb"),
        }
        for key in ("reader", "recommendations", "actions", "notes", "warnings", "error", "source", "pages"):
            if key in first or key in sample:
                entry[key] = first.get(key, sample.get(key))
        results.append(entry)
        say(
            f"parse {sample['format']}: {entry['seconds']['median']} s median"
            + (f" ({entry['error']})" if "error" in entry else "")
        )
    emit({"parse": results})


if __name__ == "__main__":
    sys.exit(main())
