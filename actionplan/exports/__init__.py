"""Plan -> file. Exporters register by format name, the same shape as the import readers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    content_type: str
    write: Callable[..., bytes]  # write(plan, as_at) -> bytes


_EXPORTERS: dict[str, Exporter] = {}


def register(name: str, extension: str, content_type: str):
    def wrap(write):
        _EXPORTERS[name] = Exporter(name, extension, content_type, write)
        return write

    return wrap


def exporters() -> dict[str, Exporter]:
    # Importing a module registers its format.
    from actionplan.exports import csv_export, docx_export, json_export, pdf_export, xlsx_export  # noqa: F401

    return dict(_EXPORTERS)


def export(plan, fmt: str, as_at=None) -> bytes:
    try:
        exporter = exporters()[fmt]
    except KeyError:
        raise ValueError(
            f"Unknown export format {fmt!r}: choose one of {', '.join(sorted(exporters()))}."
        ) from None
    return exporter.write(plan, as_at)
