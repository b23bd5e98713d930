"""Excel workbooks (.xlsx): the sheet that holds the plan, its merged cells, real dates and fills.

Each worksheet row is a table row. A date cell gives the core its real date (`Cell.value`) and the
text Excel shows for it ("30/04/2018", "Apr-18"); a cell's solid fill colour is its `Cell.fill`
(theme colours, whose shade depends on the workbook's theme, are not guessed). A merged range holds
its text in its first cell; where it runs down a lead, date or RAG column the value belongs to every
row it covers, so it is repeated there. When several sheets look like plans, the one with the most
actions is read. Macro-enabled workbooks are refused, and the zip is checked before it is opened.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.celltext import cell_text, title_from_filename
from actionplan.ingest.table import NO_TABLE, Cell, _key, find_header, header_field, read_table
from actionplan.ingest.zipsafe import has_macros, member_names, open_zip, reading, unpacked_size

KIND = "Excel workbook"
MAX_SHEET_BYTES = 40 * 1024 * 1024  # unpacked worksheet XML and shared strings: openpyxl holds it all
MAX_CELLS = 1_000_000  # per sheet, counting the rectangle that holds its values
TOO_LARGE = (
    "This workbook is too large to be an action plan: import the sheet that holds the plan on its own."
)
MACROS = (
    "This workbook contains macros (.xlsm): save it as an ordinary Excel workbook (.xlsx) and import that."
)
# Columns whose merged cells hold a value for every row they cover.
REPEATED_FIELDS = ("leads", "due", "rag")
DEFAULT_SHEET_NAME = re.compile(r"^(sheet|feuil|tabelle|hoja)\s*\d*$", re.IGNORECASE)


def score(data: bytes, filename: str) -> int:
    names = member_names(data)
    return 90 if names and "xl/workbook.xml" in names else 0


@register("xlsx", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    mapping = mapping or {}
    archive = open_zip(data, KIND)
    if has_macros(archive):
        raise ReadError(MACROS)
    if (
        unpacked_size(archive, "xl/worksheets/") + unpacked_size(archive, "xl/sharedStrings")
        > MAX_SHEET_BYTES
    ):
        raise ReadError(TOO_LARGE)
    with reading(KIND):
        import openpyxl

        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=False, data_only=True, keep_links=False, rich_text=False
        )
        sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"] or book.worksheets
        tables = [(sheet.title, sheet_rows(sheet, mapping)) for sheet in sheets]
        book_title = (book.properties.title or "").strip()
    best: ParseResult | None = None
    for sheet_title, rows in tables:
        try:
            result = read_table(rows, mapping=mapping, breaks=())
        except ReadError as error:
            if str(error) != NO_TABLE:
                raise
            continue
        if best is None or result.draft.action_count() > best.draft.action_count():
            best = result
            best.draft.title = best.draft.title or book_title or _sheet_title(sheet_title, filename)
    if best is None:
        raise ReadError(NO_TABLE)
    return best


def _sheet_title(sheet_title: str, filename: str) -> str:
    if sheet_title and not DEFAULT_SHEET_NAME.match(sheet_title.strip()):
        return sheet_title.strip()
    return title_from_filename(filename)


# --------------------------------------------------------------------------------------------------
# A sheet as rows of cells


def sheet_rows(sheet, mapping: dict[str, str]) -> list[list[Cell]]:
    """The sheet's rows, from the first row to the last that holds a value, as core Cells."""
    cells = sheet._cells  # {(row, column): cell}: only the cells the file defines, no padding
    filled = [key for key, cell in cells.items() if _has_value(cell.value)]
    if not filled:
        return []
    last_row = max(row for row, _ in filled)
    last_column = max(column for _, column in filled)
    if last_row * last_column > MAX_CELLS:
        raise ReadError(TOO_LARGE)
    rows = [[Cell() for _ in range(last_column)] for _ in range(last_row)]
    for (row, column), cell in cells.items():
        if row <= last_row and column <= last_column:
            rows[row - 1][column - 1] = excel_cell(cell)
    _repeat_merged_values(sheet, rows, mapping)
    return rows


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def excel_cell(cell) -> Cell:
    value = cell.value
    fill = cell_fill(cell)
    if value is None:
        return Cell("", fill)
    if isinstance(value, datetime | date) and not isinstance(value, time):
        day = value.date() if isinstance(value, datetime) else value
        return Cell(date_text(value, cell.number_format), fill, day)
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", fill)
    if isinstance(value, int | float):
        return Cell(number_text(value, cell.number_format), fill)
    return Cell(cell_text(value), fill)


def cell_fill(cell) -> str | None:
    """The solid fill as "RRGGBB", or None: no fill, a theme colour or an unknown index."""
    try:
        fill = cell.fill
        if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
            return None
        colour = fill.fgColor if fill.fill_type == "solid" else (fill.fgColor or fill.bgColor)
        return _colour_hex(colour)
    except (AttributeError, TypeError, ValueError, IndexError):
        return None


def _colour_hex(colour) -> str | None:
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", colour.rgb):
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if 0 <= colour.indexed < 64:  # 64 and 65 are "system foreground/background"
            return COLOR_INDEX[colour.indexed][-6:].upper()
    return None  # theme colours and "auto"


def _repeat_merged_values(sheet, rows: list[list[Cell]], mapping: dict[str, str]) -> None:
    """Copy a merged range's first cell down the rows it covers, in lead, date and RAG columns."""
    ranges = list(sheet.merged_cells.ranges)
    if not ranges:
        return
    header_index = find_header(rows, mapping)
    if header_index is None:
        return
    header = rows[header_index]
    wanted = {_key(k): v for k, v in mapping.items()}
    for merged in ranges:
        column = merged.min_col - 1
        if merged.max_row == merged.min_row or column >= len(header) or merged.min_row - 1 <= header_index:
            continue
        title = " ".join(header[column].lines)
        if (wanted.get(_key(title)) or header_field(title)) not in REPEATED_FIELDS:
            continue
        first = rows[merged.min_row - 1][column] if merged.min_row - 1 < len(rows) else None
        if first is None:
            continue
        for row in range(merged.min_row, min(merged.max_row, len(rows))):
            rows[row][column] = Cell(first.text, first.fill, first.value)


# --------------------------------------------------------------------------------------------------
# Numbers and dates as Excel shows them (UK conventions)

_BUILTIN_UK = {"mm-dd-yy": "dd/mm/yyyy", "m/d/yy h:mm": "dd/mm/yyyy hh:mm", "general": "dd/mm/yyyy"}
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.', re.IGNORECASE
)


def date_text(value: date | datetime, number_format: str | None) -> str:
    """The date as Excel shows it with its number format: "30/04/2018", "Apr-18", "30 April 2018"."""
    fmt = (number_format or "General").split(";")[0]
    fmt = re.sub(r"\[[^\]]*\]", "", fmt).strip()
    fmt = _BUILTIN_UK.get(fmt.lower(), fmt)
    if not re.search(r"[dmy]", fmt, re.IGNORECASE):
        fmt = "dd/mm/yyyy"
    when = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    tokens = _DATE_TOKEN.findall(fmt)
    out = []
    for index, token in enumerate(tokens):
        out.append(_render(token, index, tokens, when))
    return "".join(out).strip()


def _render(token: str, index: int, tokens: list[str], when: datetime) -> str:
    lower = token.lower()
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    if lower in ("m", "mm") and _is_minutes(index, tokens):
        return f"{when.minute:02d}" if lower == "mm" else str(when.minute)
    simple = {
        "yyyy": f"{when.year:04d}", "yy": f"{when.year % 100:02d}",
        "mmmmm": when.strftime("%B")[:1], "mmmm": when.strftime("%B"), "mmm": when.strftime("%b"),
        "mm": f"{when.month:02d}", "m": str(when.month),
        "dddd": when.strftime("%A"), "ddd": when.strftime("%a"), "dd": f"{when.day:02d}", "d": str(when.day),
        "hh": f"{when.hour:02d}", "h": str(when.hour), "ss": f"{when.second:02d}", "s": str(when.second),
        "am/pm": "AM" if when.hour < 12 else "PM", "a/p": "A" if when.hour < 12 else "P",
    }  # fmt: skip
    return simple.get(lower, token)


def _is_minutes(index: int, tokens: list[str]) -> bool:
    """In "h:mm" and "mm:ss", m means minutes, not months."""
    before = [t.lower() for t in tokens[:index] if t.strip(":. ")]
    after = [t.lower() for t in tokens[index + 1 :] if t.strip(":. ")]
    return bool(before and before[-1] in ("h", "hh")) or bool(after and after[0] in ("s", "ss"))


def number_text(value: int | float, number_format: str | None) -> str:
    fmt = (number_format or "General").split(";")[0]
    if fmt.endswith("%"):
        decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        return f"{value * 100:.{decimals}f}%"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        match = re.fullmatch(r"[#0,]*\.(0+)", fmt)
        return f"{value:.{len(match[1])}f}" if match else f"{value:.10g}"
    return str(value)
