"""The criteria table a chi bộ scored with prints under the year-end list, on the paper it signs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from desktop.core import rules, yearend
from desktop.core.scoring import NOT_RATED
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


TITLE_2C = ("Tiêu chí chấm điểm năm 2026, Mẫu 2C: đảng viên ngoài hệ thống chính trị "
            "(nông dân, hưu trí, học sinh, doanh nghiệp…)")
TITLE_2A = "Tiêu chí chấm điểm năm 2026, Mẫu 2A: cán bộ lãnh đạo, quản lý"


def test_the_2c_criteria_table_prints_under_the_year_end_list(demo_db: Database, tmp_path: Path,
                                                              today: dt.date) -> None:
    table = rules.preset("366-2C")
    rules.set_rules(demo_db, 2026, table)
    path = export_report(demo_db, 2026, "year-end", tmp_path / "year-end.xlsx", today=today)

    ws = load_workbook(path)["Xếp loại cuối năm"]
    start, rows = rows_below(ws, TITLE_2C)
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
    # The demo's leaders fill Mẫu 2A, which keeps the default 30 + 70 table: it prints too, above the signature.
    start_2a, rows_2a = rows_below(ws, TITLE_2A)
    assert rows_2a == [["STT", "Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa"],
                       [1, "Tiêu chí chung", "Tiêu chí chung", 30],
                       [2, "Kết quả thực hiện nhiệm vụ", "Kết quả thực hiện nhiệm vụ", 70], ["Tổng cộng", 100]]
    assert list_end < start_2a < start < signature  # in form order: 2A, then 2C
    assert int(ws.print_area.rsplit("$", 1)[-1]) > signature
    # A boxed table with a bold header, its points as numbers.
    header = ws.cell(start + 1, 1)
    assert header.font.b and header.border.left.style == "thin"
    assert ws.cell(start + 2, 1).border.bottom.style == "thin"


def test_the_criteria_table_follows_the_year_rules_and_is_in_the_printout(
        demo_db: Database, today: dt.date) -> None:
    report = build_report(demo_db, 2026, "year-end", today=today)
    (appendix,) = report.sheets[0].table.appendices
    year_rules = rules.rules_for_year(demo_db, 2026)
    assert [r["name"] for r in appendix.rows] == [c.name for c in year_rules.criteria]
    assert appendix.totals == {"max": year_rules.max_total}
    html = printable.report_html(report.header, report.sheets)
    assert "Tiêu chí chấm điểm năm 2026" in html and html.index("Tiêu chí chấm điểm") < html.index("Nơi nhận:")


def test_a_year_without_points_prints_no_criteria_table(demo_db: Database, today: dt.date) -> None:
    rules.set_rules(demo_db, 2026, rules.preset("124"))
    report = build_report(demo_db, 2026, "year-end", today=today)
    assert report.sheets[0].table.appendices == ()


def test_a_list_of_two_forms_shows_the_union_of_criteria_and_blanks_the_other_forms(
        demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    rules.set_rules(demo_db, 2026, rules.preset("366-2C"))
    rated = [p.person for org in yearend.score(demo_db, 2026) for p in org.people if p.status != NOT_RATED]
    leader = next(p for p in rated if p.form == "2A")
    farmer = next(p for p in rated if p.form == "2C")
    yearend.set_points(demo_db, 2026, farmer.person_id, {"chinh_tri": 18, "tu_phe_binh": 9, "nhiem_vu_chi_bo": 36,
                                                         "hoc_tap": 13.5, "phong_trao": 14})
    path = export_report(demo_db, 2026, "year-end", tmp_path / "year-end.xlsx", today=today)
    ws = load_workbook(path)["Xếp loại cuối năm"]
    header_row = next(c.row for row in ws.iter_rows() for c in row if c.value == "Họ và tên")
    header = shown_row(ws, header_row)
    criteria = header[3:10]
    assert criteria == ["Tiêu chí chung (tối đa 30)", "Kết quả thực hiện nhiệm vụ (tối đa 70)",
                        "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật (tối đa 20)",
                        "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm (tối đa 10)",
                        "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công (tối đa 40)",
                        "Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ (tối đa 15)",
                        "Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi) (tối đa 15)"]
    assert header[10] == "Tổng điểm"
    rows = {values[1]: values for r in range(header_row + 1, ws.max_row + 1)
            if len(values := shown_row(ws, r)) > 10}
    assert rows[farmer.name][3:11] == [None, None, 18, 9, 36, 13.5, 14, 90.5]
    stored = leader.points
    assert rows[leader.name][3:5] == [stored.get("chung"), stored.get("nhiem_vu")]
    assert rows[leader.name][5:10] == [None] * 5
