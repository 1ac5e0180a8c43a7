"""The exchange workbook carries each đảng bộ / chi bộ's year rating; an older workbook without it still imports."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import collectives, units
from desktop.core import db as dbmod
from desktop.core.collectives import Rating
from desktop.core.newfile import initialise
from desktop.excel.importing import importer
from desktop.excel.raw_data import read_raw_data
from desktop.excel.reports.exchange import export_exchange
from desktop.excel.safe_save import save_workbook
from tests.excel.test_exchange_roundtrip import visible_sheets

SHEET = "Xếp loại tập thể"


def stored(db: Database) -> list[tuple]:
    return db.execute("SELECT u.name, r.year, r.level, r.exemplary, r.note FROM unit_ratings r "
                      "JOIN units u ON u.id = r.unit_id ORDER BY u.name, r.year").fetchall()


def rate(db: Database) -> None:
    dong = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    collectives.set_rating(db, 2026, dong, Rating("HTXSNV", True, "QĐ 20-QĐ/ĐU"),
                           {y: Rating("HTXSNV", True) for y in range(2022, 2026)})


def test_the_sheet_lists_every_unit_and_the_stored_run(tmp_path: Path, branch_db: Database) -> None:
    rate(branch_db)
    path = export_exchange(branch_db, 2026, tmp_path / "mau.xlsx")
    rows = visible_sheets(path)[SHEET]
    assert rows[0] == ["STT", "Năm", "Đảng bộ", "Chi bộ", "Mức xếp loại", "Tiêu biểu", "Ghi chú"]
    assert [r[1:] for r in rows[1:]] == [
        [2026, "Đảng bộ xã La Bằng", "", "", "", ""],
        [2026, "Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "", "", ""],
        *([y, "Đảng bộ xã La Bằng", "Chi bộ Xóm Đồng", "HTXSNV", "x", ""] for y in range(2022, 2026)),
        [2026, "Đảng bộ xã La Bằng", "Chi bộ Xóm Đồng", "HTXSNV", "x", "QĐ 20-QĐ/ĐU"],
    ]
    assert read_raw_data(path).tables["collectives"][-1] == {
        "year": 2026, "committee": "Đảng bộ xã La Bằng", "unit": "Chi bộ Xóm Đồng", "unit_level": "HTXSNV",
        "exemplary": "x", "note": "QĐ 20-QĐ/ĐU"}


def test_a_dang_uy_consolidating_its_chi_bo_receives_the_rating_and_its_run(tmp_path: Path,
                                                                             branch_db: Database) -> None:
    rate(branch_db)
    path = export_exchange(branch_db, 2026, tmp_path / "chi-bo-xom-dong.xlsx")
    committee = dbmod.open_db(tmp_path / "dang-uy.sqlite", create=True)
    try:
        initialise(committee, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"], 2026, place="La Bằng")
        result = importer.apply(committee, importer.analyse(path))
        assert result.errors == [], [str(e) for e in result.errors]
        assert result.by_sheet[SHEET].added == 5
        assert stored(committee) == [*(("Chi bộ Xóm Đồng", y, "HTXSNV", 1, None) for y in range(2022, 2026)),
                                     ("Chi bộ Xóm Đồng", 2026, "HTXSNV", 1, "QĐ 20-QĐ/ĐU")]
        dong = units.find_by_name(committee, "Chi bộ Xóm Đồng")[0].id
        assert "5 năm liền (2022–2026)" in collectives.collective(committee, 2026, dong).awards[1]
        # Importing the same workbook again changes nothing.
        again = importer.apply(committee, importer.analyse(path))
        assert (again.by_sheet[SHEET].added, again.by_sheet[SHEET].updated) == (0, 0)
    finally:
        committee.close()


def test_an_older_workbook_without_the_sheet_still_imports(tmp_path: Path, branch_db: Database) -> None:
    from desktop.core import people
    unit = units.find_by_name(branch_db, "Chi bộ Xóm Đồng")[0].id
    people.add_person(branch_db, {"full_name": "Nguyễn Văn An", "unit_id": unit})
    path = export_exchange(branch_db, 2026, tmp_path / "cu.xlsx")
    wb = load_workbook(path)
    del wb[SHEET]  # as the program wrote it before the collectives' rating existed
    save_workbook(wb, path)
    fresh = dbmod.open_db(tmp_path / "moi.sqlite", create=True)
    try:
        result = importer.apply(fresh, importer.analyse(path))
        assert result.errors == [] and result.added == 1
        assert SHEET not in result.by_sheet and stored(fresh) == []
    finally:
        fresh.close()


def test_tieu_bieu_without_htxsnv_is_refused_with_its_place_and_nothing_is_written(tmp_path: Path,
                                                                                    branch_db: Database) -> None:
    path = export_exchange(branch_db, 2026, tmp_path / "mau.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws["E3"], ws["F3"] = "Hoàn thành tốt nhiệm vụ", "x"  # Chi bộ Xóm Bãi
    ws["E4"] = "HTXSNV"  # Chi bộ Xóm Đồng: fine alone, but the import is one change
    save_workbook(wb, path)
    result = importer.apply(branch_db, importer.analyse(path))
    assert [str(e) for e in result.errors] == [
        "Tệp «mau.xlsx», trang «Xếp loại tập thể», dòng 3, cột F (Tiêu biểu): Chi bộ Xóm Bãi năm 2026: chỉ tập thể "
        "được xếp loại Hoàn thành xuất sắc nhiệm vụ mới được chọn là tiêu biểu (đang là Hoàn thành tốt nhiệm vụ). "
        "Hãy bỏ đánh dấu “Tiêu biểu” hoặc chọn mức Hoàn thành xuất sắc nhiệm vụ."]
    assert stored(branch_db) == []


def test_a_sheet_typed_by_hand_with_the_committees_words(tmp_path: Path, branch_db: Database) -> None:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp loại chi bộ"
    ws.append(["XẾP LOẠI TỔ CHỨC ĐẢNG NĂM 2025"])
    ws.append([])
    ws.append(["TT", "Năm", "Tên chi bộ", "Xếp loại", "Tiêu biểu"])
    ws.append([1, 2025, "Xóm Đồng", "Hoàn thành xuất sắc nhiệm vụ", "x"])
    ws.append([2, 2025, "Chi bộ Xóm Bãi", "HTNV", None])
    path = tmp_path / "tay.xlsx"
    wb.save(path)
    result = importer.apply(branch_db, importer.analyse(path))
    assert result.errors == [], [str(e) for e in result.errors]
    assert stored(branch_db) == [("Chi bộ Xóm Bãi", 2025, "HTNV", 0, None),
                                 ("Chi bộ Xóm Đồng", 2025, "HTXSNV", 1, None)]
