"""Evaluation years: the chuyên đề (theme), the rule set, chốt sổ (locking)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import backup, dates, settings, vntext
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError


@dataclass(frozen=True)
class Year:
    year: int
    theme: str | None
    term_theme: str | None
    locked: bool
    locked_at: str | None


def list_years(db: Database) -> list[Year]:
    rows = db.execute("SELECT year, theme, term_theme, locked, locked_at FROM years ORDER BY year").fetchall()
    return [Year(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]


def working_year(db: Database, today: dt.date) -> int:
    """The year the file works on: the one stored in the file (settings
    "working_year"), else `today`'s year if the file has it or has no year,
    else its latest year. The window shows it; import/export use it when no
    year is given. A PC's preferences do not keep it."""
    stored = settings.get(db, "working_year")
    if stored:
        return int(stored)
    known = [y.year for y in list_years(db)]
    return today.year if today.year in known or not known else max(known)


def set_working_year(db: Database, year: int) -> ChangeSet:
    """Store the working year in the file (one recorded change)."""
    return settings.put(db, {"working_year": year}, f"Chuyển sang năm làm việc {year}")


def get_year(db: Database, year: int) -> Year | None:
    row = db.execute(
        "SELECT year, theme, term_theme, locked, locked_at FROM years WHERE year = ?", [year]
    ).fetchone()
    return Year(row[0], row[1], row[2], bool(row[3]), row[4]) if row else None


def ensure_year(db: Database, year: int) -> Year:
    """The year's row, created (with the rule set that year's default) if new."""
    existing = get_year(db, year)
    if existing:
        return existing
    if not 2000 <= year <= 2100:
        raise UserError(f"Năm {year} không hợp lệ.")
    with recording(db, f"Thêm năm {year}") as rec:
        rec.insert("years", {"year": year, "locked": 0})
    return get_year(db, year)  # type: ignore[return-value]


def set_theme(db: Database, year: int, theme: str | None, term_theme: str | None = None) -> ChangeSet:
    ensure_year(db, year)
    values = {"theme": vntext.clean_or_none(theme)}
    if term_theme is not None:
        values["term_theme"] = vntext.clean_or_none(term_theme)
    with recording(db, f"Sửa chuyên đề năm {year}") as rec:
        rec.update("years", year, values)
        return rec.changeset


def is_locked(db: Database, year: int) -> bool:
    found = get_year(db, year)
    return bool(found and found.locked)


def lock_year(db: Database, year: int) -> ChangeSet:
    """Chốt sổ: the year's data becomes read-only everywhere (not undoable: reopening needs a reason)."""
    ensure_year(db, year)
    with recording(db, f"Chốt sổ năm {year}", undoable=False) as rec:
        rec.update("years", year, {"locked": 1, "locked_at": dates.now_iso()})
        return rec.changeset


def unlock_year(db: Database, year: int, reason: str) -> ChangeSet:
    """Open a locked year again, on purpose: a reason is required and logged."""
    reason = vntext.clean(reason)
    if not reason:
        raise UserError("Mở khóa năm đã chốt sổ cần ghi rõ lý do.")
    backup.backup_before(db, backup.Moment.UNLOCK)
    with recording(db, f"Mở khóa năm {year}", reason=reason, undoable=False) as rec:
        rec.update("years", year, {"locked": 0, "locked_at": None})
        return rec.changeset
