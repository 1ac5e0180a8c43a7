"""Which sheet holds what, and where its header row is.

Lists from the field put a title, the committee's name and a date above the
table, name columns in their own words ("Họ tên", "Tên đảng viên"), with or
without diacritics, in any case and order, sometimes over two header rows
("Ngày tháng năm" merged over "Vào Đảng" | "Chính thức") with a row of
column numbers "(1) (2) (3)" under them. This module finds the header row in
the first rows of a sheet and maps each column to a field of the exchange
workbook (DESIGN.md), or to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop.core import vntext

SheetKind = Literal["members", "deeds", "reviews", "scores", "collectives"]

HEADER_SEARCH_ROWS = 15

# The exchange workbook's sheet names, in the order an import applies them.
SHEET_TITLES: dict[SheetKind, str] = {
    "members": "Đảng viên",
    "deeds": "Đăng ký",
    "reviews": "Đánh giá tháng",
    "scores": "Chấm điểm",
    "collectives": "Xếp loại tập thể",
}
_SHEET_NAME_FORMS: dict[SheetKind, tuple[str, ...]] = {
    "members": ("Đảng viên", "Danh sách", "Danh sách đảng viên", "Đảng viên và quần chúng", "Nhân sự"),
    "deeds": ("Đăng ký", "Đăng ký làm theo", "Đăng ký làm theo Bác", "Việc làm theo Bác"),
    "reviews": ("Đánh giá tháng", "Đánh giá hằng tháng", "Đánh giá hàng tháng", "Đánh giá"),
    "scores": ("Chấm điểm", "Điểm", "Cuối năm", "Chấm điểm cuối năm"),
    "collectives": ("Xếp loại tập thể", "Xếp loại tổ chức đảng", "Xếp loại chi bộ", "Tập thể"),
}


@dataclass(frozen=True)
class Field:
    """A column the import understands: its name in code, its label, its header forms."""

    name: str
    label: str
    synonyms: tuple[str, ...]


def header_key(text: object) -> str:
    """Header text reduced for matching: folded, no "(x)"-style notes, letters and digits only."""
    folded = vntext.fold(str(text or ""))
    folded = re.sub(r"\([^)]*\)", " ", folded)
    return re.sub(r"[^0-9a-z]", "", folded)


_NAME = Field("full_name", "Họ và tên", (
    "Họ và tên", "Họ tên", "Tên đảng viên", "Họ và tên đảng viên", "Họ tên đảng viên",
    "Họ và tên khai sinh", "Họ, tên", "Họ và tên người đăng ký",
))
_FAMILY = Field("family_name", "Họ và tên đệm", ("Họ và tên đệm", "Họ đệm", "Họ và đệm", "Họ"))
_GIVEN = Field("given_name", "Tên", ("Tên",))
_BIRTH = Field("birth_date", "Ngày sinh", (
    "Ngày sinh", "Sinh ngày", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Năm sinh",
))
_UNIT = Field("unit", "Chi bộ", (
    "Chi bộ", "Đơn vị", "Tên chi bộ", "Chi bộ sinh hoạt", "Sinh hoạt tại chi bộ", "Chi bộ trực thuộc",
))
_COMMITTEE = Field("committee", "Đảng bộ", ("Đảng bộ", "Đảng bộ cơ sở"))
_YEAR = Field("year", "Năm", ("Năm", "Năm đánh giá", "Năm đăng ký"))
_NOTE = Field("note", "Ghi chú", ("Ghi chú",))

# "Ngày vào Đảng" merged over "Dự bị | Chính thức" (and its other spellings).
_JOINED_GROUPS = ("Ngày vào Đảng", "Ngày tháng năm vào Đảng", "Vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng",
                  "Ngày tháng năm kết nạp")

FIELDS: dict[SheetKind, tuple[Field, ...]] = {
    "members": (
        _NAME, _FAMILY, _GIVEN,
        Field("gender", "Giới tính", ("Giới tính", "Giới", "Nam/Nữ", "Nam nữ", "Phái")),
        _BIRTH,
        # "Năm sinh" over "Nam | Nữ": the column the date sits in gives the gender.
        Field("birth_date_male", "Ngày sinh, cột Nam", tuple(f"{b} Nam" for b in _BIRTH.synonyms)),
        Field("birth_date_female", "Ngày sinh, cột Nữ", tuple(f"{b} Nữ" for b in _BIRTH.synonyms)),
        Field("ethnicity", "Dân tộc", ("Dân tộc",)),
        _COMMITTEE, _UNIT,
        Field("kind", "Loại", ("Loại", "Đối tượng", "Đảng viên/Quần chúng", "Loại đối tượng")),
        Field("membership", "Đảng viên chính thức/dự bị", (
            "Đảng viên chính thức/dự bị", "Chính thức/dự bị", "Loại đảng viên", "CT/DB",
            "Đảng viên chính thức hay dự bị",
        )),
        Field("joined_date", "Ngày vào Đảng", (
            "Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày tháng năm vào Đảng",
            "Vào Đảng", "Kết nạp", *(f"{j} Dự bị" for j in _JOINED_GROUPS),
        )),
        Field("official_date", "Ngày chính thức", (
            "Ngày chính thức", "Ngày công nhận chính thức", "Ngày tháng năm chính thức",
            "Ngày được công nhận đảng viên chính thức", *(f"{j} Chính thức" for j in _JOINED_GROUPS),
        )),
        Field("party_card_no", "Số thẻ", ("Số thẻ", "Số thẻ đảng viên", "Số thẻ Đảng", "Số thẻ ĐV")),
        Field("position", "Chức vụ", ("Chức vụ", "Chức danh", "Chức vụ Đảng", "Chức vụ, đơn vị công tác")),
        Field("status", "Trạng thái", ("Trạng thái", "Tình trạng", "Tình trạng sinh hoạt", "Trạng thái sinh hoạt")),
        Field("status_date", "Ngày trạng thái", (
            "Ngày trạng thái", "Ngày thay đổi trạng thái", "Ngày chuyển trạng thái",
        )),
        Field("cccd", "CCCD", (
            "CCCD", "Số CCCD", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân",
            "Số định danh", "Số định danh cá nhân", "CMND/CCCD", "Số CMND/CCCD",
        )),
        Field("phone", "Điện thoại", (
            "Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Di động", "Điện thoại di động", "Số ĐT",
        )),
        _NOTE,
    ),
    "deeds": (
        _YEAR, _NAME, _BIRTH,
        Field("collective", "Tập thể", ("Tập thể", "Tên tập thể", "Tập thể đăng ký")),
        _COMMITTEE, _UNIT,
        Field("content", "Nội dung đăng ký", (
            "Nội dung đăng ký", "Nội dung", "Việc làm theo Bác", "Việc đăng ký", "Nội dung việc làm",
            "Nội dung đăng ký làm theo", "Đăng ký làm theo", "Việc làm",
        )),
        Field("category", "Nhóm", ("Nhóm", "Lĩnh vực", "Nhóm việc", "Nhóm nội dung")),
        Field("target", "Chỉ tiêu", ("Chỉ tiêu", "Chỉ tiêu, biện pháp", "Biện pháp", "Cách thực hiện")),
        Field("due_date", "Thời hạn", ("Thời hạn", "Thời gian hoàn thành", "Hạn hoàn thành", "Hạn")),
        Field("outcome", "Kết quả", ("Kết quả", "Kết quả thực hiện")),
        Field("result", "Diễn giải kết quả", ("Diễn giải kết quả", "Kết quả cụ thể", "Ghi nhận kết quả")),
        Field("is_model", "Mô hình", ("Mô hình", "Là mô hình")),
    ),
    "reviews": (
        _YEAR,
        Field("month", "Tháng", ("Tháng", "Tháng đánh giá")),
        _NAME, _BIRTH, _COMMITTEE, _UNIT,
        Field("level", "Mức", ("Mức", "Mức đánh giá", "Xếp loại", "Kết quả đánh giá", "Mức độ")),
        Field("commended", "Biểu dương", ("Biểu dương", "Được biểu dương")),
        Field("reminded", "Nhắc nhở", ("Nhắc nhở", "Bị nhắc nhở")),
        _NOTE,
    ),
    "scores": (
        _YEAR, _NAME, _BIRTH, _COMMITTEE, _UNIT,
        Field("form", "Mẫu", ("Mẫu", "Mẫu kiểm điểm", "Mẫu phiếu", "Mẫu tự kiểm điểm")),
        Field("disciplined", "Kỷ luật", ("Kỷ luật", "Bị kỷ luật", "Bị kỷ luật trong năm")),
        Field("beyond_30", "Vượt yêu cầu ≥30%", (
            "Vượt yêu cầu ≥30%", "Vượt yêu cầu 30%", "Vượt yêu cầu", "Vượt 30%",
            "Hoàn thành vượt 30%", "Vượt yêu cầu từ 30%",
        )),
        Field("shortcomings_fixed", "Khắc phục hạn chế", (
            "Khắc phục hạn chế", "Đã khắc phục hạn chế", "Khắc phục hạn chế, khuyết điểm",
        )),
        Field("all_tasks_done", "Hoàn thành 100% nhiệm vụ", (
            "Hoàn thành 100% nhiệm vụ", "Hoàn thành 100% chỉ tiêu, nhiệm vụ", "Hoàn thành 100%",
        )),
        Field("initiative", "Sáng kiến", ("Sáng kiến", "Có sáng kiến", "Có sáng kiến được công nhận")),
        Field("discipline_remedied", "Tự khắc phục kỷ luật", (
            "Tự khắc phục kỷ luật", "Tự phát hiện và khắc phục", "Tự phát hiện, khắc phục",
        )),
        Field("degraded", "Suy thoái", ("Suy thoái", "Bị kết luận suy thoái")),
        Field("long_sick_leave", "Nghỉ ốm dài ngày", (
            "Nghỉ ốm dài ngày", "Nghỉ ốm", "Nghỉ thai sản", "Nghỉ ốm dài ngày hoặc thai sản")),
        Field("temporary_attendance", "Sinh hoạt tạm thời", ("Sinh hoạt tạm thời", "Sinh hoạt tạm thời ở chi bộ khác")),
        Field("tasks_assigned", "Số nhiệm vụ được giao", (
            "Số nhiệm vụ được giao", "Số nhiệm vụ", "Tổng số nhiệm vụ", "Số việc được giao", "Số việc đăng ký")),
        Field("tasks_on_time", "Hoàn thành đúng hạn", ("Hoàn thành đúng hạn", "Đúng hạn", "Số việc đúng hạn")),
        Field("tasks_late", "Hoàn thành trễ hạn", (
            "Hoàn thành trễ hạn", "Trễ hạn", "Hoàn thành chậm", "Số việc trễ hạn")),
        Field("tasks_not_done", "Không hoàn thành", ("Không hoàn thành", "Chưa hoàn thành", "Số việc không hoàn thành")),
        Field("tasks_beyond", "Vượt mức yêu cầu", ("Vượt mức yêu cầu", "Vượt mức", "Số việc vượt mức")),
        Field("manual_level", "Mức xếp loại", ("Mức xếp loại", "Xếp loại", "Mức xếp loại chất lượng")),
    ),
    # A đảng bộ or chi bộ's own year rating (QĐ 366) and the committee's tiêu biểu pick (HD 06-HD/TW).
    "collectives": (
        _YEAR, _COMMITTEE, _UNIT,
        Field("unit_level", "Mức xếp loại", ("Mức xếp loại", "Xếp loại", "Xếp loại tập thể",
                                             "Mức xếp loại tổ chức đảng")),
        Field("exemplary", "Tiêu biểu", ("Tiêu biểu", "Hoàn thành xuất sắc nhiệm vụ tiêu biểu", "Được chọn tiêu biểu")),
        _NOTE,
    ),
}
# Headers of a points sheet that are not criteria, though not fields either.
NOT_CRITERIA = tuple(header_key(t) for t in ("Ghi chú", "Tổng", "Tổng điểm", "Tổng cộng", "Mức đề xuất"))
# Columns that number the rows: ignored without a warning.
ROW_NUMBER_HEADERS = frozenset(header_key(t) for t in ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự"))

_LOOKUP: dict[SheetKind, dict[str, str]] = {
    kind: {header_key(s): f.name for f in fields for s in (f.label, *f.synonyms)}
    for kind, fields in FIELDS.items()
}
_NAME_FIELDS = {"full_name", "family_name", "given_name"}
# Sub-headers that split a recognised header in two (a data value under a header never does).
_SPLIT_LABELS = frozenset(header_key(t) for t in ("Nam", "Nữ", "Dự bị", "Chính thức"))
# What a header row must show, beyond a name, to be taken for each kind.
_KIND_MARKERS: dict[SheetKind, frozenset[str]] = {
    "members": frozenset(),
    "deeds": frozenset({"content"}),
    "reviews": frozenset({"month"}),
    "scores": frozenset({"disciplined", "beyond_30", "shortcomings_fixed", "all_tasks_done", "tasks_assigned"}),
    "collectives": frozenset({"unit_level", "exemplary"}),
}


def field_labels(kind: SheetKind) -> dict[str, str]:
    """Field name → label, in the order a mapping dialog offers them."""
    return {f.name: f.label for f in FIELDS[kind]}


def kind_for_sheet_name(name: str) -> SheetKind | None:
    key = header_key(name)
    for kind, forms in _SHEET_NAME_FORMS.items():
        if key in {header_key(f) for f in forms}:
            return kind
    return None


def match_header(kind: SheetKind, text: str) -> str | None:
    """The field a header names for this kind of sheet, or None."""
    return _LOOKUP[kind].get(header_key(text))


@dataclass(frozen=True)
class HeaderMatch:
    """Where a sheet's table is and what each column holds.

    Rows and columns are 0-based positions in the sheet's grid (row 0 is
    Excel row 1). `columns` covers every column with a header text; a column
    whose field is None is ignored.
    """

    kind: SheetKind
    row: int
    data_start: int
    headers: dict[int, str]
    columns: dict[int, str | None]
    row_numbers: frozenset[int] = field(default_factory=frozenset)
    header_rows: int = 1

    @property
    def recognised(self) -> int:
        return len({f for f in self.columns.values() if f})


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return vntext.clean(str(value)) if isinstance(value, str | int | float) else ""


def _cells(rows: Sequence[Sequence[Any]], index: int) -> list[str]:
    return [_text(v) for v in rows[index]] if index < len(rows) else []


def _is_numbering(cells: list[str]) -> bool:
    """A row "(1) (2) (3) …" or "1 2 3 …" printed under the headers."""
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?|[A-Z]", c) for c in filled)


def _columns(kind: SheetKind, top: list[str], sub: list[str]) -> tuple[dict[int, str], dict[int, str | None], bool]:
    """Headers and fields of a header row, read together with the row under it.

    The row under counts as a second header row only when it names fields
    under a merged (empty) or unrecognised cell of the first, or splits a
    recognised one: "Năm sinh" over "Nam | Nữ", "Ngày vào Đảng" over
    "Dự bị | Chính thức" (a merged cell is empty but for its first column,
    so the text of the group runs on over the empty cells after it).
    """
    headers: dict[int, str] = {}
    columns: dict[int, str | None] = {}
    used_sub = False
    parent = ""
    for col in range(max(len(top), len(sub))):
        own = top[col] if col < len(top) else ""
        below = sub[col] if col < len(sub) else ""
        parent = own or parent
        found = match_header(kind, own) if own else None
        if found is not None and header_key(below) in _SPLIT_LABELS:
            split = match_header(kind, f"{own} {below}")
            if split is not None:
                headers[col], columns[col], used_sub = f"{own} {below}", split, True
                continue
        if found is None and below:
            for text in (f"{parent} {below}", below):
                guess = match_header(kind, text)
                if guess is not None:
                    headers[col], columns[col], used_sub = text, guess, True
                    break
        if col in columns:
            continue
        if own:
            headers[col], columns[col] = own, found
    return headers, columns, used_sub


def _acceptable(kind: SheetKind, fields: set[str], hinted: bool) -> bool:
    has_name = "full_name" in fields or {"family_name", "given_name"} <= fields
    if kind == "deeds":
        has_name = has_name or "collective" in fields
    if kind == "collectives":  # rows of units, not of people: the unit is the name
        has_name = not fields & _NAME_FIELDS and bool({"unit", "committee"} & fields)
    if not has_name:
        return False
    if hinted:
        return True
    markers = _KIND_MARKERS[kind]
    if markers:
        return bool(markers & fields)
    return len(fields - _NAME_FIELDS) >= 1


def find_header(rows: Sequence[Sequence[Any]], hint: SheetKind | None = None) -> HeaderMatch | None:
    """The header row among the first rows, with the kind of table it heads.

    `hint` is the kind the sheet's name says; without one, every kind is
    tried and a sheet must show a name column and the kind's own columns.
    Among candidate rows the one naming most fields wins; on a tie a one-row
    header, then the earliest.
    """
    kinds: tuple[SheetKind, ...] = (hint,) if hint else ("deeds", "reviews", "scores", "members", "collectives")
    best: HeaderMatch | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        top = _cells(rows, index)
        if not any(top):
            continue
        sub = _cells(rows, index + 1)
        for kind in kinds:
            headers, columns, used_sub = _columns(kind, top, sub)
            fields = {f for f in columns.values() if f}
            if not _acceptable(kind, fields, hint is not None):
                continue
            start = index + (2 if used_sub else 1)
            if _is_numbering(_cells(rows, start)):
                start += 1
            numbers = frozenset(c for c, h in headers.items() if header_key(h) in ROW_NUMBER_HEADERS)
            match = HeaderMatch(kind, index, start, headers, columns, numbers, 2 if used_sub else 1)
            # On a tie a one-row header wins: a title above the real header is not its first row.
            if best is None or (match.recognised, -match.header_rows) > (best.recognised, -best.header_rows):
                best = match
    return best
