"""A messy commune list comes in right the first time, and says what it changed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sqlite_utils import Database

from desktop.excel.importing import importer
from tests.excel.import_builders import messy_member_list, write_xlsx


def _people(db: Database) -> dict[str, tuple]:
    rows = db.execute(
        "SELECT p.full_name, p.gender, p.birth_date, u.name, p.cccd, p.phone "
        "FROM people p JOIN units u ON u.id = p.unit_id").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_analysis_finds_the_header_under_the_titles_and_maps_every_column(tmp_path: Path) -> None:
    plan = importer.analyse(messy_member_list(tmp_path / "ds.xlsx"))
    assert plan.ok, plan.errors
    (sheet,) = plan.sheets
    assert (sheet.name, sheet.kind, sheet.header_row, sheet.first_data_row) == ("DS 2026", "members", 4, 5)
    mapped = {c.letter: (c.field, c.source) for c in sheet.columns}
    assert mapped == {
        "A": (None, "row_number"), "B": ("full_name", "recognised"), "C": ("gender", "recognised"),
        "D": ("birth_date", "recognised"), "E": ("unit", "recognised"), "F": ("cccd", "recognised"),
        "G": ("phone", "recognised"), "H": (None, "unknown"),
    }
    assert [r.row for r in sheet.records] == [5, 7, 8, 9]  # blank lines and the total row skipped


def test_messy_list_imports_with_unicode_names_dates_and_leading_zeros(tmp_path: Path, branch_db: Database) -> None:
    result = importer.apply(branch_db, importer.analyse(messy_member_list(tmp_path / "ds.xlsx")))
    assert result.errors == []
    assert (result.added, result.updated, result.unchanged) == (4, 0, 0)
    assert _people(branch_db) == {
        "Nguyễn Văn An": ("nam", "1980-03-05", "Chi bộ Xóm Đồng", "001080012345", "0912345678"),
        "Trần Thị Bình": ("nu", "1979-05-25", "Chi bộ Xóm Bãi", "001080012346", "0987654321"),
        "Lê Văn Cường": ("nam", "1975-01-02", "Chi bộ Xóm Đồng", None, None),
        "Phạm Thị Dung": ("nu", "1990-12-31", "Chi bộ Xóm Đồng", None, None),
    }
    for name in _people(branch_db):
        assert unicodedata.is_normalized("NFC", name)


def test_summary_lists_conversions_padding_and_ignored_columns(tmp_path: Path, branch_db: Database) -> None:
    plan = importer.analyse(messy_member_list(tmp_path / "ds.xlsx"))
    result = importer.apply(branch_db, plan)
    assert result.conversions == {"tcvn3": 1, "vni": 1}
    texts = [str(w) for w in result.warnings]
    assert any("cột H (Que quan)" not in t and "bỏ qua các cột không dùng đến: H «Que quan»" in t for t in texts)
    assert any("cột F (So CCCD)" in t and "1 số CCCD" in t for t in texts)
    assert any("cột G (SĐT)" in t and "1 số điện thoại" in t for t in texts)
    assert any("TCVN3" in t and "cột B (ho ten)" in t for t in texts)
    assert any("VNI" in t for t in texts)
    samples = {(s.before, s.after, s.encoding, s.place.row) for s in plan.sheets[0].samples}
    assert ("Lª V¨n C\xadêng", "Lê Văn Cường", "tcvn3", 8) in samples
    assert ("Phaïm Thò Dung", "Phạm Thị Dung", "vni", 9) in samples


def test_a_bad_date_is_marked_on_its_cell_in_the_preview(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", {"DS": [
        ["Họ và tên", "Ngày sinh", "Chi bộ"],
        ["Nguyễn Văn An", "31/02/1980", "Xóm Đồng"],
        ["Trần Thị Bình", "2999-01-01", "Xóm Đồng"],
    ]})
    plan = importer.analyse(path)
    problems = {p.row: p.problems for p in plan.sheets[0].preview if p.problems}
    assert list(problems[2]) == [1] and "ngày có thật" in problems[2][1]
    assert list(problems[3]) == [1] and "tương lai" in problems[3][1]
    assert [str(e.place) for e in plan.errors] == [
        "Tệp «ds.xlsx», trang «DS», dòng 2, cột B (Ngày sinh)",
        "Tệp «ds.xlsx», trang «DS», dòng 3, cột B (Ngày sinh)",
    ]


def test_group_title_rows_give_the_chi_bo_when_there_is_no_unit_column(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", {"Sheet1": [
        ["TT", "Họ và tên", "Ngày sinh"],
        ["I. Chi bộ Xóm Đồng"],
        [1, "Nguyễn Văn An", "05/03/1980"],
        ["II. Chi bộ Xóm Bãi"],
        [1, "Trần Thị Bình", "25/05/1979"],
    ]})
    result = importer.apply(branch_db, importer.analyse(path))
    assert result.errors == []
    assert {k: v[2] for k, v in _people(branch_db).items()} == {
        "Nguyễn Văn An": "Chi bộ Xóm Đồng", "Trần Thị Bình": "Chi bộ Xóm Bãi"}


def test_signature_block_under_the_list_is_not_imported(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", {"Sheet1": [
        ["Họ và tên", "Chi bộ"],
        ["Nguyễn Văn An", "Xóm Đồng"],
        [],
        ["T/M CHI BỘ"],
        ["BÍ THƯ"],
        ["Hoàng Văn Thụ", None],
    ]})
    result = importer.apply(branch_db, importer.analyse(path))
    assert list(_people(branch_db)) == ["Nguyễn Văn An"]
    assert result.added == 1


def test_split_family_and_given_name_columns_are_joined(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", {"Sheet1": [
        ["STT", "Họ và đệm", "Tên", "Ngày sinh", "Chi bộ"],
        [1, "Nguyễn Văn", "An", "05/03/1980", "Xóm Đồng"],
    ]})
    importer.apply(branch_db, importer.analyse(path))
    assert list(_people(branch_db)) == ["Nguyễn Văn An"]


def test_unknown_sheets_are_listed_and_ignored(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", {
        "Đảng viên": [["Họ và tên", "Chi bộ"], ["Nguyễn Văn An", "Xóm Đồng"]],
        "Thống kê": [["Mục", "Số"], ["Đảng viên", 46]],
        "Trống": [],
    })
    plan = importer.analyse(path)
    assert [s.name for s in plan.sheets] == ["Đảng viên"]
    assert {s.name for s in plan.ignored} == {"Thống kê", "Trống"}
    assert any(w.place.sheet == "Thống kê" and "bỏ qua" in w.message for w in plan.warnings)


def test_equal_cells_of_different_kinds_read_as_each_is_written(tmp_path: Path, branch_db: Database) -> None:
    """Each distinct cell is converted once per sheet; TRUE, 1 and "1" are three cells, not one."""
    path = write_xlsx(tmp_path / "ds.xlsx", {"DS": [
        ["Họ và tên", "Chi bộ", "Chức vụ", "Ngày sinh"],
        ["Nguyễn Văn An", "Chi bộ Xóm Đồng", True, 1968],
        ["Trần Thị Bình", "Chi bộ Xóm Đồng", 1, "1968"],
        ["Lê Văn Cường", "Chi bộ Xóm Đồng", "1", 1968.0],
        ["Phạm Thị Dung", "Chi bộ Xóm Đồng", True, "05/03/1968"],
        ["Hoàng Văn Em", "Chi bộ Xóm Đồng", 1, "32/13/1968"],  # the same bad cell twice: an error each time
        ["Đỗ Thị Giang", "Chi bộ Xóm Đồng", 1, "32/13/1968"],
    ]})
    plan = importer.analyse(path)
    assert [(e.place.row, e.place.column_letter) for e in plan.errors] == [(6, "D"), (7, "D")]
    result, skipped = importer.apply_good_rows(branch_db, plan)
    assert result.added == 4 and len(skipped) == 2
    stored = dict(branch_db.execute("SELECT full_name, position || ' ' || birth_date FROM people").fetchall())
    assert stored == {"Nguyễn Văn An": "x 1968", "Trần Thị Bình": "1 1968", "Lê Văn Cường": "1 1968",
                      "Phạm Thị Dung": "x 1968-03-05"}
