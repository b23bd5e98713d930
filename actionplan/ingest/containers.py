"""The reader of last resort for zip and OLE files the Word and Excel readers do not take: it reads
nothing and says, in one sentence, why and what to do instead (password, old .doc/.xls format,
OpenDocument, a damaged or cut-short file, a zip that is not a document)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from actionplan.ingest import register
from actionplan.ingest.base import ParseResult, ReadError
from actionplan.ingest.zipsafe import (
    OLE_SIGNATURE,
    PASSWORD_PROTECTED,
    ZIP_SIGNATURES,
    damaged,
    is_encrypted_ole,
    member_names,
)

_KINDS = {
    ".docx": "Word document", ".docm": "Word document", ".doc": "Word document",
    ".xlsx": "Excel workbook", ".xlsm": "Excel workbook", ".xls": "Excel workbook",
}  # fmt: skip
OLD_WORD = "This is an old-style Word document (.doc): open it in Word, save it as .docx and import that."
OLD_EXCEL = "This is an old-style Excel workbook (.xls): open it in Excel, save it as .xlsx and import that."
OLD_OFFICE = (
    "This is an old-style Office file: save it as a Word (.docx) or Excel (.xlsx) file and import that."
)
OPEN_DOCUMENT = (
    "This is an OpenDocument file: save it as a Word (.docx) or Excel (.xlsx) file and import that."
)
NOT_A_DOCUMENT = "This zip file is not a Word or Excel document: import the document itself."
MACROS = (
    "This file contains macros: save it as an ordinary Word (.docx) or Excel (.xlsx) file and import that."
)


def score(data: bytes, filename: str) -> int:
    return 5 if data.startswith((OLE_SIGNATURE, *ZIP_SIGNATURES)) else 0


@register("container", score)
def read(data: bytes, filename: str = "", mapping: dict[str, str] | None = None) -> ParseResult:
    raise ReadError(explain(data, filename))


def explain(data: bytes, filename: str = "") -> str:
    """Why a zip or OLE file cannot be imported, in one sentence."""
    if data.startswith(OLE_SIGNATURE):
        return _explain_ole(data)
    names = member_names(data)
    if names is None:
        kind = _KINDS.get(PurePath(filename or "").suffix.lower(), "file")
        return damaged(kind)
    if "mimetype" in names and _mimetype(data).startswith("application/vnd.oasis.opendocument"):
        return OPEN_DOCUMENT
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return MACROS
    return NOT_A_DOCUMENT


def _explain_ole(data: bytes) -> str:
    if is_encrypted_ole(data):
        return PASSWORD_PROTECTED
    if "WordDocument".encode("utf-16-le") in data:
        return OLD_WORD
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return OLD_EXCEL
    return OLD_OFFICE


def _mimetype(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return ""
            return archive.read(info).decode("ascii", "replace").strip()
    except Exception:  # noqa: BLE001 - unreadable means "not OpenDocument"
        return ""
