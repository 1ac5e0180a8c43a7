"""A year of đánh giá hằng tháng, month by month: the grids, the counts, each person's months.

Built once per report from reviews.month_grid, the function the Đánh giá
hằng tháng screen shows: a review is due from each person on the month's
list who is not exempt or suspended (ReviewRow.expected), done when it has a
level. The monthly report and the statistics both read it, so their counts
are the screen's counts and the grid is made once per month.
"""

from __future__ import annotations

import dataclasses
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
    return MonthCounts(
        month,
        due=sum(1 for r in grid if r.expected),
        done=sum(1 for r in grid if r.expected and r.level is not None),
        tot=sum(1 for r in grid if r.level == "tot"),
        dat=sum(1 for r in grid if r.level == "dat"),
        chua_dat=sum(1 for r in grid if r.level == "chua_dat"),
        commended=sum(1 for r in grid if r.commended),
        reminded=sum(1 for r in grid if r.reminded),
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
    grids = [reviews.month_grid(db, year, month, None) for month in range(1, months_due + 1)]
    held = {month: (count, thematic or 0) for month, count, thematic in db.execute(
        "SELECT month, count(*), sum(thematic) FROM meetings WHERE year = ? GROUP BY month", [year])}
    found: dict[int, PersonMonths] = {}
    for month, grid in enumerate(grids, start=1):
        for row in grid:
            person = found.setdefault(row.person_id, PersonMonths(
                row.person_id, row.full_name, row.unit_id, row.unit_name, {}))
            person.months[month] = row
    unit_order = {u.id: n for n, u in enumerate(units.list_units(db))}
    name_order = people.name_order(db)
    ordered = sorted(found.values(), key=lambda p: (unit_order[p.unit_id], name_order[p.person_id]))
    months = [month_counts(m, grid, *held.get(m, (0, 0))) for m, grid in enumerate(grids, start=1)]
    return ReviewYear(year, months_due, grids, months, ordered)
