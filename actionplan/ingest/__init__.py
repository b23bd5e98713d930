"""Document -> PlanDraft. Readers register themselves here and are chosen by content, not by
extension alone: each says how confident it is that it can read the bytes it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    from actionplan.ingest import text  # noqa: F401
