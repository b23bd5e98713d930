"""A table copied from Word and pasted into a text box (or saved as plain text).

Word writes a table as text with a tab between cells and a line break after each row, but a cell's
own paragraphs and line breaks come out as line breaks too, unquoted, so a row with a two-paragraph
cell spans two lines and neither line has all the row's tabs. This reader puts such rows back
together: after the header row, lines are joined until they hold as many tabs as the header. A line
with no tab that reads "Recommendation N: ..." is a row across the table. Word's bullets come out as
"•" and a tab, which is a bullet, not a new cell.

It only takes text the text reader would misread: tab-separated text whose rows after the header
are cut short by line breaks and come right when joined, with the header once (text taken from a
PDF repeats it on every page, and is the text reader's). Cells are plain text, never markup.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.celltext import cell_text, title_from_filename
from actionplan.ingest.table import Cell, find_header, parse_number, read_table, recommendation_row_text
from actionplan.ingest.text import _BINARY_SIGNATURES, decode

SNIFF_LINES = 400
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED_CELL = re.compile(r'(?:^|\t)"[^"\t\r\n]*(?:\r\n|\r|\n)', re.MULTILINE)
_BULLET_TAB = re.compile(r"(^|\t)([•·▪◦●o§\uf0a7\uf0b7\-])\t")


def score(data: bytes, filename: str) -> int:
    if data.startswith(_BINARY_SIGNATURES) or PurePath(filename or "").suffix.lower() == ".csv":
        return 0
    try:
        text = decode(data[: 256 * 1024])
    except ReadError:
        return 0
    if _QUOTED_CELL.search(text):
        return 0  # Excel quotes a cell that runs over lines: the text reader reads that
    lines = _lines(text)[:SNIFF_LINES]
    header = _header(lines)
    if header is None:
        return 0
    width = lines[header].count("\t")
    body = lines[header + 1 :]
    if any(line.strip() == lines[header].strip() for line in body):
        return 0  # a header repeated page after page: text from a PDF, the text reader's
    if not any(0 < line.count("\t") < width or _loose_line(line) for line in body):
        return 0  # every row is on one line: plain tab-separated text, the text reader's
    groups = [group for group in _regroup(body, width) if "\t" in group]
    whole = sum(1 for group in groups if group.count("\t") == width)
    return 65 if groups and whole >= 0.8 * len(groups) else 0


@register("pasted", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    lines = _lines(decode(data))
    header = _header(lines, mapping)
    if header is None:
        raise ReadError("No action plan table was found in the document.")
    width = lines[header].count("\t")
    rows = [[Cell(cell_text(line))] for line in lines[:header] if line.strip()]
    rows.append([Cell(cell_text(text)) for text in lines[header].split("\t")])
    rows.extend(
        [Cell(cell_text(text)) for text in group.split("\t")]
        for group in _regroup(lines[header + 1 :], width)
    )
    result = read_table(rows, mapping=mapping, breaks=())
    if not result.draft.title:
        result.draft.title = title_from_filename(filename)
    return result


def _lines(text: str) -> list[str]:
    return [_BULLET_TAB.sub(r"\1\2 ", line) for line in _LINE_BREAK.split(text)]


def _loose_line(line: str) -> bool:
    """A line with no tab that is not a row of its own: another paragraph of some cell."""
    return "\t" not in line and bool(line.strip()) and not recommendation_row_text([Cell(line)])


def _header(lines: list[str], mapping: dict[str, str] | None = None) -> int | None:
    for index, line in enumerate(lines[:SNIFF_LINES]):
        if line.count("\t") >= 2 and find_header([line.split("\t")], mapping) is not None:
            return index
    return None


def _regroup(lines: list[str], width: int) -> list[str]:
    """Lines joined back into rows of `width` tabs. A line with no tab after a whole row is another
    paragraph of that row's last cell, unless it starts a numbered recommendation (the first cell of
    the next row) or is a "Recommendation N:" row of its own."""
    groups: list[str] = []
    current: str | None = None
    tabs = 0
    whole = False  # the last group is a whole row whose last cell may go on
    for line in lines:
        count = line.count("\t")
        if current is None:
            if not line.strip():
                continue
            if count == 0 and recommendation_row_text([Cell(line)]):
                groups.append(line)
                whole = False
                continue
            if count == 0 and whole and not parse_number(line)[0]:
                groups[-1] = f"{groups[-1]}\n{line}"
                continue
            current, tabs = line, count
        else:
            current, tabs = f"{current}\n{line}", tabs + count
        if tabs >= width:
            groups.append(current)
            current, whole = None, True
    if current is not None:
        groups.append(current)
    return groups
