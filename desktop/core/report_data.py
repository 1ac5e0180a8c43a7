"""What the reports of a year show, computed once per export.

The monthly grids (reviews.month_grid, as the Đánh giá screen shows them),
the year-end scoring (yearend.score, as the Cuối năm screen shows it) and
the statistics made from both: an export of `all` builds each month's list
and scores the year once, and every sheet reads the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop.core import collectives, people, units, yearend
from desktop.core.review_year import ReviewYear, review_year
from desktop.core.scoring import PersonScore, YearScore
from desktop.core.statistics import Statistics, months_due, statistics


@dataclass(frozen=True)
class ReportData:
    year: int
    today: dt.date
    reviews: ReviewYear
    scores: list[YearScore]
    statistics: Statistics
    members: list[PersonScore]  # the đảng viên scored, by unit (tree order) then name
    collectives: list[collectives.Collective] = field(default_factory=list)  # each đảng bộ, chi bộ's own rating


def report_data(db: Database, year: int, unit_name: str, today: dt.date) -> ReportData:
    """The year's figures up to `today`; the statistics' total is named `unit_name`."""
    reviews = review_year(db, year, months_due(year, today))
    scores = yearend.score(db, year)
    unit_order = {u.id: n for n, u in enumerate(units.list_units(db))}
    name_order = people.name_order(db)
    members = sorted((p for result in scores for p in result.people if p.person.kind == "dang_vien"),
                     key=lambda p: (unit_order[p.person.unit_id], name_order[p.person.person_id]))
    stats = statistics(db, year, unit_name, today, reviews=reviews, scores=scores)
    return ReportData(year, today, reviews, scores, stats, members, collectives.collectives(db, year))
