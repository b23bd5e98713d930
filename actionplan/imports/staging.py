"""The staging area: uploaded documents waiting for review, kept as private files under
MEDIA_ROOT/imports named by a random token, never served. A staged file is not a plan; it goes
when the import is confirmed, abandoned, or a day old."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from actionplan.imports.models import ImportSession

KEEP_FOR = dt.timedelta(days=1)


def staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(token: str) -> Path:
    """The staged file for a token. Its name is derived from the token, never the token itself, so
    the page's address (/imports/<token>/) names no file anywhere."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        raise ValueError("not a staging token")
    return staging_dir() / f"{hashlib.sha256(token.encode()).hexdigest()}.upload"


def staged_path(session: ImportSession) -> Path:
    return _path(session.token)


def stage(user, data: bytes, filename: str, target_plan=None) -> ImportSession:
    """Keep the bytes for review; returns the session naming them. Clears out day-old imports."""
    purge_expired()
    token = secrets.token_urlsafe(24)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return ImportSession.objects.create(
        token=token, user=user, filename=(filename or "pasted table")[:255], size=len(data),
        target_plan=target_plan,
    )  # fmt: skip


def session_for(user, token: str) -> ImportSession | None:
    """The user's own live staged import with this token, or None (someone else's is None too)."""
    cutoff = timezone.now() - KEEP_FOR
    session = (
        ImportSession.objects.select_related("target_plan")
        .filter(token=token, user=user, created_at__gte=cutoff)
        .first()
    )
    if session is not None and not _path(session.token).exists():
        return None
    return session


def staged_bytes(session: ImportSession) -> bytes:
    return _path(session.token).read_bytes()


def discard(session: ImportSession) -> None:
    _path(session.token).unlink(missing_ok=True)
    session.delete()


def purge_expired(now=None) -> int:
    """Remove staged imports older than a day, and any staged file without a session that old.
    Returns how many files were removed."""
    now = now or timezone.now()
    cutoff = now - KEEP_FOR
    removed = 0
    for token in ImportSession.objects.filter(created_at__lt=cutoff).values_list("token", flat=True):
        path = _path(token)
        if path.exists():
            path.unlink(missing_ok=True)
            removed += 1
    ImportSession.objects.filter(created_at__lt=cutoff).delete()
    oldest = cutoff.timestamp()
    live = {_path(token).name for token in ImportSession.objects.values_list("token", flat=True)}
    for path in staging_dir().iterdir():
        if path.name not in live and path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
