"""Timetable words -> the last day they allow, by UK conventions (day first, financial years from April).

`parse_due` answers an ISO date string or None; it never guesses: "Ongoing", "TBC", "Spring 2024",
"Phase 2 of X" and anything it does not recognise answer None, and the caller keeps the text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4}|'?\d{2})"
# Words in front of a timetable that do not change the day it allows.
_PREFIX = re.compile(
    r"^(?:(?:by|due|due by|no later than|deadline|complete by|completed by|target)\s*:?\s+)?"
    r"(?:(?:the\s+)?end\s+(?:of\s+)?)?"
)
_MONTH_YEAR = re.compile(rf"^{_MONTH}\s*,?\s*{_YEAR}$")
_DAY_MONTH_YEAR = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s*{_YEAR}$")
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*(?P<year>\d{{4}})$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4}|\d{2})$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_MONTH_NUMERIC = re.compile(r"^(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})$")
_FINANCIAL_YEAR = r"(?P<start>\d{4}|\d{2})\s*[/\-]\s*(?P<end>\d{4}|\d{2})"
_FY_WORDS = r"(?:(?:financial|fiscal)\s+year|fy)\s*"
_YEAR_RANGE = re.compile(rf"^(?:{_FY_WORDS})?{_FINANCIAL_YEAR}$")
_QUARTER_FIRST = re.compile(
    rf"^(?:q|quarter\s*)(?P<quarter>[1-4])\s*(?:of\s+)?,?\s*(?:{_FY_WORDS})?{_FINANCIAL_YEAR}$"
)
_QUARTER_LAST = re.compile(rf"^(?:{_FY_WORDS})?{_FINANCIAL_YEAR}\s*,?\s*(?:q|quarter\s*)(?P<quarter>[1-4])$")
_CALENDAR_YEAR = re.compile(r"^(?P<year>\d{4})$")
_RANGE_SPLIT = re.compile(r"^(?P<first>[a-z]+\.?(?:\s+\d{2,4})?)\s*(?:-|–|—|/|to|until)\s*(?P<last>.+)$")

# Financial-year quarter -> (month it ends, which year of the pair it falls in: 0 first, 1 second).
_QUARTER_ENDS = {1: (6, 0), 2: (9, 0), 3: (12, 0), 4: (3, 1)}


def parse_due(text: str | date | datetime | None) -> str | None:
    """The last day a timetable allows, as an ISO date, or None when it names no date."""
    if isinstance(text, datetime):
        return text.date().isoformat()
    if isinstance(text, date):
        return text.isoformat()
    if not text or not isinstance(text, str):
        return None
    found = _read(_normalise(text))
    return found.isoformat() if found else None


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower())
    text = text.strip(" .;:,")
    return _PREFIX.sub("", text, count=1).strip()


def _read(text: str) -> date | None:
    for reader in (_exact_date, _month_end, _quarter_end, _financial_year_end, _year_end, _range_end):
        try:
            found = reader(text)
        except (ValueError, OverflowError):
            found = None
        if found:
            return found
    return None


def _exact_date(text: str) -> date | None:
    for pattern in (_ISO, _NUMERIC, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.match(text)
        if match:
            return date(_year(match["year"]), _month(match["month"]), int(match["day"]))
    return None


def _month_end(text: str) -> date | None:
    match = _MONTH_YEAR.match(text) or _MONTH_NUMERIC.match(text)
    if not match:
        return None
    return _last_day(_year(match["year"]), _month(match["month"]))


def _quarter_end(text: str) -> date | None:
    match = _QUARTER_FIRST.match(text) or _QUARTER_LAST.match(text)
    if not match:
        return None
    start = _financial_start(match["start"], match["end"])
    if start is None:
        return None
    month, offset = _QUARTER_ENDS[int(match["quarter"])]
    return _last_day(start + offset, month)


def _financial_year_end(text: str) -> date | None:
    match = _YEAR_RANGE.match(text)
    if not match:
        return None
    start = _financial_start(match["start"], match["end"])
    return date(start + 1, 3, 31) if start is not None else None


def _year_end(text: str) -> date | None:
    match = _CALENDAR_YEAR.match(text)
    return date(int(match["year"]), 12, 31) if match and 1900 <= int(match["year"]) <= 2200 else None


def _range_end(text: str) -> date | None:
    """ "April - June 2018", "November/December 2018": the range allows up to the end of its last part."""
    match = _RANGE_SPLIT.match(text)
    if not match or match["first"].rstrip(".").split(" ")[0] not in MONTHS:
        return None
    return _month_end(match["last"].strip())


def _financial_start(start: str, end: str) -> int | None:
    """The first calendar year of a financial year written "2023/24", "23/24" or "2023/2024"."""
    first, second = _year(start), _year(end)
    if len(end) == 2 and len(start) == 4:
        second = first // 100 * 100 + int(end)
        second += 100 if second < first else 0
    return first if second == first + 1 else None


def _year(text: str) -> int:
    text = text.lstrip("'")
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else MONTHS[text.rstrip(".")]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
