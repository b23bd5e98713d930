"""Document -> PlanDraft. Readers register themselves here and are chosen by content, not by
extension alone: each says how confident it is that it can read the bytes it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from actionplan.core.sizes import describe_size, max_bytes  # noqa: F401 - max_bytes: part of the API
from actionplan.ingest.base import ParseResult, ParseWarning, ReadError

__all__ = ["ParseResult", "ParseWarning", "ReadError", "parse", "register"]


@dataclass(frozen=True)
class Reader:
    name: str
    # Returns 0 (cannot read) to 100 (certainly this format) for the bytes and file name.
    score: Callable[[bytes, str], int]
    read: Callable[..., ParseResult]  # read(data, filename, mapping) -> ParseResult


_READERS: list[Reader] = []


def register(name: str, score: Callable[[bytes, str], int]):
    def wrap(read):
        _READERS.append(Reader(name, score, read))
        return read

    return wrap


def readers() -> list[Reader]:
    _load_builtin_readers()
    return list(_READERS)


def parse(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    """Read a document into a PlanDraft, or raise ReadError with one clear sentence."""
    limit = max_bytes()
    if data and len(data) > limit:
        size = describe_size(max(limit, 1024))  # a limit under 1 KB is still said as 1 KB here
        raise ReadError(f"The file is larger than the {size} we can import: split it or shorten it.")
    if not data or not data.strip():
        raise ReadError("The file is empty.")
    scored = sorted(((r.score(data, filename), r) for r in readers()), key=lambda pair: -pair[0])
    if not scored or scored[0][0] <= 0:
        raise ReadError("This is not a document we can read: use a text, Word, Excel, CSV or PDF file.")
    reader = scored[0][1]
    result = reader.read(data, filename, mapping or {})
    result.reader = reader.name
    if not result.draft.recommendations:
        raise ReadError("No action plan table was found in the document.")
    return result


def _load_builtin_readers() -> None:
    # Importing a reader module registers it.
    from actionplan.ingest import (  # noqa: F401
        containers,
        csv_reader,
        docx_reader,
        paste_reader,
        pdf_reader,
        text,
        xlsx_reader,
    )
