"""Word documents (.docx): the plan table as Word holds it, read from the document's XML.

- Cells merged across (gridSpan) hold their text in their first column; a row that is one cell across
  the table ("Recommendation 1: ...") is a recommendation above its actions (the core's rule).
- Cells merged down (vMerge) hold their text in the first row: in lead, date and RAG columns it
  belongs to every row the merge covers and is repeated there; a recommendation, action or notes cell
  merged down stays with the first row, the rows below joining the same recommendation or action.
- A cell's paragraphs are its lines; Word list paragraphs (numbering, or a "List" style) and typed
  bullets become "- item"; line breaks inside a paragraph are new lines.
- The fill colour is the cell's shading (`w:shd`), so a RAG shown only by colour is read.
- A plan continued in another table with the same header (or none) carries on; "Recommendation 2:"
  paragraphs between such tables are recommendation rows. When several tables hold plans, the one
  with the most actions is read.
- The title is the document's first heading before the plan table, else its first paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.celltext import bullet_item, cell_text, title_from_filename
from actionplan.ingest.table import (
    NO_TABLE,
    Cell,
    _key,
    find_header,
    header_field,
    read_table,
    recommendation_row_text,
)
from actionplan.ingest.zipsafe import has_macros, member_names, open_zip, reading

KIND = "Word document"
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024  # unpacked word/document.xml, which lxml holds whole
MACROS = (
    "This document contains macros (.docm): save it as an ordinary Word document (.docx) and import that."
)
TOO_LARGE = "This document is too large to be an action plan: import the part that holds the plan on its own."
REPEATED_FIELDS = ("leads", "due", "rag")
MAX_GRID_COLUMNS = 64

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent")
)
_CUSTOM_XML, _SMART_TAG = f"{{{W}}}customXml", f"{{{W}}}smartTag"
_T, _TAB, _BR, _CR, _NB_HYPHEN = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen"))
_SKIPPED = {
    f"{{{W}}}{t}" for t in ("delText", "instrText", "del", "moveFrom", "txbxContent", "footnoteReference")
}
_SKIPPED |= {f"{{{MC}}}Fallback"}
_WRAPPERS = {_SDT, _SDT_CONTENT, _CUSTOM_XML, _SMART_TAG, f"{{{W}}}ins", f"{{{W}}}moveTo"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def score(data: bytes, filename: str) -> int:
    names = member_names(data)
    return 90 if names and "word/document.xml" in names else 0


@register("docx", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    mapping = mapping or {}
    archive = open_zip(data, KIND)
    if has_macros(archive):
        raise ReadError(MACROS)
    if archive.getinfo("word/document.xml").file_size > MAX_DOCUMENT_BYTES:
        raise ReadError(TOO_LARGE)
    with reading(KIND):
        import docx

        document = docx.Document(io.BytesIO(data))
        styles = _style_names(document)
        blocks = _blocks(document.element.body, styles, mapping)
        core_title = (document.core_properties.title or "").strip()
    return _read_blocks(blocks, mapping, core_title or title_from_filename(filename))


# --------------------------------------------------------------------------------------------------
# The document as paragraphs and tables, in order


@dataclass
class _Paragraph:
    text: str
    heading: bool


@dataclass
class _Table:
    rows: list[list[Cell]]
    header_index: int | None = None
    width: int = 0
    extra_rows: list[list[Cell]] = field(default_factory=list)


def _style_names(document) -> dict[str, str]:
    names = {}
    for style in document.styles:
        try:
            names[style.style_id] = (style.name or "").lower()
        except (AttributeError, ValueError, KeyError):
            continue
    return names


def _blocks(body, styles: dict[str, str], mapping: dict[str, str]) -> list[_Paragraph | _Table]:
    blocks: list[_Paragraph | _Table] = []
    for element in _flatten(body):
        if element.tag == _P:
            text, _ = _paragraph_text(element, styles)
            if text.strip():
                blocks.append(_Paragraph(text, _is_heading(element, styles)))
        elif element.tag == _TBL:
            blocks.append(_Table(_table_rows(element, styles, mapping)))
    return blocks


def _flatten(parent):
    """The paragraphs and tables directly in `parent`, looking inside content controls and the like."""
    for child in parent:
        if child.tag in (_P, _TBL, _TR, _TC):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _flatten(child)


def _is_heading(paragraph, styles: dict[str, str]) -> bool:
    name = styles.get(_style_id(paragraph), "")
    if name == "title" or name.startswith("heading"):
        return True
    return paragraph.find(f"{_w('pPr')}/{_w('outlineLvl')}") is not None


def _style_id(paragraph) -> str:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val"), "") if style is not None else ""


def _is_list_item(paragraph, styles: dict[str, str]) -> bool:
    number = paragraph.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
    if number is not None and number.get(_w("val")) not in (None, "0"):
        return True
    name = styles.get(_style_id(paragraph), "")
    return "list" in name or "bullet" in name


def _paragraph_text(paragraph, styles: dict[str, str]) -> tuple[str, bool]:
    """(the paragraph's text with line breaks as new lines, whether it is a list item)."""
    pieces: list[str] = []
    _collect_text(paragraph, pieces)
    return "".join(pieces), _is_list_item(paragraph, styles)


def _collect_text(element, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag == _P or tag == _TBL:
            continue
        if tag == _T:
            pieces.append(child.text or "")
        elif tag == _TAB:
            pieces.append(" ")
        elif tag == _BR:
            if child.get(_w("type")) in (None, "textWrapping"):
                pieces.append("\n")
        elif tag == _CR:
            pieces.append("\n")
        elif tag == _NB_HYPHEN:
            pieces.append("-")
        else:
            _collect_text(child, pieces)


def _cell_lines(tc, styles: dict[str, str]) -> str:
    """A cell's text: one line per paragraph (nested tables included), list items as "- item"."""
    lines: list[str] = []
    for paragraph in _cell_paragraphs(tc):
        text, listed = _paragraph_text(paragraph, styles)
        if listed:
            item = " ".join(text.split())
            if item:
                lines.append(f"- {bullet_item(item)[1]}")
        else:
            lines.extend(line for line in cell_text(text).splitlines() if line)
    return "\n".join(lines)


def _cell_paragraphs(element):
    for child in element:
        if child.tag == _P:
            yield child
        elif child.tag in (_TBL, _TR, _TC) or child.tag in _WRAPPERS:
            yield from _cell_paragraphs(child)


def _shading(tc) -> str | None:
    shading = tc.find(f"{_w('tcPr')}/{_w('shd')}")
    if shading is None:
        return None
    pattern = (shading.get(_w("val")) or "").lower()
    colour = shading.get(_w("color")) or ""
    fill = shading.get(_w("fill")) or ""
    if pattern == "solid" and colour.lower() not in ("", "auto"):
        return colour
    if fill.lower() in ("", "auto") or pattern == "nil":
        return None
    return fill


# --------------------------------------------------------------------------------------------------
# A table as rows of cells on its grid


@dataclass
class _Slot:
    cell: Cell
    merge: str | None  # None, "restart" or "continue" (vMerge)


def _table_rows(table, styles: dict[str, str], mapping: dict[str, str]) -> list[list[Cell]]:
    grid: list[list[_Slot]] = []
    for tr in _flatten(table):
        if tr.tag != _TR:
            continue
        row: list[_Slot] = []
        before = tr.find(f"{_w('trPr')}/{_w('gridBefore')}")
        row.extend(_Slot(Cell(), None) for _ in range(_int(before, 0)))
        for tc in _flatten(tr):
            if tc.tag != _TC:
                continue
            properties = tc.find(_w("tcPr"))
            span = _int(properties.find(_w("gridSpan")) if properties is not None else None, 1)
            merge_element = properties.find(_w("vMerge")) if properties is not None else None
            merge = None
            if merge_element is not None:
                merge = "restart" if merge_element.get(_w("val")) == "restart" else "continue"
            row.append(_Slot(Cell(_cell_lines(tc, styles), _shading(tc)), merge))
            row.extend(_Slot(Cell(), merge) for _ in range(min(span, MAX_GRID_COLUMNS) - 1))
        grid.append(row[:MAX_GRID_COLUMNS])
    return _resolve_merges(grid, mapping)


def _int(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(1 if default else 0, min(int(element.get(_w("val"), default)), MAX_GRID_COLUMNS))
    except (TypeError, ValueError):
        return default


def _resolve_merges(grid: list[list[_Slot]], mapping: dict[str, str]) -> list[list[Cell]]:
    """Cells merged down: the text stays in the first row, and is repeated in lead, date and RAG
    columns (which say something about every row the merge covers)."""
    rows = [[slot.cell for slot in row] for row in grid]
    header_index = find_header(rows, mapping)
    if header_index is None:
        return rows
    wanted = {_key(header): name for header, name in mapping.items()}
    header = [" ".join(cell.lines) for cell in rows[header_index]]
    repeat = {
        i
        for i, text in enumerate(header)
        if (wanted.get(_key(text)) or header_field(text)) in REPEATED_FIELDS
    }
    for r in range(header_index + 2, len(grid)):
        for c, slot in enumerate(grid[r]):
            if slot.merge == "continue" and c in repeat and c < len(rows[r - 1]):
                above = rows[r - 1][c]
                rows[r][c] = Cell(above.text, above.fill or slot.cell.fill, above.value)
    return rows


# --------------------------------------------------------------------------------------------------
# Tables into one plan


def _read_blocks(
    blocks: list[_Paragraph | _Table], mapping: dict[str, str], fallback_title: str
) -> ParseResult:
    tables = [block for block in blocks if isinstance(block, _Table)]
    for table in tables:
        table.header_index = find_header(table.rows, mapping)
        table.width = max((len(row) for row in table.rows), default=0)
    plans = _group_tables(blocks)
    if not plans:
        raise ReadError(NO_TABLE)
    best: ParseResult | None = None
    for first_index, rows in plans:
        try:
            result = read_table(rows, mapping=mapping, breaks=())
        except ReadError as error:
            if str(error) != NO_TABLE:
                raise
            continue
        title = _title_before(blocks, first_index)
        result.draft.title = title or result.draft.title or fallback_title
        if best is None or result.draft.action_count() > best.draft.action_count():
            best = result
    if best is None:
        raise ReadError(NO_TABLE)
    return best


def _group_tables(blocks: list[_Paragraph | _Table]) -> list[tuple[int, list[list[Cell]]]]:
    """(index of the plan's first table, its rows) for each plan: a table with a header row, then the
    tables that continue it (the same header, or none and the same width), with "Recommendation N"
    paragraphs between them as rows of their own."""
    plans: list[tuple[int, list[list[Cell]]]] = []
    current: _Table | None = None
    rows: list[list[Cell]] = []
    waiting: list[list[Cell]] = []  # recommendation paragraphs seen since the last table
    for index, block in enumerate(blocks):
        if isinstance(block, _Paragraph):
            text = recommendation_row_text([Cell(block.text)])
            if text:
                waiting.append([Cell(text)])
            continue
        if current is not None and _continues(current, block):
            rows.extend(waiting)
            rows.extend(block.rows)
        elif block.header_index is not None:
            current, rows = block, list(block.rows)
            if waiting and not _has_recommendation_column(block):  # "Recommendation 1:" just above
                rows.insert(block.header_index + 1, waiting[-1])
            plans.append((index, rows))
        waiting = []
    return plans


def _has_recommendation_column(table: _Table) -> bool:
    return any(
        header_field(" ".join(cell.lines)) == "recommendation" for cell in table.rows[table.header_index]
    )


def _continues(plan_table: _Table, table: _Table) -> bool:
    if table.header_index is None:
        return table.width == plan_table.width
    header = [_key(cell.text) for cell in table.rows[table.header_index]]
    first = [_key(cell.text) for cell in plan_table.rows[plan_table.header_index]]
    return header == first


def _title_before(blocks: list[_Paragraph | _Table], index: int) -> str:
    paragraphs = [block for block in blocks[:index] if isinstance(block, _Paragraph)]
    heading = next((p for p in paragraphs if p.heading), None)
    chosen = heading or (paragraphs[0] if paragraphs else None)
    return " ".join(chosen.text.split()) if chosen else ""
