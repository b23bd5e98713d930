"""PDFs with a ruled plan table (as Word, Excel or a browser print them), read with pdfplumber.

Each page's ruled tables are found from their lines. A row cut by a page break has no closing line
at the foot of the page (nor an opening one at the top of the next), so each page's tables are
closed at the ends of their vertical rules before the cells are found. The page's own text outside
the plan table (running headers, footers, page numbers) is not read; the repeated header row on each
page is dropped by the table core, which is also told where the pages break so that a row cut in two
is joined back together.

A cell's text comes back as the lines the page shows; lines are joined back into paragraphs unless
the next line starts a bullet, is set apart by space, or would have fitted on the line before (so
the line was ended on purpose: a name per line, a short paragraph). A cell with no RAG word is read
by its fill colour (the filled rectangle drawn under it).

A PDF with no text at all is a scan, and is refused with advice to OCR it first.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.celltext import bullet_item, title_from_filename
from actionplan.ingest.table import Cell, find_header, read_table
from actionplan.ingest.zipsafe import damaged, reading

KIND = "PDF"
MAX_PAGES = 300
SCAN = "This PDF has no text layer (it looks like a scan): run it through OCR first, then import it."
TOO_MANY_PAGES = "This PDF has more than {limit} pages: import a copy holding only the action plan's pages."
PASSWORD = "This PDF is password-protected: save an unprotected copy and import that."
TOO_COMPLEX = "A page of this PDF is too complex to read as a table: import the Word or Excel file instead."
MAX_WORDS_PER_PAGE = 20_000  # a dense page of a plan holds about 1,500
MAX_EDGES_PER_PAGE = 20_000
NO_RULED_TABLE = (
    "No action plan table was found in the PDF: we read tables drawn with lines; "
    "import the Word or Excel file the PDF was made from instead."
)
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_BULLETS = "•▪◦●‣∙·■□➢➤►▸○-–—*"


def score(data: bytes, filename: str) -> int:
    """A PDF starts with "%PDF-"; readers also accept it a little way in, after some junk."""
    if data.lstrip()[:5] == b"%PDF-":
        return 90
    return 40 if b"%PDF-" in data[:1024] else 0


@register("pdf", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    mapping = mapping or {}
    if b"%%EOF" not in data[-4096:]:
        raise ReadError(damaged(KIND))
    with reading(KIND):
        plan = _read_pages(data, mapping)
    if not plan.any_text or (not plan.rows and plan.images and plan.words < 10 * plan.pages):
        raise ReadError(SCAN)  # no text, or only a stamp or page numbers over scanned images
    if not plan.rows:
        raise ReadError(NO_RULED_TABLE)
    result = read_table(
        plan.rows, title=plan.title or None, mapping=mapping, breaks=plan.breaks, continued=plan.continued
    )
    if not result.draft.title:
        result.draft.title = title_from_filename(filename)
    return result


@dataclass
class _Plan:
    rows: list[list[Cell]] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # rows that start a page
    continued: set[int] = field(default_factory=set)  # rows that are the rest of a row a page break cut
    title: str = ""
    any_text: bool = False
    words: int = 0
    pages: int = 0
    images: bool = False
    header: tuple[str, ...] = ()
    cut: bool = False  # the last row read so far has no closing rule: it goes on over the page


def _read_pages(data: bytes, mapping: dict[str, str]) -> _Plan:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        if _is_password_error(error):
            raise ReadError(PASSWORD) from None
        raise
    with pdf:
        if _page_count(pdf) > MAX_PAGES:
            raise ReadError(TOO_MANY_PAGES.format(limit=MAX_PAGES))
        if not _streams_intact(pdf.doc):
            raise ReadError(damaged(KIND))
        plan = _Plan()
        width: int | None = None
        last_page = -1
        for number, page in enumerate(pdf.pages):
            if number >= MAX_PAGES:
                raise ReadError(TOO_MANY_PAGES.format(limit=MAX_PAGES))
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])
            if len(words) > MAX_WORDS_PER_PAGE or len(page.edges) > MAX_EDGES_PER_PAGE:
                raise ReadError(TOO_COMPLEX)
            plan.any_text = plan.any_text or bool(words)
            plan.words, plan.pages = plan.words + len(words), plan.pages + 1
            plan.images = plan.images or bool(page.images)
            tables = _page_tables(page) if words else []
            fills = _fills(page) if tables else []
            for table in tables:
                columns = len(table.rows[0].cells) if table.rows else 0
                rows = _table_cells(table, words, fills)
                if width is None:
                    header = find_header(rows, mapping)
                    if header is None:
                        continue
                    width = columns
                    plan.title = _title(words, table.bbox[1])
                    plan.header = _row_key(rows[header])
                elif columns != width:
                    continue  # another table (a RAG key, a sign-off box), not the plan
                if last_page not in (-1, number):
                    plan.breaks.add(len(plan.rows))
                    if plan.cut:
                        plan.continued.add(len(plan.rows) + _leading_headers(rows, plan.header))
                plan.rows.extend(rows)
                plan.cut = not _closed_at_bottom(page, table)
                last_page = number
            page.close()
        return plan


def _row_key(row: list[Cell]) -> tuple[str, ...]:
    return tuple(" ".join(cell.text.lower().split()) for cell in row)


def _leading_headers(rows: list[list[Cell]], header: tuple[str, ...]) -> int:
    """How many rows at the top of a page's table repeat the plan's header row."""
    count = 0
    while count < len(rows) and _row_key(rows[count]) == header:
        count += 1
    return count


def _closed_at_bottom(page, table) -> bool:
    """Whether a rule is drawn along the table's foot: a row cut by a page break is left open."""
    x0, _, x1, bottom = table.bbox
    covered = 0.0
    for edge in page.edges:
        if edge["orientation"] == "h" and abs(edge["top"] - bottom) <= 2:
            covered += max(0.0, min(edge["x1"], x1) - max(edge["x0"], x0))
    return covered >= 0.5 * (x1 - x0)


def _is_password_error(error: Exception) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = error.args[0] if error.args else None
    return isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError)


def _streams_intact(document) -> bool:
    """Whether every compressed stream unpacks: pdfminer reads a damaged one as empty, which would
    quietly drop the rows on that page, so a damaged stream makes the whole file damaged."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    if document.encryption:
        return True  # the streams are enciphered; pdfminer deciphers them as it reads
    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            stream = document.getobj(objid)
            if not isinstance(stream, PDFStream) or stream.rawdata is None:
                continue
            filters = stream.get_filters()
            if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
                continue
            unpacker = zlib.decompressobj()
            data = stream.rawdata
            try:
                while data:  # in bounded pieces: checking an image must not hold it all at once
                    unpacker.decompress(data, 1 << 20)
                    data = unpacker.unconsumed_tail
            except zlib.error:
                return False
    return True


def _page_count(pdf) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return int(count)
    except Exception:  # noqa: BLE001 - no usable count: the page loop still stops at the limit
        return 0


# --------------------------------------------------------------------------------------------------
# Tables, cells and their text


def _page_tables(page):
    """The page's ruled tables, top to bottom, closed at the ends of their vertical rules."""
    verticals = [edge for edge in page.edges if edge["orientation"] == "v" and edge["height"] > 4]
    if not verticals:
        return []
    ends = sorted({round(min(e["top"] for e in verticals), 1), round(max(e["bottom"] for e in verticals), 1)})
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": ends}
    tables = page.find_tables(settings)
    return sorted((t for t in tables if len(t.rows) >= 1), key=lambda t: (t.bbox[1], t.bbox[0]))


def _table_cells(table, words: list[dict], fills: list[tuple[tuple[float, ...], str]]) -> list[list[Cell]]:
    inside_table = [w for w in words if _centre_inside(w, table.bbox)]
    boxes = [(r, c, bbox) for r, row in enumerate(table.rows) for c, bbox in enumerate(row.cells) if bbox]
    found: dict[tuple[int, int], list[dict]] = {}
    for word in inside_table:
        for r, c, bbox in boxes:
            if _centre_inside(word, bbox):
                found.setdefault((r, c), []).append(word)
                break
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                cells.append(Cell())
            else:
                cells.append(Cell(_cell_text(found.get((r, c), []), bbox), _fill_of(bbox, fills)))
        rows.append(cells)
    return rows


def _centre_inside(word: dict, bbox) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


@dataclass
class _Line:
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word["bottom"] for word in self.words)

    @property
    def size(self) -> float:
        return max(word.get("size") or (word["bottom"] - word["top"]) for word in self.words)


def _lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1].words[0]["top"]) <= max(2.0, 0.3 * lines[-1].size):
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _cell_text(words: list[dict], bbox) -> str:
    """The cell's paragraphs, one per line, with bullets as "- item"."""
    lines = _lines(words)
    if not lines:
        return ""
    padding = max(min(line.x0 for line in lines) - bbox[0], 0)
    right = bbox[2] - padding
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        text = line.text
        if previous is None or _starts_paragraph(previous, line, right):
            paragraphs.append(_as_item(text))
        else:
            paragraphs[-1] = _join(paragraphs[-1], text)
        previous = line
    return "\n".join(p for p in paragraphs if p.strip())


def _starts_paragraph(previous: _Line, line: _Line, right: float) -> bool:
    if (line.text[:1] in _BULLETS or "\uf000" <= line.text[:1] <= "\uf0ff") and bullet_item(line.text)[0]:
        return True
    if line.top - previous.bottom > 0.35 * previous.size:
        return True
    first_word = line.words[0]["x1"] - line.words[0]["x0"]
    space = 0.3 * previous.size
    return previous.x1 + space + first_word < right - 1


def _as_item(text: str) -> str:
    bulleted, item = bullet_item(text)
    return f"- {item}" if bulleted else text


def _join(paragraph: str, more: str) -> str:
    glue = "" if re.search(r"\w-$", paragraph) else " "
    return paragraph + glue + more


def _fills(page) -> list[tuple[tuple[float, ...], str]]:
    """(bbox, "RRGGBB") of each filled shape on the page, in drawing order."""
    found = []
    for shape in page.rects + page.curves:
        if not shape.get("fill") or shape["width"] < 2 or shape["height"] < 2:
            continue
        colour = _hex(shape.get("non_stroking_color"))
        if colour:
            found.append(((shape["x0"], shape["top"], shape["x1"], shape["bottom"]), colour))
    return found


def _fill_of(bbox, fills: list[tuple[tuple[float, ...], str]]) -> str | None:
    """The colour of the last shape drawn over most of the cell."""
    area = max((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 1e-6)
    colour = None
    for (x0, top, x1, bottom), hex_colour in fills:
        width = min(x1, bbox[2]) - max(x0, bbox[0])
        height = min(bottom, bbox[3]) - max(top, bbox[1])
        if width > 0 and height > 0 and width * height >= 0.5 * area:
            colour = hex_colour
    return colour


def _hex(colour) -> str | None:
    if not isinstance(colour, list | tuple) or not all(isinstance(v, int | float) for v in colour):
        return None
    values = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(values) == 1:
        rgb = values * 3
    elif len(values) == 3:
        rgb = values
    elif len(values) == 4:
        c, m, y, k = values
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return None
    return "".join(f"{round(v * 255):02X}" for v in rgb)


def _title(words: list[dict], table_top: float) -> str:
    """The largest text above the plan table on its page (a running header is smaller)."""
    lines = _lines([w for w in words if w["bottom"] <= table_top])
    if not lines:
        return ""
    largest = max(line.size for line in lines)
    title: list[str] = []
    for line in lines:
        if abs(line.size - largest) < 0.5:
            title.append(line.text)
        elif title:
            break
    return " ".join(title)
