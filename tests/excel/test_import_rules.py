"""The rules of an import: matching, idempotence, no blanking, one change, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from desktop.core import changes, newfile, people, yearend, years
from desktop.excel.importing import importer
from tests.excel.import_builders import exchange_workbook, member_sheet, write_xlsx


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table: what "nothing was written" is checked against."""
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'people_fts%'")]
    return {t: sorted(db.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}


def _list(tmp_path: Path, *rows: list[Any], header: list[str] | None = None, name: str = "ds.xlsx") -> Path:
    return write_xlsx(tmp_path / name, {"Đảng viên": member_sheet(*rows, header=header or
                                                                   ["Họ và tên", "Ngày sinh", "Chi bộ", "Giới tính"])})


def _import(db: Database, path: Path, **kwargs: Any) -> importer.ImportResult:
    return importer.apply(db, importer.analyse(path), **kwargs)


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "trao-doi.xlsx")
    first = _import(branch_db, path)
    assert first.errors == [] and first.added == 6
    before = snapshot(branch_db)
    second = _import(branch_db, path)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 6)
    assert snapshot(branch_db) == before


def test_reimport_does_not_blank_values(tmp_path: Path, branch_db: Database) -> None:
    header = ["Họ và tên", "Ngày sinh", "Chi bộ", "Điện thoại", "Số CCCD", "Chức vụ"]
    _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "0912345678",
                                        "001080012345", "Trưởng xóm"], header=header))
    again = _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", None, "Xóm Đồng", None, None, "Bí thư chi bộ"],
                                     header=header, name="b.xlsx"))
    assert (again.added, again.updated) == (0, 1)
    row = branch_db.execute("SELECT birth_date, phone, cccd, position FROM people").fetchone()
    assert row == ("1980-03-05", "0912345678", "001080012345", "Bí thư chi bộ")


def test_two_rows_for_one_person_are_an_error_naming_both_rows(tmp_path: Path, branch_db: Database) -> None:
    path = _list(tmp_path, ["Nguyễn Văn An", None, "Xóm Đồng"], ["Trần Thị Bình", None, "Xóm Đồng"],
                 ["Nguyễn Văn An", None, "Xóm Đồng"])
    before = snapshot(branch_db)
    result = _import(branch_db, path)
    (error,) = result.errors
    assert (error.place.sheet, error.place.row, error.place.column_letter) == ("Đảng viên", 4, "A")
    assert "dòng 2" in error.message and "ngày sinh" in error.message
    assert not result.written and snapshot(branch_db) == before


def test_ambiguous_match_with_stored_people_names_both(tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng"],
                             ["Nguyễn Văn An", "07/08/1990", "Xóm Đồng"]))
    before = snapshot(branch_db)
    result = _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", None, "Xóm Đồng", "Nam"], name="b.xlsx"))
    (error,) = result.errors
    assert "sinh 05/03/1980" in error.message and "sinh 07/08/1990" in error.message
    assert error.place.row == 2
    assert snapshot(branch_db) == before


def test_date_of_birth_tells_namesakes_apart(tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng"],
                             ["Nguyễn Văn An", "07/08/1990", "Xóm Đồng"]))
    result = _import(branch_db, _list(tmp_path, ["nguyen van an", "07/08/1990", "xom dong", "Nam"], name="b.xlsx"))
    assert (result.added, result.updated) == (0, 1)
    genders = dict(branch_db.execute("SELECT birth_date, gender FROM people").fetchall())
    assert genders == {"1980-03-05": None, "1990-08-07": "nam"}


def test_a_new_chi_bo_is_created_under_the_files_only_dang_bo(tmp_path: Path, branch_db: Database) -> None:
    result = _import(branch_db, _list(tmp_path, ["Nguyễn Văn An", None, "Chi bộ Xóm Mới"]))
    assert result.errors == []
    parent = branch_db.execute(
        "SELECT p.name FROM units u JOIN units p ON p.id = u.parent_id WHERE u.name = 'Chi bộ Xóm Mới'").fetchone()
    assert parent == ("Đảng bộ xã La Bằng",)
    assert any("Chi bộ mới «Chi bộ Xóm Mới» trong Đảng bộ xã La Bằng" in w.message for w in result.warnings)


def test_an_unknown_chi_bo_in_a_single_branch_file_is_an_error(tmp_path: Path, empty_db: Database) -> None:
    newfile.initialise(empty_db, "Chi bộ Trường THCS", [], 2026)
    before = snapshot(empty_db)
    result = _import(empty_db, _list(tmp_path, ["Nguyễn Văn An", None, "Trường Tiểu học"]))
    (error,) = result.errors
    assert error.place.column_letter == "C" and "chưa có trong tệp dữ liệu" in error.message
    assert "Chi bộ Trường THCS" in error.message
    assert snapshot(empty_db) == before


def test_a_list_without_a_chi_bo_column_goes_to_the_files_only_chi_bo(tmp_path: Path, empty_db: Database) -> None:
    newfile.initialise(empty_db, "Chi bộ Trường THCS", [], 2026)
    result = _import(empty_db, _list(tmp_path, ["Nguyễn Văn An", "05/03/1980"], header=["Họ tên", "Ngày sinh"]))
    assert result.added == 1
    assert empty_db.execute("SELECT u.name FROM people p JOIN units u ON u.id = p.unit_id").fetchone() == (
        "Chi bộ Trường THCS",)


def test_the_whole_import_is_one_undoable_change(tmp_path: Path, branch_db: Database) -> None:
    before = snapshot(branch_db)
    result = _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"))
    assert result.changeset is not None and result.changeset.label == "Nhập từ Excel: x.xlsx"
    assert {"people", "deeds", "reviews", "scores", "year_results"} <= result.changeset.tables
    changes.undo(branch_db, result.changeset)
    after = snapshot(branch_db)
    del after["audit_log"], before["audit_log"]
    assert after == before


def test_a_cancelled_import_writes_nothing(tmp_path: Path, branch_db: Database) -> None:
    before = snapshot(branch_db)
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 3

    result = _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"), cancelled=cancel)
    assert result.cancelled and not result.written
    assert snapshot(branch_db) == before


def test_progress_reaches_the_total(tmp_path: Path, branch_db: Database) -> None:
    seen: list[tuple[int, int]] = []
    _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (6, 6)


def test_a_locked_year_refuses_the_import(tmp_path: Path, branch_db: Database) -> None:
    years.lock_year(branch_db, 2026)
    before = snapshot(branch_db)
    result = _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"))
    assert result.errors and all("đã chốt sổ" in e.message for e in result.errors)
    assert {e.place.sheet for e in result.errors} == {"Đăng ký", "Đánh giá tháng", "Chấm điểm"}
    assert snapshot(branch_db) == before


def test_user_can_fix_a_column_mapping(tmp_path: Path, branch_db: Database) -> None:
    path = _list(tmp_path, ["Nguyễn Văn An", "Xóm Đồng", "03/02/2005"], header=["Họ và tên", "Chi bộ", "Ngày vô ĐV"])
    plan = importer.analyse(path)
    sheet = plan.sheets[0]
    assert sheet.columns[2].field is None and "Ngày vô ĐV" in str(plan.warnings)
    fixed = plan.with_mapping("Đảng viên", {2: "joined_date"})
    assert fixed.sheets[0].columns[2].source == "chosen"
    assert "Ngày vô ĐV" not in str(fixed.warnings)
    importer.apply(branch_db, fixed)
    assert branch_db.execute("SELECT joined_date FROM people").fetchone() == ("2005-02-03",)


def test_mapping_two_columns_to_one_field_is_an_error(tmp_path: Path) -> None:
    plan = importer.analyse(_list(tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Nam"]))
    broken = plan.with_mapping("Đảng viên", {3: "birth_date"})
    assert any("cột B và cột D" in e.message for e in broken.errors)
    with pytest.raises(ValueError):
        plan.with_mapping("Đảng viên", {3: "no_such_field"})


def test_year_sheets_land_in_deeds_reviews_and_points(tmp_path: Path, branch_db: Database) -> None:
    result = _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"))
    assert {n: vars(c) for n, c in result.by_sheet.items()} == {
        "Đảng viên": {"added": 2, "updated": 0, "unchanged": 0},
        "Đăng ký": {"added": 1, "updated": 0, "unchanged": 0},
        "Đánh giá tháng": {"added": 2, "updated": 0, "unchanged": 0},
        "Chấm điểm": {"added": 1, "updated": 0, "unchanged": 0},
    }
    assert branch_db.execute("SELECT content, outcome FROM deeds").fetchall() == [("Giữ đường làng sạch đẹp", "hoan_thanh")]
    assert sorted(branch_db.execute("SELECT month, level, commended FROM reviews").fetchall()) == [
        (1, "dat", 0), (1, "tot", 1)]
    assert dict(branch_db.execute("SELECT criterion, points FROM scores").fetchall()) == {"chung": 28, "nhiem_vu": 65.5}
    assert branch_db.execute("SELECT beyond_30, shortcomings_fixed, disciplined FROM year_results").fetchone() == (1, 1, 0)


def test_collective_deeds_and_free_text_results(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", deeds=[
        ["Năm", "Họ và tên", "Tập thể", "Chi bộ", "Nội dung đăng ký", "Kết quả", "Mô hình"],
        [2026, None, "Chi bộ", "Xóm Đồng", "Con đường hoa", "Đã trồng 300 m", "x"],
        [2026, "Nguyễn Văn An", None, "Xóm Đồng", "Đọc sách về Bác", "vượt mức", None],
    ])
    assert _import(branch_db, path).errors == []
    rows = branch_db.execute("SELECT collective, content, outcome, result, is_model FROM deeds ORDER BY id").fetchall()
    assert rows == [("Chi bộ", "Con đường hoa", None, "Đã trồng 300 m", 1),
                    (None, "Đọc sách về Bác", "vuot_muc", None, 0)]


def test_a_deed_for_someone_not_in_the_file_names_the_row(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", deeds=[
        ["Năm", "Họ và tên", "Chi bộ", "Nội dung đăng ký"],
        [2026, "Lê Văn Không Có", "Xóm Đồng", "Việc gì đó"],
    ])
    result = _import(branch_db, path)
    (error,) = result.errors
    assert (error.place.sheet, error.place.row, error.place.column_letter) == ("Đăng ký", 2, "B")
    assert "Lê Văn Không Có" in error.message and "trang Đảng viên" in error.message


def test_a_quan_chung_in_the_points_sheet_is_an_error(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(
        tmp_path / "x.xlsx",
        members=member_sheet(["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Quần chúng"],
                             header=["Họ và tên", "Ngày sinh", "Chi bộ", "Loại"]),
        reviews=[["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức"], [2026, 1, "Nguyễn Văn An", "Xóm Đồng", "Tốt"]],
    )
    result = _import(branch_db, path)
    (error,) = result.errors
    assert error.place.sheet == "Chấm điểm" and "quần chúng" in error.message


def test_people_module_finds_what_the_import_wrote(tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, exchange_workbook(tmp_path / "x.xlsx"))
    found = people.list_people(branch_db, people.PersonFilter(text="nguyen van an"))
    assert [p.full_name for p in found] == ["Nguyễn Văn An"]


def test_task_counts_of_the_2025_rules_import_and_reimport_unchanged(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", deeds=[
        ["Năm", "Họ và tên", "Chi bộ", "Nội dung đăng ký", "Kết quả"],
        [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", "Giữ đường làng sạch đẹp", "Hoàn thành trễ hạn"],
    ], scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Kết quả thực hiện nhiệm vụ", "Hoàn thành 100% nhiệm vụ",
         "Số nhiệm vụ được giao", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Không hoàn thành", "Vượt mức yêu cầu"],
        [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", 28, 63, "x", 8, 6, "1", None, 2],
    ])
    assert _import(branch_db, path).errors == []
    assert branch_db.execute("SELECT outcome FROM deeds").fetchone() == ("tre_han",)
    person_id = branch_db.execute("SELECT id FROM people WHERE full_name = 'Nguyễn Văn An'").fetchone()[0]
    facts = yearend.task_facts(branch_db, 2026, person_id)
    # 8 tasks, 6 on time, 1 late (the deed's and the sheet's), none not done, 2 beyond: 1 left without a result
    assert facts is not None and (facts.assigned, facts.on_time, facts.late, facts.not_done, facts.beyond) == (
        8, 6, 1, 0, 2)
    (result,) = yearend.score(branch_db, 2026)
    an = next(p for p in result.people if p.person.person_id == person_id)
    assert an.final_level is None and "1/8 việc chưa ghi kết quả" in an.reasons[-1]
    again = _import(branch_db, path)
    assert vars(again.by_sheet["Chấm điểm"]) == {"added": 0, "updated": 0, "unchanged": 1}


def test_task_counts_that_do_not_add_up_name_the_row(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Số nhiệm vụ được giao", "Hoàn thành đúng hạn"],
        [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", 28, 3, 5],
    ])
    before = snapshot(branch_db)
    result = _import(branch_db, path)
    assert any("nhiều hơn số nhiệm vụ được giao" in str(e) and "dòng 2" in str(e) for e in result.errors), result.errors
    assert snapshot(branch_db) == before
@pytest.mark.today("2027-03-01")
def test_rows_without_a_year_go_to_the_files_working_year_not_todays(tmp_path: Path, branch_db: Database) -> None:
    years.ensure_year(branch_db, 2025)
    years.set_working_year(branch_db, 2025)
    path = exchange_workbook(tmp_path / "x.xlsx", deeds=[
        ["Họ và tên", "Chi bộ", "Nội dung đăng ký"],
        ["Nguyễn Văn An", "Xóm Đồng", "Đọc sách về Bác"],
    ])
    assert _import(branch_db, path).errors == []
    assert branch_db.execute("SELECT DISTINCT year FROM deeds").fetchall() == [(2025,)]
