"""The Chấm điểm sheet with people of several forms (2A/2B/2C) whose criteria tables differ."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import rules, yearend
from desktop.core.scoring import NOT_RATED
from desktop.excel.importing import importer
from desktop.excel.reports.exchange import export_exchange
from tests.excel.test_exchange_roundtrip import visible_sheets

APPENDIX_5 = {"chinh_tri": 18, "tu_phe_binh": 9, "nhiem_vu_chi_bo": 36, "hoc_tap": 13.5, "phong_trao": 14}


@pytest.fixture
def mixed(demo_db: Database) -> dict[str, yearend.PersonYearInput]:
    """The demo in 2026 under 366-2C: leaders (2A) on the 30 + 70 table, the others (2C) on Phụ lục 5."""
    rules.set_rules(demo_db, 2026, rules.preset("366-2C"))
    rated = [p.person for org in yearend.score(demo_db, 2026) for p in org.people if p.status != NOT_RATED]
    farmer = next(p for p in rated if p.form == "2C")
    yearend.set_points(demo_db, 2026, farmer.person_id, APPENDIX_5)
    return {"leader": next(p for p in rated if p.form == "2A"), "farmer": farmer}


def test_mixed_forms_round_trip_through_the_exchange_workbook(tmp_path: Path, demo_db: Database, mixed) -> None:
    first = export_exchange(demo_db, 2026, tmp_path / "mau-1.xlsx")
    sheet = visible_sheets(first)["Chấm điểm"]
    header = sheet[0]
    assert header[6] == "Mẫu"  # which table each row follows
    assert header[7:14] == [
        "Tiêu chí chung (tối đa 30)", "Kết quả thực hiện nhiệm vụ (tối đa 70)",
        "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật (tối đa 20)",
        "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm (tối đa 10)",
        "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công (tối đa 40)",
        "Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ (tối đa 15)",
        "Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi) (tối đa 15)"]
    rows = {row[2]: row for row in sheet[1:]}
    assert rows[mixed["farmer"].name][6:14] == ["2C", "", "", 18, 9, 36, 13.5, 14]
    leader = rows[mixed["leader"].name]
    assert leader[6] == "2A" and leader[9:14] == [""] * 5
    assert leader[7:9] == [mixed["leader"].points.get("chung", ""), mixed["leader"].points.get("nhiem_vu", "")]
    # Into the file of a chi bộ that took the same rule set from the đảng ủy: the same sheets come back.
    fresh = dbmod.open_db(tmp_path / "moi.sqlite", create=True)
    rules.set_rules(fresh, 2026, rules.preset("366-2C"))
    result = importer.apply(fresh, importer.analyse(first))
    assert result.errors == [], [str(e) for e in result.errors[:5]]
    second = export_exchange(fresh, 2026, tmp_path / "mau-2.xlsx")
    fresh.close()
    assert visible_sheets(second)["Chấm điểm"] == sheet
    again = importer.apply(demo_db, importer.analyse(first))
    assert again.errors == [] and (again.added, again.updated) == (0, 0)


def test_a_point_for_another_forms_criterion_is_refused_by_row_and_column(tmp_path: Path, demo_db: Database,
                                                                          mixed) -> None:
    path = export_exchange(demo_db, 2026, tmp_path / "mau.xlsx")
    book = load_workbook(path)
    ws = book["Chấm điểm"]
    row = next(c.row for c in ws["C"] if c.value == mixed["leader"].name)
    column = next(c.column_letter for c in ws[1] if str(c.value).startswith("Học tập, quán triệt"))
    ws[f"{column}{row}"] = 12
    ws[f"H{row}"] = 25  # a good point in the same row: not written either
    book.save(path)
    before = demo_db.execute("SELECT person_id, criterion, points FROM scores ORDER BY 1, 2").fetchall()
    result = importer.apply(demo_db, importer.analyse(path))
    messages = [str(e) for e in result.errors]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"Tệp «mau.xlsx», trang «Chấm điểm», dòng {row}, cột {column} (Học tập")
    assert (f"«{mixed['leader'].name}» dùng Mẫu 2A năm 2026: tiêu chí «Học tập, quán triệt nghị quyết; tham gia "
            "ý kiến trong sinh hoạt chi bộ» không thuộc bảng tiêu chí Mẫu 2A. Hãy để trống ô này") in messages[0]
    assert demo_db.execute("SELECT person_id, criterion, points FROM scores ORDER BY 1, 2").fetchall() == before


def test_the_mau_column_changes_a_persons_form_and_their_points_follow_it(tmp_path: Path, demo_db: Database,
                                                                         mixed) -> None:
    path = export_exchange(demo_db, 2026, tmp_path / "mau.xlsx")
    book = load_workbook(path)
    ws = book["Chấm điểm"]
    headers = {c.value: c.column_letter for c in ws[1]}
    row = next(c.row for c in ws["C"] if c.value == mixed["leader"].name)
    ws[f"{headers['Mẫu']}{row}"] = "Mẫu 2c"  # as a clerk may write it
    for title, value in (("Tiêu chí chung (tối đa 30)", None), ("Kết quả thực hiện nhiệm vụ (tối đa 70)", None),
                         ("Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ (tối đa 15)", 12)):
        ws[f"{headers[title]}{row}"] = value
    other = next(c.row for c in ws["C"] if c.value == mixed["farmer"].name)
    ws[f"{headers['Mẫu']}{other}"] = "2D"
    book.save(path)
    refused = importer.apply(demo_db, importer.analyse(path))
    assert [str(e) for e in refused.errors] == [
        f"Tệp «mau.xlsx», trang «Chấm điểm», dòng {other}, cột {headers['Mẫu']} (Mẫu): “2D” không phải mẫu kiểm "
        "điểm; hãy ghi 2A, 2B hoặc 2C."]
    assert yearend.person_form(demo_db, 2026, mixed["leader"].person_id) == "2A"  # nothing written
    ws[f"{headers['Mẫu']}{other}"] = "2C"
    book.save(path)
    result = importer.apply(demo_db, importer.analyse(path))
    assert result.errors == [], [str(e) for e in result.errors]
    assert yearend.person_form(demo_db, 2026, mixed["leader"].person_id) == "2C"
    assert yearend.year_entries(demo_db, 2026, mixed["leader"].person_id).points["hoc_tap"] == 12
