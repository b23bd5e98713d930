"""Reading an uploaded document for import. The ingest registry does the work and says, in one
sentence, what is wrong with a file it cannot read (wrong type, damaged or cut short, password,
macros, zip bomb: see ingest.containers and ingest.zipsafe); this adds the size limit, checked
before a file is read into memory, and a last safety net so that whatever a reader does, the page
gets one sentence, never a traceback and never a partial plan."""

from __future__ import annotations

import logging

from actionplan.core.sizes import describe_size, max_bytes
from actionplan.ingest import ParseResult, ReadError, parse

logger = logging.getLogger(__name__)

EMPTY = "The file is empty."
DAMAGED = "The file could not be read: it may be damaged or incomplete. Save a fresh copy and upload that."


def too_large_message() -> str:
    return f"The file is too large: it must be {describe_size(max_bytes())} or smaller."


def read_document(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    """The document as a ParseResult, or ReadError with one clear sentence."""
    if not data or not data.strip():
        raise ReadError(EMPTY)
    if len(data) > max_bytes():
        raise ReadError(too_large_message())
    try:
        return parse(data, filename, mapping or {})
    except ReadError:
        raise
    except Exception:  # a reader met something it did not expect: to the user, a damaged file
        logger.exception("Reading %r for import failed", filename)
        raise ReadError(DAMAGED) from None
