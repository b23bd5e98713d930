"""Opening the zip inside a Word or Excel file safely, before any library unpacks it.

Office Open XML files are zips. A zip can claim to hold far more than it weighs (a zip bomb), be cut
short in an upload, or carry macros; these are refused here with one clear sentence, from the zip's
directory alone, before python-docx or openpyxl read a byte of the parts. Python's zipfile never
unpacks a part beyond the size the directory declares (it stops there and checks the CRC), so the
declared sizes checked here bound the memory the readers can use.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from actionplan.ingest.base import ReadError

log = logging.getLogger(__name__)

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all parts together, unpacked
MAX_RATIO = 100  # unpacked / packed: honest Office XML stays well below; zip bombs go far above
RATIO_FLOOR_BYTES = 1024 * 1024  # a part smaller than this cannot hurt whatever its ratio
MAX_MEMBERS = 5000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")

PASSWORD_PROTECTED = "This document is password-protected: save an unprotected copy and import that."
BOMB = "The file unpacks to far more than its size, as a zip bomb does: it cannot be imported."


def damaged(kind: str) -> str:
    return (
        f"This {kind} is damaged or incomplete (it may have been cut short): "
        "open it, save a fresh copy and import that."
    )


def member_names(data: bytes) -> set[str] | None:
    """The names of the parts in a zip, or None when the bytes are not a readable zip (for scoring)."""
    if not data.startswith(ZIP_SIGNATURES):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except Exception:  # noqa: BLE001 - any failure means "not a zip we can list"
        return None


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip, after checking its directory: readable, not too many parts, not a bomb.
    `kind` names the document in messages ("Word document", "Excel workbook")."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as error:  # noqa: BLE001 - BadZipFile, ValueError, struct errors, ...
        log.info("unreadable zip: %r", error)
        raise ReadError(damaged(kind)) from None
    check_members(infos)
    return archive


def check_members(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose parts would unpack to too much, or compress suspiciously well."""
    if len(infos) > MAX_MEMBERS:
        raise ReadError("The file holds far more parts than any document does: it cannot be imported.")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(BOMB)
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(BOMB)
    if total > RATIO_FLOOR_BYTES and total > MAX_RATIO * max(packed, 1):
        raise ReadError(BOMB)


def unpacked_size(archive: zipfile.ZipFile, prefix: str) -> int:
    """The declared unpacked size of the parts whose names start with `prefix`."""
    return sum(info.file_size for info in archive.infolist() if info.filename.startswith(prefix))


def has_macros(archive: zipfile.ZipFile) -> bool:
    """A macro project inside, or content types that declare the file macro-enabled (.docm, .xlsm)."""
    if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
        return True
    try:
        info = archive.getinfo("[Content_Types].xml")
        return info.file_size <= RATIO_FLOOR_BYTES and b"macroEnabled" in archive.read(info)
    except Exception:  # noqa: BLE001 - no readable content types: the reader reports the damage
        return False


def is_encrypted_ole(data: bytes) -> bool:
    """An Office file saved with a password is an OLE compound file holding an "EncryptedPackage"
    stream (directory entry names are UTF-16)."""
    return data.startswith(OLE_SIGNATURE) and "EncryptedPackage".encode("utf-16-le") in data


@contextmanager
def reading(kind: str) -> Iterator[None]:
    """Inside this block any failure of the library reading the file becomes one ReadError saying the
    file is damaged: a corrupt part can make a library raise almost anything."""
    try:
        yield
    except ReadError:
        raise
    except Exception as error:  # noqa: BLE001 - see the docstring
        log.info("damaged %s: %r", kind, error)
        raise ReadError(damaged(kind)) from None
