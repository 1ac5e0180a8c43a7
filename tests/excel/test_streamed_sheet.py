"""The streamed sheet writes the cells openpyxl's own write-only sheet writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from desktop.excel.streamed_sheet import create_streamed_sheet, style_id

TEXTS = ["Nguyễn Văn An", "  lề trái", "lề phải ", "a & b < c > d", "dòng một\r\ndòng hai", "", "\u3000toàn khoảng"]


def _styled_cell(wb: Workbook, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(wb.worksheets[0], value)
    cell.font = Font(name="Times New Roman", size=12, bold=True)
    cell.border = Border(left=Side(style="thin"), bottom=Side(style="thin"))
    cell.alignment = Alignment(horizontal="center", wrap_text=True)
    cell.number_format = "#,##0"
    return cell


def _cells(path: Path) -> dict[str, tuple]:
    ws = load_workbook(path).worksheets[0]
    return {c.coordinate: (c.value, c.data_type, c.font.b, c.border.left.style, c.alignment.horizontal,
                           c.number_format, c.quotePrefix)
            for row in ws.iter_rows() for c in row if c.value is not None or c.has_style}


def test_a_streamed_sheet_holds_what_openpyxl_writes(tmp_path: Path) -> None:
    date_cell_values = [dt.date(2025, 12, 31), dt.datetime(2026, 1, 2, 8, 30), True, 12.5, -3, 10**15]
    # openpyxl's own write-only sheet
    plain = Workbook(write_only=True)
    ws = plain.create_sheet("Trang")
    ws.append(["Tiêu đề", None, 7, *TEXTS])
    ws.append([_styled_cell(plain, v) for v in [*TEXTS, 42, 3.25, None]])
    ws.append(date_cell_values)
    quoted = WriteOnlyCell(ws, "=SUM(A1)")
    quoted.data_type = "s"
    ws.append([quoted])
    plain.save(tmp_path / "plain.xlsx")

    streamed = Workbook(write_only=True)
    sheet = create_streamed_sheet(streamed, "Trang")
    sheet.append(["Tiêu đề", None, 7, *TEXTS])
    sid = style_id(streamed, _styled_cell(streamed, None)._style)
    sheet.write_row({n: (sid, v) for n, v in enumerate([*TEXTS, 42, 3.25, None], start=1)}, 31.8)
    sheet.append(date_cell_values)
    quoted = WriteOnlyCell(sheet, "=SUM(A1)")
    quoted.data_type = "s"
    sheet.append([quoted])
    streamed.save(tmp_path / "streamed.xlsx")

    assert _cells(tmp_path / "streamed.xlsx") == _cells(tmp_path / "plain.xlsx")
    assert load_workbook(tmp_path / "streamed.xlsx").worksheets[0].row_dimensions[2].height == 31.8


def test_a_streamed_sheet_with_no_rows_is_a_valid_sheet(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    create_streamed_sheet(wb, "Trống")
    wb.save(tmp_path / "empty.xlsx")
    assert load_workbook(tmp_path / "empty.xlsx").sheetnames == ["Trống"]
