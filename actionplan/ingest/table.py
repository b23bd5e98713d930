"""The format-independent core every reader shares: rows of cells -> PlanDraft.

A reader turns its document into rows of `Cell`s (text with lists already as "- item" lines, the
cell's fill colour, a real date where the format has one) and calls `read_table`. This module then

1. finds the header row and decides what each column holds, by header words and by content
   (a column of people's names is the leads whatever its header says), or by the caller's mapping;
2. drops page furniture: repeated header rows, repeated page titles, page numbers;
3. joins rows that continue across a page break into the row they continue;
4. groups actions under numbered recommendations;
5. reads each action's leads, due date, RAG and notes, warning about what it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from actionplan.core.dates import parse_due
from actionplan.core.draft import ActionDraft, Due, PlanDraft, RecommendationDraft
from actionplan.core.rag import is_blank_fill, parse_rag_word, rag_from_fill
from actionplan.ingest.base import ParseResult, ParseWarning, ReadError

FIELDS = ("number", "recommendation", "action", "leads", "due", "rag", "notes", "extra", "ignore")
# Fields only one column may hold; notes, extra and ignore may be many columns.
SINGLE_FIELDS = ("number", "recommendation", "action", "leads", "due", "rag")
NO_TABLE = "No action plan table was found in the document."


@dataclass
class Cell:
    """One table cell: text with paragraphs on their own lines and list items as "- item"."""

    text: str = ""
    fill: str | None = None  # background colour as hex ("FF0000"), None when unfilled
    value: date | None = None  # a real date, where the format stores one (spreadsheets)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and self.value is None and is_blank_fill(self.fill)


@dataclass
class Column:
    index: int
    header: str  # as written, or "Column N" when the header cell is empty
    field: str  # one of FIELDS


@dataclass
class _Row:
    cells: list[Cell]
    after_break: bool = False  # the row follows a repeated header or page title
    continues: bool = False  # the reader knows the row is the rest of the row before it


# --------------------------------------------------------------------------------------------------
# Entry point


def read_table(
    rows: Sequence[Sequence[Cell | str]],
    *,
    title: str | None = None,
    header: Sequence[Sequence[Cell | str]] | None = None,
    mapping: dict[str, str] | None = None,
    breaks: Iterable[int] | None = None,
    continued: Iterable[int] = (),
) -> ParseResult:
    """Read a table into a PlanDraft.

    rows: the document's rows, top to bottom; when `header` is None the header row is found among
    them and the rows above it are the preamble (the first line is the title unless `title` is given).
    header: the header row(s), when the reader knows them; several rows are combined column by column.
    mapping: header as written -> field, overriding what the header and content suggest.
    breaks: indexes (into `rows`) of the rows that start a new page, when the reader knows where its
    pages break (a PDF), or an empty collection when rows never break (Word, spreadsheets); None
    (the default) takes a repeated header or page title as the sign of a page break.
    continued: indexes (into `rows`) of rows the reader knows are the rest of the row before them
    (a PDF row cut by a page break, whose first part has no closing rule), joined to it whatever
    they hold.
    Raises ReadError when no header row can be found.
    """
    table = [_as_cells(row) for row in rows]
    mapping = _check_mapping(mapping or {})
    header_cells, preamble, data = _split_header(table, header, mapping)
    warnings: list[ParseWarning] = []
    first_data_row = len(table) - len(data)
    known_breaks = None if breaks is None else {index - first_data_row for index in breaks}
    body = _drop_furniture(data, header_cells, preamble, known_breaks)
    _mark_continued(body, data, {index - first_data_row for index in continued})
    columns = map_columns(header_cells, [row.cells for row in body], mapping, warnings)
    understood = {c.header: c.field for c in columns}
    body, columns = _recommendation_rows(body, columns)
    logical = _join_continuations(body, columns)
    draft = _build_plan(logical, columns, warnings)
    draft.title = title or _first_line(preamble)
    return ParseResult(draft=draft, warnings=warnings, mapping=understood)


def _as_cells(row: Sequence[Cell | str]) -> list[Cell]:
    return [cell if isinstance(cell, Cell) else Cell(str(cell or "")) for cell in row]


def _check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    checked = {}
    for header, name in mapping.items():
        name = (name or "").strip().lower()
        if name not in FIELDS:
            raise ReadError(f"'{name}' is not a field we know: use one of {', '.join(FIELDS)}.")
        checked[_key(header)] = name
    return checked


# --------------------------------------------------------------------------------------------------
# Header row and page furniture

_HEADER_RULES: tuple[tuple[str, str], ...] = (
    (r"\brag\b|red amber green", "rag"),
    (r"^(current |delivery |overall )?status( rating)?$|^rating$", "rag"),
    (r"^(no|ref|reference|number|num|item|#|id)$|^(rec|recommendation|action|item|ref) ?(no|number|ref|#)$",
     "number"),
    (r"measure|evidence|outcome|impact|success|kpi|indicator|\brisks?\b|resource|cost|budget", "extra"),
    (r"\blead(s|er|ers)?\b|responsib|\bowners?\b|officer|\bwho\b|accountab|named person", "leads"),
    (r"^(actions?|tasks?|activit|what (we will|will we|will be) do|steps|how\b|planned action)", "action"),
    (r"timescale|timetable|deadline|\bdates?\b|by when|^when\b|target|\bdue\b|completion|time ?frame"
     r"|milestone", "due"),
    (r"key point|progress|update|comment|narrative|\bnotes?\b|position|remarks", "notes"),
    (r"recommendation|area(s)? for (improvement|development)|finding|\bissue|requirement|priority"
     r"|objective|\baim\b|inspection|judgement|theme", "recommendation"),
    (r"action", "action"),
)  # fmt: skip
_MAX_HEADER_CELL = 80
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*of\s*\d{1,4}|-\s*\d{1,4}\s*-)$"
)


def header_field(text: str) -> str | None:
    """The field a header names ("Timetable End date" -> "due"), or None when it names none we know."""
    words = _key(re.sub(r"[^\w#&/]+", " ", text or ""))
    if not words or len(text) > _MAX_HEADER_CELL:
        return None
    return next((name for pattern, name in _HEADER_RULES if re.search(pattern, words)), None)


def _split_header(
    table: list[list[Cell]], header: Sequence[Sequence[Cell | str]] | None, mapping: dict[str, str]
) -> tuple[list[Cell], list[list[Cell]], list[list[Cell]]]:
    """(header cells, preamble rows above the header, data rows below it)."""
    if header:
        return _combine_header_rows([_as_cells(row) for row in header]), [], table
    for index, row in enumerate(table):
        if _is_header_row(row, mapping):
            return row, table[:index], table[index + 1 :]
    raise ReadError(NO_TABLE)


def find_header(rows: Sequence[Sequence[Cell | str]], mapping: dict[str, str] | None = None) -> int | None:
    """The index of the plan's header row among `rows`, or None: for readers that need to know what
    each column holds before they hand the rows over (to repeat a merged lead or date cell)."""
    checked = _check_mapping(mapping or {})
    return next((index for index, row in enumerate(rows) if _is_header_row(_as_cells(row), checked)), None)


def _is_header_row(row: list[Cell], mapping: dict[str, str]) -> bool:
    texts = [cell.text.strip() for cell in row if cell.text.strip()]
    if any(len(text) > _MAX_HEADER_CELL for text in texts):
        return False
    found = {mapping.get(_key(text)) or header_field(text) for text in texts}
    found -= {None, "extra", "ignore", "number"}
    return len(found) >= 2 and bool(found & {"recommendation", "action"})


def _combine_header_rows(rows: list[list[Cell]]) -> list[Cell]:
    width = max((len(row) for row in rows), default=0)
    return [Cell(" ".join(line for row in rows for line in _cell_at(row, i).lines)) for i in range(width)]


def _drop_furniture(
    rows: list[list[Cell]], header: list[Cell], preamble: list[list[Cell]], breaks: set[int] | None = None
) -> list[_Row]:
    """Drop blank rows, repeated headers, repeated page titles and page numbers; mark page breaks
    (where `breaks` says pages break, or else after the furniture a page break repeats)."""
    header_key = _row_key(header)
    furniture = {_key(cell.text) for row in preamble for cell in row if cell.text.strip()}
    body: list[_Row] = []
    after_break = False
    for index, row in enumerate(rows):
        after_break = after_break or (breaks is not None and index in breaks)
        if all(cell.is_empty for cell in row):
            continue
        if _row_key(row) == header_key or _is_page_furniture(row, furniture):
            after_break = after_break or breaks is None
            continue
        body.append(_Row(row, after_break))
        after_break = False
    return body


def _mark_continued(body: list[_Row], data: list[list[Cell]], continued: set[int]) -> None:
    if not continued:
        return
    positions = {id(row): index for index, row in enumerate(data)}
    for row in body:
        row.continues = positions.get(id(row.cells), -1) in continued


def _is_page_furniture(row: list[Cell], furniture: set[str]) -> bool:
    texts = [cell.text for cell in row if cell.text.strip()]
    if len(texts) != 1 or any(not cell.is_empty for cell in row if not cell.text.strip()):
        return False
    return _key(texts[0]) in furniture or bool(_PAGE_NUMBER.match(_key(texts[0])))


def _row_key(row: list[Cell]) -> tuple[str, ...]:
    return tuple(_key(cell.text) for cell in row if cell.text.strip())


def _first_line(rows: list[list[Cell]]) -> str:
    return next((line for row in rows for cell in row for line in cell.lines), "")


# --------------------------------------------------------------------------------------------------
# What each column holds

_CONTENT_SHARE = 0.6  # share of a column's filled cells that must agree before content says anything
_STRONG_SHARE = 0.8  # share needed to overrule a header that names a different structured field
_FREE_FIELDS = (None, "notes", "extra")  # headers content may overrule
_CONTENT_FIELDS = ("leads", "due", "rag")  # fields content can recognise, and overrule when sure
# How sure a column's field is, for settling two columns claiming one field.
_MAPPED, _AGREED, _HEADER, _CONTENT, _NONE = 4, 3, 2, 1, 0
_TIMESCALE_WORDS = re.compile(
    r"^(ongoing|on-going|tbc|tbd|tba|n/?a|immediate(ly)?|quarterly|monthly|weekly|annual(ly)?|termly"
    r"|continuous|(spring|summer|autumn|winter)( term)? \d{4})$"
)
_FIELD_NAMES = {"leads": "lead officers", "due": "due dates", "rag": "RAG ratings"}
_CONTENT_WORDS = {"leads": "names", "due": "dates", "rag": "RAG ratings"}


def map_columns(
    header: list[Cell], rows: list[list[Cell]], mapping: dict[str, str], warnings: list[ParseWarning]
) -> list[Column]:
    """One Column per header cell (and per extra cell rows carry beyond the header)."""
    width = max([len(header), *(len(row) for row in rows)])
    columns, strengths = [], []
    for index in range(width):
        title = " ".join(_cell_at(header, index).lines) or f"Column {index + 1}"
        cells = [_cell_at(row, index) for row in rows]
        chosen, strength = _choose_field(title, cells, mapping)
        columns.append(Column(index, _unique(title, columns), chosen))
        strengths.append(strength)
    _resolve_conflicts(columns, strengths, header)
    _warn_about_overrides(columns, strengths, warnings)
    _warn_about_unused_mapping(columns, mapping, warnings)
    return columns


def _choose_field(title: str, cells: list[Cell], mapping: dict[str, str]) -> tuple[str, int]:
    """(field, how sure): the caller's mapping, header and content agreeing, the header alone, or
    the content alone where the header names free text or disagrees strongly."""
    if _key(title) in mapping:
        return mapping[_key(title)], _MAPPED
    by_header = header_field(title)
    kind, share = content_kind(cells)
    if kind and kind == by_header:
        return kind, _AGREED
    if kind and (by_header in _FREE_FIELDS or by_header in _CONTENT_FIELDS and share >= _STRONG_SHARE):
        return kind, _CONTENT
    return by_header or "extra", _HEADER


def content_kind(cells: Iterable[Cell]) -> tuple[str | None, float]:
    """What most of a column's filled cells look like: ("leads" | "due" | "rag" | None, share)."""
    filled = [cell for cell in cells if not cell.is_empty]
    if len(filled) < 2:
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for kind, test in (("rag", _looks_like_rag), ("due", _looks_like_due), ("leads", _looks_like_names)):
        share = sum(1 for cell in filled if test(cell)) / len(filled)
        if share >= _CONTENT_SHARE and share > best[1]:
            best = (kind, share)
    return best


def _looks_like_rag(cell: Cell) -> bool:
    return bool(parse_rag_word(cell.text) or (not cell.text.strip() and rag_from_fill(cell.fill)))


def _looks_like_due(cell: Cell) -> bool:
    text = " ".join(cell.lines)
    return cell.value is not None or bool(parse_due(text)) or bool(_TIMESCALE_WORDS.match(_key(text)))


def _looks_like_names(cell: Cell) -> bool:
    parts = [part for line in cell.lines for part in re.split(r"\s*[;,/]\s*", _unbullet(line))]
    parts = [part for part in parts if part]
    return bool(parts) and all(_is_name_like(part) for part in parts)


def _resolve_conflicts(columns: list[Column], strengths: list[int], header: list[Cell]) -> None:
    """One column per single field: the surest claim wins (a header naming the field beats content
    alone); a column that lost a claim made by its content falls back to its header, others to extra."""
    for _ in range(len(columns)):
        changed = False
        for name in SINGLE_FIELDS:
            claims = sorted(
                (c for c in columns if c.field == name), key=lambda c: (-strengths[c.index], c.index)
            )
            for loser in claims[1:]:
                fallback = header_field(" ".join(_cell_at(header, loser.index).lines))
                loser.field = fallback if strengths[loser.index] == _CONTENT and fallback else "extra"
                strengths[loser.index] = _HEADER if loser.field != "extra" else _NONE
                changed = True
        if not changed:
            return


def _warn_about_overrides(columns: list[Column], strengths: list[int], warnings: list[ParseWarning]) -> None:
    for column in columns:
        if strengths[column.index] == _CONTENT:
            message = (
                f"The column headed '{column.header}' holds {_CONTENT_WORDS[column.field]}, "
                f"so it was read as {_FIELD_NAMES[column.field]}."
            )
            warnings.append(ParseWarning(message, where=f"column '{column.header}'"))


def _warn_about_unused_mapping(
    columns: list[Column], mapping: dict[str, str], warnings: list[ParseWarning]
) -> None:
    headers = {_key(column.header) for column in columns}
    for header in mapping:
        if header not in headers:
            warnings.append(ParseWarning(f"No column is headed '{header}', so that mapping was not used."))


def _unique(title: str, columns: list[Column]) -> str:
    taken = {column.header for column in columns}
    if title not in taken:
        return title
    return next(f"{title} ({n})" for n in range(2, len(columns) + 3) if f"{title} ({n})" not in taken)


# --------------------------------------------------------------------------------------------------
# Recommendations written as rows of their own ("Recommendation 1: ..." across the table's width)

_RECOMMENDATION_ROW_HEADER = "Recommendation"


def _recommendation_rows(body: list[_Row], columns: list[Column]) -> tuple[list[_Row], list[Column]]:
    """A table with no recommendation column whose recommendations are rows of their own, above their
    actions: move those rows' text into a recommendation column of its own, as if the table had one.
    A number column in such a table numbers the actions (1.1, 1.2), so it is kept as an extra column."""
    if any(column.field == "recommendation" for column in columns):
        return body, columns
    if not any(_recommendation_row_text(row.cells) for row in body):
        return body, columns
    index = len(columns)
    for column in columns:
        if column.field == "number":
            column.field = "extra"
    rows = []
    for row in body:
        text = _recommendation_row_text(row.cells)
        cells = [Cell() for _ in range(index)] if text else [_cell_at(row.cells, i) for i in range(index)]
        rows.append(_Row([*cells, Cell(text)], row.after_break, row.continues))
    return rows, [*columns, Column(index, _RECOMMENDATION_ROW_HEADER, "recommendation")]


def recommendation_row_text(cells: Sequence[Cell]) -> str:
    """ "Recommendation 1: Ensure ..." when that is the only text in the row, else ""."""
    return _recommendation_row_text(list(cells))


def _recommendation_row_text(cells: list[Cell]) -> str:
    texts = [cell for cell in cells if cell.text.strip()]
    if len(texts) != 1:
        return ""
    text = " ".join(texts[0].lines)
    return text if _NUMBER_PATTERNS[0].match(text) else ""


# --------------------------------------------------------------------------------------------------
# Rows that continue across a page break

_TERMINAL = ".!?:;)"


def _join_continuations(rows: list[_Row], columns: list[Column]) -> list[list[Cell]]:
    numbered = _numbers_recommendations(rows, columns)
    logical: list[list[Cell]] = []
    for row in rows:
        if logical and (
            row.continues or is_continuation(row.cells, logical[-1], columns, numbered, row.after_break)
        ):
            cells = _carry_recommendation(logical, row.cells, columns)
            logical[-1] = _merge_rows(logical[-1], cells, columns)
        elif logical and row.after_break and numbered:
            logical.append(_carry_cut_recommendation(logical, list(row.cells), columns))
        else:
            logical.append(list(row.cells))
    return logical


def _carry_cut_recommendation(
    logical: list[list[Cell]], row: list[Cell], columns: list[Column]
) -> list[Cell]:
    """A new action row after a page break whose recommendation cell holds unnumbered text, in a
    numbered plan: the rest of a recommendation merged down over its actions and cut by the break."""
    index = next((c.index for c in columns if c.field == "recommendation"), None)
    if index is None or _text_of(row, columns, "number") or parse_number(_cell_at(row, index).text)[0]:
        return row
    owner = next((cells for cells in reversed(logical) if _cell_at(cells, index).lines), None)
    if owner is None or not _cell_at(row, index).lines:
        return row
    owner[index] = _merge_cells(owner[index], row[index], "recommendation")
    return [Cell() if i == index else cell for i, cell in enumerate(row)]


def _carry_recommendation(logical: list[list[Cell]], row: list[Cell], columns: list[Column]) -> list[Cell]:
    """A recommendation's text continued below an action row belongs to the recommendation, which sits
    in the last row above that has one: join it there and return the rest of the row."""
    index = next((c.index for c in columns if c.field == "recommendation"), None)
    if index is None or not _cell_at(row, index).lines or _cell_at(logical[-1], index).lines:
        return row
    owner = next((cells for cells in reversed(logical) if _cell_at(cells, index).lines), None)
    if owner is None:
        return row
    owner[index] = _merge_cells(owner[index], row[index], "recommendation")
    return [Cell() if i == index else cell for i, cell in enumerate(row)]


def is_continuation(
    row: list[Cell], previous: list[Cell], columns: list[Column], numbered: bool, after_break: bool = False
) -> bool:
    """A row continues the previous one when it starts nothing new: no recommendation number, no
    timetable, no RAG, and its text carries on (lower-case start, an unnumbered recommendation in a
    numbered plan, no action of its own, or an unfinished sentence cut by a page break)."""
    if _starts_something(row, columns, previous if after_break else None):
        return False
    rec, action = _text_of(row, columns, "recommendation"), _text_of(row, columns, "action")
    if (rec and numbered) or not (rec or action):
        return True
    first_column, first = _first_text(row, columns)
    if _unbullet(first)[:1].islower():
        return True
    if after_break and first.startswith("-"):  # a list cut by the break, if a list was being written
        above = _cell_at(previous, first_column).lines
        return bool(above) and (above[-1].startswith("-") or above[-1].endswith(":"))
    return after_break and _unfinished(_cell_at(previous, first_column))


def _starts_something(row: list[Cell], columns: list[Column], broken: list[Cell] | None = None) -> bool:
    """`broken`: the row above, when a page break comes between the two; a cell cut by the break
    repeats its fill on the next page, so the same fill with no text there starts nothing."""
    for column in columns:
        cell = _cell_at(row, column.index)
        if column.field == "number" and cell.text.strip():
            return True
        if column.field == "recommendation" and parse_number(cell.text)[0]:
            return True
        if column.field in ("due", "rag") and not cell.is_empty and not _repeated_fill(cell, broken, column):
            return True
    return False


def _repeated_fill(cell: Cell, broken: list[Cell] | None, column: Column) -> bool:
    if broken is None or cell.text.strip() or cell.value is not None:
        return False
    above = _cell_at(broken, column.index)
    return not is_blank_fill(cell.fill) and (above.fill or "").upper() == (cell.fill or "").upper()


def _numbers_recommendations(rows: list[_Row], columns: list[Column]) -> bool:
    """True when the plan numbers its recommendations (most recommendation cells start with one)."""
    if any(column.field == "number" for column in columns):
        return True
    texts = [_text_of(row.cells, columns, "recommendation") for row in rows]
    texts = [text for text in texts if text]
    return bool(texts) and sum(1 for text in texts if parse_number(text)[0]) * 2 >= len(texts)


def _first_text(row: list[Cell], columns: list[Column]) -> tuple[int, str]:
    for column in columns:
        if (
            column.field in ("recommendation", "action", "notes", "extra")
            and _cell_at(row, column.index).lines
        ):
            return column.index, _cell_at(row, column.index).lines[0]
    return -1, ""


def _unfinished(cell: Cell) -> bool:
    lines = cell.lines
    return bool(lines) and not lines[-1].endswith(tuple(_TERMINAL))


def _merge_rows(previous: list[Cell], row: list[Cell], columns: list[Column]) -> list[Cell]:
    width = max(len(previous), len(row))
    fields = {column.index: column.field for column in columns}
    return [
        _merge_cells(_cell_at(previous, i), _cell_at(row, i), fields.get(i, "extra")) for i in range(width)
    ]


def _merge_cells(previous: Cell, more: Cell, name: str) -> Cell:
    if name == "leads":
        lines, extra = previous.lines, more.lines
        if lines and extra and lines[-1].split()[-1].lower() in _CONNECTORS:  # "Head of" | "Adult Care"
            lines, extra = [*lines[:-1], f"{lines[-1]} {extra[0]}"], extra[1:]
        text = "\n".join(lines + extra)
    else:
        text = join_text(previous.text, more.text)
    fill = previous.fill if not is_blank_fill(previous.fill) else more.fill
    return Cell(text, fill, previous.value or more.value)


def join_text(text: str, more: str) -> str:
    """Join a cell's continuation to it: a new list item starts a new line, a cut sentence is rejoined."""
    lines, extra = Cell(text).lines, Cell(more).lines
    if not lines or not extra:
        return "\n".join(lines + extra)
    head, first = lines[-1], extra[0]
    if first.startswith("- ") or not (first[:1].islower() or _unfinished(Cell(head))):
        return "\n".join(lines + extra)
    glue = "" if re.search(r"\w-$", head) else " "
    return "\n".join([*lines[:-1], head + glue + first, *extra[1:]])


# --------------------------------------------------------------------------------------------------
# Recommendations and actions

_NUMBER = r"(?P<number>\d{1,3}(?:\.\d{1,3})*[a-z]?)"
_NUMBER_PATTERNS = (
    re.compile(
        rf"^(?:recommendation|rec\.?|area for (?:improvement|development)|afi|priority)\s*(?:no\.?\s*)?"
        rf"{_NUMBER}\s*[.):\-–]?\s*(?P<text>.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(rf"^{_NUMBER}\s*[.):]?$", re.IGNORECASE),
    re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})+[a-z]?)\.?\s+(?P<text>.+)$", re.IGNORECASE | re.DOTALL),
    re.compile(rf"^{_NUMBER}[.):]\s*(?P<text>.+)$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^(?P<number>\d{1,3}[a-z])\s+(?P<text>.+)$", re.DOTALL),
    re.compile(r"^(?P<number>\d{1,3})\s+(?P<text>[A-Z].*)$", re.DOTALL),  # "1 Ensure", not "12 months"
)


def parse_number(text: str) -> tuple[str, str]:
    """("number", "rest of the text") from "1. Ensure ...", "2a ...", "3.1 ...", "Recommendation 4: ...";
    ("", text) when the text starts with no number."""
    text = (text or "").strip()
    for pattern in _NUMBER_PATTERNS:
        match = pattern.match(text)
        if match:
            rest = match.groupdict().get("text") or ""
            return match["number"].lower(), rest.strip()
    return "", text


def _build_plan(rows: list[list[Cell]], columns: list[Column], warnings: list[ParseWarning]) -> PlanDraft:
    known = known_names(_cell_at(row, c.index) for row in rows for c in columns if c.field == "leads")
    has_action_column = any(column.field == "action" for column in columns)
    recommendations: list[RecommendationDraft] = []
    for row in rows:
        recommendation = _recommendation_for(row, columns, recommendations)
        action = _action_of(row, columns, known, has_action_column)
        if action is not None:
            recommendation.actions.append(action)
            where = f"recommendation {recommendation.number}, action {len(recommendation.actions)}"
            _read_rag(row, columns, action, where, warnings)
    return PlanDraft(title="", recommendations=[r for r in recommendations if r.text or r.actions])


def _recommendation_for(
    row: list[Cell], columns: list[Column], recommendations: list[RecommendationDraft]
) -> RecommendationDraft:
    """The recommendation a row belongs to: the one it starts, or the one before it."""
    number, text = parse_number(_text_of(row, columns, "recommendation"))
    number = _number_cell(row, columns) or number
    current = recommendations[-1] if recommendations else None
    if current and (not (number or text) or (number == current.number and text in ("", current.text))):
        return current
    if current and not number and text == current.text:  # an unnumbered recommendation repeated
        return current
    if not number:
        number = str(len(recommendations) + 1)
    recommendations.append(RecommendationDraft(number=number, text=text))
    return recommendations[-1]


def _number_cell(row: list[Cell], columns: list[Column]) -> str:
    text = _text_of(row, columns, "number").strip().rstrip(".):").strip()
    return parse_number(text)[0] or text


def _action_of(
    row: list[Cell], columns: list[Column], known: set[tuple[str, ...]], has_action_column: bool
) -> ActionDraft | None:
    if has_action_column:
        text = _text_of(row, columns, "action")
    else:  # the recommendation is its own action
        text = parse_number(_text_of(row, columns, "recommendation"))[1]
    action = ActionDraft(
        text=text,
        leads=split_leads(_text_of(row, columns, "leads"), known),
        due=_due_of(row, columns),
        notes=_notes_of(row, columns, "notes"),
        extra=_extra_of(row, columns),
    )
    has_rag = any(c.field == "rag" and not _cell_at(row, c.index).is_empty for c in columns)
    if not (text or action.leads or action.due.text or action.notes or action.extra or has_rag):
        return None
    return action


def _due_of(row: list[Cell], columns: list[Column]) -> Due:
    cells = [_cell_at(row, c.index) for c in columns if c.field == "due"]
    if not cells:
        return Due()
    cell = cells[0]
    text = " ".join(cell.lines)
    if not text and cell.value is not None:
        text = _written_date(cell.value)
    return Due(text=text, date=parse_due(cell.value) if cell.value is not None else parse_due(text))


def _written_date(value: date) -> str:
    day = value.date() if isinstance(value, datetime) else value
    return f"{day.day} {day:%B %Y}"


def _notes_of(row: list[Cell], columns: list[Column], name: str) -> list[str]:
    cells = [_cell_at(row, c.index) for c in columns if c.field == name]
    return [_unbullet(line) for cell in cells for line in cell.lines if _unbullet(line)]


def _extra_of(row: list[Cell], columns: list[Column]) -> dict[str, list[str]]:
    extra = {}
    for column in (c for c in columns if c.field == "extra"):
        lines = [_unbullet(line) for line in _cell_at(row, column.index).lines if _unbullet(line)]
        if lines:
            extra[column.header] = lines
    return extra


def _read_rag(
    row: list[Cell], columns: list[Column], action: ActionDraft, where: str, warnings: list[ParseWarning]
) -> None:
    cell = next((_cell_at(row, c.index) for c in columns if c.field == "rag"), None)
    if cell is None or cell.is_empty:
        return
    text = " ".join(cell.lines)
    by_word, by_fill = parse_rag_word(text), rag_from_fill(cell.fill)
    action.rag = by_word or by_fill
    problem = _rag_problem(text, cell.fill, by_word, by_fill)
    if problem:
        warnings.append(ParseWarning(problem, where=where))


def _rag_problem(text: str, fill: str | None, by_word: str | None, by_fill: str | None) -> str | None:
    if text and not by_word:
        then = f"the cell's {by_fill} colour was used" if by_fill else "it was left unrated"
        return f"The RAG rating '{text}' is not one we recognise, so {then}."
    if not text and not by_fill:
        return f"The RAG colour '{fill}' is not red, amber, green or blue, so it was left unrated."
    if by_word and by_fill and by_word != by_fill:
        return f"The RAG rating says {by_word} but the cell is coloured {by_fill}; {by_word} was used."
    return None


# --------------------------------------------------------------------------------------------------
# Lead officers

_CONNECTORS = {"of", "and", "&", "for", "the", "de", "van", "von", "der", "da", "le", "la", "du", "to", "in"}
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.\-]*$")
_MAX_NAME_TOKENS = 12


def split_leads(text: str, known: Iterable[tuple[str, ...]] = ()) -> list[str]:
    """Leads as written, one per entry: split on new lines, "/", ";", ",", "and" between two people,
    and run-together names ("April Bald Elaine Allegretti") where the document names them apart."""
    known = set(known)
    leads: list[str] = []
    for part in _lead_parts(text):
        for lead in _split_run_together(part, known):
            if lead not in leads:
                leads.append(lead)
    return leads


def known_names(cells: Iterable[Cell]) -> set[tuple[str, ...]]:
    """People a document names on their own (two or three words), as lower-cased word tuples."""
    known = set()
    for cell in cells:
        for part in _lead_parts(cell.text):
            words = part.split()
            if 2 <= len(words) <= 3 and _is_name_like(part):
                known.add(tuple(word.lower() for word in words))
    return known


def _lead_parts(text: str) -> list[str]:
    parts = []
    for line in Cell(text or "").lines:
        for piece in re.split(r"\s*[;,]\s*|\s+/\s+", _unbullet(line)):
            parts.extend(_split_slash(piece))
    parts = [p for piece in parts for p in _split_and(piece)]
    return [cleaned for cleaned in (_clean_lead(part) for part in parts) if cleaned]


def _split_slash(text: str) -> list[str]:
    """ "Head of Service/Team Manager" splits, "CIN/CP Manager" and "AB/CD" do not."""
    pieces = text.split("/")
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return pieces
    return [text]


def _split_and(text: str) -> list[str]:
    """ "Jackie Cook and Rachel Flagg" splits; "Head of Quality and Performance" does not."""
    pieces = re.split(r"\s+(?:and|&)\s+", text)
    if len(pieces) > 1 and all(_is_person(piece) for piece in pieces):
        return pieces
    return [text]


def _split_run_together(text: str, known: set[tuple[str, ...]]) -> list[str]:
    """Cut a run of names at the names the document shows on their own; keep it whole otherwise."""
    words = text.split()
    if len(words) < 4 or not known or not all(_NAME_TOKEN.match(word) for word in words):
        return [text]
    pieces, loose, index = [], [], 0
    while index < len(words):
        size = _known_at(words, index, known)
        if size:
            pieces.extend([" ".join(loose)] if loose else [])
            pieces.append(" ".join(words[index : index + size]))
            loose, index = [], index + size
        else:
            loose.append(words[index])
            index += 1
    pieces.extend([" ".join(loose)] if loose else [])
    return pieces if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces) else [text]


def _known_at(words: list[str], index: int, known: set[tuple[str, ...]]) -> int:
    for size in (3, 2):
        if tuple(word.lower() for word in words[index : index + size]) in known:
            return size
    return 0


def _is_name_like(text: str) -> bool:
    """People or posts as leads are written: capitalised words ("Jackie Cook", "Head of Service", "DCS")."""
    words = text.split()
    if not words or len(words) > _MAX_NAME_TOKENS or re.search(r"\d", text):
        return False
    capitalised = [word for word in words if _NAME_TOKEN.match(word)]
    others = [word for word in words if not _NAME_TOKEN.match(word)]
    if text.endswith(".") and len(words[-1]) > 3:
        return False
    return (
        bool(capitalised)
        and all(word.lower() in _CONNECTORS for word in others)
        and (len(capitalised) >= 2 or words[0].isupper())
    )


def _is_person(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_TOKEN.match(word) for word in words)


def _clean_lead(text: str) -> str:
    return " ".join(text.split()).strip(" -–•.,;:")


# --------------------------------------------------------------------------------------------------
# Small helpers


def _key(text: str) -> str:
    return " ".join((text or "").lower().split())


def _cell_at(row: Sequence[Cell], index: int) -> Cell:
    return row[index] if 0 <= index < len(row) else Cell()


def _text_of(row: list[Cell], columns: list[Column], name: str) -> str:
    texts = ["\n".join(_cell_at(row, c.index).lines) for c in columns if c.field == name]
    return "\n".join(text for text in texts if text)


def _unbullet(line: str) -> str:
    return re.sub(r"^(?:[-•▪◦●*]\s*)+", "", line).strip()
