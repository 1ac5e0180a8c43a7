"""The criteria table a chi bộ scored with prints under the year-end list, on the paper it signs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from desktop.core import rules
from desktop.excel.reports import printable
from desktop.excel.reports.all_reports import build_report, export_report

pytestmark = pytest.mark.date_sensitive


def shown_row(ws: Worksheet, row: int) -> list[object]:
    """The values a reader sees along a row, one per merged range or cell."""
    values: list[object] = []
    column = 1
    while column <= ws.max_column:
        span = next((m for m in ws.merged_cells.ranges
                     if m.min_row <= row <= m.max_row and m.min_col == column), None)
        if span is None or span.min_row == row:
            values.append(ws.cell(row, column).value)
        column = span.max_col + 1 if span is not None else column + 1
    return values


def rows_below(ws: Worksheet, title: str) -> tuple[int, list[list[object]]]:
    start = next(c.row for row in ws.iter_rows() for c in row if c.value == title)
    rows = []
    for row in range(start + 1, ws.max_row + 1):
        values = shown_row(ws, row)
        if not any(v is not None for v in values):
            break
        rows.append([v for v in values if v is not None])
    return start, rows


def test_the_2c_criteria_table_prints_under_the_year_end_list(demo_db: Database, tmp_path: Path,
                                                              today: dt.date) -> None:
    table = rules.preset("366-2C")
    rules.set_rules(demo_db, 2026, table)
    path = export_report(demo_db, 2026, "year-end", tmp_path / "year-end.xlsx", today=today)

    ws = load_workbook(path)["Xếp loại cuối năm"]
    title = "Tiêu chí chấm điểm năm 2026 (Quy định 366-QĐ/TW, Phụ lục 5 (Mẫu 2C))"
    start, rows = rows_below(ws, title)
    assert rows[0] == ["STT", "Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa"]
    assert rows[1:-1] == [
        [1, "Tiêu chí chung", "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", 20],
        [2, "Tiêu chí chung", "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm", 10],
        [3, "Kết quả thực hiện nhiệm vụ", "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công", 40],
        [4, "Kết quả thực hiện nhiệm vụ",
         "Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ", 15],
        [5, "Kết quả thực hiện nhiệm vụ",
         "Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi)", 15],
    ]
    assert rows[-1] == ["Tổng cộng", 100]
    # Under the list and its notes, above the signature, inside the printed area.
    list_end = next(c.row for row in ws.iter_rows() for c in row if c.value == "Tổng cộng")
    signature = next(c.row for row in ws.iter_rows() for c in row if c.value == "Nơi nhận:")
    assert list_end < start < signature
    assert int(ws.print_area.rsplit("$", 1)[-1]) > signature
    # A boxed table with a bold header, its points as numbers.
    header = ws.cell(start + 1, 1)
    assert header.font.b and header.border.left.style == "thin"
    assert ws.cell(start + 2, 1).border.bottom.style == "thin"


def test_the_criteria_table_follows_the_year_rules_and_is_in_the_printout(
        demo_db: Database, today: dt.date) -> None:
    report = build_report(demo_db, 2026, "year-end", today=today)
    appendix = report.sheets[0].table.appendix
    assert appendix is not None
    year_rules = rules.rules_for_year(demo_db, 2026)
    assert [r["name"] for r in appendix.rows] == [c.name for c in year_rules.criteria]
    assert appendix.totals == {"max": year_rules.max_total}
    html = printable.report_html(report.header, report.sheets)
    assert "Tiêu chí chấm điểm năm 2026" in html and html.index("Tiêu chí chấm điểm") < html.index("Nơi nhận:")


def test_a_year_without_points_prints_no_criteria_table(demo_db: Database, today: dt.date) -> None:
    rules.set_rules(demo_db, 2026, rules.preset("124"))
    report = build_report(demo_db, 2026, "year-end", today=today)
    assert report.sheets[0].table.appendix is None
