"""A commune's first list into a new data file (issue 10, "The first import of a real list").

Each workbook is built the way an office makes it: merged title rows,
two-row headers with merged group cells, names in capitals, dates known only
by year, a "Ð" (U+00D0) left by an old converter.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlite_utils import Database

from desktop.core import dates, newfile, people, units
from desktop.core.people import PersonFilter
from desktop.excel.importing import importer
from desktop.excel.importing.bad_rows import PROBLEM_HEADER, write_bad_rows
from tests.excel.import_builders import (
    branch_list_titled,
    commune_list,
    exchange_workbook,
    write_xlsx,
)


def _people(db: Database) -> dict[str, people.Person]:
    return {p.full_name: p for p in people.list_people(db, PersonFilter(), limit=500)}


def _tree(db: Database) -> list[tuple[str, str, str | None]]:
    by_id = {u.id: u for u in units.list_units(db)}
    return [(u.kind, u.name, by_id[u.parent_id].name if u.parent_id else None) for u in by_id.values()]


def test_a_commune_list_of_two_chi_bo_comes_into_an_empty_file_in_one_go(tmp_path: Path, empty_db: Database) -> None:
    plan = importer.analyse(commune_list(tmp_path / "ds.xlsx"))
    assert plan.ok, plan.errors
    assert plan.committee_hint == "Đảng bộ xã La Bằng"
    sheet = plan.sheets[0]
    assert (sheet.header_row, sheet.first_data_row) == (4, 6), "the Nam | Nữ row is a header, never a person"
    assert {c.letter: c.field for c in sheet.columns if c.field} == {
        "B": "full_name", "C": "birth_date_male", "D": "birth_date_female", "E": "unit",
        "F": "joined_date", "G": "official_date", "H": "note"}

    result = importer.apply(empty_db, plan)
    assert result.written and result.added == 24 and result.errors == []
    assert sorted(_tree(empty_db)) == [
        ("chi_bo", "Bản Nậm Ngá", "Đảng bộ xã La Bằng"), ("chi_bo", "Xóm Đồng", "Đảng bộ xã La Bằng"),
        ("dang_bo", "Đảng bộ xã La Bằng", None)]
    found = _people(empty_db)
    pau, en, bien = found["Lò Văn Pấu"], found["Lò Thị Én"], found["Quàng Văn Biên"]
    assert (pau.gender, pau.birth_date, pau.membership) == ("nam", "1968", "chinh_thuc")
    assert (en.gender, en.birth_date, en.joined_date, en.membership) == ("nu", "1972-04-03", "1995-03", None)
    assert (bien.birth_date, bien.joined_date, bien.official_date) == ("1959", "1985", "1986")
    assert dates.format_date(en.joined_date) == "03/1995" and dates.format_date(pau.birth_date) == "1968"
    assert "Đào Thị Hoa" in found, "Ð (U+00D0) became Đ"
    assert (found["Cà Văn Lả"].membership, found["Phạm Thị Dung"].membership) == ("du_bi", "du_bi")
    assert len(result.capitalised) == 24 and ("LÒ VĂN PẤU", "Lò Văn Pấu") in result.capitalised
    assert (result.inferred_membership, result.partial_dates) == (23, 14)
    lines = importer.conversion_lines(result)
    assert any("Đã đổi 24 họ tên viết hoa" in line and "LÒ VĂN PẤU → Lò Văn Pấu" in line for line in lines)
    assert any(line.startswith("14 ngày chỉ ghi năm hoặc tháng/năm") for line in lines)
    assert any("chính thức/dự bị cho 23 người" in line for line in lines)
    assert any("U+00D0" in w.message and "B9" in w.message for w in result.warnings)

    again = importer.apply(empty_db, importer.analyse(tmp_path / "ds.xlsx"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 24), "the same list again changes nothing"


def test_the_committee_given_for_an_empty_file_wins_over_none_on_the_page(tmp_path: Path, empty_db: Database) -> None:
    rows = [["DANH SÁCH ĐẢNG VIÊN NĂM 2026"], ["Họ và tên", "Chi bộ", "Ngày sinh"],
            ["Nguyễn Văn An", "Xóm Đồng", "1980"], ["Trần Thị Bình", "Xóm Bãi", "3/1979"]]
    plan = importer.analyse(write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}, merges={"DS": ["A1:C1"]}))
    refused = importer.apply(empty_db, plan)
    assert not refused.written and len(refused.errors) == 1
    assert "--committee" in refused.errors[0].message and "«Xóm Đồng», «Xóm Bãi»" in refused.errors[0].message
    result = importer.apply(empty_db, plan, committee="Đảng bộ xã Tân Lập")
    assert result.written and result.added == 2
    assert sorted(_tree(empty_db))[-1] == ("dang_bo", "Đảng bộ xã Tân Lập", None)


def test_a_file_created_with_one_chi_bo_takes_a_list_that_names_it(tmp_path: Path, empty_db: Database) -> None:
    """The typo rule looks at the file before the import: the first new name must not make the second a typo."""
    newfile.initialise(empty_db, "Đảng bộ xã La Bằng", [], 2026)
    result = importer.apply(empty_db, importer.analyse(commune_list(tmp_path / "ds.xlsx")))
    assert result.written and result.errors == []
    assert {name for kind, name, _ in _tree(empty_db) if kind == "chi_bo"} == {"Bản Nậm Ngá", "Xóm Đồng"}


def test_a_one_chi_bo_file_still_calls_an_unknown_name_a_typo(tmp_path: Path, empty_db: Database) -> None:
    newfile.initialise(empty_db, "Chi bộ Xóm Đồng", [], 2026)
    result = importer.apply(empty_db, importer.analyse(commune_list(tmp_path / "ds.xlsx")))
    assert not result.written
    assert all("Bản Nậm Ngá" in e.message and "chưa có trong tệp dữ liệu" in e.message for e in result.errors)
    assert len(result.errors) == 12


def test_a_list_without_a_chi_bo_column_takes_its_chi_bo_from_the_title(tmp_path: Path, empty_db: Database) -> None:
    plan = importer.analyse(branch_list_titled(tmp_path / "ds.xlsx"))
    assert (plan.unit_hint, plan.committee_hint) == ("Chi bộ Bản Nậm Ngá", "Đảng bộ xã Mường Phăng")
    result = importer.apply(empty_db, plan)
    assert result.written and result.added == 2
    assert sorted(_tree(empty_db)) == [("chi_bo", "Chi bộ Bản Nậm Ngá", "Đảng bộ xã Mường Phăng"),
                                       ("dang_bo", "Đảng bộ xã Mường Phăng", None)]
    assert _people(empty_db)["Lò Văn Pấu"].membership == "chinh_thuc"


def test_the_unit_given_overrides_the_title(tmp_path: Path, branch_db: Database) -> None:
    result = importer.apply(branch_db, importer.analyse(branch_list_titled(tmp_path / "ds.xlsx")), unit="Xóm Bãi")
    assert result.written
    assert {p.unit_name for p in _people(branch_db).values()} == {"Chi bộ Xóm Bãi"}


def test_names_in_capitals_can_be_kept_as_written(tmp_path: Path, empty_db: Database) -> None:
    result = importer.apply(empty_db, importer.analyse(commune_list(tmp_path / "ds.xlsx")), keep_capitals=True)
    assert "LÒ VĂN PẤU" in _people(empty_db)
    assert any(line == "Giữ nguyên 24 họ tên viết hoa toàn bộ như trong tệp." for line in importer.conversion_lines(result))


def test_a_second_import_matches_a_name_written_with_eth(tmp_path: Path, branch_db: Database) -> None:
    first = [["Họ và tên", "Chi bộ", "Năm sinh"], ["Đào Văn Dũng", "Xóm Đồng", 1970]]
    second = [["Họ và tên", "Chi bộ", "Năm sinh", "Điện thoại"], ["\u00d0ào Văn Dũng", "Xóm Đồng", "1970", "0912345678"]]
    importer.apply(branch_db, importer.analyse(write_xlsx(tmp_path / "a.xlsx", {"DS": first})))
    result = importer.apply(branch_db, importer.analyse(write_xlsx(tmp_path / "b.xlsx", {"DS": second})))
    assert (result.added, result.updated) == (0, 1), "the same person, not a second one"
    assert _people(branch_db)["Đào Văn Dũng"].phone == "0912345678"


def test_a_points_sheet_without_a_condition_column_warns_how_many_it_holds_back(
        tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "mau.xlsx", scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Kết quả thực hiện nhiệm vụ", "Kỷ luật",
         "Vượt yêu cầu ≥30%", "Khắc phục hạn chế"],
        [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", 28, 65.5, None, "x", "✓"],
        [2026, "Trần Thị Bình", "Chi bộ Xóm Bãi", 20, 50, None, None, None],
    ])
    result = importer.apply(branch_db, importer.analyse(path))
    assert result.written, result.errors
    warned = [w for w in result.warnings if "Hoàn thành 100% nhiệm vụ" in w.message]
    assert len(warned) == 1, "said once, for the one missing column"
    assert "1 người có từ 90 điểm trở lên chưa thể xếp HTXSNV" in warned[0].message
    assert warned[0].place.sheet == "Chấm điểm"


def test_good_rows_are_written_and_bad_ones_given_back(tmp_path: Path, branch_db: Database) -> None:
    rows = [["DANH SÁCH ĐẢNG VIÊN"], ["STT", "Họ và tên", "Chi bộ", "Ngày sinh"],
            [1, "Nguyễn Văn An", "Xóm Đồng", "05/03/1980"], [2, "Trần Thị Bình", "Xóm Bãi", "32/13/1979"],
            [3, "Nguyễn Văn An", "Xóm Đồng", "05/03/1980"], [4, "Phạm Thị Dung", "Xóm Bãi", "3/1990"]]
    source = write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}, merges={"DS": ["A1:D1"]})
    plan = importer.analyse(source)
    assert not plan.ok
    result, left_out = importer.apply_good_rows(branch_db, plan)
    assert result.written and result.added == 2
    assert sorted(_people(branch_db)) == ["Nguyễn Văn An", "Phạm Thị Dung"]
    assert sorted({i.place.row for i in left_out}) == [4, 5], "a bad date (reading) and a row twice (writing)"
    target = tmp_path / "loi.xlsx"
    assert write_bad_rows(plan, left_out, target) == 2
    ws = openpyxl.load_workbook(target).active
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    assert table[0] == ["STT", "Họ và tên", "Chi bộ", "Ngày sinh", PROBLEM_HEADER]
    assert table[1][:4] == [2, "Trần Thị Bình", "Xóm Bãi", "32/13/1979"] and "dòng 4" in table[1][4]
    assert "không phải ngày có thật" in table[1][4]
    assert table[2][:4] == [3, "Nguyễn Văn An", "Xóm Đồng", "05/03/1980"] and "trùng người với dòng 3" in table[2][4]
    again = importer.analyse(target)
    assert [r.values["full_name"] for r in again.sheets[0].records] == ["Nguyễn Văn An"], "the file reads back as a list"
