"""Uploaded files in and out, safely.

In: `check_upload(uploaded_file, allowed_kinds)` decides what a file is from its content (magic
bytes, and the parts inside an Office zip), never from its name or the browser's content type,
and refuses anything too large, of a kind not allowed, or a zip that would unpack to far more than
it weighs. Out: `attachment_response(...)` always downloads (never renders in the page), with
the type we decided, nosniff and a sandboxing policy, so an upload can never run as our page."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

from actionplan.core.sizes import describe_size, max_bytes

KINDS = {
    # kind: (content type, extension, description for messages)
    "pdf": ("application/pdf", "pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word document",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "Excel spreadsheet",
    ),
    "png": ("image/png", "png", "PNG image"),
    "jpeg": ("image/jpeg", "jpg", "JPEG image"),
    "csv": ("text/csv", "csv", "CSV file"),
    "txt": ("text/plain", "txt", "text file"),
}
EVIDENCE_KINDS = frozenset(KINDS)
EXTENSION_KINDS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg",
                   "csv": "csv", "txt": "txt"}  # fmt: skip
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 200  # no honest Office part compresses better than this; zip bombs do
SNIFF_BYTES = 8192


class UploadRejected(ValidationError):
    """The file is not accepted; the message says why in words fit for the person uploading."""


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    size: int
    safe_name: str  # the uploaded name, cleaned, with the extension of the kind we found


def _max_unzipped() -> int:
    return getattr(settings, "UPLOAD_MAX_UNZIPPED_BYTES", 10 * max_bytes())


def _describe(kinds) -> str:
    names = [KINDS[k][2] for k in sorted(kinds)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _office_kind(handle) -> str | None:
    """docx or xlsx by the parts inside, after checking the zip would not unpack to a bomb."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise UploadRejected("The file has too many parts inside it to be an ordinary document.")
            total = sum(e.file_size for e in entries)
            if total > _max_unzipped() or any(
                e.compress_size and e.file_size / e.compress_size > ZIP_MAX_RATIO for e in entries
            ):
                raise UploadRejected("The file unpacks to far more than its size: it cannot be accepted.")
            names = {e.filename for e in entries}
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        return None  # not Office Open XML, or macro-enabled
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The sniffed block may end mid-character; only an error before its last 3 bytes counts.
        if exc.start < len(head) - 3:
            return False
    return True


def sniff(handle, head: bytes) -> str | None:
    """The kind of the file, from its content alone."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        handle.seek(0)
        return _office_kind(handle)
    if head and _is_text(head):
        return "text"
    return None


def safe_filename(name: str, kind: str) -> str:
    """The uploaded name without folders or odd characters, ending in the kind's extension."""
    stem = PurePath((name or "").replace("\\", "/")).name.rsplit(".", 1)[0] if name else ""
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w\- ()]+", "_", stem).strip(" ._")[:100] or "file"
    return f"{stem}.{KINDS[kind][1]}"


def _text_kind(name: str, allowed) -> str:
    # Text is text: the name only chooses between the two text kinds, which are served alike.
    wanted = "csv" if (name or "").lower().endswith(".csv") else "txt"
    return wanted if wanted in allowed else next(k for k in ("csv", "txt") if k in allowed)


def _claimed_kind(name: str) -> str | None:
    ext = (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    return EXTENSION_KINDS.get(ext)


def check_upload(uploaded_file, allowed_kinds=EVIDENCE_KINDS) -> CheckedUpload:
    """Accept the file or raise UploadRejected saying why. `uploaded_file` is a Django
    UploadedFile (or any object with .name, .size and file methods)."""
    allowed = set(allowed_kinds)
    if "text" in allowed:  # "text" stands for both plain-text kinds
        allowed = (allowed - {"text"}) | {"csv", "txt"}
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload kinds: {', '.join(sorted(unknown))}")
    size = uploaded_file.size
    if not size:
        raise UploadRejected("The file is empty.")
    if size > max_bytes():
        raise UploadRejected(f"The file must be smaller than {describe_size(max_bytes())}.")
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    kind = sniff(uploaded_file, head)
    uploaded_file.seek(0)
    if kind == "text" and allowed & {"csv", "txt"}:
        kind = _text_kind(uploaded_file.name, allowed)
    if kind not in allowed:
        raise UploadRejected(f"The file must be a {_describe(allowed)}.")
    claimed = _claimed_kind(uploaded_file.name)
    if claimed and claimed != kind and {claimed, kind} != {"csv", "txt"}:
        raise UploadRejected(f"The file is named as a {KINDS[claimed][2]} but is a {KINDS[kind][2]}.")
    return CheckedUpload(kind, KINDS[kind][0], size, safe_filename(uploaded_file.name, kind))


def attachment_response(file, filename: str, kind: str | None = None) -> FileResponse:
    """Serve a stored file as a download: Content-Disposition: attachment, the content type of the
    kind we checked on the way in (else application/octet-stream, never HTML), nosniff, and a
    policy that would sandbox it even if a browser tried to show it."""
    content_type = KINDS[kind][0] if kind in KINDS else "application/octet-stream"
    if isinstance(file, str | PurePath):
        file = open(file, "rb")  # noqa: SIM115 - FileResponse closes it when sent
    elif hasattr(file, "open"):
        file.open("rb")  # a FieldFile: (re)open for reading
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def kind_of_stored(name: str) -> str | None:
    """The kind for a stored file by the extension we gave it (safe_filename) when it was checked."""
    return _claimed_kind(name)


def serve_upload(file, filename: str, kind: str | None = None) -> FileResponse:
    """attachment_response for a stored upload: the kind is read from the stored name, which
    check_upload's safe_name gave it (save uploads under CheckedUpload.safe_name)."""
    stored = getattr(file, "name", None) or str(file)
    kind = kind or kind_of_stored(stored)
    return attachment_response(file, filename or PurePath(stored).name, kind)
