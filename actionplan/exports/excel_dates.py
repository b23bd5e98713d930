"""A timetable as an Excel cell: the real date as the value, shown exactly as the plan words it.

"April 2018" becomes 30/04/2018 formatted `mmmm yyyy`, "end of April 2018" the same with the
literal "end of " in front. Excel then sorts and filters the column by date while people read the
words they wrote, and the Excel reader, which renders a date cell through its number format, reads
back the same words and the same date. Timetables that name no date ("Ongoing") or that no date
format can show ("Q4 2023/24") stay text."""

from __future__ import annotations

import datetime as dt
import re

# en-GB, so month names do not follow the reader's own Excel language.
ENGLISH = "[$-809]"
FORMATS = (
    "mmmm yyyy", "mmm yyyy", "d mmmm yyyy", "dd mmmm yyyy", "d mmm yyyy", "dd/mm/yyyy", "d/m/yyyy",
    "dd/mm/yy", "dd.mm.yyyy", "dd.mm.yy", "yyyy-mm-dd",
)  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|.")


def shown(day: dt.date, fmt: str) -> str:
    """What Excel shows for the date in this (date-only, literal-free) format."""
    values = {
        "yyyy": f"{day.year:04d}", "yy": f"{day.year % 100:02d}", "mmmm": MONTHS[day.month - 1],
        "mmm": MONTHS[day.month - 1][:3], "mm": f"{day.month:02d}", "m": str(day.month),
        "dd": f"{day.day:02d}", "d": str(day.day),
    }  # fmt: skip
    return "".join(values.get(token, token) for token in _TOKEN.findall(fmt))


def timetable_cell(words: str, iso_date: str | None) -> tuple[object, str | None]:
    """(cell value, number format): a date and a format that shows `words`, else the words as text."""
    if not iso_date:
        return words, None
    day = dt.date.fromisoformat(iso_date)
    fits = []  # (literal characters needed, format): the fewest wins, "30 April" over '"30 "mmmm'
    for fmt in FORMATS:
        before, found, after = words.partition(shown(day, fmt))
        if found and '"' not in before + after:
            fits.append((len(before + after), _literal(before) + fmt + _literal(after)))
    if not fits:
        return words, None
    return day, ENGLISH + min(fits, key=lambda fit: fit[0])[1]


def _literal(text: str) -> str:
    return f'"{text}"' if text else ""
