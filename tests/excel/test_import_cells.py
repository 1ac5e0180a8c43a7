"""Cell values as field files hold them become the values the program stores."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.excel.importing import cells
from desktop.excel.importing.cells import CellError


@pytest.mark.parametrize("value", [
    dt.date(1980, 3, 5), dt.datetime(1980, 3, 5, 0, 0), "05/03/1980", "5/3/1980", "05-03-1980",
    "05.03.1980", "1980-03-05", "5/3/80", 29285, 29285.0, "29285",
])
def test_every_usual_way_of_writing_a_date_reads_as_that_date(value: object) -> None:
    assert cells.to_date(value) == dt.date(1980, 3, 5)


def test_a_bare_year_is_refused_with_what_to_write() -> None:
    with pytest.raises(CellError, match="chỉ ghi năm 1980.*01/01/1980"):
        cells.to_date(1980)


@pytest.mark.parametrize("value", ["31/02/1980", "hôm qua", "13/13/2000", True])
def test_text_that_is_not_a_date_is_an_error_in_vietnamese(value: object) -> None:
    with pytest.raises(CellError) as caught:
        cells.to_date(value)
    assert "ngày" in caught.value.message


def test_empty_cells_are_no_value() -> None:
    assert cells.to_date("") is None
    assert cells.to_date("   ") is None
    assert cells.to_cccd("") == (None, False)


def test_cccd_stored_as_a_number_gets_its_leading_zeros_back() -> None:
    assert cells.to_cccd(1080012345) == ("001080012345", True)
    assert cells.to_cccd(1080012345.0) == ("001080012345", True)
    assert cells.to_cccd("001080012345") == ("001080012345", False)
    assert cells.to_cccd("001 080 012 345") == ("001080012345", False)


def test_a_cccd_typed_as_text_with_too_few_digits_is_an_error() -> None:
    with pytest.raises(CellError, match="12 chữ số"):
        cells.to_cccd("1080012345")


def test_a_nine_digit_phone_number_gets_its_leading_zero() -> None:
    assert cells.to_phone(912345678) == ("0912345678", True)
    assert cells.to_phone("0912 345 678") == ("0912345678", False)
    assert cells.to_phone("+84912345678") == ("0912345678", False)
    with pytest.raises(CellError, match="10 chữ số"):
        cells.to_phone("12345")


@pytest.mark.parametrize("mark", ["x", "X", "✓", "✔", 1, 1.0, True, "có", "Có"])
def test_marks_that_mean_yes(mark: object) -> None:
    assert cells.to_flag(mark) is True


def test_an_empty_mark_cell_means_not_given_and_zero_means_no() -> None:
    assert cells.to_flag("") is None
    assert cells.to_flag(0) is False
    assert cells.to_flag("không") is False
    with pytest.raises(CellError, match="ghi x"):
        cells.to_flag("maybe")


@pytest.mark.parametrize(("text", "code"), [
    ("Đang sinh hoạt", "dang_sinh_hoat"), ("MSH", "mien_sinh_hoat"), ("miễn", "mien_sinh_hoat"),
    ("Đình chỉ", "dinh_chi"), ("chuyen di", "chuyen_di"), ("Đã mất", "tu_tran"), ("Từ trần", "tu_tran"),
    ("Xóa tên", "ra_khoi_dang"),
])
def test_statuses_in_full_and_short_forms(text: str, code: str) -> None:
    assert cells.to_choice(text, cells.STATUSES, {}, "Trạng thái") == code


def test_an_unknown_choice_lists_the_accepted_values() -> None:
    with pytest.raises(CellError, match="Nam, Nữ"):
        cells.to_choice("khác", cells.GENDERS, {"nam": "Nam", "nu": "Nữ"}, "Giới tính")


def test_kind_and_membership_short_forms() -> None:
    assert cells.to_choice("ĐV", cells.KINDS, {}, "Loại") == "dang_vien"
    assert cells.to_choice("quan chung", cells.KINDS, {}, "Loại") == "quan_chung"
    assert cells.to_choice("DB", cells.MEMBERSHIPS, {}, "x") == "du_bi"
    assert cells.to_choice("Đảng viên chính thức", cells.MEMBERSHIPS, {}, "x") == "chinh_thuc"


def test_month_outside_one_to_twelve_is_refused() -> None:
    assert cells.to_int(12.0, 1, 12, "Tháng") == 12
    with pytest.raises(CellError, match="từ 1 đến 12"):
        cells.to_int(13, 1, 12, "Tháng")
    with pytest.raises(CellError):
        cells.to_int("tháng ba", 1, 12, "Tháng")


def test_points_accept_a_decimal_comma() -> None:
    assert cells.to_points("27,5") == 27.5
    assert cells.to_points(30) == 30.0
    with pytest.raises(CellError):
        cells.to_points("-1")


def test_year_end_level_by_code_or_name() -> None:
    assert cells.to_year_level("Hoàn thành tốt nhiệm vụ") == "HTTNV"
    assert cells.to_year_level("htxsnv") == "HTXSNV"
    with pytest.raises(CellError, match="HTXSNV"):
        cells.to_year_level("Giỏi")


def test_numbers_read_as_the_text_a_person_sees() -> None:
    assert cells.to_text(12.0) == "12"
    assert cells.to_text(dt.date(2026, 3, 5)) == "05/03/2026"
