"""Plain cell text as the table core wants it, for the readers whose cells hold plain text (Excel,
CSV, PDF): one line per paragraph, bullets as "- item". Nothing is read as markup: "<b>" or
"<script>" in a cell is text someone typed and stays text."""

from __future__ import annotations

import re
from pathlib import PurePath

# Bullet characters people type or paste at the start of a line; "-" and "*" only with a space after.
# Symbol and Wingdings bullets come out of PDFs as private-use characters (U+F0B7, U+F0A7, ...).
_LEAD_BULLET = re.compile(r"^(?:[•▪◦●‣∙·■□➢➤►▸○\uf000-\uf0ff]\s*|(?:[-–—*]|o)\s+)(?=\S)")
# The unmistakable bullet characters inside a line ("• one • two" typed in one paragraph).
_INLINE_BULLET = re.compile(r"\s+[•▪◦●‣■➢➤►▸\uf0a7\uf0b7]\s+")
_NEW_LINES = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def cell_text(raw: object) -> str:
    """A cell's text: lines trimmed, blank lines dropped, bullets as "- item"."""
    if raw is None:
        return ""
    lines = []
    for line in _NEW_LINES.split(str(raw)):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        for number, piece in enumerate(_INLINE_BULLET.split(line)):
            bulleted, item = bullet_item(piece)
            if item:
                lines.append(f"- {item}" if bulleted or number else item)
    return "\n".join(lines)


def bullet_item(line: str) -> tuple[bool, str]:
    """(True, "item") for a line that starts with a bullet, else (False, line)."""
    line = line.strip()
    match = _LEAD_BULLET.match(line)
    if match:
        return True, line[match.end() :].strip()
    return False, line


def title_from_filename(filename: str) -> str:
    stem = PurePath(filename or "").stem
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or "Untitled action plan"
