"""Dates as people write them (dd/mm/yyyy) and as the file stores them (ISO)."""

from __future__ import annotations

import datetime as dt
import re

from desktop.core import clock

_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(text: str | None) -> dt.date | None:
    """Read "05/3/2026", "5-3-26", "2026-03-05"; None for empty text.

    Raises ValueError with a Vietnamese message when the text is not a date.
    Two-digit years follow Excel's fixed pivot (see `full_year`), whatever
    today is, so an import reads the same on every date.
    """
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    m = _DMY.match(raw)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year = full_year(year)
    else:
        m = _ISO.match(raw)
        if not m:
            raise ValueError(f"“{raw}” không phải ngày; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1980.")
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{raw}” không phải ngày có thật (tháng 1–12, ngày đúng với tháng).") from None


# Excel's rule for a two-digit year typed into a cell: 00–29 → 2000–2029,
# 30–99 → 1930–1999. Fixed, so a file reads the same whatever the date is.
TWO_DIGIT_PIVOT = 30


def full_year(two_digits: int) -> int:
    """05 → 2005, 29 → 2029, 30 → 1930, 85 → 1985 (Excel's pivot)."""
    return two_digits + (2000 if two_digits < TWO_DIGIT_PIVOT else 1900)


def to_iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def from_iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def format_date(value: str | dt.date | None) -> str:
    """ISO text or a date → "dd/mm/yyyy" ("" when there is none)."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def now_iso() -> str:
    """The moment of writing, to the second, as stored in created_at / audit columns."""
    return clock.recording_stamp()
