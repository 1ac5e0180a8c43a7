"""What the secretary should do next: the Tổng quan screen's list and charts.

Every item says what is missing and which screen fixes it (`Item.screen`,
a navigation title, or BACKUPS for the backups dialog). `today` is an input
(the clock object will supply it); nothing here reads the date itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from desktop.core import (
    backup,
    deeds,
    document_numbers,
    registrations,
    reviews,
    settings,
    units,
    yearend,
    years,
)
from desktop.core.overview import Overview, overview
from desktop.core.rules import LEVEL_CODES
from desktop.core.scoring import PENDING, RATED, YearScore
from desktop.core.shares import percent

REVIEWS = "Đánh giá hằng tháng"
REGISTRATION = "Đăng ký làm theo Bác"
YEAR_END = "Cuối năm"
REPORTS = "Báo cáo"
BACKUPS = "backups"
BACKUP_WARNING_DAYS = 7
NAMES_SHOWN = 8


@dataclass(frozen=True)
class Item:
    """One thing to do (or, `done`, one thing already in order)."""

    text: str
    screen: str
    done: bool = False


@dataclass(frozen=True)
class BranchMonth:
    """This month's reviews of one chi bộ."""

    unit_id: int
    name: str
    reviewed: int
    due: int
    missing: list[str]


@dataclass(frozen=True)
class Agenda:
    year: int
    month: int | None  # the month whose reviews are due now (None: the year has not begun)
    branches: list[BranchMonth]
    items: list[Item]
    registration_rates: list[tuple[str, float | None]]  # per chi bộ, đảng viên and quần chúng together
    levels: dict[str, int]  # final level → đảng viên, this year
    coverage: list[float | None] = field(default_factory=list)  # month 1..12: reviewed / due


def _some(names: list[str]) -> str:
    more = f" và {len(names) - NAMES_SHOWN} người khác" if len(names) > NAMES_SHOWN else ""
    return ", ".join(names[:NAMES_SHOWN]) + more


def _branch_of(db: Database) -> dict[int, units.Unit]:
    """Each unit's chi bộ (itself for a chi bộ; a đảng bộ maps to itself too)."""
    by_id = {u.id: u for u in units.list_units(db)}
    found: dict[int, units.Unit] = {}
    for unit in by_id.values():
        here = unit
        while here.kind != "chi_bo" and here.parent_id is not None and by_id[here.parent_id].kind != "dang_bo":
            here = by_id[here.parent_id]
        found[unit.id] = here
    return found


def due_month(year: int, today: dt.date) -> int | None:
    if year < today.year:
        return 12
    return today.month if year == today.year else None


def agenda(db: Database, year: int, today: dt.date, db_path: Path | None = None,
           scored: list[YearScore] | None = None) -> Agenda:
    """What to do next; `scored` is the year's scoring when the caller already has it."""
    branch_of = _branch_of(db)
    month = due_month(year, today)
    items: list[Item] = []
    branches = _month_by_branch(db, year, month, branch_of) if month else []
    if month:
        missing = sum(len(b.missing) for b in branches)
        due = sum(b.due for b in branches)
        if missing:
            items.append(Item(f"Đánh giá tháng {month}/{year}: còn {missing}/{due} người chưa được đánh giá "
                              f"({_some([n for b in branches for n in b.missing])}).", REVIEWS))
        elif due:
            items.append(Item(f"Đánh giá tháng {month}/{year}: đã đánh giá đủ {due} người.", REVIEWS, done=True))
    items += _registration_items(db, year, today)
    levels, year_items = _year_end(db, year, today, scored)
    items += year_items
    items += _safety_items(db, year, today, db_path)
    rates = _registration_rates(db, year, branch_of)
    coverage = [_coverage(db, year, m) if month and m <= month else None for m in range(1, 13)]
    return Agenda(year, month, branches, items, rates, levels, coverage)


@dataclass(frozen=True)
class Glance:
    """Everything the Tổng quan screen shows, read in one go (on a worker for a big file)."""

    summary: Overview
    calendar: yearend.RatingCalendar | None  # only in the rating season, October to January
    agenda: Agenda


def in_rating_season(year: int, today: dt.date) -> bool:
    """November–December (to 15/01), with October's run-up: when the days left are worth showing."""
    return dt.date(year, 10, 1) <= today <= dt.date(year + 1, 1, 31)


def at_a_glance(db: Database, year: int, today: dt.date, db_path: Path | None = None,
                checkpoint: Callable[[], None] = lambda: None) -> Glance:
    """The Tổng quan screen's figures, the year scored once for the calendar and the agenda.
    `checkpoint` is called between the long steps (a worker stops there when cancelled)."""
    history = yearend.history_before(db, year, checkpoint)
    checkpoint()
    scored = yearend.score(db, year, history=history)
    checkpoint()
    calendar = yearend.rating_calendar(db, year, today, scored) if in_rating_season(year, today) else None
    return Glance(overview(db, year), calendar, agenda(db, year, today, db_path, scored))


def _month_by_branch(db: Database, year: int, month: int, branch_of: dict[int, units.Unit]) -> list[BranchMonth]:
    grouped: dict[int, list[reviews.ReviewRow]] = {}
    for row in reviews.month_grid(db, year, month, None):
        if row.expected:
            grouped.setdefault(branch_of[row.unit_id].id, []).append(row)
    order = [u.id for u in units.list_units(db)]
    return [BranchMonth(unit_id, branch_of[unit_id].name, sum(1 for r in rows if r.level),
                        len(rows), [r.full_name for r in rows if r.level is None])
            for unit_id, rows in sorted(grouped.items(), key=lambda item: order.index(item[0]))]


def _coverage(db: Database, year: int, month: int) -> float | None:
    cover = reviews.coverage(db, year, month, None)
    return percent(cover.reviewed, cover.expected)


def _registration_items(db: Database, year: int, today: dt.date) -> list[Item]:
    items: list[Item] = []
    missing = [f"{p.full_name} ({p.unit_name})" for p in registrations.unregistered(db, year)]
    if missing:
        items.append(Item(f"{len(missing)} người chưa đăng ký việc làm theo Bác năm {year}: {_some(missing)}.",
                          REGISTRATION))
    overdue = deeds.overdue_deeds(db, year, today)
    if overdue:
        shown = [f"{d.owner}: {d.content}" for d in overdue]
        items.append(Item(f"{len(overdue)} việc đã quá thời hạn mà chưa ghi kết quả: {_some(shown)}.", REGISTRATION))
    return items


def _year_end(db: Database, year: int, today: dt.date,
              scored: list[YearScore] | None) -> tuple[dict[str, int], list[Item]]:
    results = yearend.score(db, year) if scored is None else scored
    members = [p for r in results for p in r.people if p.person.kind == "dang_vien"]
    levels = Counter(p.final_level for p in members if p.status == RATED and p.final_level)
    items: list[Item] = []
    if year > today.year or (year == today.year and today.month < 11):
        return {code: levels.get(code, 0) for code in LEVEL_CODES}, items
    no_points = [p.person.name for p in members if p.status == PENDING and p.total is None]
    no_level = [p.person.name for p in members if p.status == PENDING and p.total is not None]
    deadline = dt.date(year, 12, 31)
    locked = years.is_locked(db, year)
    if not locked:
        left = (deadline - today).days
        when = f"còn {left} ngày đến hạn xếp loại 31/12/{year}" if left >= 0 else f"đã quá hạn 31/12/{year}"
        if no_points:
            items.append(Item(f"Cuối năm ({when}): {len(no_points)} đảng viên chưa có điểm: {_some(no_points)}.",
                              YEAR_END))
        if no_level:
            items.append(Item(f"Cuối năm: {len(no_level)} đảng viên có điểm nhưng chưa có mức xếp loại: "
                              f"{_some(no_level)}.", YEAR_END))
        if not no_points and not no_level and members:
            items.append(Item(f"Cuối năm ({when}): mọi đảng viên đã có điểm và mức xếp loại.", YEAR_END, done=True))
    for org in (o for r in results for o in r.organisations):
        for warning in (org.quota.warning, org.titles.warning):
            if warning:
                items.append(Item(f"Vượt chỉ tiêu — {warning}", YEAR_END))
    return {code: levels.get(code, 0) for code in LEVEL_CODES}, items


def _safety_items(db: Database, year: int, today: dt.date, db_path: Path | None) -> list[Item]:
    items: list[Item] = []
    if db_path is not None:
        last = backup.last_backup_at(db_path)
        if last is None:
            items.append(Item("Tệp này chưa có bản sao lưu nào: hãy sao lưu ngay (Ctrl+Shift+B).", BACKUPS))
        elif (today - last.date()).days > BACKUP_WARNING_DAYS:
            items.append(Item(f"Lần sao lưu gần nhất đã {(today - last.date()).days} ngày trước "
                              f"({last:%d/%m/%Y}): hãy sao lưu (Ctrl+Shift+B).", BACKUPS))
        else:
            items.append(Item(f"Đã sao lưu ngày {last:%d/%m/%Y}.", BACKUPS, done=True))
    reported = _reported_years(db)
    for past in years.list_years(db):
        if past.locked or past.year > year:
            continue
        if past.year in reported:
            items.append(Item(f"Năm {past.year} đã có số văn bản báo cáo nhưng chưa chốt sổ: hãy chốt sổ để "
                              "số liệu không bị sửa nhầm.", YEAR_END))
        elif past.year < today.year:
            items.append(Item(f"Năm {past.year} đã qua nhưng chưa chốt sổ.", YEAR_END))
    return items


def _reported_years(db: Database) -> set[int]:
    """Years with a report number registered (document_numbers), i.e. a report sent."""
    table = settings.get(db, document_numbers.SETTINGS_KEY) or {}
    return {int(key.rsplit(":", 1)[1]) for key, value in table.items()
            if value and value.get("number") and key.rsplit(":", 1)[1].isdigit()}


def _registration_rates(db: Database, year: int, branch_of: dict[int, units.Unit]) -> list[tuple[str, float | None]]:
    sums: dict[int, registrations.RegistrationCounts] = {}
    for unit_id, counts in registrations.registration_counts(db, year).items():
        branch = branch_of[unit_id].id
        sums[branch] = sums.get(branch, registrations.RegistrationCounts()) + counts
    order = [u.id for u in units.list_units(db)]
    return [(branch_of[b].name, percent(c.members_registered + c.masses_registered, c.members + c.masses))
            for b, c in sorted(sums.items(), key=lambda item: order.index(item[0])) if c.members + c.masses]
