"""The hidden raw-data sheet: what `consolidate` reads back from a branch's export."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from desktop.excel import raw_data
from desktop.excel.errors import ExcelUserError, NotAnExcelFile, RawDataMissing
from desktop.excel.raw_data import RAW_SHEET, attach_raw_data, read_raw_data
from desktop.excel.safe_save import save_workbook

META = {"unit": "Chi bộ xóm Đồng", "year": 2026, "schema_version": 1, "kind": "registrations"}


def people(count: int) -> list[dict[str, Any]]:
    return [
        {
            "name": f"Nguyễn Thị Hương {i}",
            "born": dt.date(1970, 1 + i % 12, 1 + i % 28),
            "deed": "Giữ gìn vệ sinh môi trường xóm",
            "points": 85.5 + i % 3,
            "cccd": f"{i:012d}",
            "note": None,
        }
        for i in range(count)
    ]


def export(
    tmp_path: Path, tables: dict[str, list[dict[str, Any]]], name: str = "xuat.xlsx"
) -> Path:
    wb = Workbook()
    wb.active["A1"] = "Báo cáo"
    attach_raw_data(wb, dict(META), tables)
    path = tmp_path / name
    save_workbook(wb, path)
    return path


def tamper(path: Path, edit: Any) -> None:
    wb = load_workbook(path)
    edit(wb[RAW_SHEET])
    wb.save(path)


def last_row_record(ws: Any) -> int:
    """The sheet row of the last table row (the counts and the checksum follow the rows)."""
    return max(cell.row for cell in ws["A"] if cell.value == "row")


def test_rows_come_back_exactly(tmp_path: Path) -> None:
    rows = people(5)
    rows[0]["deed"] = "=SUM(A1)"
    rows[1]["deed"] = "Ghi chú rất dài " * 5000  # 80,000 characters: several cells
    rows[2]["deed"] = "Dòng 1\nDòng 2\t😀 \x01"
    tables = {"registrations": rows, "collective": []}
    found = read_raw_data(export(tmp_path, tables))

    assert found.checksum_ok and found.problem is None
    assert set(found.tables) == {"registrations", "collective"}
    assert found.tables["collective"] == []
    back = found.tables["registrations"]
    assert [r["deed"] for r in back] == [r["deed"] for r in rows]
    assert back[0]["born"] == "1970-01-01"  # dates come back as ISO text
    assert back[3]["cccd"] == "000000000003" and back[3]["note"] is None
    assert back[4]["points"] == 86.5


def test_meta_names_unit_year_versions_kind_and_time(tmp_path: Path) -> None:
    meta = read_raw_data(export(tmp_path, {"registrations": people(1)})).meta
    assert {k: meta[k] for k in META} == META
    assert meta["program_version"]
    assert dt.datetime.fromisoformat(meta["exported_at"]).tzinfo is not None


def test_sheet_is_very_hidden_and_protected(tmp_path: Path) -> None:
    wb = load_workbook(export(tmp_path, {"registrations": people(2)}))
    sheet = wb[RAW_SHEET]
    assert sheet.sheet_state == "veryHidden"
    assert sheet.protection.sheet
    assert wb.active.title != RAW_SHEET
    assert all(
        cell.data_type != "f" for row in sheet.iter_rows() for cell in row if cell.value is not None
    )


def test_edited_row_is_detected(tmp_path: Path) -> None:
    path = export(tmp_path, {"registrations": people(3)})

    def raise_points(ws: Any) -> None:
        cell = next(c for row in ws.iter_rows() for c in row if "85.5" in str(c.value))
        cell.value = str(cell.value).replace("85.5", "95.5")

    tamper(path, raise_points)
    found = read_raw_data(path)
    assert not found.checksum_ok
    assert found.problem and "xuat.xlsx" in found.problem
    assert found.tables["registrations"][0]["points"] == 95.5


def test_deleted_row_is_detected(tmp_path: Path) -> None:
    path = export(tmp_path, {"registrations": people(3)})
    tamper(path, lambda ws: ws.delete_rows(last_row_record(ws)))
    found = read_raw_data(path)
    assert not found.checksum_ok and "thiếu hoặc thừa dòng" in (found.problem or "")


def test_broken_json_is_reported_not_raised(tmp_path: Path) -> None:
    path = export(tmp_path, {"registrations": people(3)})
    tamper(path, lambda ws: setattr(ws.cell(last_row_record(ws), 3), "value", '{"name": "Nguy'))
    found = read_raw_data(path)
    assert not found.checksum_ok and len(found.tables["registrations"]) == 2


def test_workbook_without_raw_data_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "tu_lam.xlsx"
    Workbook().save(path)
    with pytest.raises(RawDataMissing) as caught:
        read_raw_data(path)
    assert isinstance(caught.value, ExcelUserError)
    assert "tu_lam.xlsx" in caught.value.message


def test_not_an_excel_file(tmp_path: Path) -> None:
    path = tmp_path / "danh_sach.xlsx"
    path.write_text("Họ và tên;Chi bộ\n", encoding="utf-8")
    with pytest.raises(NotAnExcelFile):
        read_raw_data(path)
    with pytest.raises(NotAnExcelFile):
        read_raw_data(tmp_path / "khong_co.xlsx")


def test_meta_must_say_what_the_export_is() -> None:
    with pytest.raises(ValueError, match="kind"):
        attach_raw_data(Workbook(), {"unit": "x", "year": 2026, "schema_version": 1}, {})


def test_attaching_twice_keeps_one_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    attach_raw_data(wb, dict(META), {"registrations": people(1)})
    attach_raw_data(wb, dict(META), {"registrations": people(2)})
    assert wb.sheetnames.count(RAW_SHEET) == 1
    path = tmp_path / "hai_lan.xlsx"
    save_workbook(wb, path)
    assert len(read_raw_data(path).tables["registrations"]) == 2


def test_cells_stay_under_excels_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"deed": "😀" * 40_000}]  # outside the BMP: two UTF-16 units each
    wb = load_workbook(export(tmp_path, {"registrations": rows}))
    lengths = [
        len(str(c.value).encode("utf-16-le")) // 2
        for row in wb[RAW_SHEET].iter_rows()
        for c in row
        if c.value is not None
    ]
    assert max(lengths) <= 32_767
    assert raw_data.CHUNK_CHARS * 2 <= 32_767


def test_ten_thousand_rows_round_trip_quickly(tmp_path: Path) -> None:
    rows = people(10_000)
    start = time.perf_counter()
    found = read_raw_data(export(tmp_path, {"registrations": rows}))
    assert time.perf_counter() - start < 15
    assert found.checksum_ok and len(found.tables["registrations"]) == 10_000
