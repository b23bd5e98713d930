"""RAG ratings from the words a document uses or the colour a cell is filled with.

Both functions answer "red", "amber", "green", "blue" or None; None means not rated or not
recognisable, and the caller decides whether that deserves a warning. Nothing is guessed: "Amber/Green"
is None, not the nearer of the two.
"""

from __future__ import annotations

import colorsys
import re

RATINGS = ("red", "amber", "green", "blue")  # worst first; blue means complete

# How a rating is named to people, on pages, in papers and in the history; None is not rated.
LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)", None: "Not rated"}

WORDS = {
    "red": "red", "r": "red", "off track": "red", "off-track": "red",
    "amber": "amber", "a": "amber", "at risk": "amber", "some slippage": "amber",
    "green": "green", "g": "green", "on track": "green", "on-track": "green",
    "blue": "blue", "b": "blue", "complete": "blue", "completed": "blue", "achieved": "blue",
    "closed": "blue",
}  # fmt: skip

# Colour names a reader may pass instead of a hex value (Word's highlight colours, CSS names).
COLOUR_NAMES = {
    "red": "FF0000", "darkred": "C00000", "orange": "FFC000", "amber": "FFC000", "yellow": "FFFF00",
    "green": "00B050", "lightgreen": "92D050", "brightgreen": "00FF00", "darkgreen": "008000",
    "blue": "0070C0", "lightblue": "00B0F0", "darkblue": "00008B", "turquoise": "00FFFF",
}  # fmt: skip

_LABEL = re.compile(r"^(?:rag|rag rating|rag status|status|rating)\s*[:\-]?\s*")
_HEX = re.compile(r"^#?(?:[0-9a-f]{2})?([0-9a-f]{6})$")

# Hue bands in degrees, tested in order; anything outside them (purples, magentas) is not a RAG colour.
_HUE_BANDS = (
    (0, 15, "red"),
    (15, 70, "amber"),
    (70, 170, "green"),
    (170, 260, "blue"),
    (330, 361, "red"),
)
_NO_FILL = {"", "auto", "none", "nofill", "transparent", "clear"}
_MIN_SATURATION = 0.15  # below this a fill is white or grey, whatever its hue
_MIN_VALUE = 0.25  # below this it is black or nearly so


def parse_rag_word(text: str | None) -> str | None:
    """ "Green", "G", "on track", "Complete." -> "green" ... "blue"; anything else None."""
    if not text or not isinstance(text, str):
        return None
    words = _LABEL.sub("", " ".join(text.lower().split())).strip(" .;!*")
    if words in WORDS:
        return WORDS[words]
    return _agreed_rating(words)


def _agreed_rating(words: str) -> str | None:
    """ "Green (on track)" -> green: every recognisable part must name the same rating."""
    parts = [part for part in re.split(r"\s*[-–—:/,()|;]\s*", words) if part]
    found = {WORDS[part] for part in parts if part in WORDS and len(part) > 1}
    unknown = [part for part in parts if part not in WORDS]
    return found.pop() if len(found) == 1 and not unknown else None


def rag_from_fill(fill: str | None) -> str | None:
    """A cell fill colour ("FF0000", "#92D050", ARGB "FF00B050", "yellow") -> its RAG rating, or None."""
    rgb = _rgb(fill)
    if rgb is None:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))
    if saturation < _MIN_SATURATION or value < _MIN_VALUE:
        return None
    degrees = hue * 360
    return next((rating for low, high, rating in _HUE_BANDS if low <= degrees < high), None)


def is_blank_fill(fill: str | None) -> bool:
    """True for no fill at all, "auto", white, and near-whites: fills that say nothing about RAG."""
    if not fill or not isinstance(fill, str) or fill.strip().lower() in _NO_FILL:
        return True
    rgb = _rgb(fill)
    return rgb is not None and min(rgb) >= 0xF0


def _rgb(fill: str | None) -> tuple[int, int, int] | None:
    if not fill or not isinstance(fill, str):
        return None
    text = fill.strip().lower().replace(" ", "")
    text = COLOUR_NAMES.get(text, text).lower()
    match = _HEX.match(text)
    if not match:
        return None
    value = match[1]
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
