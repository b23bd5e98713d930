"""The text form of a plan: a PDF-to-text extraction or a table pasted from Word or Excel.

Rows are lines, cells are separated by tabs, and cells may carry HTML fragments (`<p>`, `<ul>`,
`<u>`, entities) and " - " bullets, which become paragraph lines and "- item" lines. The title is the
first line above the table; page titles and headers repeated on each page are left to the table core.
"""

from __future__ import annotations

import codecs
import csv
import html
import re
from pathlib import PurePath

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.table import Cell, read_table

NOT_TEXT = "The file is not readable text."
# Formats with their own readers, recognised by their first bytes: zip (docx/xlsx), OLE (doc/xls), PDF.
_BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff")
_TEXT_EXTENSIONS = {".txt", ".tsv", ".tab", ".text", ".csv", ""}
_MAX_CONTROL_SHARE = 0.02

_TAG = re.compile(r"<!--.*?-->|</?([a-zA-Z][\w-]*)(?:\s[^<>]*)?/?>", re.DOTALL)
_BLOCK_TAGS = {"p", "div", "br", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
_LIST_TAGS = {"ul", "ol"}
# Bullets: " - " inside a list, and the unmistakable bullet characters anywhere.
_LIST_BULLET = re.compile(r"(?:^|\s)[-•▪◦●](?:\s+|$)")
_SYMBOL_BULLET = re.compile(r"(?:^|\s)[•▪◦●](?:\s+|$)")


def score(data: bytes, filename: str) -> int:
    """How sure we are these bytes are a text-form plan: 0 for binary, more for tab-separated text."""
    if data.startswith(_BINARY_SIGNATURES):
        return 0
    try:
        text = decode(data)
    except ReadError:
        return 0
    tabbed = sum(1 for line in text.splitlines()[:500] if "\t" in line)
    suffix = 10 if PurePath(filename or "").suffix.lower() in _TEXT_EXTENSIONS else 0
    return (50 if tabbed >= 2 else 20) + suffix


@register("text", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    """Read a text-form plan; raise ReadError with one clear sentence when it cannot be read."""
    text = decode(data)
    rows = [[Cell("\n".join(cell_lines(cell))) for cell in row] for row in split_rows(text, filename)]
    result = read_table(rows, mapping=mapping)
    if not result.draft.title:
        result.draft.title = _title_from_filename(filename)
    return result


def decode(data: bytes) -> str:
    """The bytes as text (UTF-16 with a BOM, UTF-8 with or without one, else Windows-1252)."""
    text = _decode(data)
    if text is None or _looks_binary(text):
        raise ReadError(NOT_TEXT)
    return text


def _decode(data: bytes) -> str | None:
    encodings = ["utf-8-sig", "cp1252"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings.insert(0, "utf-16")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    control = sum(
        1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\v" or 0x7F <= ord(char) < 0xA0
    )
    return control > _MAX_CONTROL_SHARE * max(len(text), 1)


def split_rows(text: str, filename: str = "") -> list[list[str]]:
    """Lines into cells: tabs, or commas for a .csv with no tabs; quoted multi-line cells (as Excel
    copies them) are kept whole."""
    delimiter = "," if PurePath(filename or "").suffix.lower() == ".csv" and "\t" not in text else "\t"
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if delimiter == "," or re.search(r'(?:^|\t)"[^"\t\n]*\n', text, re.MULTILINE):
        try:
            return [list(row) for row in csv.reader(text.splitlines(keepends=True), delimiter=delimiter)]
        except csv.Error:
            pass
    return [line.split("\t") for line in text.split("\n")]


def cell_lines(raw: str) -> list[str]:
    """One cell's text as lines: paragraphs on their own lines, list items as "- item", tags gone."""
    lines: list[str] = []
    buffer: list[str] = []
    depth = 0
    raw = re.sub(r"\r\n?|\n", "<br>", raw)  # a quoted multi-line cell: its lines are paragraphs
    for piece, tag, closing in _pieces(raw):
        if tag is None:
            buffer.append(html.unescape(piece))
        elif tag in _LIST_TAGS:
            lines.extend(_flush(buffer, depth > 0))
            depth = max(depth - 1, 0) if closing else depth + 1
        elif tag in _BLOCK_TAGS or tag == "li":
            lines.extend(_flush(buffer, depth > 0))
            if tag == "li" and not closing:
                buffer.append("- ")
        else:
            buffer.append(" ")  # inline tags (<u>, <b>, <span>) end a word, as the page shows it
    lines.extend(_flush(buffer, depth > 0))
    return lines


def _pieces(raw: str):
    """(text, None, False) for text and (text, tag name, closing) for each tag, in order."""
    position = 0
    for match in _TAG.finditer(raw):
        yield raw[position : match.start()], None, False
        name = (match[1] or "").lower()
        yield match[0], name or "comment", match[0].startswith("</")
        position = match.end()
    yield raw[position:], None, False


def _flush(buffer: list[str], in_list: bool) -> list[str]:
    text = " ".join("".join(buffer).split())
    buffer.clear()
    if not text:
        return []
    bullet = _LIST_BULLET if in_list or text.startswith(("- ", "-\t")) or text == "-" else _SYMBOL_BULLET
    first, *items = bullet.split(text)
    lines = [first.strip()] if first.strip() else []
    return lines + [f"- {item.strip()}" for item in items if item.strip()]


def _title_from_filename(filename: str) -> str:
    stem = PurePath(filename or "").stem
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or "Untitled action plan"
