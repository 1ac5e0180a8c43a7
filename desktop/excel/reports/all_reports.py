"""Build, write and save the reports: one workbook per report, or `all` in one.

`build_report` gathers a report's sheets (plain tables, also what the
window's print preview draws); `write_report` lays them out as party
documents, adds the very hidden raw-data sheet (meta, the figures per chi bộ
the consolidation reads, and every sheet's rows) and saves atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.collector import collector_paused
from desktop.core.rules import rules_for_year
from desktop.core.schema import SCHEMA_VERSION
from desktop.excel.raw_data import attach_raw_data
from desktop.excel.reports import collective_ratings, monthly, registrations, statistics, year_end
from desktop.excel.reports.common import (
    Context,
    Progress,
    Sheet,
    committee_name,
    is_party_committee,
    report_header,
    unit_tree,
)
from desktop.excel.reports.party_form import create_sheet, streaming_workbook, write_party_sheet
from desktop.excel.reports.report_table import PartyHeader
from desktop.excel.safe_save import save_workbook

ALL = "all"
# Report name (the command line's --report) → (title in the window, sheet builder).
REPORTS: dict[str, tuple[str, Callable[[Context], list[Sheet]]]] = {
    "registrations": ("Đăng ký việc làm theo Bác", registrations.sheets),
    "monthly": ("Đánh giá hằng tháng", monthly.sheets),
    "year-end": ("Xếp loại chất lượng cuối năm", year_end.sheets),
    "statistics": ("Thống kê số liệu", statistics.sheets),
}
REPORT_TITLES = {**{name: title for name, (title, _) in REPORTS.items()}, ALL: "Tất cả báo cáo (một tệp)"}
# In `all`, the statistics' registration sheet already holds these figures.
_SHOWN_ELSEWHERE_IN_ALL = {"registration_rates"}
FIGURES_TABLE = "figures"


@dataclass
class BuiltReport:
    kind: str
    year: int
    header: PartyHeader
    sheets: list[Sheet]
    meta: dict[str, Any]
    figures: list[dict[str, Any]]


def build_report(db: Database, year: int, kind: str, *, today: dt.date,
                 progress: Progress | None = None) -> BuiltReport:
    """The sheets of `kind` (a REPORTS name or "all") for `year`, from the file."""
    with collector_paused():
        return _build_report(db, year, kind, today=today, progress=progress)


def _build_report(db: Database, year: int, kind: str, *, today: dt.date, progress: Progress | None) -> BuiltReport:
    names = list(REPORTS) if kind == ALL else [kind]
    if any(name not in REPORTS for name in names):
        raise ValueError(f"unknown report {kind!r}")
    ctx = Context(db, year, today)
    steps = len(names) + 1
    if progress:
        progress(0, steps, "Đang tính số liệu thống kê…")
    stats = ctx.stats
    sheets: list[Sheet] = []
    for done, name in enumerate(names, start=1):
        if progress:
            progress(done, steps, f"Đang lập báo cáo {REPORTS[name][0].lower()}…")
        sheets += REPORTS[name][1](ctx)
    if kind == ALL:
        sheets = [s for s in sheets if s.key not in _SHOWN_ELSEWHERE_IN_ALL]
    meta: dict[str, Any] = {
        "unit": committee_name(db),
        "unit_kind": "dang_bo" if is_party_committee(db) else "chi_bo",
        "year": year,
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "months_due": stats.months_due,
        "rule_set": stats.rule_set,
        "quota": {"enabled": stats.quota.enabled, "percent": stats.quota.percent, "base": stats.quota.base},
    }
    header = report_header(db, ctx.today)
    meta["superior_name"] = header.superior_name
    meta["units"] = unit_tree(db, [f.unit for f in stats.branches])
    meta[collective_ratings.TABLE] = collective_ratings.raw_rows(rules_for_year(db, year), ctx.data.collectives)
    return BuiltReport(kind, year, header, sheets, meta,
                       [f.as_row() for f in stats.branches])


def write_report(built: BuiltReport, path: Path, progress: Progress | None = None) -> Path:
    """Lay the sheets out, attach the raw data, save atomically; returns `path`."""
    with collector_paused(), streaming_workbook() as wb:
        steps = len(built.sheets) + 1
        for done, sheet in enumerate(built.sheets):
            if progress:
                progress(done, steps, f"Đang ghi trang «{sheet.name}»…")
            write_party_sheet(create_sheet(wb, sheet.name), built.header, sheet.table)
        tables: dict[str, Iterable[dict[str, Any]]] = {FIGURES_TABLE: built.figures}
        for sheet in built.sheets:
            tables[sheet.key] = _stored_rows(sheet)
        attach_raw_data(wb, built.meta, tables)
        if progress:
            progress(steps - 1, steps, "Đang lưu tệp…")
        save_workbook(wb, path)
    if progress:
        progress(steps, steps, "Xong.")
    return path


def _stored_rows(sheet: Sheet) -> Iterator[dict[str, Any]]:
    """The sheet's rows as the raw data keeps them (no empty values; the totals marked),
    one at a time: the raw data keeps their JSON text, not a second copy of the rows."""
    totals = [{"_totals": True, **sheet.table.totals}] if sheet.table.totals else []
    for row in chain(sheet.table.rows, totals):
        yield {k: v for k, v in row.items() if v is not None}


def export_report(db: Database, year: int, kind: str, path: Path, *, today: dt.date,
                  progress: Progress | None = None) -> Path:
    return write_report(build_report(db, year, kind, today=today, progress=progress), path, progress)


def exporter(kind: str) -> Callable[[Database, int, Path, dt.date], Path]:
    """The export command's entry for one report name (dated `today`)."""

    def export(db: Database, year: int, path: Path, today: dt.date) -> Path:
        return export_report(db, year, kind, path, today=today)

    return export
