"""Reading a workbook's sheets as grids of cell values, text in Unicode.

python-calamine reads .xlsx, .xls and .ods quickly; `file_checks` runs first
so it only ever sees files of bounded size and extent. Legacy Vietnamese
text (TCVN3, VNI) is converted here, before header matching, because the
headers of an old list are garbled too ("Hä vµ tªn"). The shape of the text
decides where nothing else can; for .xlsx the cell's font decides when the
shape shows that a sheet holds legacy text at all, read with openpyxl in
read-only mode, for those cells only, since fonts cost a second pass.

Control characters (BEL, NUL, ESC…: what a copy from another program or an
old .xls can leave in a cell) are invisible in Excel, so a secretary could
not find them to delete; they are removed here, every cell, and each removal
kept for a warning, rather than refusing the file or storing a name that
never matches when typed. Tabs and line breaks stay: `vntext.clean` makes
them spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine
from openpyxl import load_workbook

from desktop.core.legacy_text import LegacyEncoding, convert_cell
from desktop.core.vntext import LOOK_ALIKES
from desktop.excel.importing.file_checks import UnreadableWorkbook, WorkbookFormat, inspect_workbook

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
# Characters outside Latin-1 never occur in TCVN3 or VNI text; a cell holding
# only ASCII needs no conversion either. Everything else is a candidate.
_LATIN1_LAST = "\xff"
_LOOK_ALIKE_LETTERS = frozenset(LOOK_ALIKES)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class TextConversion:
    """One cell whose legacy-encoded text was converted (0-based row and column)."""

    row: int
    column: int
    before: str
    after: str
    encoding: LegacyEncoding
    font: str | None = None


@dataclass
class SheetGrid:
    """A sheet's cells: rows[0] is Excel row 1, rows[r][0] is column A."""

    name: str
    rows: list[list[Any]]
    visible: bool = True
    conversions: list[TextConversion] = field(default_factory=list)
    # 0-based (row, column) of formula cells (.xlsx), and of cells whose control characters were removed.
    formulas: frozenset[tuple[int, int]] = frozenset()
    controls_removed: list[tuple[int, int]] = field(default_factory=list)
    # Cells holding a look-alike letter (Ð U+00D0 for Đ…), which `vntext.clean` makes Vietnamese.
    look_alikes: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class WorkbookData:
    path: Path
    format: WorkbookFormat
    sheets: list[SheetGrid]


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells of each row and trailing empty rows."""
    out: list[list[Any]] = []
    for row in rows:
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        out.append(row[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _scan_text(grid: SheetGrid) -> list[tuple[int, int]]:
    """One pass over the text cells: control characters removed (and noted),
    look-alike letters noted, and the cells that may hold legacy text returned."""
    candidates: list[tuple[int, int]] = []
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if not isinstance(value, str):
                continue
            if _CONTROL.search(value):
                row[c] = value = _CONTROL.sub("", value)
                grid.controls_removed.append((r, c))
            if value.isascii():
                continue
            if not _LOOK_ALIKE_LETTERS.isdisjoint(value):
                grid.look_alikes.append((r, c))
            if max(value) <= _LATIN1_LAST:
                candidates.append((r, c))
    return candidates


def _fonts(path: Path, sheet: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], str | None]:
    """Font names of the given cells of an .xlsx sheet (read-only, one streaming pass)."""
    wanted = set(cells)
    rows = {r for r, _ in cells}
    found: dict[tuple[int, int], str | None] = {}
    wb = load_workbook(path, read_only=True)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        for row in ws.iter_rows(min_row=min(rows) + 1, max_row=max(rows) + 1):
            for cell in row:
                if not hasattr(cell, "column") or cell.column is None:
                    continue
                key = (cell.row - 1, cell.column - 1)
                if key in wanted:
                    found[key] = cell.font.name if cell.font is not None else None
    finally:
        wb.close()
    return found


def _convert(path: Path, fmt: WorkbookFormat, grid: SheetGrid, cells: list[tuple[int, int]]) -> None:
    """Convert legacy text in place (`cells`: the candidates), keeping each conversion for the summary."""
    if not cells:
        return
    shapes: dict[str, tuple[str, LegacyEncoding | None]] = {}  # a column repeats its texts down the list
    by_shape = {}
    for r, c in cells:
        text = grid.rows[r][c]
        by_shape[(r, c)] = shapes[text] if text in shapes else shapes.setdefault(text, convert_cell(text, None))
    fonts: dict[tuple[int, int], str | None] = {}
    if fmt == "xlsx" and any(enc for _, enc in by_shape.values()):
        fonts = _fonts(path, grid.name, cells)
    for key in cells:
        r, c = key
        before = grid.rows[r][c]
        after, encoding = convert_cell(before, fonts[key]) if fonts.get(key) else by_shape[key]
        if encoding is not None:
            grid.rows[r][c] = after
            grid.conversions.append(TextConversion(r, c, before, after, encoding, fonts.get(key)))


def read_workbook(path: Path | str) -> WorkbookData:
    """Every sheet of the file as a grid; raises UnreadableWorkbook (a UserError)."""
    path = Path(path)
    fmt, extents = inspect_workbook(path)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise UnreadableWorkbook(
            f"Không nhập được tệp «{path.name}»: tệp có đặt mật khẩu. Hãy mở bằng Excel, "
            "bỏ mật khẩu rồi lưu lại và nhập tệp đó."
        ) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        raise _damaged(path, exc) from None
    sheets: list[SheetGrid] = []
    try:
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                raw = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except (calamine.CalamineError, ValueError) as exc:
                raise _damaged(path, exc, meta.name) from None
            grid = SheetGrid(meta.name, _trim(raw), meta.visible == calamine.SheetVisibleEnum.Visible)
            if meta.name in extents:
                grid.formulas = extents[meta.name].formulas
            _convert(path, fmt, grid, _scan_text(grid))
            sheets.append(grid)
    finally:
        book.close()
    return WorkbookData(path, fmt, sheets)


def _damaged(path: Path, exc: Exception, sheet: str | None = None) -> UnreadableWorkbook:
    where = f" (trang «{sheet}»)" if sheet else ""
    return UnreadableWorkbook(
        f"Không nhập được tệp «{path.name}»{where}: tệp bị hỏng hoặc không đúng định dạng ({exc}). "
        "Hãy mở tệp bằng Excel, lưu lại thành .xlsx rồi nhập lại."
    )
