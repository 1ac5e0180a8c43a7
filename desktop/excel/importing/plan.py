"""The first phase of an import: what the file holds, before anything is written.

`analyse_workbook()` turns the sheets read by `workbook_reader` into an
`ImportPlan`: which sheets were recognised and as what, where the header row
is, what each column maps to, every row converted to stored values, and each
problem tied to its cell. The import wizard shows the plan (and lets the user
remap a column with `ImportPlan.with_mapping`); `importer.apply` then writes it.
Nothing here touches the data file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.core import dates, people, vntext
from desktop.excel.importing import cells
from desktop.excel.importing.headers import (
    NOT_CRITERIA,
    SHEET_TITLES,
    HeaderMatch,
    SheetKind,
    field_labels,
    find_header,
    header_key,
    kind_for_sheet_name,
)
from desktop.excel.importing.hidden_cells import (
    FORMULA_WITHOUT_VALUE,
    blank_formulas,
    hidden_cell_warnings,
)
from desktop.excel.importing.rows import (
    CRITERION_PREFIX,
    PADDED,
    Conversions,
    Record,
    check_person,
    convert_row,
    first_cell,
    folded_start,
    has_owner,
)
from desktop.excel.importing.titles import TitleUnits, read_titles
from desktop.excel.importing.workbook_reader import SheetGrid, TextConversion, WorkbookData

PREVIEW_ROWS = 100
SAMPLES_PER_COLUMN = 5
# Hidden sheet an exported workbook carries for the program itself (raw_data.RAW_SHEET).
_RAW_SHEET = "_du_lieu"
# A first cell starting with these ends the table (signature block, footnotes).
_END_WORDS = ("t/m", "tm ", "bi thu", "nguoi lap", "noi nhan", "xac nhan", "ghi chu:")
# Subtotal rows inside or under the table.
_TOTAL_WORDS = ("tong cong", "tong so", "cong:", "cong ")
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+|[A-Z])\s*[.)/-]\s*")
ORDER: tuple[SheetKind, ...] = ("members", "deeds", "reviews", "scores", "collectives")


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
    titles: TitleUnits = TitleUnits()
    # (row, as written, as stored) of each name written in capitals, made title case.
    capitalised: tuple[tuple[int, str, str], ...] = ()
    # Rows whose chính thức/dự bị was inferred from another column.
    inferred_membership: int = 0

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
    today: dt.date = field(compare=False)  # the day the file is checked against (no birth date after it)

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

    @property
    def committee_hint(self) -> str | None:
        """The đảng bộ a title row names ("ĐẢNG BỘ XÃ LA BẰNG"), if any."""
        return next((s.titles.committee for s in self.sheets if s.titles.committee), None)

    @property
    def unit_hint(self) -> str | None:
        """The chi bộ a title row of a sheet without a Chi bộ column names, if any."""
        return next((s.titles.unit for s in self.sheets if s.titles.unit and s.column_of("unit") is None), None)

    @property
    def needs_unit(self) -> bool:
        """Whether some sheet has neither a Chi bộ nor a Đảng bộ column."""
        return any(s.column_of("unit") is None and s.column_of("committee") is None for s in self.sheets)

    def unit_names(self) -> list[str]:
        """The chi bộ the rows name (as first written), when no row names a đảng bộ."""
        if any(s.column_of("committee") is not None for s in self.sheets):
            return []
        names: dict[str, str] = {}
        for sheet in self.sheets:
            for record in sheet.records:
                text = record.values.get("unit")
                if text:
                    names.setdefault(vntext.fold(str(text)).removeprefix("chi bo ").strip(), str(text))
        return list(names.values())

    @property
    def capitalised(self) -> list[tuple[str, int, str, str]]:
        """(sheet, row, as written, as stored) of each name in capitals made title case."""
        return [(s.name, *c) for s in self.sheets for c in s.capitalised]

    @property
    def inferred_membership(self) -> int:
        return sum(s.inferred_membership for s in self.sheets)

    @property
    def partial_dates(self) -> int:
        """Dates of people known only by year or month, kept as written."""
        return sum(1 for s in self.sheets if s.kind == "members" for r in s.records
                   for k in ("birth_date", "joined_date", "official_date") if dates.is_partial(r.values.get(k)))

    def bad_rows(self, issues: list[Issue] | None = None) -> dict[str, set[int]]:
        """Sheet → Excel rows the errors (or `issues`) point at."""
        rows: dict[str, set[int]] = {}
        for issue in self.errors if issues is None else issues:
            if issue.place.sheet is not None and issue.place.row is not None:
                rows.setdefault(issue.place.sheet, set()).add(issue.place.row)
        return rows

    def without_rows(self, rows: dict[str, set[int]]) -> ImportPlan:
        """The plan without these rows (and their errors): what "import the good rows" writes."""
        sheets = []
        for sheet in self.sheets:
            drop = rows.get(sheet.name, set())
            sheets.append(replace(
                sheet,
                records=tuple(r for r in sheet.records if r.row not in drop),
                errors=tuple(e for e in sheet.errors if e.place.row not in drop),
                capitalised=tuple(c for c in sheet.capitalised if c[0] not in drop),
            ))
        return replace(self, sheets=tuple(sheets))

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
        new_sheet = _analyse_sheet(self.path.name, grid, match, self.today, current.manual | set(mapping))
        sheets = tuple(new_sheet if s.name == sheet else s for s in self.sheets)
        return replace(self, sheets=sheets)


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


def _analyse_sheet(file: str, grid: SheetGrid, match: HeaderMatch, today: dt.date,
                   manual: frozenset[int] = frozenset()) -> SheetPlan:
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
    if match.kind == "collectives":
        if not {"unit", "committee"} & set(fields.values()):
            errors.append(Issue(place(match.row + 1, None), "không có cột Chi bộ (hoặc Đảng bộ); hãy ghép một cột "
                                                            "vào Chi bộ."))
    elif not has_name and not (match.kind == "deeds" and "collective" in fields.values()):
        errors.append(Issue(place(match.row + 1, None), "không có cột Họ và tên; hãy ghép một cột vào Họ và tên."))
    records: list[Record] = []
    previews: list[RowPreview] = []
    padded: dict[str, int] = {}
    capitalised: list[tuple[int, str, str]] = []
    inferred = 0
    cell_values = Conversions()
    section: str | None = None
    sections = "unit" not in fields.values()
    for r in range(match.data_start, len(grid.rows)):
        row = grid.rows[r]
        values: dict[int, Any] = {}
        filled = 0
        for i, v in enumerate(row):
            if not cells.is_empty(v):
                filled += 1
                if i in fields:
                    values[i] = v
        lead = first_cell(row)
        first = "" if lead is None else cells.to_text(lead)
        if filled == 1 and sections:
            title = _SECTION_NUMBER.sub("", first)
            if folded_start(title, ("chi bo ", "to dang ")):
                section = title  # a group title row, "I. Chi bộ Xóm Đồng", above its people
                continue
        blank = blank_formulas(grid.formulas, r, row, fields)
        if not values and not blank:
            continue
        # Only a text cell can start with words; a number (the STT), a date or a mark never does.
        first_folded = vntext.fold(first) if isinstance(lead, str) else ""
        if first_folded.startswith(_END_WORDS):
            break
        if first_folded.startswith(_TOTAL_WORDS):
            continue
        record, problems, restored = convert_row(r + 1, values, fields, cell_values)
        problems.update((index, FORMULA_WITHOUT_VALUE) for index in blank)
        if match.kind == "members" and not problems:
            name = record.values.get("full_name")
            if name and vntext.is_capitals(name):
                record.values["full_name"] = vntext.title_case(name)
                record.as_written["full_name"] = name
                capitalised.append((r + 1, name, record.values["full_name"]))
            # Only text cells can say "dự bị" (a number, a date or a mark never does).
            membership = people.infer_membership(record.values, (v for v in row if isinstance(v, str)))
            if membership:
                record.values["membership"] = membership
                inferred += 1
            record, problems = check_person(record, today)
        if section and "unit" not in record.values:
            record.values["unit"] = section
        for name in restored:
            padded[name] = padded.get(name, 0) + 1
        for index, message in problems.items():
            errors.append(Issue(place(r + 1, index), message))
        if not problems and not has_owner(record, match.kind):
            missing = "tên chi bộ" if match.kind == "collectives" else "họ và tên"
            warnings.append(Issue(place(r + 1, None), f"dòng có dữ liệu nhưng không có {missing}: đã bỏ qua."))
        elif not problems:
            records.append(record)
        if len(previews) < PREVIEW_ROWS or problems:
            previews.append(RowPreview(r + 1, tuple(cells.to_text(v) for v in row), problems))
    for name, count in padded.items():
        column = next(c for c in plans if c.field == name)
        warnings.append(Issue(place(None, column.index), PADDED[name][1].format(n=count)))
    fixed = [(r, c) for r, c in grid.look_alikes if c in fields and r >= match.data_start]
    if fixed:
        cells_listed = ", ".join(f"{get_column_letter(c + 1)}{r + 1}" for r, c in fixed[:10])
        warnings.append(Issue(place(None, None), (
            f"đã đổi chữ Ð/ð (chữ Eth U+00D0, do bộ chuyển mã cũ để lại, trông giống Đ nhưng là chữ khác) "
            f"thành Đ/đ ở {len(fixed)} ô ({cells_listed}{' …' if len(fixed) > 10 else ''}), "
            "để tìm kiếm và đối chiếu họ tên đúng.")))
    conversions, samples = _conversion_summary(grid.conversions, place, warnings)
    hidden = hidden_cell_warnings(grid.formulas, grid.controls_removed, grid.rows, set(fields), match.data_start)
    warnings.extend(Issue(place(None, column), message) for column, message in hidden)
    return SheetPlan(
        grid.name, match.kind, match.row + 1, match.data_start + 1, tuple(plans), tuple(records),
        tuple(errors), tuple(warnings), tuple(previews), tuple(samples), conversions, match, file, manual,
        read_titles(grid.rows, match.row), tuple(capitalised), inferred,
    )


def _placer(file: str, sheet: str, plans: list[ColumnPlan]) -> Callable[[int | None, int | None], Place]:
    headers = {c.index: c.header for c in plans}

    def place(row: int | None, column: int | None) -> Place:
        return Place(file, sheet, row, column, headers.get(column) if column is not None else None)

    return place


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

def analyse_workbook(workbook: WorkbookData, today: dt.date) -> ImportPlan:
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
        sheets.append(_analyse_sheet(file, grid, match, today))
    sheets.sort(key=lambda s: ORDER.index(s.kind))
    if not sheets and not errors:
        looked = ", ".join(f"«{g.name}»" for g in workbook.sheets if g.name != _RAW_SHEET) or "(không có trang nào)"
        errors.append(Issue(Place(file), (
            "không tìm thấy danh sách nào để nhập. Mỗi trang cần một dòng tiêu đề (trong 15 dòng đầu) "
            f"có cột Họ và tên hoặc Họ tên. Các trang đã xem: {looked}.")))
    return ImportPlan(workbook.path, workbook.format, tuple(sheets), tuple(ignored),
                      tuple(errors), tuple(warnings), workbook, today)
