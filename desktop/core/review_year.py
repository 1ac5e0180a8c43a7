"""A year of đánh giá hằng tháng, month by month: the counts, each person's months.

The same lines as reviews.month_grid, the function the Đánh giá hằng tháng
screen shows: a review is due from each person on the month's list who is not
exempt or suspended (ReviewRow.expected), done when it has a level. The
monthly report and the statistics both read it, so their counts are the
screen's counts, read once per export.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlite_utils import Database

from desktop.core import people, reviews, units
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


class MonthMark(NamedTuple):
    """What a person's line of a month's grid shows (reviews.ReviewRow's marks): one object
    per kind of line, shared by every person-month that has it."""

    level: str | None
    commended: bool
    reminded: bool
    expected: bool  # False for people exempt or suspended that month: no review is due


@dataclass(frozen=True)
class PersonMonths:
    """A person on the list in some month due: their mark of each month they were listed."""

    person_id: int
    full_name: str
    unit_id: int
    unit_name: str
    marks: tuple[MonthMark | None, ...]  # month m's mark is marks[m - 1]; None when not on that month's list

    @property
    def months(self) -> dict[int, MonthMark]:
        return {m: mark for m, mark in enumerate(self.marks, start=1) if mark is not None}

    @property
    def commended(self) -> int:
        return sum(1 for mark in self.marks if mark is not None and mark.commended)

    @property
    def reminded(self) -> int:
        return sum(1 for mark in self.marks if mark is not None and mark.reminded)


@dataclass(frozen=True)
class ReviewYear:
    year: int
    months_due: int
    months: list[MonthCounts]
    people: list[PersonMonths]  # by unit (tree order), then name
    units: dict[int, MonthCounts]  # unit id → its people's months added up (meetings not counted)

    @property
    def total(self) -> MonthCounts:
        return sum(self.months, MonthCounts(0))


# One line of the count: (unit, mark, kind, presence) → how many person-months of a month have it.
_Line = tuple[int, MonthMark, str, str | None]


def review_year(db: Database, year: int, months_due: int) -> ReviewYear:
    """The whole file's reviews of months 1..months_due: each month's grid as
    `reviews.month_grid(db, year, m, None)` makes it, read and counted in one pass.

    The screens show one month; an export reads every month of the whole file
    (1.2 million person-months at 100,000 people), so no grid is kept: each
    person keeps one shared mark per month, and each month counts its lines by
    kind (unit, mark, kind of person, presence), a few hundred kinds whatever the
    size. The same rules as month_grid's queries: a month's list is the people on
    the list on its first or its last day (people.listed_between), each with their
    status on its last day (reviews.statuses_on); a review is due from those not
    exempt or suspended (ReviewRow.expected) and done when it has a level; the
    meeting's figures are the month's roll call (reviews.meeting_attendance).
    """
    history: dict[int, tuple[list[str], list[str]]] = {}  # person → days, statuses (in order)
    for person_id, day, status in db.execute(
            "SELECT person_id, effective_date, status FROM status_changes ORDER BY person_id, effective_date, id"):
        days, statuses = history.setdefault(person_id, ([], []))
        days.append(day)
        statuses.append(status)
    listed = db.execute(
        "SELECT p.id, p.unit_id, p.kind, p.status FROM people p ORDER BY p.sort_key, p.id").fetchall()
    marks: dict[tuple[str | None, bool, bool, bool], MonthMark] = {}
    codes: dict[str, str] = {}  # one string object per presence code, not one per row
    person_marks: dict[int, list[MonthMark | None]] = {}
    lines: list[Counter[_Line]] = []
    for month in range(1, months_due + 1):
        first = dt.date(year, month, 1).isoformat()
        last = dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        found = {person_id: (level, bool(commended), bool(reminded)) for person_id, level, commended, reminded
                 in db.execute("SELECT person_id, level, commended, reminded FROM reviews WHERE year = ? AND month = ?",
                               [year, month])}
        presence = {person_id: codes.setdefault(mark, mark) for person_id, mark in db.execute(
            "SELECT person_id, presence FROM attendance WHERE meeting_id IN "
            "(SELECT id FROM meetings WHERE year = ? AND month = ?) ORDER BY id", [year, month])}
        counted: Counter[_Line] = Counter()
        for person_id, unit_id, kind, stored_status in listed:
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
            key = (*found.get(person_id, (None, False, False)), status not in reviews.NOT_REVIEWED_STATUSES)
            mark = marks.get(key)
            if mark is None:
                mark = marks[key] = MonthMark(*key)
            months = person_marks.get(person_id)
            if months is None:
                months = person_marks[person_id] = [None] * months_due
            months[month - 1] = mark
            counted[unit_id, mark, kind, presence.get(person_id)] += 1
        lines.append(counted)
    held = {month: (count, thematic or 0) for month, count, thematic in db.execute(
        "SELECT month, count(*), sum(thematic) FROM meetings WHERE year = ? GROUP BY month", [year])}
    months_counted = [_counts(m, counted.items(), *held.get(m, (0, 0))) for m, counted in enumerate(lines, start=1)]
    by_unit: dict[int, list[tuple[_Line, int]]] = {}
    for counted in lines:
        for line, count in counted.items():
            by_unit.setdefault(line[0], []).append((line, count))
    unit_counts = {unit_id: _counts(0, found_lines) for unit_id, found_lines in by_unit.items()}
    return ReviewYear(year, months_due, months_counted, _people_of(db, person_marks), unit_counts)


def _counts(month: int, lines: Iterable[tuple[_Line, int]], meetings: int = 0, thematic: int = 0) -> MonthCounts:
    """month_counts of the grid lines counted (unit, mark, kind, presence) → how many."""
    values: Counter[str] = Counter()
    for (_, mark, kind, presence), count in lines:
        if mark.level is not None:
            values[mark.level] += count
        if mark.expected:
            values["due"] += count
            if mark.level is not None:
                values["done"] += count
        values["commended"] += count * mark.commended
        values["reminded"] += count * mark.reminded
        if kind == "dang_vien":
            values[_MEMBER_PRESENCE.get(presence or "", "")] += count
        elif presence == "co_mat":
            values["masses_present"] += count
    return MonthCounts(
        month, due=values["due"], done=values["done"], tot=values["tot"], dat=values["dat"],
        chua_dat=values["chua_dat"], commended=values["commended"], reminded=values["reminded"],
        meetings=meetings, thematic=thematic, present=values["present"], excused=values["excused"],
        unexcused=values["unexcused"], masses_present=values["masses_present"])


_MEMBER_PRESENCE = {"co_mat": "present", "vang_co_ly_do": "excused", "vang_khong_ly_do": "unexcused"}


def _people_of(db: Database, person_marks: dict[int, list[MonthMark | None]]) -> list[PersonMonths]:
    """The people listed in some month, by unit (tree order) then name."""
    unit_order = {u.id: n for n, u in enumerate(units.list_units(db))}
    found = [PersonMonths(person_id, full_name, unit_id, unit_name, tuple(person_marks[person_id]))
             for person_id, full_name, unit_id, unit_name in db.execute(
                 "SELECT p.id, p.full_name, p.unit_id, u.name FROM people p JOIN units u ON u.id = p.unit_id "
                 "ORDER BY p.sort_key, p.id")
             if person_id in person_marks]
    found.sort(key=lambda p: unit_order[p.unit_id])  # stable: name order within a unit
    return found


def _listed(statuses: Sequence[str], changes_before: int, arrives_later: bool) -> bool:
    """people._listed_on for one person and day: `changes_before` of their status changes
    (in date order) fall on or before the day; `arrives_later` that one is a chuyển đến.
    Before any change, a person who will arrive later is not on the list yet."""
    latest = statuses[changes_before - 1] if changes_before else "dang_sinh_hoat"
    return latest not in people.LEFT_STATUSES and not (changes_before == 0 and arrives_later)
