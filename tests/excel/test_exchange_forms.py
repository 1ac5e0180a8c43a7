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
    assert header[6:13] == [
        "Tiêu chí chung (tối đa 30)", "Kết quả thực hiện nhiệm vụ (tối đa 70)",
        "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật (tối đa 20)",
        "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm (tối đa 10)",
        "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công (tối đa 40)",
        "Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ (tối đa 15)",
        "Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi) (tối đa 15)"]
    rows = {row[2]: row for row in sheet[1:]}
    assert rows[mixed["farmer"].name][6:13] == ["", "", 18, 9, 36, 13.5, 14]
    leader = rows[mixed["leader"].name]
    assert leader[8:13] == [""] * 5 and leader[6:8] == [mixed["leader"].points.get("chung", ""),
                                                         mixed["leader"].points.get("nhiem_vu", "")]
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
    ws[f"G{row}"] = 25  # a good point in the same row: not written either
    book.save(path)
    before = demo_db.execute("SELECT person_id, criterion, points FROM scores ORDER BY 1, 2").fetchall()
    result = importer.apply(demo_db, importer.analyse(path))
    messages = [str(e) for e in result.errors]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"Tệp «mau.xlsx», trang «Chấm điểm», dòng {row}, cột {column} (Học tập")
    assert (f"«{mixed['leader'].name}» dùng Mẫu 2A năm 2026: tiêu chí «Học tập, quán triệt nghị quyết; tham gia "
            "ý kiến trong sinh hoạt chi bộ» không thuộc bảng tiêu chí Mẫu 2A. Hãy để trống ô này") in messages[0]
    assert demo_db.execute("SELECT person_id, criterion, points FROM scores ORDER BY 1, 2").fetchall() == before
