"""How Excel and LibreOffice will lay out a party document's rows and pages.

openpyxl writes cells but cannot measure text: it has no font metrics and
Excel does not fit row heights to wrapped text when it opens a file. So the
column widths, the number of lines a wrapped cell takes, the row heights and
where the page breaks will fall are estimated here, from Times New Roman's
character widths and the A4 page, for `party_form` to write and print.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import unicodedata
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from openpyxl.styles import Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from desktop.excel.reports.report_table import Column, PartyHeader, ReportTable

# The typeface and sizes of the document; the metrics below are this face's.
FONT_NAME = "Times New Roman"
TABLE_PT = 12
HEADER_PT = 14
MOTTO_PT = 15
TITLE_PT = 15
BODY_PT = 14
RECIPIENTS_HEAD_PT = 12
RECIPIENTS_PT = 11

MM_PER_INCH = 25.4
# Column width unit: the "0" of the default font, 7 px at 96 dpi.
PX_PER_UNIT = 7.0
A4_MM = (210.0, 297.0)
MAX_TEXT_WIDTH = 45.0
MAX_NUMBER_WIDTH = 16.0
MIN_WIDTH = 4.5
# Long text wraps, but not in a column narrower than this.
MIN_WRAPPED_WIDTH = 25.0
# A table up to this much wider than portrait is shrunk rather than turned.
PORTRAIT_SLACK = 1.08


def font(size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> Font:
    return Font(
        name=FONT_NAME,
        size=size,
        bold=bold,
        italic=italic,
        underline="single" if underline else None,
    )


class Pagination:
    """Where the page breaks will fall, from the row heights written (`heights`, in points, per row).

    Three things a clerk notices are decided here: a table that overflows its
    last page by a few rows is shrunk to fewer pages rather than split; rows
    that belong together (a person's deeds under the name) are not split by a
    page break; the signature never stands alone on the last page ("không để
    trang chữ ký đứng riêng"). Excel (Calibri "0" = 7 px) and LibreOffice
    (about 7.6 px) shrink a table to the page width by different amounts, so
    both are checked.
    """

    PX_PER_UNIT_BY_PROGRAM = (7.0, 7.6)
    # The estimate is rough (printer margins, rounding of the scale); near a
    # page boundary it is better to break early than to strand the signature.
    TOLERANCE = (0.96, 1.0, 1.04)
    # Shrinking a short table onto one page fewer: at most this much smaller print,
    # and only for tables of a few pages (long lists break by rows instead).
    MIN_SHRINK = 0.75
    MAX_SHRUNK_PAGES = 3

    def __init__(
        self,
        ws: Worksheet,
        header: PartyHeader,
        landscape: bool,
        widths: list[float],
        title_rows: tuple[int, int],
        heights: Sequence[float],
    ) -> None:
        self.ws = ws
        top, bottom, left, right = header.margins_mm
        paper_w, paper_h = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
        page_w_pt = (paper_w - left - right) / MM_PER_INCH * 72
        page_h_pt = (paper_h - top - bottom) / MM_PER_INCH * 72
        self.page_heights: list[float] = []
        for px_per_unit in self.PX_PER_UNIT_BY_PROGRAM:
            content_w_pt = sum(widths) * px_per_unit * 0.75
            scale = math.floor(min(1.0, page_w_pt / content_w_pt) * 100) / 100
            self.page_heights.extend(page_h_pt * f / scale for f in self.TOLERANCE)
        self.heights = list(heights)
        self.title_pt = sum(self.heights[title_rows[0] - 1 : title_rows[1]])

    def page_starts(self, page_pt: float, forced: Collection[int] = ()) -> list[int]:
        """The first row of each page, `forced` rows starting a page (manual breaks)."""
        starts = [1]
        used = 0.0
        for row, height in enumerate(self.heights, start=1):
            if used > self.title_pt and (used + height > page_pt or row in forced):
                starts.append(row)
                used = self.title_pt
            used += height
        return starts

    def lay_out(self, first_data: int, last_data: int, table_end: int, blocks: Sequence[int] = (),
                kept: Sequence[tuple[int, int]] = ()) -> None:
        """Decide the breaks: shrink a short table, keep `blocks` (first rows of
        runs of rows that stay together) whole, keep the signature with the table,
        or, when small tables follow it (`kept`: their first and last rows), keep
        each of them whole and the signature with the last."""
        if self.shrink_onto_fewer_pages(whole=bool(kept)):
            return
        if blocks:
            self.break_between_blocks(first_data, last_data, blocks)
        elif not kept:
            self.keep_signature_with_table(first_data, last_data, table_end)
        if kept:
            self.keep_whole(kept)

    def shrink_onto_fewer_pages(self, whole: bool = False) -> bool:
        """Fit to one page fewer when every estimate says the smaller print still fits;
        `whole`: only onto one page (where the program breaks a shrunk print is not known,
        so tables that must not be split are kept whole by manual breaks instead)."""
        pages = max(len(self.page_starts(h)) for h in self.page_heights)
        if not 2 <= pages <= (2 if whole else self.MAX_SHRUNK_PAGES):
            return False
        # The program picks the scale itself; the estimate only decides whether the
        # print would stay readable, so the middle estimate of each program is enough.
        middle = self.page_heights[1 :: len(self.TOLERANCE)]
        if all(len(self.page_starts(h / self.MIN_SHRINK)) < pages for h in middle):
            self.ws.page_setup.fitToHeight = pages - 1
            return True
        return False

    def break_between_blocks(self, first_data: int, last_data: int, blocks: Sequence[int]) -> None:
        """Manual breaks where the smallest page estimate ends, moved up to the start of
        the block they would cut; the last block (at least the table's last two rows)
        goes with the totals, notes and signature."""
        page_pt = min(self.page_heights)
        starts = sorted(b for b in blocks if first_data <= b <= last_data) or [first_data]
        final = min(starts[bisect.bisect_right(starts, last_data) - 1], max(first_data, last_data - 1))
        used = 0.0
        page_first = row = 1
        cuts: list[int] = []
        while row <= len(self.heights):
            height = self.heights[row - 1]
            if used > self.title_pt and used + height > page_pt and row > first_data:
                if row <= last_data:
                    block = starts[max(bisect.bisect_right(starts, row) - 1, 0)]
                else:
                    block = final
                cut = block if block > page_first else row
                cuts.append(cut)
                page_first = row = cut
                used = self.title_pt
                continue
            used += height
            row += 1
        # Set at once: openpyxl copies the whole list of breaks on each append.
        self.ws.row_breaks.brk = (*self.ws.row_breaks.brk, *(Break(id=cut - 1) for cut in cuts))

    def keep_signature_with_table(self, first_data: int, last_data: int, table_end: int) -> None:
        if last_data - first_data < 2:
            return
        if all(self._together(self.page_starts(h), table_end) for h in self.page_heights):
            return
        cut = last_data - 1
        if all(self._together(self.page_starts(h, (cut,)), table_end) for h in self.page_heights):
            self.ws.row_breaks.append(Break(id=cut - 1))

    def keep_whole(self, kept: Sequence[tuple[int, int]]) -> None:
        """A manual break before each run of rows (first, last) that some estimate puts on two
        pages, when the run fits on one; the last run takes the signature under it along
        when both fit on one page. Runs longer than a page are left to the program."""
        breaks = list(self.ws.row_breaks.brk)
        forced = {b.id + 1 for b in breaks if b.id is not None}
        room = min(self.page_heights) - self.title_pt
        for number, (first, last) in enumerate(kept, start=1):
            if number == len(kept) and sum(self.heights[first - 1 :]) <= room:
                last = len(self.heights)
            if sum(self.heights[first - 1 : last]) > room:
                continue
            if all(self._same_page(self.page_starts(h, forced), first, last) for h in self.page_heights):
                continue
            forced.add(first)
            breaks.append(Break(id=first - 1))
        # Set at once: openpyxl copies the whole list of breaks on each append.
        self.ws.row_breaks.brk = tuple(sorted(breaks, key=lambda b: b.id or 0))

    @staticmethod
    def _same_page(starts: list[int], first: int, last: int) -> bool:
        return bisect.bisect_right(starts, first) == bisect.bisect_right(starts, last)

    def _together(self, starts: list[int], table_end: int) -> bool:
        last = len(self.heights)
        return bisect.bisect_right(starts, table_end) == bisect.bisect_right(starts, last)


# Column widths ------------------------------------------------------------------


def printable_units(header: PartyHeader, landscape: bool) -> float:
    paper_mm = A4_MM[1] if landscape else A4_MM[0]
    _, _, left, right = header.margins_mm
    inches = (paper_mm - left - right) / MM_PER_INCH
    return inches * 96 / PX_PER_UNIT * 0.98


def plan_widths(header: PartyHeader, table: ReportTable) -> tuple[bool, list[float]]:
    """Orientation and column widths: long text wraps, the table spans the printable width."""
    needs = [column_need(table, column) for column in table.columns]
    widths = [natural for natural, _ in needs]
    landscape = table.landscape
    if landscape is None:
        narrowest = sum(minimum for _, minimum in needs)
        landscape = narrowest > printable_units(header, False) * PORTRAIT_SLACK
    target = printable_units(header, landscape)
    total = sum(widths)
    if total > target:
        # Squeeze the wrapping text columns toward their minimum; fit-to-width does the rest.
        slack = [natural - minimum for natural, minimum in needs]
        if sum(slack) > 0:
            cut = min(1.0, (total - target) / sum(slack))
            widths = [w - s * cut for w, s in zip(widths, slack, strict=True)]
    else:
        auto = [i for i, c in enumerate(table.columns) if c.width is None]
        auto = auto or list(range(len(table.columns)))
        grow = (target - total) / sum(widths[i] for i in auto)
        for i in auto:
            widths[i] *= 1 + grow
    return landscape, widths


def column_need(table: ReportTable, column: Column) -> tuple[float, float]:
    """(natural, minimum) width: unwrapped text up to a cap, and the least that reads well."""
    if column.width is not None:
        return column.width, column.width
    title_font = font(TABLE_PT, bold=True)
    longest_word = max((text_units(w, title_font) for w in column.title.split()), default=0.0)
    title_lines = 2 if column.kind == "text" else 3
    needed = max(longest_word, text_units(column.title, title_font) / title_lines)
    body_font = font(TABLE_PT, bold=False)
    measured: set[tuple[type, object]] = set()  # a column repeats its values (units, levels): each once
    for values in itertools.chain(table.rows, [table.totals or {}]):
        value = values.get(column.key)
        if value is not None and (type(value), value) not in measured:
            measured.add((type(value), value))
            needed = max(needed, text_units(shown(column, value), body_font))
    if column.kind != "text":
        natural = min(max(needed + 1.5, MIN_WIDTH), MAX_NUMBER_WIDTH)
        return natural, natural
    natural = min(max(needed + 1.5, MIN_WIDTH), MAX_TEXT_WIDTH)
    return natural, max(min(natural, MIN_WRAPPED_WIDTH), longest_word + 1.5)


def shown(column: Column, value: object) -> str:
    if isinstance(value, str):
        return max(value.splitlines() or [""], key=len)
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, dt.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# Text metrics: Times New Roman advance widths in em, by character class -------

_NARROW = set("iljtfrI.,;:'!|()[]/-* ")
_WIDE_LOWER = set("mw")
_WIDE_UPPER = set("MWĐDGHNOQUV")


@functools.lru_cache(maxsize=4096)
def char_em(char: str) -> float:
    base = unicodedata.normalize("NFD", char)[:1] or char
    if base in _NARROW:
        return 0.25 if base == " " else 0.30
    if base.isdigit():
        return 0.50
    if base.isupper():
        return 0.86 if base in "MW" else 0.72 if base in _WIDE_UPPER else 0.64
    if base in _WIDE_LOWER:
        return 0.74
    return 0.39 if base == "s" else 0.46


def text_units(text: str, font: Font) -> float:
    """Width of one line of `text` in Excel column units."""
    return _units(text, font.sz or BODY_PT, bool(font.b))


# A report repeats its texts (names of chi bộ, deeds, levels): each distinct
# text is measured once. Bounded, so memory stays flat at any size.
@functools.lru_cache(maxsize=65_536)
def _units(text: str, size: float, bold: bool) -> float:
    em_px = size * 96 / 72
    factor = 1.07 if bold else 1.0
    return sum(char_em(ch) for ch in text) * em_px * factor / PX_PER_UNIT


def lines(text: str, font: Font, width: float) -> int:
    """How many lines `text` wraps to in a cell `width` units wide (greedy, like Excel)."""
    if not text:
        return 0
    return _lines(text, font.sz or BODY_PT, bool(font.b), width)


@functools.lru_cache(maxsize=65_536)
def _lines(text: str, size: float, bold: bool, width: float) -> int:
    usable = max(width - 1.0, 1.0)
    space = _units(" ", size, bold)
    count = 0
    for paragraph in text.splitlines() or [""]:
        count += 1
        used = 0.0
        for word in paragraph.split():
            wide = _units(word, size, bold)
            if used and used + space + wide > usable:
                count += 1
                used = 0.0
            if wide > usable:
                count += math.ceil(wide / usable) - 1
                wide = wide % usable
            used += (space if used else 0.0) + wide
    return count


def line_pt(size: float) -> float:
    # Times New Roman's line is 1.15 em; a little more keeps Excel on Windows from clipping.
    return size * 1.2
