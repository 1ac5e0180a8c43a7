"""A worksheet laid out as a party document (Hướng dẫn 36-HD/VPTW), ready to print.

`write_party_sheet` fills one worksheet: the header block (higher committee
and issuing body top left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-date line
top right), the title, the table, totals and notes, then the signature block
bottom right and "Nơi nhận:" bottom left; A4, Times New Roman, fitted to the
page width. Report builders describe their table with `Column` and
`ReportTable` and never style a cell themselves.

Excel does not fit row heights to wrapped text when it opens a file, so the
column widths, row heights and page breaks come from the estimates in
`page_layout` (Times New Roman's character widths on an A4 page); the same
estimate keeps the signature from standing alone on the last page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from copy import copy
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop.excel.reports import page_layout as layout
from desktop.excel.reports.page_layout import (
    BODY_PT,
    FONT_NAME,
    HEADER_PT,
    MM_PER_INCH,
    MOTTO_PT,
    RECIPIENTS_HEAD_PT,
    RECIPIENTS_PT,
    TABLE_PT,
    TITLE_PT,
)
from desktop.excel.reports.report_table import Align, Column, PartyHeader, ReportTable
from desktop.excel.streamed_sheet import StreamedSheet, Styled, create_streamed_sheet, style_id

__all__ = [
    "FONT_NAME",
    "Column",
    "PartyHeader",
    "ReportTable",
    "party_workbook",
    "create_sheet",
    "place_date_line",
    "streaming_workbook",
    "put_value",
    "write_party_sheet",
]

PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
EMPTY_TABLE = "(Không có dữ liệu)"
TOTALS_LABEL = "Tổng cộng"

EXCEL_MAX_CELL = 32_767
SIGNATURE_GAP_ROWS = 4
NORMAL_PT = 11
FOOTER_PT = 10
FOOTER_MAX = 215  # Excel keeps 255 characters of a footer, its font codes included

NUMBER_FORMATS: dict[str, str] = {
    "int": "#,##0",
    "number": "#,##0.0#",
    "percent": "0.0%",
    "date": "dd/mm/yyyy",
}
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_ALIGN: dict[str, Alignment] = {
    side: Alignment(horizontal=side, vertical="center", wrap_text=True)
    for side in ("left", "center", "right")
}


def place_date_line(place: str, date: dt.date) -> str:
    """'La Bằng, ngày 05 tháng 3 năm 2026': day zero-padded under 10, month not."""
    return f"{place}, ngày {date.day:02d} tháng {date.month} năm {date.year}"


@lru_cache(maxsize=16_384)
def _cell_text(value: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", value))
    if len(text) > EXCEL_MAX_CELL:
        text = text[: EXCEL_MAX_CELL - 1] + "…"
    return text


def put_value(cell: Cell, value: object) -> None:
    """Write a value so that user text is never taken as a formula and never breaks the file."""
    if isinstance(value, str):
        text = _cell_text(value)
        cell.value = text
        if text.startswith(FORMULA_LEADS):
            cell.data_type = "s"
            cell._style = copy(cell._style)  # it may be shared with other cells
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    else:
        cell.value = value


def party_workbook(*, streaming: bool = False) -> Workbook:
    """An empty workbook whose Normal style is Times New Roman.

    Excel measures column widths in the Normal font's digit width: Times New
    Roman 11 pt has Calibri 11's 7 px digit, so the widths planned here hold,
    and nothing depends on Calibri being installed. `streaming` makes it
    write-only: each row goes to the file as it is written (constant memory,
    what the exports use); the sheets can then only be written, in order.
    """
    wb = Workbook(write_only=streaming)
    if wb.active is not None:
        wb.remove(wb.active)
    normal = Font(name=FONT_NAME, size=NORMAL_PT, family=1)
    wb._fonts = IndexedList([normal])  # font 0 is what unstyled cells show
    wb._named_styles["Normal"].font = normal
    return wb


@contextmanager
def streaming_workbook() -> Iterator[Workbook]:
    """`party_workbook(streaming=True)` for a `with` block: when the block stops
    before saving (an error, a cancel), the sheets' open streams are closed
    here, not left half-open for the garbage collector to trip over."""
    wb = party_workbook(streaming=True)
    try:
        yield wb
    except BaseException:
        for ws in wb.worksheets:
            with suppress(Exception):  # the workbook is being thrown away
                if not ws.closed:
                    ws.close()
        raise


def create_sheet(wb: Workbook, title: str) -> Worksheet | WriteOnlyWorksheet:
    """A new sheet for `write_party_sheet`: in a streaming workbook, one that writes its rows' XML itself."""
    if not wb.write_only:
        return wb.create_sheet(title)
    return create_streamed_sheet(wb, title)


def write_party_sheet(ws: Worksheet | WriteOnlyWorksheet, header: PartyHeader, table: ReportTable) -> None:
    """Fill `ws` (expected empty; ordinary or write-only) with `table` laid out as a signed party document."""
    if not table.columns:
        raise ValueError("a report table needs at least one column")
    _check_groups(table)
    landscape, widths = layout.plan_widths(header, table)
    sheet = _Sheet(ws, _Grid.build(header, widths))

    sheet.header_block(header)
    sheet.blank(8)
    sheet.full_line(table.title.upper(), layout.font(TITLE_PT, bold=True), "center")
    if table.subtitle:
        sheet.full_line(table.subtitle, layout.font(BODY_PT, italic=True), "center")
    sheet.blank(8)
    first_header = sheet.row
    sheet.table_header(table)
    last_header = sheet.row - 1
    ws.freeze_panes = f"A{last_header + 1}"  # a write-only sheet needs it before its first row
    # and its sheet properties (fit to the page's width) too: a streamed sheet writes them with its first row.
    _page_setup(ws, header, landscape)
    sheet.stream()
    for values in table.rows:
        sheet.table_row(table.columns, values)
    if not table.rows:
        sheet.empty_row()
    if table.totals is not None:
        sheet.totals_row(table.columns, table.totals)
    table_end = sheet.row - 1
    notes = [table.abbreviations, *table.notes] if table.abbreviations else list(table.notes)
    if notes:
        sheet.blank(8)
        for note in notes:
            sheet.full_line(note, layout.font(BODY_PT), "left")
    kept = [sheet.appendix(appendix) for appendix in table.appendices]
    sheet.blank(10)
    sheet.signature_block(header)
    last_row = sheet.row - 1
    sheet.flush(last_row)

    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.print_area = f"A1:{get_column_letter(len(sheet.grid.widths))}{last_row}"
    if table.abbreviations:
        _key_at_the_foot(ws, table.abbreviations)
    title_rows = (first_header, last_header)
    pages = layout.Pagination(ws, header, landscape, sheet.grid.widths, title_rows, sheet.heights)
    first_data = last_header + 1
    blocks = [first_data + index for index in table.keep_together]
    pages.lay_out(first_data, last_header + len(table.rows), table_end, blocks, kept)


@dataclass
class _Grid:
    """The sheet's physical columns.

    Usually one per table column. The header block and the signature need a
    left and a right half; when no column boundary falls near the middle (one
    or two wide columns) one table column is cut in two and its cells merged.
    """

    widths: list[float]
    spans: list[tuple[int, int]]  # per table column: first and last sheet column
    split: int  # sheet columns 1..split are the left half

    @classmethod
    def build(cls, header: PartyHeader, widths: list[float]) -> _Grid:
        left_need, right_need = _half_needs(header)
        total = sum(widths)
        # Long committee names wrap on two lines as on paper; the motto and the
        # place-date line never should, so the right half is served first.
        ideal = min(total * left_need / (left_need + right_need), total - right_need)
        ideal = max(ideal, total * 0.3)

        def shortfall(left: float) -> float:
            return max(0.0, left_need - left) + 3 * max(0.0, right_need - (total - left))

        spans = [(i, i) for i in range(1, len(widths) + 1)]
        bounds = [sum(widths[:i]) for i in range(1, len(widths))]
        if bounds:
            best = min(
                range(len(bounds)), key=lambda i: (shortfall(bounds[i]), abs(bounds[i] - ideal))
            )
            if shortfall(bounds[best]) <= shortfall(ideal) + 2.0:
                return cls(list(widths), spans, best + 1)
        # Cut the column that holds the ideal boundary.
        index = next(i for i, b in enumerate([*bounds, total]) if b > ideal)
        before = bounds[index - 1] if index else 0.0
        cut = [ideal - before, widths[index] - (ideal - before)]
        grid = [*widths[:index], *cut, *widths[index + 1 :]]
        spans = [(i + (i > index + 1), i + (i >= index + 1)) for i in range(1, len(widths) + 1)]
        return cls(grid, spans, index + 1)

    def width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])


class _Sheet:
    """Writes rows top to bottom on a `_Grid`, streaming.

    The cells of the last rows wait in `_pending` (a totals row still
    rewrites its own row, a two-row table header merges down); every row
    before them goes to the worksheet with `append`, its height and merges,
    so a write-only sheet holds one row at a time whatever the table's size,
    and an ordinary sheet ends up with the same cells. A table row copies
    the finished style of the first cell of its kind (`_row_styles`):
    setting font, border… one by one looks each up in the workbook's style
    tables, ten times slower; the workbook stores each style once either way.
    """

    def __init__(self, ws: Worksheet | WriteOnlyWorksheet, grid: _Grid) -> None:
        self.ws = ws
        self.grid = grid
        self.row = 1
        self.heights: list[float] = []  # per row, in points (the pagination's input)
        self._row_styles: dict[tuple[int, bool, bool], StyleArray] = {}
        self._row_style_ids: dict[tuple[int, bool, bool], int] = {}
        self._pending: dict[int, dict[int, Any]] = {}  # Cell, or Styled in a StreamedSheet
        self._merges: list[tuple[int, int, int, int, bool]] = []  # rows, columns, boxed
        self._written = 0  # rows handed to the worksheet
        self._streaming = False  # rows go out only once the frozen rows are known
        self._write_only = isinstance(ws, WriteOnlyWorksheet)
        self._streamed = ws if isinstance(ws, StreamedSheet) else None
        self._widths_of: list[tuple[int, int]] | None = None
        self._widths: list[float] = []
        for index, width in enumerate(grid.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = round(width, 2)
        ws.sheet_view.showGridLines = False

    def stream(self) -> None:
        """From now on rows go to the worksheet as soon as the writer is past them."""
        self._streaming = True
        self.flush(self.row - 2)

    def flush(self, last: int) -> None:
        """Hand rows up to `last` to the worksheet, with their heights and merges."""
        for row in range(self._written + 1, last + 1):
            cells = self._pending.pop(row, {})
            if self._streamed is not None:
                self._streamed.write_row(cells, self.heights[row - 1])
                continue
            self.ws.row_dimensions[row].height = self.heights[row - 1]
            self.ws.append([cells.get(column) for column in range(1, max(cells, default=0) + 1)])
            if self._write_only:
                del self.ws.row_dimensions[row]  # written with the row; keep memory flat
        self._written = max(self._written, last)
        done = [m for m in self._merges if m[2] <= last]
        self._merges = [m for m in self._merges if m[2] > last]
        for r1, c1, r2, c2, boxed in done:
            if self._write_only:
                # Straight into the set: `add` first compares the range with every merge
                # already made (the writer never overlaps its merges).
                self.ws.merged_cells.ranges.add(CellRange(min_row=r1, min_col=c1, max_row=r2, max_col=c2))
                continue
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
            if boxed:  # an ordinary sheet's merge made its covered cells anew
                for row in range(r1, r2 + 1):
                    for column in range(c1, c2 + 1):
                        self.ws.cell(row, column).border = BOX

    def _next_row(self) -> None:
        self.row += 1
        if self._streaming:
            self.flush(self.row - 2)

    def _styled_cell(self, row: int, column: int) -> Cell:
        """The cell, with a style of its own to change (a table row's may be shared)."""
        cell = self._cell(row, column)
        cell._style = copy(cell._style)
        return cell

    def _cell(self, row: int, column: int) -> Cell:
        cells = self._pending.setdefault(row, {})
        cell = cells.get(column)
        if cell is None:
            cells[column] = cell = WriteOnlyCell(self.ws)
        return cell

    def _covered(self, row: int, column: int) -> bool:
        """Whether a merge waiting to be written covers (row, column) but does not start there."""
        return any(r1 <= row <= r2 and c1 <= column <= c2 and (row, column) != (r1, c1)
                   for r1, c1, r2, c2, _ in self._merges)

    # header and footer blocks ------------------------------------------------

    def header_block(self, header: PartyHeader) -> None:
        left = [
            (header.superior_name.upper(), layout.font(HEADER_PT)),
            (header.issuer_name.upper(), layout.font(HEADER_PT, bold=True)),
            ("*", layout.font(HEADER_PT)),
            (header.doc_number, layout.font(HEADER_PT)),
        ]
        # The rule under the motto is as long as the motto (HD 36): an underline, not a border.
        right = [
            (PARTY_MOTTO, layout.font(MOTTO_PT, bold=True, underline=True)),
            ("", layout.font(HEADER_PT)),
            ("", layout.font(HEADER_PT)),
            (place_date_line(header.place, header.date), layout.font(HEADER_PT, italic=True)),
        ]
        if not header.superior_name:
            # No higher committee line: the issuer stands beside the motto, the number beside the date.
            del left[0], right[1]
        for (ltext, lfont), (rtext, rfont) in zip(left, right, strict=True):
            self.halves(ltext, lfont, "center", rtext, rfont, "center", vertical="top")

    def signature_block(self, header: PartyHeader) -> None:
        right = [
            (header.signer_on_behalf.upper(), layout.font(BODY_PT, bold=True)),
            (header.signer_role.upper(), layout.font(BODY_PT, bold=True)),
            *[("", layout.font(BODY_PT))] * SIGNATURE_GAP_ROWS,
            (header.signer_name, layout.font(BODY_PT, bold=True)),
        ]
        left = [("Nơi nhận:", layout.font(RECIPIENTS_HEAD_PT, bold=True, italic=True))]
        last = len(header.recipients) - 1
        for index, recipient in enumerate(header.recipients):
            text = recipient.strip()
            if text and text[-1] not in ".,;:":
                text += "." if index == last else ","  # HD 36: each line ends with a comma
            left.append((f"- {text}", layout.font(RECIPIENTS_PT)))
        for index in range(max(len(left), len(right))):
            ltext, lfont = left[index] if index < len(left) else ("", layout.font(RECIPIENTS_PT))
            rtext, rfont = right[index] if index < len(right) else ("", layout.font(BODY_PT))
            self.halves(ltext, lfont, "left", rtext, rfont, "center")

    def halves(
        self,
        ltext: str,
        lfont: Font,
        lalign: Align,
        rtext: str,
        rfont: Font,
        ralign: Align,
        vertical: str = "center",
    ) -> None:
        split, last = self.grid.split, len(self.grid.widths)
        self._merged(1, split, ltext, lfont, Alignment(lalign, vertical, wrap_text=True))
        self._merged(split + 1, last, rtext, rfont, Alignment(ralign, vertical, wrap_text=True))
        lines = max(
            layout.lines(ltext, lfont, self.grid.width(1, split)),
            layout.lines(rtext, rfont, self.grid.width(split + 1, last)),
            1,
        )
        self._height(lines * layout.line_pt(max(lfont.sz or BODY_PT, rfont.sz or BODY_PT)) + 2)
        self._next_row()

    def full_line(self, text: str, font: Font, align: Align) -> None:
        last = len(self.grid.widths)
        self._merged(1, last, text, font, Alignment(align, "center", wrap_text=True))
        lines = max(layout.lines(text, font, self.grid.width(1, last)), 1)
        self._height(lines * layout.line_pt(font.sz or BODY_PT) + 2)
        self._next_row()

    def blank(self, height_pt: float) -> None:
        self._height(height_pt)
        self._next_row()

    # the table ---------------------------------------------------------------

    def table_header(self, table: ReportTable) -> None:
        font = layout.font(TABLE_PT, bold=True)
        align = Alignment("center", "center", wrap_text=True)
        spans = self.grid.spans
        groups = table.groups if table.groups and any(t for t, _ in table.groups) else None
        if groups:
            lines = 1
            start = 0
            for title, span in groups:
                first, last = spans[start][0], spans[start + span - 1][1]
                if title:
                    self._box(self.row, first, self.row, last, title, font, align)
                    lines = max(lines, layout.lines(title, font, self.grid.width(first, last)))
                else:
                    for column, (a, b) in zip(
                        table.columns[start : start + span],
                        spans[start : start + span],
                        strict=True,
                    ):
                        self._box(self.row, a, self.row + 1, b, column.title, font, align)
                start += span
            self._height(lines * layout.line_pt(TABLE_PT) + 4)
            self._next_row()
        lines = 1
        for column, (first, last) in zip(table.columns, spans, strict=True):
            if not self._covered(self.row, first):
                self._box(self.row, first, self.row, last, column.title, font, align)
            lines = max(lines, layout.lines(column.title, font, self.grid.width(first, last)))
        self._height(lines * layout.line_pt(TABLE_PT) + 4)
        self._next_row()

    def table_row(self, columns: list[Column], values: dict[str, Any], bold: bool = False) -> None:
        font = _TABLE_BOLD if bold else _TABLE_FONT
        lines = 1
        streamed = self._streamed is not None and not bold
        cells = self._pending.setdefault(self.row, {})
        widths = self._span_widths()
        for index, (column, (first, last)) in enumerate(zip(columns, self.grid.spans, strict=True)):
            value = values.get(column.key)
            key = (index, bold, isinstance(value, str))
            if streamed and last == first:
                styled = self._styled(key, column, value)
                if styled is not None:
                    cells[first] = styled
                    if isinstance(value, str):
                        lines = max(lines, layout.lines(value, font, widths[index]))
                    continue
            cell = self._cell(self.row, first)
            style = self._row_styles.get(key)
            if style is not None:
                # A write-only sheet's cell is written as it is and may share the style
                # (a later change goes through `_styled_cell` first); a StreamedSheet's
                # shared style stands for its (style id, value) cells, so it is copied.
                cell._style = copy(style) if not self._write_only or streamed else style
            else:
                cell._style = self._row_style(key, column, value, font)
            put_value(cell, value)
            if last > first:
                self._merge_boxed(self.row, first, self.row, last)
            if isinstance(value, str):
                lines = max(lines, layout.lines(value, font, widths[index]))
        self._height(lines * layout.line_pt(TABLE_PT) + 3)
        self._next_row()

    def _row_style(self, key: tuple[int, bool, bool], column: Column, value: object, font: Font) -> StyleArray:
        """The style of a table row's cell of this kind, finished once from the first such cell."""
        cell = WriteOnlyCell(self.ws)
        cell.font = font
        cell.border = BOX
        cell.alignment = _cell_alignment(column, value)
        if column.kind != "text" and not isinstance(value, str):
            cell.number_format = column.number_format or NUMBER_FORMATS[column.kind]
        elif column.number_format:
            cell.number_format = column.number_format
        self._row_styles[key] = cell._style
        return copy(cell._style)

    def _span_widths(self) -> list[float]:
        """The width of each table column's span on the grid (the appendix has its own spans)."""
        spans = self.grid.spans
        if self._widths_of is not spans:
            self._widths_of, self._widths = spans, [self.grid.width(a, b) for a, b in spans]
        return self._widths

    def _styled(self, key: tuple[int, bool, bool], column: Column, value: object) -> Styled | None:
        """A streamed table cell as (style id, value), or None when it needs a cell of its own
        (text taken for a formula, anything but text, numbers and a date column's dates)."""
        if isinstance(value, str):
            text = _cell_text(value)
            if text.startswith(FORMULA_LEADS):
                return None
            cell_value: str | int | float | None = text
        elif value is None or type(value) is int or type(value) is float:
            cell_value = value
        elif type(value) is dt.date and column.kind == "date" and _shows_dates(column):
            cell_value = to_excel(value, self.ws.parent.epoch)  # what openpyxl writes for a date
        else:
            return None
        sid = self._row_style_ids.get(key)
        if sid is None:
            style = self._row_styles.get(key)
            if style is None:
                self._row_style(key, column, value, _TABLE_FONT)
                style = self._row_styles[key]
            sid = self._row_style_ids[key] = style_id(self.ws.parent, style)
        return sid, cell_value

    def totals_row(self, columns: list[Column], totals: dict[str, Any]) -> None:
        label_span = 0
        while label_span < len(columns) and totals.get(columns[label_span].key) is None:
            label_span += 1
        self.table_row(columns, totals, bold=True)
        if label_span:
            self.row -= 1
            last = self.grid.spans[label_span - 1][1]
            self._unmerge_row(1, last)
            align = Alignment("center", "center", wrap_text=True)
            self._box(self.row, 1, self.row, last, TOTALS_LABEL, _TABLE_BOLD, align)
            self._next_row()

    def empty_row(self) -> None:
        last = self.grid.spans[-1][1]
        align = Alignment("center", "center")
        font = layout.font(TABLE_PT, italic=True)
        self._box(self.row, 1, self.row, last, EMPTY_TABLE, font, align)
        self._height(layout.line_pt(TABLE_PT) + 6)
        self._next_row()

    def appendix(self, table: ReportTable) -> tuple[int, int]:
        """A small table under the main one, from the left: its columns are laid
        over the main table's sheet columns, each about as wide as it asks.
        Returns its first and last rows (title to notes), kept on one page."""
        main_spans, main_styles, main_ids = self.grid.spans, self._row_styles, self._row_style_ids
        self.grid = replace(self.grid, spans=_shared_spans(self.grid.widths, table.columns))
        self._row_styles, self._row_style_ids = {}, {}  # the cached styles belong to the main table's columns
        self.blank(8)
        first = self.row
        self.full_line(table.title, layout.font(BODY_PT, bold=True), "left")
        if table.subtitle:
            self.full_line(table.subtitle, layout.font(BODY_PT, italic=True), "left")
        self.table_header(table)
        for values in table.rows:
            self.table_row(table.columns, values)
        if table.totals is not None:
            self.totals_row(table.columns, table.totals)
        for note in table.notes:
            self.full_line(note, layout.font(BODY_PT), "left")
        self.grid = replace(self.grid, spans=main_spans)
        self._row_styles, self._row_style_ids = main_styles, main_ids
        return first, self.row - 1

    # cells -------------------------------------------------------------------

    def _merged(self, first: int, last: int, text: str, font: Font, align: Alignment) -> None:
        cell = self._styled_cell(self.row, first)
        put_value(cell, text or None)
        cell.font = font
        cell.alignment = align
        if last > first:
            self._merges.append((self.row, first, self.row, last, False))

    def _box(
        self, r1: int, c1: int, r2: int, c2: int, text: str, font: Font, align: Alignment
    ) -> None:
        cell = self._styled_cell(r1, c1)
        put_value(cell, text)
        cell.font = font
        cell.alignment = align
        cell.border = BOX
        if (r1, c1) != (r2, c2):
            self._merge_boxed(r1, c1, r2, c2)

    def _merge_boxed(self, r1: int, c1: int, r2: int, c2: int) -> None:
        self._merges.append((r1, c1, r2, c2, True))
        for row in range(r1, r2 + 1):
            for column in range(c1, c2 + 1):
                cell = self._styled_cell(row, column)
                if (row, column) != (r1, c1):
                    cell.value = None  # what a merge leaves in the cells it covers
                cell.border = BOX

    def _unmerge_row(self, first: int, last: int) -> None:
        self._merges = [m for m in self._merges if not (m[0] == self.row and first <= m[1] <= last)]

    def _height(self, points: float) -> None:
        height = round(min(points, 409), 1)
        if len(self.heights) < self.row:
            self.heights.append(height)
        else:
            self.heights[self.row - 1] = height


def _shared_spans(widths: list[float], columns: list[Column]) -> list[tuple[int, int]]:
    """Sheet columns (first, last) per column of a table laid over `widths` from the
    left: each column ends at the sheet column edge nearest its width (in the same
    units; None counts as 10), every column at least one sheet column wide."""
    if len(columns) > len(widths):
        raise ValueError("an appendix needs no more columns than the sheet it is laid over")
    edges = list(accumulate(widths))
    spans: list[tuple[int, int]] = []
    first, target = 1, 0.0
    for index, column in enumerate(columns, start=1):
        target += column.width or 10.0
        highest = len(widths) - (len(columns) - index)
        last = min(range(first, highest + 1), key=lambda c: abs(edges[c - 1] - target))
        spans.append((first, last))
        first = last + 1
    return spans


def _check_groups(table: ReportTable) -> None:
    if table.groups is None:
        return
    spans = [span for _, span in table.groups]
    if any(span < 1 for span in spans) or sum(spans) != len(table.columns):
        raise ValueError(
            f"column groups span {sum(spans)} columns, the table has {len(table.columns)}"
        )


def _cell_alignment(column: Column, value: object) -> Alignment:
    horizontal: Align | None = column.align
    if horizontal is None:
        if column.kind == "date":
            horizontal = "center"
        elif column.kind == "text" or isinstance(value, str):
            horizontal = "left"
        else:
            horizontal = "right"
    return _ALIGN[horizontal]


@lru_cache(maxsize=64)
def _date_format(number_format: str) -> bool:
    return bool(is_date_format(number_format))


def _shows_dates(column: Column) -> bool:
    """Whether the column's cells show a date as a date (else openpyxl would change their format)."""
    return _date_format(column.number_format or NUMBER_FORMATS["date"])


_TABLE_FONT = layout.font(TABLE_PT)
_TABLE_BOLD = layout.font(TABLE_PT, bold=True)


def _page_setup(ws: Worksheet, header: PartyHeader, landscape: bool) -> None:
    top, bottom, left, right = (mm / MM_PER_INCH for mm in header.margins_mm)
    ws.page_margins.top = top
    ws.page_margins.bottom = bottom
    ws.page_margins.left = left
    ws.page_margins.right = right
    ws.page_margins.header = min(0.3, top / 2)
    ws.page_margins.footer = min(0.3, bottom / 2)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    # Party documents number their pages from the second, top centre; each
    # sheet counts from 1 even when the workbook is printed at once.
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = TABLE_PT
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True


def _key_at_the_foot(ws: Worksheet, key: str) -> None:
    """The abbreviation key in the footer, so each page of a long table carries it."""
    text = key.replace("&", "&&")[:FOOTER_MAX]
    ws.HeaderFooter.scaleWithDoc = False  # a table shrunk to the page keeps a readable key
    for footer in (ws.oddFooter, ws.firstFooter):
        footer.center.text = text
        footer.center.font = f"{FONT_NAME},Italic"
        footer.center.size = FOOTER_PT


def _half_needs(header: PartyHeader) -> tuple[float, float]:
    """Widths the left (issuer) and right (motto, date, signer) halves need unwrapped."""
    head = layout.font(HEADER_PT)
    left = max(
        layout.text_units(header.superior_name.upper(), head),
        layout.text_units(header.issuer_name.upper(), layout.font(HEADER_PT, bold=True)),
        layout.text_units(header.doc_number, head),
    )
    right = max(
        layout.text_units(PARTY_MOTTO, layout.font(MOTTO_PT, bold=True)),
        layout.text_units(
            place_date_line(header.place, header.date), layout.font(HEADER_PT, italic=True)
        ),
        layout.text_units(header.signer_name, layout.font(BODY_PT, bold=True)),
    )
    return left + 2, right + 2

