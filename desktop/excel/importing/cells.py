"""Cell values as Excel files from the field hold them → stored values.

A commune's list mixes real dates, text dates and serial numbers, stores
CCCD and phone numbers as numbers (losing their leading zeros), and writes
choices in many short forms ("ĐV", "CT", "x", "✓"). Each converter takes
one raw cell value (what python-calamine returns: str, int, float, bool,
date, datetime, time, timedelta) and returns the stored value, or raises
`CellError` with a Vietnamese message saying what is wrong and what to write
instead; the importer adds the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from desktop.core import dates, deeds, people, vntext
from desktop.core.rules import DEFAULT_LEVEL_NAMES, LEVEL_CODES

CellValue = Any

# Excel's 1900 date system counts from 30/12/1899 (it believes 1900 was a leap year).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 31/12/9999
# A bare number in this range is a year someone typed, not a serial date.
_YEAR_ONLY = range(1800, 2201)


class CellError(ValueError):
    """One cell cannot be read; `message` says why and what to write."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: float | int) -> str:
    """12.0 → "12": calamine returns every number as a float."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def to_text(value: CellValue) -> str:
    """Any cell as the text a person reads in it (NFC, white space collapsed)."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return dates.format_date(value.date())
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return dates.format_date(value)
    return vntext.clean(str(value))


def to_text_or_none(value: CellValue) -> str | None:
    return to_text(value) or None


def to_date(value: CellValue) -> dt.date | None:
    """A real date, a text date (dd/mm/yyyy, d/m/yy, yyyy-mm-dd) or a serial number."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or isinstance(value, dt.time | dt.timedelta):
        raise CellError("Ô này không phải ngày; hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/03/1980.")
    if isinstance(value, int | float):
        return _serial_date(value)
    text = to_text(value)
    if text.isdigit():
        return _serial_date(int(text))
    try:
        return dates.parse_date(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _serial_date(number: float | int) -> dt.date:
    if int(number) in _YEAR_ONLY and float(number).is_integer():
        raise CellError(
            f"Ô chỉ ghi năm {int(number)}; hãy ghi đủ ngày/tháng/năm "
            f"(ví dụ 01/01/{int(number)} nếu không rõ ngày)."
        )
    if not 1 <= number <= _MAX_SERIAL:
        raise CellError(f"Số {_number_text(number)} không phải ngày; hãy ghi ngày theo dạng ngày/tháng/năm.")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def to_partial_date(value: CellValue) -> str | None:
    """A date that may be known only by year or month, as stored: "1968", "1968-03", "1968-03-05".

    Old lists give "1968" (text or number), "3/1968", "năm 1959" where the
    day was never known; those are kept as known (`dates.parse_partial`),
    never given an invented 01/01.
    """
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer() \
            and int(value) in _YEAR_ONLY:
        return str(int(value))
    text = to_text(value) if isinstance(value, str) else ""
    if text and not text.isdigit():
        try:
            return dates.parse_partial(text)
        except ValueError as exc:
            raise CellError(str(exc)) from None
    if text.isdigit() and int(text) in _YEAR_ONLY:
        return text
    return dates.to_iso(to_date(value))


def _digits(value: CellValue, what: str) -> tuple[str, bool]:
    """Digits of an identifier, and whether the file stored it as a number."""
    if isinstance(value, bool):
        raise CellError(f"{what} phải là dãy chữ số.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"{what} phải là dãy chữ số, không có phần thập phân.")
        return str(int(value)), True
    if isinstance(value, int):
        return str(value), True
    return re.sub(r"[\s.\-]", "", to_text(value)), False


def to_cccd(value: CellValue) -> tuple[str | None, bool]:
    """Số CCCD (12 digits, `people.clean_cccd`) and whether leading zeros were put back.

    A CCCD stored as a number loses its leading zero(s) ("001080012345" →
    1080012345); the digits are padded back to 12.
    """
    if is_empty(value):
        return None, False
    digits, numeric = _digits(value, "Số CCCD")
    padded = False
    if numeric and digits.isdigit() and len(digits) < 12:
        digits, padded = digits.zfill(12), True
    try:
        return people.clean_cccd(digits), padded
    except ValueError as exc:
        raise CellError(f"“{to_text(value)}”: {exc}") from None


def to_phone(value: CellValue) -> tuple[str | None, bool]:
    """Phone number (`people.clean_phone`), and whether a stored-as-number one got its 0 back."""
    if is_empty(value):
        return None, False
    digits, numeric = _digits(value, "Số điện thoại")
    restored = numeric and digits.isdigit() and len(digits) == 9
    try:
        return people.clean_phone(digits), restored
    except ValueError as exc:
        raise CellError(f"“{to_text(value)}”: {exc}") from None


_TRUE_MARKS = {"x", "1", "v", "co", "dung", "yes", "true"}
_FALSE_MARKS = {"0", "khong", "no", "false", "-"}
_CHECK_MARKS = {"✓", "✔", "☑", "√"}


def to_flag(value: CellValue) -> bool | None:
    """A mark column: x, X, ✓, 1 (or "có") → True; "0"/"không" → False; empty → None.

    None means "not given", so an empty cell never clears a stored mark.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = to_text(value)
    if text in _CHECK_MARKS or vntext.fold(text) in _TRUE_MARKS:
        return True
    if vntext.fold(text) in _FALSE_MARKS:
        return False
    raise CellError(f"“{text}” không phải dấu đánh dấu; hãy ghi x nếu có, để trống nếu không.")


def to_int(value: CellValue, low: int, high: int, what: str) -> int | None:
    """A whole number within [low, high] (year, month)."""
    if is_empty(value):
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = to_text(value)
        if re.fullmatch(r"\d+([.,]0+)?", text):
            number = float(text.replace(",", "."))
    if number is None or not number.is_integer() or not low <= number <= high:
        raise CellError(f"{what} “{to_text(value)}” không hợp lệ; hãy ghi một số từ {low} đến {high}.")
    return int(number)


def to_points(value: CellValue) -> float | None:
    """Points of a criterion: a number ≥ 0, "8,5" accepted as written in Vietnam."""
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = to_text(value).replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"Điểm “{to_text(value)}” không phải số; hãy ghi số điểm, ví dụ 8,5.") from None
    if number < 0:
        raise CellError(f"Điểm {to_text(value)} âm; hãy ghi số điểm từ 0 trở lên.")
    return number


def choice_key(text: str) -> str:
    """Folded letters and digits only: "Đảng viên dự bị" → "dangviendubi"."""
    return re.sub(r"[^0-9a-z]", "", vntext.fold(text))


def _choices(labels: Mapping[str, str], other_forms: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded spelling → code: core's label of each code, and the forms lists also use."""
    forms = {code: (label, *other_forms.get(code, ())) for code, label in labels.items()}
    return {choice_key(form): code for code, spellings in forms.items() for form in spellings}


GENDERS = _choices(people.GENDER_LABELS, {"nam": ("M", "Male"), "nu": ("Nu", "F", "Female")})
KINDS = _choices(people.KIND_LABELS, {
    # A Loại column that says chính thức/dự bị names a đảng viên (the membership is inferred from it).
    "dang_vien": ("ĐV", "Dang vien", "Đảng viên chính thức", "Đảng viên dự bị", "Chính thức", "Dự bị",
                  "ĐVCT", "ĐVDB", "CT", "DB"),
    "quan_chung": ("QC", "Quần chúng ưu tú", "Cảm tình Đảng"),
})
MEMBERSHIPS = _choices(people.MEMBERSHIP_LABELS, {
    "chinh_thuc": ("CT", "Đảng viên chính thức", "ĐVCT"),
    "du_bi": ("DB", "Đảng viên dự bị", "ĐVDB"),
})
STATUSES = _choices(people.STATUS_LABELS, {
    "dang_sinh_hoat": ("Sinh hoạt", "ĐSH", "Bình thường"),
    "mien_sinh_hoat": (
        "Miễn sinh hoạt", "Miễn", "MSH", "Miễn công tác và sinh hoạt Đảng", "Miễn SH", "Miễn CT và SH",
    ),
    "dinh_chi": ("Đình chỉ", "ĐCSH", "Đình chỉ SH"),
    "chuyen_di": ("Chuyển sinh hoạt đi", "Đã chuyển", "Chuyển SH đi"),
    "chuyen_den": ("Chuyển sinh hoạt đến", "Chuyển SH đến", "Mới chuyển đến"),
    "tu_tran": ("Đã mất", "Mất", "Qua đời", "Đã từ trần"),
    "ra_khoi_dang": ("Xóa tên", "Khai trừ", "Xin ra khỏi Đảng"),
})
OUTCOMES = _choices(deeds.OUTCOME_LABELS, {
    "hoan_thanh": ("HT", "Đã hoàn thành"),
    "vuot_muc": ("Vượt mức", "HTVM", "VM"),
    "chua_hoan_thanh": ("CHT", "Không hoàn thành"),
    "tre_han": ("Trễ hạn", "Chậm", "Hoàn thành chậm", "HTTH"),
})
YEAR_LEVELS = {
    **_choices(DEFAULT_LEVEL_NAMES, {"HTXSNV": ("Xuất sắc",), "HTTNV": ("Tốt",), "KHTNV": ("Không hoàn thành",)}),
    **{choice_key(code): code for code in LEVEL_CODES},
}
# Written by the export for a deed without an outcome: "not given", not an error.
OUTCOME_PENDING = {choice_key("Đang thực hiện")}


def to_choice(value: CellValue, choices: Mapping[str, str], labels: Mapping[str, str], what: str) -> str | None:
    """One of a fixed set of values, written in full or in a usual short form.

    `labels` (code → label) names the accepted values in the error message.
    """
    if is_empty(value):
        return None
    text = to_text(value)
    code = choices.get(choice_key(text))
    if code is None:
        accepted = ", ".join(labels.values())
        raise CellError(f"{what} “{text}” không rõ; hãy ghi một trong: {accepted}.")
    return code


def to_year_level(value: CellValue) -> str | None:
    """Mức xếp loại cuối năm: HTXSNV, HTTNV, HTNV, KHTNV, or their full names."""
    return to_choice(value, YEAR_LEVELS, {code: code for code in LEVEL_CODES}, "Mức xếp loại")
