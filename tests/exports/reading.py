"""Read exported files back as text, the way a person (or a screen reader) would get at them."""

import csv
import io
import json
import re
import subprocess
import tempfile
from pathlib import Path


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [p.text for cell in row.cells for p in cell.paragraphs]
    section = doc.sections[0]
    parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    from actionplan.ingest.xlsx_reader import date_text  # a date cell as Excel shows it

    sheet = load_workbook(io.BytesIO(data)).active
    return "\n".join(
        date_text(cell.value, cell.number_format) if cell.is_date else str(cell.value)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def pdf_text(data: bytes) -> str:
    """pdftotext in content order (-raw), which keeps each table cell's text together."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paper.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout


def csv_text(data: bytes) -> str:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return "\n".join(cell for row in rows for cell in row)


def json_text(data: bytes) -> str:
    draft = json.loads(data)
    return "\n".join(_strings(draft))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


READERS = {"docx": docx_text, "xlsx": xlsx_text, "pdf": pdf_text, "csv": csv_text, "json": json_text}


def squash(text: str) -> str:
    """Without any whitespace: PDF lines wrap wherever the column ends."""
    return "".join(text.split())


def without_page_furniture(text: str, furniture: list[str]) -> str:
    """Squashed, less the running header, page numbers and repeated table header, which land in
    the middle of a cell's text where the cell runs onto the next page."""
    text = re.sub(r"Page\d+of\d+", "", squash(text))
    for item in sorted((squash(f) for f in furniture), key=len, reverse=True):
        text = text.replace(item, "")
    return text


def expected_strings(draft, title=True) -> list[str]:
    """Every recommendation, action line (list items without their "- "), lead, timetable and note."""
    found = [draft.title] if title else []
    for rec in draft.recommendations:
        found.append(rec.text)
        for action in rec.actions:
            found += [line.strip().removeprefix("- ") for line in action.text.splitlines() if line.strip()]
            found += action.leads + action.notes
            found += [action.due.text] if action.due.text else []
    return found


def present_in_pieces(needle: str, text: str, most: int = 3) -> bool:
    """True when the needle is in the text whole or in at most `most` consecutive pieces: a table
    cell that runs onto the next page comes out of the PDF in two parts, with the other cells of
    its row between them."""
    for _ in range(most):
        if needle in text:
            return True
        low, high = 0, len(needle)  # the longest prefix present (prefixes of a present one are too)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if needle[:middle] in text else (low, middle - 1)
        if low < 10:
            return False
        needle = needle[low:]
    return False
