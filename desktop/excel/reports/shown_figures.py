"""The figures printed on a report's statistics sheets against its raw data.

The hidden raw data is what the program exported; the visible sheets are what
the chi bộ signed and may have corrected by hand afterwards (the checksum only
covers the raw data). A consolidation compares the two and names every
difference: file, sheet, row, column, what is shown, what was recorded. The
clerk then chooses which to believe (`shown_rows` gives the figures as shown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core.statistics import Figures
from desktop.excel.reports.party_form import TOTALS_LABEL, Column, ReportTable
from desktop.excel.reports.statistics import statistics_sheets

# Percent values are fractions written with 15 significant digits (LibreOffice re-saves them so).
_TOLERANCE = 1e-9
_COUNTS = set(Figures.counts())


@dataclass(frozen=True)
class Difference:
    """One figure shown on the sheet that is not the one recorded in the raw data."""

    file: str
    sheet: str
    row: int
    column: str  # letter and title, "F (Quần chúng / Tổng số)"
    unit: str  # the row's unit, or "Tổng cộng"
    shown: Any
    recorded: Any
    field: str | None  # the Figures count it is, None for a derived share or a label
    unit_index: int | None  # the figures row, None for the totals row

    @property
    def text(self) -> str:
        kept = "" if self.field else " (tỷ lệ được tính lại từ các số đếm, không lấy theo trang)"
        return (f"Tệp «{self.file}», trang «{self.sheet}», dòng {self.row}, cột {self.column}, {self.unit}: "
                f"trên trang ghi {_shown(self.shown)}, dữ liệu gốc ghi {_shown(self.recorded)}{kept}.")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4g}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(".", "").replace(",", ".").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _same(shown: Any, recorded: Any) -> bool:
    a, b = _number(shown), _number(recorded)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(b))


def _titles(table: ReportTable) -> list[str]:
    groups: list[str] = []
    for title, span in table.groups or [("", len(table.columns))]:
        groups += [title] * span
    return [f"{g} / {c.title}" if g else c.title for g, c in zip(groups, table.columns, strict=True)]


def _data_columns(ws: Worksheet, row: int, count: int) -> list[int]:
    """The sheet column of each table column on `row`: merged continuations are skipped."""
    covered = {col for rng in ws.merged_cells.ranges if rng.min_row <= row <= rng.max_row
               for col in range(rng.min_col + 1, rng.max_col + 1)}
    columns = [c for c in range(1, ws.max_column + 1) if c not in covered]
    return columns[:count]


def _first_data_row(ws: Worksheet, first_unit: str) -> int | None:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value in (1, "1") and any(
                ws.cell(row, c).value == first_unit for c in range(2, min(ws.max_column, 4) + 1)):
            return row
    return None


def compare(path: Path, year: int, tables: Mapping[str, Sequence[Mapping[str, Any]]],
            figures: Sequence[Figures]) -> list[Difference]:
    """Every figure of the statistics sheets of `path` that differs from the raw data."""
    if not figures:
        return []
    total = Figures.total("", figures)
    expected = statistics_sheets(year, figures, total, [], 0, "Đơn vị", None)
    wanted = [s for s in expected if s.key in tables]
    if not wanted:
        return []
    wb = load_workbook(path)  # not read-only: the merged cells tell the columns apart
    try:
        found: list[Difference] = []
        for sheet in wanted:
            if sheet.name in wb.sheetnames:
                found += _compare_sheet(path.name, wb[sheet.name], sheet.table.columns, _titles(sheet.table),
                                        tables[sheet.key], figures)
        return found
    finally:
        wb.close()


def _compare_sheet(file: str, ws: Worksheet, columns: list[Column], titles: list[str],
                   rows: Sequence[Mapping[str, Any]], figures: Sequence[Figures]) -> list[Difference]:
    data = [r for r in rows if not r.get("_totals")]
    totals = next((r for r in rows if r.get("_totals")), None)
    start = _first_data_row(ws, str(data[0].get("unit"))) if data else None
    if start is None:
        return []
    positions = _data_columns(ws, start, len(columns))
    index = {f.unit: i for i, f in enumerate(figures)}
    found = []
    lines: list[tuple[int, Mapping[str, Any], int | None]] = [
        (start + n, r, index.get(str(r.get("unit")))) for n, r in enumerate(data)]
    total_row = start + len(data)
    if totals is not None and ws.cell(total_row, 1).value == TOTALS_LABEL:
        lines.append((total_row, totals, None))
    for line, recorded, unit_index in lines:
        unit = TOTALS_LABEL if unit_index is None and recorded is totals else str(recorded.get("unit"))
        for column, title, position in zip(columns, titles, positions, strict=False):
            if column.kind == "text" or column.key == "stt":
                continue
            shown = ws.cell(line, position).value
            if _same(shown, recorded.get(column.key)):
                continue
            field = column.key.lower() if column.key.lower() in _COUNTS else None
            found.append(Difference(file, ws.title, line, f"{get_column_letter(position)} ({title})", unit,
                                    shown, recorded.get(column.key), field, unit_index))
    return found


def shown_rows(figures: Sequence[Figures], differences: Sequence[Difference]) -> tuple[list[Figures], list[str]]:
    """The figures as the sheets show them, and what could not be taken from the sheets.

    A count corrected on a unit's row replaces the recorded count; a total corrected
    alone is taken for the unit when the file has one unit; shares are always
    recomputed from the counts."""
    rows = list(figures)
    left: list[str] = []
    on_rows = {(d.unit_index, d.field) for d in differences if d.unit_index is not None}
    for d in differences:
        value = _number(d.shown)
        target = d.unit_index if d.unit_index is not None else (0 if len(rows) == 1 else None)
        if d.field is None:
            continue
        if d.unit_index is None and (target, d.field) in on_rows:
            continue  # the row's own correction already says it
        if target is None or value is None or value != value or not value.is_integer():
            left.append(d.text + " Không lấy số này: "
                        + ("tổng của nhiều đơn vị không chia lại được." if target is None else "không phải số đếm."))
            continue
        changed: dict[str, Any] = {d.field: int(value)}
        rows[target] = replace(rows[target], **changed)
    return rows, left
