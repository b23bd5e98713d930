"""CSV files as spreadsheets save them: UTF-8 (with or without a byte-order mark) or Windows-1252,
commas or semicolons (as Excel writes them where the comma is the decimal mark), quoted cells that
run over several lines. Each row is a table row; cells are plain text (new lines and bullets become
the core's lines and "- item"s; markup stays text). Tab-separated text is the text reader's."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import PurePath

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.celltext import cell_text, title_from_filename
from actionplan.ingest.table import Cell, read_table
from actionplan.ingest.text import _BINARY_SIGNATURES, decode

DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS = 64 * 1024
SNIFF_ROWS = 60
MAX_ROWS = 100_000
TOO_MANY_ROWS = (
    f"The file has more than {MAX_ROWS:,} rows, far more than an action plan: it cannot be imported."
)


def score(data: bytes, filename: str) -> int:
    """High for comma- or semicolon-separated rows of a steady width; nothing for tab-separated text."""
    if data.startswith(_BINARY_SIGNATURES):
        return 0
    try:
        text = decode(data[: SNIFF_CHARS * 2])
    except ReadError:
        return 0
    delimiter, steady = sniff(text[:SNIFF_CHARS])
    is_csv = PurePath(filename or "").suffix.lower() == ".csv"
    if delimiter == "\t":
        return 0
    if delimiter and steady:
        return 75 + (10 if is_csv else 0)
    return 35 if is_csv else 0


def sniff(sample: str) -> tuple[str | None, bool]:
    """(the delimiter that gives the steadiest rows of two or more cells, whether most rows agree)."""
    best: tuple[float, str | None, bool] = (0.0, None, False)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in _sample_rows(sample, delimiter) if any(cell.strip() for cell in row)]
        wide = [width for width in widths if width > 1]
        if len(wide) < 2:
            continue
        width, count = Counter(wide).most_common(1)[0]
        share = count / len(widths)
        rank = share * min(width, 8)
        if rank > best[0]:
            best = (rank, delimiter, share >= 0.6 and width >= 3)
    return best[1], best[2]


def _sample_rows(sample: str, delimiter: str) -> list[list[str]]:
    rows = []
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) >= SNIFF_ROWS:
                break
    except csv.Error:
        pass
    cut = len(sample) >= SNIFF_CHARS  # the last row of a cut sample may be cut short
    return rows[:-1] if cut and len(rows) > 1 else rows


@register("csv", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    text = decode(data)
    delimiter = sniff(text[:SNIFF_CHARS])[0] or ","
    rows = [[Cell(cell_text(value)) for value in row] for row in _rows(text, delimiter)]
    result = read_table(rows, mapping=mapping, breaks=())
    if not result.draft.title:
        result.draft.title = title_from_filename(filename)
    return result


def _rows(text: str, delimiter: str) -> list[list[str]]:
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise ReadError(TOO_MANY_ROWS)
    except csv.Error:
        raise ReadError(
            "The CSV file is not well formed: a cell is too long or a quote is never closed."
        ) from None
    return rows
