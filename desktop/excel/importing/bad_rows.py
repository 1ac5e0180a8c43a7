"""The rows an import left out, given back as a workbook to fix and import again.

"Import the good rows" (the wizard's choice) writes every row without a
problem and hands the others back: for each sheet, its header row as the
list had it, then each left-out row as the file holds it, with a last
column "Lỗi cần sửa" saying what is wrong (and where). Fixed in Excel, the
workbook imports like the original.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.excel.importing import cells
from desktop.excel.importing.plan import ImportPlan, Issue
from desktop.excel.safe_save import save_workbook

PROBLEM_HEADER = "Lỗi cần sửa"
_PROBLEM_FILL = PatternFill("solid", fgColor="FFF2CC")


def bad_rows_path(source: Path) -> Path:
    """Where the left-out rows go by default: beside the list, named after it."""
    return source.with_name(f"{source.stem} - các dòng chưa nhập.xlsx")


def write_bad_rows(plan: ImportPlan, issues: list[Issue], target: Path) -> int:
    """Write the rows the issues point at; returns how many rows were written."""
    rows = plan.bad_rows(issues)
    wb = Workbook()
    wb.remove(wb.active)
    written = 0
    for grid in plan.workbook.sheets:
        wanted = sorted(rows.get(grid.name, ()))
        if not wanted:
            continue
        sheet = next(s for s in plan.sheets if s.name == grid.name)
        ws = wb.create_sheet(grid.name[:31])
        first_header, last_header = sheet.header_row, sheet.first_data_row - 1
        width = max((len(grid.rows[r - 1]) for r in [*range(first_header, last_header + 1), *wanted]
                     if r - 1 < len(grid.rows)), default=0)
        for r in range(first_header, last_header + 1):
            ws.append([_cell(v) for v in grid.rows[r - 1]] + [None] * (width - len(grid.rows[r - 1]))
                      + [PROBLEM_HEADER if r == first_header else None])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for r in wanted:
            values = grid.rows[r - 1] if r - 1 < len(grid.rows) else []
            problems = [f"{i.place.column_letter + ': ' if i.place.column_letter else ''}{i.message}"
                        for i in issues if i.place.sheet == grid.name and i.place.row == r]
            ws.append([_cell(v) for v in values] + [None] * (width - len(values))
                      + [f"(dòng {r} trong tệp gốc) " + " ".join(problems)])
            problem = ws.cell(ws.max_row, width + 1)
            problem.fill = _PROBLEM_FILL
            problem.alignment = Alignment(wrap_text=True, vertical="top")
            written += 1
        ws.column_dimensions[get_column_letter(width + 1)].width = 70
        ws.freeze_panes = ws.cell(last_header - first_header + 2, 1)
    save_workbook(wb, target)
    return written


def _cell(value: object) -> object:
    """A cell as read, written back: dates and numbers stay themselves, text stays text."""
    if isinstance(value, str):
        return cells.to_text(value) if value.strip() else None
    return value
