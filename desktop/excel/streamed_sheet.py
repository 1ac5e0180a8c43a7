"""A write-only worksheet that writes its rows' XML itself.

openpyxl's write-only sheet turns every value into a cell object, looks its
style up in the workbook's tables and writes it element by element through
lxml: about 10 µs a cell, most of an export's time. `StreamedSheet` keeps
openpyxl for everything around the rows (sheet properties, columns, views,
merges, page setup, breaks, protection, the workbook's styles and parts) and
writes each row as one string: a styled cell is (style id, value), its style
id looked up once per kind of cell by the caller (`style_id`), a plain
value is written as openpyxl would write it, and any other cell (a date, a
bool, an openpyxl cell) goes through openpyxl's own cell attributes. The
file holds the same cells either way (inline strings, numbers, styles).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from typing import IO, Any, TypeAlias

from openpyxl import Workbook
from openpyxl.cell._writer import _set_attributes
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.compat.strings import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import tostring

__all__ = ["StreamedSheet", "Styled", "create_streamed_sheet", "style_id"]

# A styled cell: the workbook's style id (`style_id`) and its value: text already
# fit for a cell (`party_form` cleans it), an int or a float. Anything else is
# given as an openpyxl cell.
Styled: TypeAlias = tuple[int, str | int | float | None]
Entry: TypeAlias = Styled | Cell | str | int | float | None

_LETTERS = [get_column_letter(n) for n in range(1, 16_385)]
_FORMULA = "="
_MAX_CELL = 32_767
_PLAIN_INT = 10**15
# What str.strip() takes away: text that begins or ends with one keeps it (xml:space).
_SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                    + "".join(map(chr, range(0x2000, 0x200B))))


def style_id(wb: Workbook, style: StyleArray) -> int:
    """The workbook's id of a finished cell style (stored once, as openpyxl stores it)."""
    return int(wb._cell_styles.add(style))


def create_streamed_sheet(wb: Workbook, title: str) -> StreamedSheet:
    """A new `StreamedSheet` at the end of a write-only workbook."""
    sheet = StreamedSheet(parent=wb, title=title)
    wb._add_sheet(sheet)
    return sheet


def _escaped(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # a bare CR would read back as a line feed
    return text


def _text_cell(ref: str, style: str, text: str) -> str:
    if not text:  # as openpyxl writes it: no value
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text[0] in _SPACES or text[-1] in _SPACES else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escaped(text)}</t></is></c>'


def _number_cell(ref: str, style: str, value: int | float) -> str:
    return f'<c r="{ref}"{style} t="n"><v>{safe_string(value)}</v></c>'


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer on a plain file: its elements (top and tail) are
    serialised one by one, the rows come as text from `StreamedSheet`."""

    def get_stream(self) -> Generator[IO[bytes] | None, Any, None]:
        with open(self.out, "wb") as out:
            out.write(f'<worksheet xmlns="{SHEET_MAIN_NS}">'.encode())
            try:
                while True:
                    element = yield None
                    if element is True:
                        yield out
                    elif element is not None:
                        out.write(tostring(element))
            except GeneratorExit:
                pass
            out.write(b"</worksheet>")

    def write_rows(self) -> None:  # a sheet closed before any row
        out = self.xf.send(True)
        out.write(b"<sheetData/>")
        self.xf.send(None)


class StreamedSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet: `write_row` for finished rows (cells by column, a height),
    `append` for rows of plain values or openpyxl cells, as openpyxl's."""

    _writer: _SheetWriter | None
    _rows: Generator[None, str, None] | None
    _max_row: int

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _SheetWriter(self)
            self._writer.write_top()

    def _write_rows(self) -> Generator[None, str, None]:
        assert self._writer is not None
        out = self._writer.xf.send(True)
        out.write(b"<sheetData>")
        try:
            while True:
                out.write((yield).encode())
        except GeneratorExit:
            pass
        out.write(b"</sheetData>")
        self._writer.xf.send(None)

    def _send(self, text: str) -> None:
        self._get_writer()
        if self._rows is None:
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(text)

    def write_row(self, cells: Mapping[int, Entry], height: float | None = None) -> None:
        """The next row: its cells by column (1-based) and its height in points."""
        number = self._max_row + 1
        self._max_row = number
        head = f'<row r="{number}" ht="{height:.16g}" customHeight="1">' if height is not None \
            else f'<row r="{number}">'
        parts = [head]
        for column in sorted(cells):
            entry = cells[column]
            ref = f"{_LETTERS[column - 1]}{number}"
            if type(entry) is tuple:  # most cells: styled text or numbers, written here
                sid, value = entry
                if sid and type(value) is str and value:
                    space = ' xml:space="preserve"' if value[0] in _SPACES or value[-1] in _SPACES else ""
                    parts.append(f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t{space}>{_escaped(value)}</t></is></c>')
                    continue
                if sid and type(value) is int and -_PLAIN_INT < value < _PLAIN_INT:  # as "%.16g" writes it
                    parts.append(f'<c r="{ref}" s="{sid}" t="n"><v>{value}</v></c>')
                    continue
                if sid and value is None:
                    parts.append(f'<c r="{ref}" s="{sid}" t="n"></c>')
                    continue
            elif type(entry) is str and entry and entry[0] != _FORMULA and entry[0] not in _SPACES \
                    and entry[-1] not in _SPACES and len(entry) <= _MAX_CELL and ILLEGAL_CHARACTERS_RE.search(entry) is None:
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{_escaped(entry)}</t></is></c>')
                continue
            xml = self._cell_xml(ref, entry)
            if xml:
                parts.append(xml)
        parts.append("</row>")
        self._send("".join(parts))

    def append(self, row: Iterable[Entry]) -> None:
        """A row of plain values or cells (None leaves a cell empty), as openpyxl's `append`."""
        self.write_row({column: value for column, value in enumerate(row, 1) if value is not None})

    def _cell_xml(self, ref: str, entry: Any) -> str:
        if type(entry) is tuple:
            sid, value = entry
            style = f' s="{sid}"' if sid else ""
            if type(value) is str:
                return _text_cell(ref, style, value)
            if value is None:
                return f'<c r="{ref}"{style} t="n"></c>'
            if type(value) is int or type(value) is float:
                return _number_cell(ref, style, value)
            raise TypeError(f"a styled cell holds text or a number, not {value!r}")
        if type(entry) is str and not entry.startswith(_FORMULA):
            if ILLEGAL_CHARACTERS_RE.search(entry) is None and len(entry) <= _MAX_CELL:
                return _text_cell(ref, "", entry)
        elif type(entry) is int or type(entry) is float:
            return _number_cell(ref, "", entry)
        cell = entry if isinstance(entry, Cell) else WriteOnlyCell(self, entry)
        return self._openpyxl_cell(ref, cell)

    def _openpyxl_cell(self, ref: str, cell: Cell) -> str:
        """Any other cell, with openpyxl's own data type, value and style."""
        if cell._value is None and not cell.has_style:
            return ""
        value, attrs = _set_attributes(cell, cell.has_style)
        style = f' s="{attrs["s"]}"' if "s" in attrs else ""
        kind = attrs.get("t")
        if value is None or value == "":
            return f'<c r="{ref}"{style}' + (f' t="{kind}"' if kind else "") + "></c>"
        if kind == "inlineStr":
            return _text_cell(ref, style, str(value))
        if cell.data_type == "f":
            raise ValueError(f"formulas are not written by a streamed sheet ({ref})")
        return f'<c r="{ref}"{style} t="{kind}"><v>{_escaped(safe_string(value))}</v></c>'
