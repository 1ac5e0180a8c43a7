"""The first phase of an import: what the file holds, before anything is written.

`analyse_workbook()` turns the sheets read by `workbook_reader` into an
`ImportPlan`: which sheets were recognised and as what, where the header row
is, what each column maps to, every row converted to stored values, and each
problem tied to its cell. The import wizard shows the plan (and lets the user
remap a column with `ImportPlan.with_mapping`); `importer.apply` then writes it.
Nothing here touches the data file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.core import people, reviews, vntext
from desktop.core.errors import ValidationError
from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.excel.headers import (
    NOT_CRITERIA,
    SHEET_TITLES,
    HeaderMatch,
    SheetKind,
    field_labels,
    find_header,
    header_key,
    kind_for_sheet_name,
)
from desktop.excel.workbook_reader import SheetGrid, TextConversion, WorkbookData

PREVIEW_ROWS = 100
SAMPLES_PER_COLUMN = 5
CRITERION_PREFIX = "criterion:"
# Hidden sheet an exported workbook carries for the program itself (raw_data.RAW_SHEET).
_RAW_SHEET = "_du_lieu"
# A first cell starting with these ends the table (signature block, footnotes).
_END_WORDS = ("t/m", "tm ", "bi thu", "nguoi lap", "noi nhan", "xac nhan", "ghi chu:")
# Subtotal rows inside or under the table.
_TOTAL_WORDS = ("tong cong", "tong so", "cong:", "cong ")
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+|[A-Z])\s*[.)/-]\s*")
ORDER: tuple[SheetKind, ...] = ("members", "deeds", "reviews", "scores")


@dataclass(frozen=True)
class Place:
    """Where a value sits: file, sheet, Excel row number, column index and header."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None

    @property
    def column_letter(self) -> str | None:
        return get_column_letter(self.column + 1) if self.column is not None else None

    def __str__(self) -> str:
        parts = [f"Tệp «{self.file}»"]
        if self.sheet is not None:
            parts.append(f"trang «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column is not None:
            parts.append(f"cột {self.column_letter}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row,
                "column": self.column_letter, "header": self.header}


@dataclass(frozen=True)
class Issue:
    """An error or a warning, with its place and a message saying what to do."""

    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {**self.place.to_json(), "message": self.message}


@dataclass(frozen=True)
class ColumnPlan:
    """One column: its header, the field it fills (None: ignored) and why."""

    index: int
    header: str
    field: str | None
    label: str
    source: str  # "recognised", "row_number", "unknown", "duplicate", "chosen"

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class Record:
    """A data row converted to stored values; `columns` says where each came from."""

    row: int
    values: dict[str, Any]
    columns: dict[str, int]


@dataclass(frozen=True)
class RowPreview:
    row: int
    cells: tuple[str, ...]
    problems: dict[int, str]


@dataclass(frozen=True)
class ConversionSample:
    place: Place
    before: str
    after: str
    encoding: str


@dataclass(frozen=True)
class SheetPlan:
    name: str
    kind: SheetKind
    header_row: int
    first_data_row: int
    columns: tuple[ColumnPlan, ...]
    records: tuple[Record, ...]
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    preview: tuple[RowPreview, ...]
    samples: tuple[ConversionSample, ...]
    conversions: dict[str, int]
    match: HeaderMatch
    file: str
    manual: frozenset[int] = frozenset()

    @property
    def title(self) -> str:
        return SHEET_TITLES[self.kind]

    @property
    def field_choices(self) -> dict[str, str]:
        """Fields a column of this sheet may be mapped to (name → label)."""
        return field_labels(self.kind)

    def column_of(self, field_name: str) -> ColumnPlan | None:
        return next((c for c in self.columns if c.field == field_name), None)

    def place(self, row: int | None = None, column: int | None = None) -> Place:
        header = next((c.header for c in self.columns if c.index == column), None)
        return Place(self.file, self.name, row, column, header)


@dataclass(frozen=True)
class IgnoredSheet:
    name: str
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    format: str
    sheets: tuple[SheetPlan, ...]
    ignored: tuple[IgnoredSheet, ...]
    file_errors: tuple[Issue, ...]
    file_warnings: tuple[Issue, ...]
    workbook: WorkbookData = field(repr=False, compare=False)

    @property
    def errors(self) -> list[Issue]:
        return [*self.file_errors, *(i for s in self.sheets for i in s.errors)]

    @property
    def warnings(self) -> list[Issue]:
        return [*self.file_warnings, *(i for s in self.sheets for i in s.warnings)]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def conversions(self) -> dict[str, int]:
        """Legacy encoding → number of cells converted to Unicode."""
        total: dict[str, int] = {}
        for sheet in self.sheets:
            for encoding, count in sheet.conversions.items():
                total[encoding] = total.get(encoding, 0) + count
        return total

    def sheet(self, name: str) -> SheetPlan:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def with_mapping(self, sheet: str, mapping: dict[int, str | None]) -> ImportPlan:
        """The plan again with some columns of `sheet` mapped by hand (None: ignore)."""
        current = self.sheet(sheet)
        allowed = set(current.field_choices)
        for index, name in mapping.items():
            if name is not None and name not in allowed and not name.startswith(CRITERION_PREFIX):
                raise ValueError(f"unknown field {name!r} for a {current.kind} sheet")
            if index < 0:
                raise ValueError(f"bad column index {index}")
        grid = next(g for g in self.workbook.sheets if g.name == sheet)
        chosen = {c.index: c.field for c in current.columns}
        chosen.update(mapping)
        headers = dict(current.match.headers)
        for index in mapping:
            headers.setdefault(index, "")
        match = replace(current.match, columns=chosen, headers=headers)
        new_sheet = _analyse_sheet(self.path.name, grid, match, current.manual | set(mapping))
        sheets = tuple(new_sheet if s.name == sheet else s for s in self.sheets)
        return replace(self, sheets=sheets)


# --- Converting one row -------------------------------------------------------------

Converter = Callable[[Any], Any]


def _levels(value: Any) -> str | None:
    try:
        return reviews.parse_review_level(cells.to_text(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _choice(table: dict[str, str], labels: dict[str, str], what: str) -> Converter:
    return lambda value: cells.to_choice(value, table, labels, what)


_CONVERTERS: dict[str, Converter] = {
    "gender": _choice(cells.GENDERS, {"nam": "Nam", "nu": "Nữ"}, "Giới tính"),
    "kind": _choice(cells.KINDS, {"dang_vien": "Đảng viên", "quan_chung": "Quần chúng"}, "Loại"),
    "membership": _choice(cells.MEMBERSHIPS, {"chinh_thuc": "Chính thức", "du_bi": "Dự bị"}, "Chính thức/dự bị"),
    "status": _choice(cells.STATUSES, {
        "dang_sinh_hoat": "Đang sinh hoạt", "mien_sinh_hoat": "Miễn sinh hoạt", "dinh_chi": "Đình chỉ",
        "chuyen_di": "Chuyển đi", "chuyen_den": "Chuyển đến", "tu_tran": "Từ trần",
        "ra_khoi_dang": "Ra khỏi Đảng"}, "Trạng thái"),
    "birth_date": cells.to_date,
    "joined_date": cells.to_date,
    "official_date": cells.to_date,
    "status_date": cells.to_date,
    "due_date": cells.to_date,
    "year": lambda v: cells.to_int(v, 2000, 2100, "Năm"),
    "month": lambda v: cells.to_int(v, 1, 12, "Tháng"),
    "level": _levels,
    "commended": cells.to_flag,
    "reminded": cells.to_flag,
    "is_model": cells.to_flag,
    "disciplined": cells.to_flag,
    "beyond_30": cells.to_flag,
    "shortcomings_fixed": cells.to_flag,
    "all_tasks_done": cells.to_flag,
    "initiative": cells.to_flag,
    "discipline_remedied": cells.to_flag,
    "degraded": cells.to_flag,
    "long_sick_leave": cells.to_flag,
    "manual_level": cells.to_year_level,
}
_PADDED = {
    "cccd": (cells.to_cccd, "đã thêm lại số 0 ở đầu cho {n} số CCCD bị lưu dạng số (đủ 12 chữ số)."),
    "phone": (cells.to_phone, "đã thêm lại số 0 ở đầu cho {n} số điện thoại bị lưu dạng số."),
}


def _convert(field_name: str, value: Any) -> tuple[Any, bool]:
    """(stored value, whether a leading zero was restored)."""
    if field_name in _PADDED:
        return _PADDED[field_name][0](value)
    if field_name.startswith(CRITERION_PREFIX):
        return cells.to_points(value), False
    converter = _CONVERTERS.get(field_name, cells.to_text_or_none)
    return converter(value), False


def _first_text(row: list[Any]) -> str:
    return next((cells.to_text(v) for v in row if not cells.is_empty(v)), "")


def _folded_start(text: str, words: tuple[str, ...]) -> bool:
    folded = vntext.fold(text)
    return any(folded.startswith(w) for w in words)


# --- A sheet ------------------------------------------------------------------------

def _column_plans(match: HeaderMatch, manual: frozenset[int]) -> tuple[list[ColumnPlan], list[str]]:
    """Columns in order, each field used once; returns duplicate messages too."""
    labels = field_labels(match.kind)
    plans: list[ColumnPlan] = []
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    for index in sorted(set(match.headers) | set(match.columns)):
        header = match.headers.get(index, "")
        name = match.columns.get(index)
        if (name is None and match.kind == "scores" and header and index not in match.row_numbers
                and index not in manual and not header_key(header).startswith(NOT_CRITERIA)):
            name = f"{CRITERION_PREFIX}{header}"  # resolved against the year's rule set on import
        if index in match.row_numbers and index not in manual:
            plans.append(ColumnPlan(index, header, None, "", "row_number"))
            continue
        if name is None:
            plans.append(ColumnPlan(index, header, None, "", "chosen" if index in manual else "unknown"))
            continue
        label = labels.get(name) or name.removeprefix(CRITERION_PREFIX)
        if name in seen:
            if index in manual or seen[name] in manual:
                duplicates.append(
                    f"cột {get_column_letter(seen[name] + 1)} và cột {get_column_letter(index + 1)} "
                    f"cùng được ghép vào «{label}»; hãy chọn một cột."
                )
            plans.append(ColumnPlan(index, header, None, label, "duplicate"))
            continue
        seen[name] = index
        plans.append(ColumnPlan(index, header, name, label, "chosen" if index in manual else "recognised"))
    return plans, duplicates


def _analyse_sheet(file: str, grid: SheetGrid, match: HeaderMatch, manual: frozenset[int] = frozenset()) -> SheetPlan:
    plans, duplicates = _column_plans(match, manual)
    fields = {c.index: c.field for c in plans if c.field}
    place = _placer(file, grid.name, plans)
    errors = [Issue(place(None, None), message) for message in duplicates]
    warnings: list[Issue] = []
    unknown = [c for c in plans if c.source in ("unknown", "duplicate") and c.header]
    if unknown:
        listed = ", ".join(f"{c.letter} «{c.header}»" for c in unknown)
        warnings.append(Issue(place(match.row + 1, None), f"bỏ qua các cột không dùng đến: {listed}."))
    has_name = "full_name" in fields.values() or {"family_name", "given_name"} <= set(fields.values())
    if not has_name and not (match.kind == "deeds" and "collective" in fields.values()):
        errors.append(Issue(place(match.row + 1, None), "không có cột Họ và tên; hãy ghép một cột vào Họ và tên."))
    records: list[Record] = []
    previews: list[RowPreview] = []
    padded: dict[str, int] = {}
    section: str | None = None
    for r in range(match.data_start, len(grid.rows)):
        row = grid.rows[r]
        values = {i: v for i, v in enumerate(row) if i in fields and not cells.is_empty(v)}
        first = _first_text(row)
        filled = sum(not cells.is_empty(v) for v in row)
        title = _SECTION_NUMBER.sub("", first)
        if filled == 1 and "unit" not in fields.values() and _folded_start(title, ("chi bo ", "to dang ")):
            section = title  # a group title row, "I. Chi bộ Xóm Đồng", above its people
            continue
        if not values:
            continue
        if _folded_start(first, _END_WORDS):
            break
        if _folded_start(first, _TOTAL_WORDS):
            continue
        record, problems, restored = _record(r + 1, values, fields)
        if match.kind == "members" and not problems:
            problems = _person_problems(record)
        if section and "unit" not in record.values:
            record.values["unit"] = section
        for name in restored:
            padded[name] = padded.get(name, 0) + 1
        for index, message in problems.items():
            errors.append(Issue(place(r + 1, index), message))
        if not problems and not _has_owner(record):
            warnings.append(Issue(place(r + 1, None), "dòng có dữ liệu nhưng không có họ và tên: đã bỏ qua."))
        elif not problems:
            records.append(record)
        if len(previews) < PREVIEW_ROWS or problems:
            previews.append(RowPreview(r + 1, tuple(cells.to_text(v) for v in row), problems))
    for name, count in padded.items():
        column = next(c for c in plans if c.field == name)
        warnings.append(Issue(place(None, column.index), _PADDED[name][1].format(n=count)))
    conversions, samples = _conversion_summary(grid.conversions, place, warnings)
    return SheetPlan(
        grid.name, match.kind, match.row + 1, match.data_start + 1, tuple(plans), tuple(records),
        tuple(errors), tuple(warnings), tuple(previews), tuple(samples), conversions, match, file, manual,
    )


def _placer(file: str, sheet: str, plans: list[ColumnPlan]) -> Callable[[int | None, int | None], Place]:
    headers = {c.index: c.header for c in plans}

    def place(row: int | None, column: int | None) -> Place:
        return Place(file, sheet, row, column, headers.get(column) if column is not None else None)

    return place


def _has_owner(record: Record) -> bool:
    return bool(record.values.get("full_name") or record.values.get("collective"))


def _record(row: int, values: dict[int, Any], fields: dict[int, str]) -> tuple[Record, dict[int, str], list[str]]:
    out: dict[str, Any] = {}
    columns: dict[str, int] = {}
    problems: dict[int, str] = {}
    restored: list[str] = []
    outcome_text: str | None = None
    outcome_column = 0
    for index, raw in values.items():
        name = fields[index]
        if name == "outcome":
            # "Kết quả" holds an outcome ("Hoàn thành") or, in hand-made lists, what was done.
            key = cells.choice_key(cells.to_text(raw))
            if key in cells.OUTCOMES:
                out[name], columns[name] = cells.OUTCOMES[key], index
            elif key not in cells.OUTCOME_PENDING:
                outcome_text, outcome_column = cells.to_text(raw), index
            continue
        try:
            value, padded = _convert(name, raw)
        except CellError as exc:
            problems[index] = exc.message
            continue
        if padded:
            restored.append(name)
        if value is not None:
            out[name], columns[name] = value, index
    if outcome_text and "result" not in out:
        out["result"], columns["result"] = outcome_text, outcome_column
    if "full_name" not in out and ("family_name" in out or "given_name" in out):
        parts = [out.pop("family_name", None), out.pop("given_name", None)]
        out["full_name"] = " ".join(p for p in parts if p)
        columns["full_name"] = columns.get("family_name", columns.get("given_name", 0))
    out.pop("family_name", None)
    out.pop("given_name", None)
    return Record(row, out, columns), problems, restored


_PERSON_CHECKED = ("full_name", "gender", "birth_date", "kind", "membership", "joined_date", "official_date")


def _person_problems(record: Record) -> dict[int, str]:
    """The form's own checks (a birth date in the future…), marked on their cells.

    The import repeats them against the stored person; running them here too
    lets the wizard's preview show them before anything is written.
    """
    raw = {k: record.values[k] for k in _PERSON_CHECKED if k in record.values}
    try:
        people.validate(raw)
    except ValidationError as exc:
        name_column = record.columns.get("full_name", 0)
        return {record.columns.get(k, name_column): message for k, message in exc.fields.items()}
    return {}


def _conversion_summary(
    conversions: list[TextConversion], place: Callable[[int | None, int | None], Place], warnings: list[Issue],
) -> tuple[dict[str, int], list[ConversionSample]]:
    names = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
    counts: dict[str, int] = {}
    per_column: dict[tuple[int, str], int] = {}
    samples: list[ConversionSample] = []
    shown: dict[int, int] = {}
    for conv in conversions:
        counts[conv.encoding] = counts.get(conv.encoding, 0) + 1
        per_column[(conv.column, conv.encoding)] = per_column.get((conv.column, conv.encoding), 0) + 1
        if shown.get(conv.column, 0) < SAMPLES_PER_COLUMN:
            shown[conv.column] = shown.get(conv.column, 0) + 1
            samples.append(ConversionSample(place(conv.row + 1, conv.column), conv.before, conv.after, conv.encoding))
    for (column, encoding), count in sorted(per_column.items()):
        warnings.append(Issue(
            place(None, column),
            f"đã chuyển {count} ô từ mã {names[encoding]} sang Unicode; hãy xem lại vài ô để chắc chắn đúng.",
        ))
    return counts, samples


# --- The workbook ---------------------------------------------------------------------

def analyse_workbook(workbook: WorkbookData) -> ImportPlan:
    file = workbook.path.name
    sheets: list[SheetPlan] = []
    ignored: list[IgnoredSheet] = []
    errors: list[Issue] = []
    warnings: list[Issue] = []
    for grid in workbook.sheets:
        if grid.name == _RAW_SHEET:
            continue
        has_data = any(grid.rows)
        if not grid.visible:
            ignored.append(IgnoredSheet(grid.name, "trang ẩn"))
            if has_data:
                warnings.append(Issue(Place(file, grid.name), "trang ẩn nên đã bỏ qua; muốn nhập, hãy bỏ ẩn trang."))
            continue
        hint = kind_for_sheet_name(grid.name)
        match = find_header(grid.rows, hint)
        if match is None:
            ignored.append(IgnoredSheet(grid.name, "không nhận ra" if has_data else "trang trống"))
            if hint is not None and has_data:
                errors.append(Issue(Place(file, grid.name), (
                    f"không tìm thấy dòng tiêu đề trong {15} dòng đầu; trang «{SHEET_TITLES[hint]}» "
                    "cần một dòng tiêu đề có cột Họ và tên.")))
            elif has_data:
                warnings.append(Issue(Place(file, grid.name), "không nhận ra nội dung trang này (không có cột Họ và tên): đã bỏ qua."))
            continue
        sheets.append(_analyse_sheet(file, grid, match))
    sheets.sort(key=lambda s: ORDER.index(s.kind))
    if not sheets and not errors:
        looked = ", ".join(f"«{g.name}»" for g in workbook.sheets if g.name != _RAW_SHEET) or "(không có trang nào)"
        errors.append(Issue(Place(file), (
            "không tìm thấy danh sách nào để nhập. Mỗi trang cần một dòng tiêu đề (trong 15 dòng đầu) "
            f"có cột Họ và tên hoặc Họ tên. Các trang đã xem: {looked}.")))
    return ImportPlan(workbook.path, workbook.format, tuple(sheets), tuple(ignored),
                      tuple(errors), tuple(warnings), workbook)
