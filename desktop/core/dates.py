"""Dates as people write them (dd/mm/yyyy) and as the file stores them (ISO).

Old lists often know a person's birth or admission only by year ("1968",
"năm 1959") or month ("3/1968"). Those are stored as the ISO prefix of what
is known ("1968", "1968-03") in the same text columns: the precision is the
length, sorting and `BETWEEN` keep working, and they show as written
(yyyy, mm/yyyy). A check that needs a day uses `earliest()` / `latest()`,
the bounds of what the date can be, and says it did (`is_partial`).
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.core import clock, vntext

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


_PARTIAL_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_PARTIAL_MONTH = re.compile(r"^(?:thang\s*|t\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{2})?$")
_STORED_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
YEAR, MONTH, DAY = "year", "month", "day"


def parse_partial(text: str | None) -> str | None:
    """A date that may be known only by year or month → ISO or its prefix.

    "05/03/1968" → "1968-03-05", "3/1968" or "tháng 3/1968" → "1968-03",
    "1968" or "năm 1968" → "1968"; None for empty text; ValueError otherwise.
    """
    if text is None or not str(text).strip():
        return None
    if _STORED_DAY.match(str(text)):  # already as stored (a form's or an import's converted cell)
        try:
            return dt.date.fromisoformat(str(text)).isoformat()
        except ValueError:
            pass  # no such day: the message below says so
    folded = vntext.fold(str(text)).strip()
    if _PARTIAL_ISO.match(folded):
        return folded if len(folded) == 4 else _month(int(folded[5:]), int(folded[:4]), str(text))
    m = _PARTIAL_YEAR.match(folded)
    if m:
        return m.group(1)
    m = _PARTIAL_MONTH.match(folded)
    if m:
        return _month(int(m.group(1)), int(m.group(2)), str(text))
    day = parse_date(text)
    return day.isoformat() if day else None


def _month(month: int, year: int, raw: str) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"“{raw.strip()}” không phải tháng có thật (tháng 1–12).")
    return f"{year:04d}-{month:02d}"


_PRECISION_BY_LENGTH = {4: YEAR, 7: MONTH}


def precision(value: str) -> str:
    """YEAR, MONTH or DAY: how much of a stored date is known."""
    return _PRECISION_BY_LENGTH.get(len(value), DAY)


def is_partial(value: str | None) -> bool:
    return bool(value) and precision(value or "") != DAY


def earliest(value: str) -> dt.date:
    """The first day a stored (possibly partial) date can be."""
    known = precision(value)
    if known == YEAR:
        return dt.date(int(value), 1, 1)
    if known == MONTH:
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    return dt.date.fromisoformat(value[:10])


def latest(value: str) -> dt.date:
    """The last day a stored (possibly partial) date can be."""
    known = precision(value)
    if known == YEAR:
        return dt.date(int(value), 12, 31)
    if known == MONTH:
        year, month = int(value[:4]), int(value[5:7])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date.fromisoformat(value[:10])


def to_iso(day: dt.date | str | None) -> str | None:
    """A date as stored; a stored (possibly partial) ISO text is returned as it is."""
    if isinstance(day, str):
        return day or None
    return day.isoformat() if day else None


def from_iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def format_date(value: str | dt.date | None) -> str:
    """ISO text or a date → "dd/mm/yyyy"; a partial date as known: "mm/yyyy", "yyyy" ("" when none)."""
    if not value:
        return ""
    if isinstance(value, str) and precision(value) == YEAR:
        return value
    if isinstance(value, str) and precision(value) == MONTH:
        return f"{value[5:7]}/{value[:4]}"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def now_iso() -> str:
    """The moment of writing, to the second, as stored in created_at / audit columns."""
    return clock.recording_stamp()
