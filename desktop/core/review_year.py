"""A year of đánh giá hằng tháng, month by month: the grids, the counts, each person's months.

Built once per report from reviews.month_grid, the function the Đánh giá
hằng tháng screen shows: a review is due from each person on the month's
list who is not exempt or suspended (ReviewRow.expected), done when it has a
level. The monthly report and the statistics both read it, so their counts
are the screen's counts and the grid is made once per month.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import people, reviews, units
from desktop.core.reviews import ReviewRow
from desktop.core.shares import percent


@dataclass(frozen=True)
class MonthCounts:
    """One month's reviews and meeting (or a sum of months); `month` is 0 for a sum."""

    month: int
    due: int = 0
    done: int = 0
    tot: int = 0
    dat: int = 0
    chua_dat: int = 0
    commended: int = 0
    reminded: int = 0
    meetings: int = 0
    thematic: int = 0  # of which sinh hoạt chuyên đề (Chỉ thị 50-CT/TW: at least one a quarter)
    present: int = 0  # đảng viên: the meeting's rate counts them only
    excused: int = 0
    unexcused: int = 0
    masses_present: int = 0  # quần chúng invited to the meeting

    @property
    def coverage(self) -> float | None:
        return percent(self.done, self.due)

    @property
    def attendance(self) -> float | None:
        return percent(self.present, self.present + self.excused + self.unexcused)

    def __add__(self, other: MonthCounts) -> MonthCounts:
        counts = [a + b for a, b in zip(dataclasses.astuple(self)[1:], dataclasses.astuple(other)[1:], strict=True)]
        return MonthCounts(0, *counts)


def month_counts(month: int, grid: list[ReviewRow], meetings: int, thematic: int = 0) -> MonthCounts:
    """The counts of one month's grid (the screen's coverage and meeting lines count the same rows)."""
    seen = reviews.meeting_attendance(grid)
    due = done = commended = reminded = 0
    levels = {"tot": 0, "dat": 0, "chua_dat": 0}
    for r in grid:  # one pass: an export counts every month of the whole file
        if r.level is not None:
            levels[r.level] += 1
        if r.expected:
            due += 1
            done += r.level is not None
        commended += r.commended
        reminded += r.reminded
    return MonthCounts(
        month,
        due=due,
        done=done,
        tot=levels["tot"],
        dat=levels["dat"],
        chua_dat=levels["chua_dat"],
        commended=commended,
        reminded=reminded,
        meetings=meetings,
        thematic=thematic,
        present=seen.present,
        excused=seen.excused,
        unexcused=seen.unexcused,
        masses_present=seen.masses_present,
    )


@dataclass(frozen=True)
class PersonMonths:
    """A person on the list in some month due: their row of each month they were listed."""

    person_id: int
    full_name: str
    unit_id: int
    unit_name: str
    months: dict[int, ReviewRow]

    @property
    def commended(self) -> int:
        return sum(r.commended for r in self.months.values())

    @property
    def reminded(self) -> int:
        return sum(r.reminded for r in self.months.values())


@dataclass(frozen=True)
class ReviewYear:
    year: int
    months_due: int
    grids: list[list[ReviewRow]]  # month m's grid is grids[m - 1]
    months: list[MonthCounts]
    people: list[PersonMonths]  # by unit (tree order), then name

    @property
    def total(self) -> MonthCounts:
        return sum(self.months, MonthCounts(0))


def review_year(db: Database, year: int, months_due: int) -> ReviewYear:
    """The whole file's reviews of months 1..months_due."""
    grids = year_grids(db, year, months_due)
    held = {month: (count, thematic or 0) for month, count, thematic in db.execute(
        "SELECT month, count(*), sum(thematic) FROM meetings WHERE year = ? GROUP BY month", [year])}
    found: dict[int, PersonMonths] = {}
    for month, grid in enumerate(grids, start=1):
        for row in grid:
            person = found.get(row.person_id)
            if person is None:
                person = found[row.person_id] = PersonMonths(
                    row.person_id, row.full_name, row.unit_id, row.unit_name, {})
            person.months[month] = row
    unit_order = {u.id: n for n, u in enumerate(units.list_units(db))}
    name_order = people.name_order(db)
    ordered = sorted(found.values(), key=lambda p: (unit_order[p.unit_id], name_order[p.person_id]))
    months = [month_counts(m, grid, *held.get(m, (0, 0))) for m, grid in enumerate(grids, start=1)]
    return ReviewYear(year, months_due, grids, months, ordered)


def year_grids(db: Database, year: int, months_due: int) -> list[list[ReviewRow]]:
    """`reviews.month_grid(db, year, m, None)` for each month 1..months_due, from one
    reading of the people and their status history instead of twelve (an export of
    the whole file; the screens show one month), and each month's reviews and roll
    calls read through their indexes.

    The same rules as month_grid's queries: a month's list is the people on the list
    on its first or its last day (people.listed_between), each with their status on
    its last day (reviews.statuses_on), in name order (the stored sort key, then id).
    """
    history: dict[int, tuple[list[str], list[str]]] = {}  # person → days, statuses (in order)
    for person_id, day, status in db.execute(
            "SELECT person_id, effective_date, status FROM status_changes ORDER BY person_id, effective_date, id"):
        days, statuses = history.setdefault(person_id, ([], []))
        days.append(day)
        statuses.append(status)
    listed = db.execute(
        "SELECT p.id, p.full_name, p.unit_id, u.name, p.kind, p.status FROM people p "
        "JOIN units u ON u.id = p.unit_id ORDER BY p.sort_key, p.id").fetchall()
    codes: dict[str, str] = {}  # one string object per level or presence code, not one per row
    no_review = (None, 0, 0, None)
    grids: list[list[ReviewRow]] = []
    for month in range(1, months_due + 1):
        first = dt.date(year, month, 1).isoformat()
        last = dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        found = {person_id: (codes.setdefault(level, level) if level else level, *rest)
                 for person_id, level, *rest in db.execute(
                     "SELECT person_id, level, commended, reminded, note FROM reviews WHERE year = ? AND month = ?",
                     [year, month])}
        presence = {person_id: codes.setdefault(mark, mark) for person_id, mark in db.execute(
            "SELECT person_id, presence FROM attendance WHERE meeting_id IN "
            "(SELECT id FROM meetings WHERE year = ? AND month = ?) ORDER BY id", [year, month])}
        grid: list[ReviewRow] = []
        for person_id, full_name, unit_id, unit_name, kind, stored_status in listed:
            changes = history.get(person_id)
            if changes is None:  # no history: on every list, with the stored status
                status = stored_status
            else:
                days, statuses = changes
                arrives_later = "chuyen_den" in statuses
                before_first = bisect.bisect_right(days, first)
                before_last = bisect.bisect_right(days, last)
                if not (_listed(statuses, before_first, arrives_later) or _listed(statuses, before_last, arrives_later)):
                    continue
                status = statuses[before_last - 1] if before_last else "dang_sinh_hoat"
            level, commended, reminded, note = found.get(person_id, no_review)
            grid.append(ReviewRow(
                person_id, full_name, unit_id, unit_name, kind, status, level, bool(commended), bool(reminded),
                note, presence.get(person_id)))
        grids.append(grid)
    return grids


def _listed(statuses: Sequence[str], changes_before: int, arrives_later: bool) -> bool:
    """people._listed_on for one person and day: `changes_before` of their status changes
    (in date order) fall on or before the day; `arrives_later` that one is a chuyển đến.
    Before any change, a person who will arrive later is not on the list yet."""
    latest = statuses[changes_before - 1] if changes_before else "dang_sinh_hoat"
    return latest not in people.LEFT_STATUSES and not (changes_before == 0 and arrives_later)
