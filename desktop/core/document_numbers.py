"""The number and date typed for a document before export, remembered per report and year.

A secretary registers a document ("Số 09-BC/CB, ngày 05/12/2026") and may export
it several times; the next export of the same report for the same year offers
the same number and date again. Kept in the settings table under one key, so no
schema change; a blank number stays blank (the office writes it by hand).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import settings, vntext
from desktop.core.changes import ChangeSet
from desktop.core.errors import UserError

SETTINGS_KEY = "document_numbers"


@dataclass(frozen=True)
class DocumentNumber:
    """"Số" and date of one report of one year; None: not typed (blank / export day)."""

    number: str | None = None
    date: dt.date | None = None


def _key(report: str, year: int) -> str:
    return f"{report}:{year}"


def remembered(db: Database, report: str, year: int) -> DocumentNumber:
    stored = (settings.get(db, SETTINGS_KEY) or {}).get(_key(report, year)) or {}
    day = stored.get("date")
    return DocumentNumber(stored.get("number") or None, dt.date.fromisoformat(day) if day else None)


def remember(db: Database, report: str, year: int, value: DocumentNumber) -> ChangeSet | None:
    """Store the number and date (one recorded change); None when nothing changed."""
    if remembered(db, report, year) == value:
        return None
    table = dict(settings.get(db, SETTINGS_KEY) or {})
    table[_key(report, year)] = {"number": value.number, "date": value.date.isoformat() if value.date else None}
    return settings.put(db, {SETTINGS_KEY: table}, f"Ghi số, ngày văn bản năm {year}")


def parse_number(text: str | None) -> str | None:
    """"09" or "09-BC/CB" → "09" (the type code is the report's own); blank → None."""
    value = vntext.clean(text)
    if not value:
        return None
    value = value.removeprefix("Số").removeprefix("số").strip()
    number = value.split("-", 1)[0].strip()
    if not number or len(number) > 12:
        raise UserError(f"Số văn bản «{text}» không hợp lệ; hãy ghi số như 09 (hoặc để trống).")
    return number
