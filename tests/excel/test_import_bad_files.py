"""Files that are not workbooks, and invalid values: refused, named, nothing written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core.errors import UserError
from desktop.excel.importing import importer
from tests.excel.import_builders import (
    docx_renamed,
    encrypted_ooxml,
    exchange_workbook,
    far_cell,
    member_sheet,
    write_xlsx,
    zip_bomb,
)
from tests.excel.test_import_rules import snapshot


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _truncated(path: Path) -> Path:
    exchange_workbook(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_bytes(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


def _text_file(path: Path) -> Path:
    path.write_text("Họ và tên;Chi bộ\nNguyễn Văn An;Xóm Đồng\n", encoding="utf-8")
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (_empty, "tệp rỗng"),
    "truncated zip": (_truncated, "bị hỏng"),
    "docx renamed": (docx_renamed, "tệp Word"),
    "random bytes": (_random_bytes, "không phải tệp Excel"),
    "csv renamed": (_text_file, "không phải tệp Excel"),
    "zip bomb": (zip_bomb, "giải nén sẽ lớn bất thường"),
    "stray far cell": (far_cell, "dòng 1048576, cột 16384"),
    "password": (encrypted_ooxml, "mật khẩu"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_are_refused_with_a_message_naming_the_file(kind: str, tmp_path: Path) -> None:
    build, expected = BAD_FILES[kind]
    path = build(tmp_path / "danh-sach.xlsx")
    with pytest.raises(UserError) as caught:
        importer.analyse(path)
    assert "«danh-sach.xlsx»" in caught.value.message
    assert expected in caught.value.message


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="không tìm thấy"):
        importer.analyse(tmp_path / "khong-co.xlsx")


def _check_refused(db: Database, path: Path, sheet: str, row: int, column: str, words: str) -> None:
    before = snapshot(db)
    result = importer.apply(db, importer.analyse(path))
    assert not result.written
    assert any(
        (e.place.sheet, e.place.row, e.place.column_letter) == (sheet, row, column) and words in e.message
        for e in result.errors
    ), [str(e) for e in result.errors]
    assert snapshot(db) == before


def test_month_13_names_sheet_row_and_column(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", reviews=[
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức"],
        [2026, 1, "Nguyễn Văn An", "Xóm Đồng", "Tốt"],
        [2026, 13, "Trần Thị Bình", "Xóm Bãi", "Đạt"],
    ])
    _check_refused(branch_db, path, "Đánh giá tháng", 3, "B", "từ 1 đến 12")


def test_a_future_birth_date_is_refused(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", members=member_sheet(
        ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Nam"],
        ["Trần Thị Bình", "01/01/2990", "Xóm Bãi", "Nữ"],
    ))
    _check_refused(branch_db, path, "Đảng viên", 3, "B", "tương lai")


def test_an_unknown_review_level_is_refused(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", reviews=[
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức"],
        [2026, 2, "Nguyễn Văn An", "Xóm Đồng", "Xuất sắc lắm"],
    ])
    _check_refused(branch_db, path, "Đánh giá tháng", 2, "E", "Tốt (T), Đạt (Đ) hoặc Chưa đạt (C)")


def test_points_over_a_criterions_maximum_are_refused(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Kết quả thực hiện nhiệm vụ"],
        [2026, "Nguyễn Văn An", "Xóm Đồng", 31, 60],
    ])
    _check_refused(branch_db, path, "Chấm điểm", 2, "D", "vượt mức tối đa 30")


def test_a_column_that_is_no_criterion_of_the_year_is_refused(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Điểm thưởng"],
        [2026, "Nguyễn Văn An", "Xóm Đồng", 25, 5],
    ])
    _check_refused(branch_db, path, "Chấm điểm", 2, "E", "không phải tiêu chí của bộ quy định năm 2026")


def test_a_bad_cccd_is_refused_before_anything_is_written(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"DS": [
        ["Họ và tên", "Chi bộ", "CCCD"],
        ["Nguyễn Văn An", "Xóm Đồng", "0010800123"],
    ]})
    _check_refused(branch_db, path, "DS", 2, "C", "12 chữ số")


def test_a_named_exchange_sheet_without_a_header_is_an_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Đăng ký": [["việc 1"], ["việc 2"]]})
    plan = importer.analyse(path)
    (error,) = plan.errors
    assert error.place.sheet == "Đăng ký" and "dòng tiêu đề" in error.message


def test_a_workbook_with_no_list_says_what_a_list_needs(tmp_path: Path) -> None:
    plan = importer.analyse(write_xlsx(tmp_path / "x.xlsx", {"Sheet1": [["Tổng hợp"], [1, 2, 3]]}))
    (error,) = plan.errors
    assert "Họ và tên" in error.message and "«Sheet1»" in error.message
