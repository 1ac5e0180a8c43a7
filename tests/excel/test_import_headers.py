"""The header row is found under titles, in any wording, case and order."""

from __future__ import annotations

from desktop.excel.importing.headers import find_header, kind_for_sheet_name


def test_header_found_below_title_rows_with_synonyms_and_no_diacritics() -> None:
    rows = [
        ["DANH SÁCH ĐẢNG VIÊN"],
        [],
        ["", "stt", "HO TEN", "sinh ngày", "ĐƠN VỊ", "Quê quán"],
        ["", 1, "Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Thái Nguyên"],
    ]
    match = find_header(rows)
    assert match is not None
    assert (match.kind, match.row, match.data_start) == ("members", 2, 3)
    assert match.columns == {1: None, 2: "full_name", 3: "birth_date", 4: "unit", 5: None}
    assert match.row_numbers == {1}


def test_two_header_rows_and_a_numbering_row_are_understood() -> None:
    rows = [
        ["Họ và tên", "Ngày tháng năm", None, "Chi bộ"],
        [None, "Sinh", "Vào Đảng", None],
        ["(1)", "(2)", "(3)", "(4)"],
        ["Nguyễn Văn An", "05/03/1980", "01/02/2005", "Xóm Đồng"],
    ]
    match = find_header(rows)
    assert match is not None
    assert match.columns[1] == "birth_date"
    assert match.columns[2] == "joined_date"
    assert match.data_start == 3


def test_split_family_and_given_name_columns_count_as_a_name() -> None:
    match = find_header([["TT", "Họ và đệm", "Tên", "Năm sinh", "Chi bộ"]])
    assert match is not None
    assert {"family_name", "given_name"} <= set(match.columns.values())


def test_year_sheets_are_told_apart_by_their_columns() -> None:
    assert find_header([["Năm", "Tháng", "Họ tên", "Mức", "Biểu dương"]]).kind == "reviews"
    assert find_header([["Họ và tên", "Chi bộ", "Nội dung đăng ký"]]).kind == "deeds"
    assert find_header([["Họ và tên", "Kỷ luật", "Tiêu chí chung"]]).kind == "scores"


def test_a_sheet_without_a_name_column_is_not_a_list() -> None:
    assert find_header([["Mục", "Số lượng"], ["Đảng viên", 46]]) is None


def test_header_beyond_the_first_fifteen_rows_is_not_searched() -> None:
    rows = [["ghi chú"]] * 15 + [["Họ và tên", "Chi bộ"]]
    assert find_header(rows) is None


def test_exchange_sheet_names_in_any_spelling() -> None:
    assert kind_for_sheet_name("Đảng viên") == "members"
    assert kind_for_sheet_name("DANG KY") == "deeds"
    assert kind_for_sheet_name("Đánh giá tháng") == "reviews"
    assert kind_for_sheet_name("cham diem") == "scores"
    assert kind_for_sheet_name("Sheet1") is None
