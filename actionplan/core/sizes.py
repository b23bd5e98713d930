"""The upload size limit and how a size is said to people, in one place for the import readers,
the import page and evidence uploads."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The largest file we take: settings.UPLOAD_MAX_BYTES (ACTIONPLAN_UPLOAD_MAX_BYTES) when
    Django is configured, else 20 MB (the readers also run without Django, in `actionplan parse`)."""
    try:
        from django.conf import settings

        if settings.configured:
            return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    except ImportError:
        pass
    return DEFAULT_MAX_BYTES


def describe_size(size: int) -> str:
    """ "20 MB", "1.5 MB", "300 KB", "1000 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
