"""The figures of the year's Chỉ thị 05 report (Báo cáo kết quả học tập và làm theo Bác).

The counts are `statistics.statistics`, the same the Thống kê report prints;
this adds what the prose report names: the models (deeds marked as mô hình)
as examples, and who was commended or reminded at the monthly reviews.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import reviews, units, vntext, years
from desktop.core.statistics import Statistics, statistics


@dataclass(frozen=True)
class ModelExample:
    """A deed marked as a model (mô hình), of a person or of a collective."""

    who: str  # the person's name, or the collective's
    unit: str
    content: str
    result: str | None
    collective: bool


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    theme: str | None
    stats: Statistics
    models: list[ModelExample]
    commended: list[str]  # names, commended at least once in the year
    reminded: list[str]


def _models(db: Database, year: int) -> list[ModelExample]:
    order = {u.id: i for i, u in enumerate(units.list_units(db))}
    rows = db.execute(
        """SELECT coalesce(p.full_name, d.collective, u.name), u.name, d.content, d.result,
                  d.person_id IS NULL, d.unit_id, d.position, d.id
           FROM deeds d JOIN units u ON u.id = d.unit_id LEFT JOIN people p ON p.id = d.person_id
           WHERE d.year = ? AND d.is_model = 1
             AND (p.id IS NULL OR p.status NOT IN ('chuyen_di', 'tu_tran', 'ra_khoi_dang'))""",
        [year]).fetchall()
    rows.sort(key=lambda r: (not r[4], order.get(r[5], 0), vntext.sort_key(r[0]), r[6], r[7]))
    return [ModelExample(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def _marked(db: Database, year: int, months: int) -> tuple[list[str], list[str]]:
    """Names commended and names reminded, from the monthly grids the statistics count."""
    commended: dict[int, str] = {}
    reminded: dict[int, str] = {}
    for month in range(1, months + 1):
        for row in reviews.month_grid(db, year, month, None):
            if row.commended:
                commended.setdefault(row.person_id, row.full_name)
            if row.reminded:
                reminded.setdefault(row.person_id, row.full_name)
    return (sorted(commended.values(), key=vntext.name_sort_key),
            sorted(reminded.values(), key=vntext.name_sort_key))


def annual_figures(db: Database, year: int, unit_name: str, today: dt.date) -> AnnualFigures:
    stats = statistics(db, year, unit_name, today)
    info = years.get_year(db, year)
    commended, reminded = _marked(db, year, stats.months_due)
    return AnnualFigures(year=year, theme=info.theme if info else None, stats=stats,
                         models=_models(db, year), commended=commended, reminded=reminded)
