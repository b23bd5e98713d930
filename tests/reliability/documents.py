"""Documents made for the reliability tests: big, long-lined, deeply nested, huge. All are written
to a temporary folder the test gives; nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

HEADER = "Recommendation\tAction\tLead officer\tTimetable End date\tRAG\tKey points to note"
LEADS = ["April Bald", "Jenny Brennan", "Mark Compton-James", "Caroline Thwaites", "Andrew Fowler"]
RAGS = ["Red", "Amber", "Green", "Blue", ""]


def plan_rows(n_recs: int, per_rec: int, *, action_text=None, note=None):
    """Tab-separated rows of a plan table in the seed's layout: a numbered recommendation in the
    first row of its group, one action a row, leads, a timetable, a RAG word and key points."""
    for r in range(1, n_recs + 1):
        for a in range(per_rec):
            first = f"{r}. Ensure that recommendation {r} is delivered across the service." if a == 0 else ""
            text = action_text(r, a) if action_text else f"Action {r}.{a + 1}: review case files and report."
            points = note(r, a) if note else f"- Audit {r}.{a + 1} completed. - Board informed."
            yield "\t".join(
                [first, text, LEADS[(r + a) % len(LEADS)], "April 2018", RAGS[(r + a) % 5], points]
            )


def tsv_plan(
    path: Path, n_recs: int, per_rec: int, title: str = "Reliability test action plan", **kw
) -> Path:
    lines = ["", title, "", HEADER, *plan_rows(n_recs, per_rec, **kw), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def padded_to(path: Path, size: int) -> Path:
    """A plan table grown row by row until the file is `size` bytes (a 50 MB "upload")."""
    row = next(plan_rows(1, 1)).replace("1. Ensure", "Ensure")
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"Big plan\n\n{HEADER}\n")
        written, n = 0, 0
        while written < size:
            n += 1
            line = row.replace("Action 1.1", f"Action {n}") + "\n"
            if n % 10 == 1:
                line = f"{n // 10 + 1}. Recommendation {n // 10 + 1}" + line
            handle.write(line)
            written += len(line.encode())
    return path


def xlsx_rows(path: Path, n_rows: int, *, cell=None) -> Path:
    """An Excel sheet of `n_rows` action rows under a header row (write-only: quick and small)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Action plan")
    sheet.append(["Reliability test action plan"])
    sheet.append(HEADER.split("\t"))
    for i, row in enumerate(plan_rows(max(1, n_rows // 10), 10)):
        values = row.split("\t")
        if cell is not None and i == 0:
            values[1] = cell
        sheet.append(values)
        if i + 1 >= n_rows:
            break
    book.save(path)
    return path


def nested_html(depth: int) -> str:
    """A cell of HTML nested `depth` deep, as a careless copy from a web page might hold."""
    return "<div><ul><li>" * depth + "deep text" + "</li></ul></div>" * depth
