"""Checks made on a file before any workbook library reads it.

A file a secretary picks may be a Word document renamed .xlsx, a truncated
download, a password-protected workbook, or a zip that inflates to gigabytes.
python-calamine also builds each sheet as a dense grid from its first to its
last used cell, so one stray value in cell XFD1048576 of a tiny file asks for
half a terabyte and aborts the process. Everything here reads the container
itself, within fixed limits, and refuses such files with a `UnreadableWorkbook`
(a UserError: exit 2) that says what to do, so that what reaches calamine is
bounded in memory and time.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import defusedxml.ElementTree as SafeET

from desktop.core.errors import UserError

WorkbookFormat = Literal["xlsx", "xls", "ods"]

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
# Sheet XML of a real list compresses 10–40 times; a bomb, hundreds or thousands.
MAX_RATIO = 150
RATIO_APPLIES_ABOVE = 4 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 4_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


class UnreadableWorkbook(UserError):
    """The file is not a workbook the import can read safely."""


@dataclass(frozen=True)
class SheetExtent:
    """The last used cell of a sheet (1-based row and column).

    `formulas` holds the 0-based (row, column) of each formula cell of an
    .xlsx sheet: calamine gives a formula's cached value, or nothing when
    the file carries none, so only this scan can tell an empty cell from a
    formula Excel never computed. (.xls and .ods writers always store the
    value; their formulas are not listed.)
    """

    rows: int
    columns: int
    formulas: frozenset[tuple[int, int]] = frozenset()


def _refuse(path: Path, reason: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không nhập được tệp «{path.name}»: {reason}")


def check_workbook(path: Path) -> WorkbookFormat:
    """The file's real format, after checking it is safe to hand to calamine."""
    return inspect_workbook(path)[0]


def inspect_workbook(path: Path) -> tuple[WorkbookFormat, dict[str, SheetExtent]]:
    """`check_workbook`, with each sheet's extent and formula cells (.xlsx only)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise _refuse(path, "không tìm thấy tệp. Hãy kiểm tra đường dẫn.") from None
    except OSError as exc:
        raise _refuse(path, f"không đọc được tệp ({exc.strerror or exc}). Hãy đóng tệp nếu đang mở rồi thử lại.") from None
    if size == 0:
        raise _refuse(path, "tệp rỗng (0 byte). Hãy chọn đúng tệp Excel có dữ liệu.")
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"tệp quá lớn ({size // (1024 * 1024)} MB). Hãy chép riêng danh sách cần nhập sang tệp mới.")
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path)
    if head == _OLE_MAGIC:
        _check_ole(path)
        return "xls", {}
    raise _refuse(
        path,
        "đây không phải tệp Excel (.xlsx, .xls) hay bảng tính .ods. "
        "Hãy mở tệp bằng Excel rồi chọn Lưu thành (Save As) dạng .xlsx.",
    )


# --- Zip containers: .xlsx and .ods ------------------------------------------------

def _check_zip(path: Path) -> tuple[WorkbookFormat, dict[str, SheetExtent]]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _refuse(path, "tệp chứa quá nhiều phần, không phải bảng tính bình thường.")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_UNCOMPRESSED_BYTES or (info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO):
                    raise _refuse(
                        path,
                        "tệp khi giải nén sẽ lớn bất thường (có thể là tệp độc hại hoặc hỏng). "
                        "Hãy chép riêng danh sách cần nhập sang một tệp Excel mới.",
                    )
            names = {info.filename for info in infos}
            fmt = _zip_format(path, archive, names)
            extents = _xlsx_extents(archive) if fmt == "xlsx" else _ods_extents(archive)
            _check_extents(path, extents)
            return fmt, extents
    except zipfile.BadZipFile:
        raise _refuse(path, "tệp bị hỏng (có thể tải về chưa hết). Hãy chép hoặc tải lại tệp.") from None
    except (zipfile.LargeZipFile, EOFError, OSError, SafeET.ParseError, KeyError, ValueError) as exc:
        if isinstance(exc, UserError):
            raise
        raise _refuse(path, "tệp bị hỏng, không đọc được nội dung. Hãy mở bằng Excel, lưu lại rồi nhập lại.") from None


def _zip_format(path: Path, archive: zipfile.ZipFile, names: set[str]) -> WorkbookFormat:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and archive.read("mimetype")[:100].strip() == _ODS_MIME:
        return "ods"
    if "xl/workbook.bin" in names:
        raise _refuse(path, "tệp dạng Excel nhị phân (.xlsb) chưa được hỗ trợ. Hãy mở bằng Excel và lưu thành .xlsx.")
    if "word/document.xml" in names:
        what = "tệp Word (văn bản), không phải bảng tính"
    elif any(n.startswith("ppt/") for n in names):
        what = "tệp PowerPoint, không phải bảng tính"
    elif "mimetype" in names:
        what = "tài liệu OpenDocument nhưng không phải bảng tính"
    else:
        what = "tệp nén (.zip), không phải bảng tính"
    raise _refuse(path, f"đây là {what}. Hãy chọn tệp Excel (.xlsx, .xls) hoặc .ods.")


# <f> is a cell's formula; <xm:f> (data validation, conditional formats) is not.
# Groups: namespace prefix, tag, the r attribute's column letters and row number
# when it comes first (as every writer puts it), the rest of the tag.
_XLSX_TAG = re.compile(rb'<([A-Za-z_][\w.-]*:)?(row|c|f)\b(?:\s+r="([A-Z]{1,3})?([0-9]{1,7})")?([^>]*)>')
_REF = re.compile(rb'\br="([A-Z]{1,3})?([0-9]{1,7})"')
_NOT_A_CELL_FORMULA = b"xm:"
_CHUNK = 1 << 20


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name, from the workbook and its relationships."""
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[element.get("name", "")] = part
    return parts


def _tags(stream: IO[bytes]) -> Iterator[tuple[bytes, bytes, bytes, bytes, bytes]]:
    """`_XLSX_TAG`'s groups for each <row>, <c> and <f> tag, read a chunk at a time."""
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = tail + chunk
        end = len(data) if not chunk else data.rfind(b"<")
        if end < 0:
            end = len(data)
        yield from _XLSX_TAG.findall(data, 0, end)
        if not chunk:
            return
        tail = data[end:]


class _Columns(dict[bytes, int]):
    """Column letters → column number, worked out once per letters."""

    def __missing__(self, letters: bytes) -> int:
        number = 0
        for ch in letters:
            number = number * 26 + ch - 64
        self[letters] = number
        return number


def _sheet_extent(stream: IO[bytes]) -> SheetExtent:
    """The last cell holding something, and the formula cells, of one sheet's XML.

    One regular expression finds every <row>, <c> and <f> tag with its
    reference (at C speed); the loop only follows the position: a cell
    without a reference is the one after the previous, a formula belongs to
    the cell it sits in, a self-closing cell holds nothing.
    """
    max_row = max_col = row = col = 0
    formulas: set[tuple[int, int]] = set()
    columns = _Columns()
    for prefix, tag, letters, number, rest in _tags(stream):
        if prefix == _NOT_A_CELL_FORMULA:
            continue
        if not number and b'r="' in rest:  # a reference after other attributes
            ref = _REF.search(rest)
            letters, number = (ref.group(1) or b"", ref.group(2)) if ref else (b"", b"")
        if tag == b"c":
            if letters:
                row, col = int(number), columns[letters]
            else:
                col += 1
            if not rest.endswith(b"/"):  # a cell element with a value inside
                if row > max_row:
                    max_row = row
                if col > max_col:
                    max_col = col
        elif tag == b"row":
            if max_row > MAX_ROWS:  # refused anyway: no need to read a million rows to say so
                break
            row, col = (int(number) if number else row + 1), 0
        else:
            formulas.add((row - 1, col - 1))
    return SheetExtent(max_row, max_col, frozenset(formulas))


def _xlsx_extents(archive: zipfile.ZipFile) -> dict[str, SheetExtent]:
    extents: dict[str, SheetExtent] = {}
    for name, part in _xlsx_sheet_parts(archive).items():
        if part not in archive.NameToInfo:
            continue
        with archive.open(part) as stream:
            extents[name] = _sheet_extent(stream)
    return extents


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(element: SafeET.Element, attribute: str) -> int:
    value = element.get(f"{_ODS_TABLE}{attribute}", "1")
    return int(value) if value.isdigit() else 1


def _ods_extents(archive: zipfile.ZipFile) -> dict[str, SheetExtent]:
    """Walk content.xml as a stream, counting repeated rows and cells as ODS does."""
    extents: dict[str, SheetExtent] = {}
    name, row, col, max_row, max_col = "", 0, 0, 0, 0
    with archive.open("content.xml") as stream:
        for event, element in SafeET.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{_ODS_TABLE}table":
                    name, row, max_row, max_col = element.get(f"{_ODS_TABLE}name", ""), 0, 0, 0
                elif tag == f"{_ODS_TABLE}table-row":
                    col = 0
                continue
            if tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
                repeat = _repeat(element, "number-columns-repeated")
                has_value = element.get(f"{_ODS_OFFICE}value-type") is not None or len(element) > 0
                if has_value:
                    max_row, max_col = max(max_row, row + 1), max(max_col, col + repeat)
                col += repeat
                element.clear()
            elif tag == f"{_ODS_TABLE}table-row":
                repeat = _repeat(element, "number-rows-repeated")
                if max_row == row + 1 and repeat > 1:
                    max_row = row + repeat  # the same cells repeated down
                row += repeat
                element.clear()
            elif tag == f"{_ODS_TABLE}table":
                extents[name] = SheetExtent(max_row, max_col)
                element.clear()
    return extents


def _count(number: int) -> str:
    """200000 → "200.000", as Vietnamese writes numbers."""
    return f"{number:,}".replace(",", ".")


def _check_extents(path: Path, extents: dict[str, SheetExtent]) -> None:
    for sheet, extent in extents.items():
        if extent.rows > MAX_ROWS and extent.columns <= MAX_COLUMNS:
            raise _refuse(
                path,
                f"trang «{sheet}» có hơn {_count(MAX_ROWS)} dòng, quá số dòng một lần nhập đọc được. "
                f"Nếu danh sách thật sự dài như vậy, hãy chia thành nhiều tệp, mỗi tệp không quá "
                f"{_count(MAX_ROWS)} dòng, rồi nhập lần lượt; nếu không, có thể có ô thừa ở cuối trang: "
                "hãy xóa các dòng trống phía dưới danh sách rồi nhập lại.",
            )
        if extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS or extent.rows * extent.columns > MAX_CELLS:
            raise _refuse(
                path,
                f"trang «{sheet}» có dữ liệu đến dòng {extent.rows}, cột {extent.columns}, "
                "quá xa so với một danh sách. Có thể có ô thừa ở cuối trang: hãy xóa các dòng, "
                "cột trống phía dưới và bên phải danh sách (hoặc chép danh sách sang trang mới) rồi nhập lại.",
            )


# --- OLE containers: .xls, and password-protected .xlsx -------------------------------

_FREE_SECTORS = 0xFFFFFFFA  # this value and above mark free or end-of-chain sectors


class _Cfb:
    """Just enough of the Compound File Binary format to list and read streams."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise ValueError("short header")
        self.data = data
        self.sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini_sector = 1 << struct.unpack_from("<H", data, 0x20)[0]
        if self.sector not in (512, 4096) or self.mini_sector != 64:
            raise ValueError("bad sector size")
        n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, minifat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        per_sector = self.sector // 4
        next_difat = difat_start
        for _ in range(min(n_difat, len(data) // self.sector)):
            if next_difat >= _FREE_SECTORS:
                break
            entries = struct.unpack_from(f"<{per_sector}I", self._sector(next_difat))
            difat.extend(entries[:-1])
            next_difat = entries[-1]
        self.fat: list[int] = []
        for sector in [s for s in difat if s < _FREE_SECTORS][:n_fat]:
            self.fat.extend(struct.unpack_from(f"<{per_sector}I", self._sector(sector)))
        self.entries = self._directory(self._chain_bytes(dir_start))
        root = self.entries.get("Root Entry")
        self.mini_stream = self._chain_bytes(root[0]) if root else b""
        self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw)) if (raw := self._chain_bytes(minifat_start)) else []

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.sector
        if start + self.sector > len(self.data):
            raise ValueError("sector outside file")
        return self.data[start : start + self.sector]

    def _chain(self, start: int, table: list[int]) -> Iterator[int]:
        seen: set[int] = set()
        current = start
        while current < _FREE_SECTORS:
            if current in seen or current >= len(table):
                raise ValueError("broken sector chain")
            seen.add(current)
            yield current
            current = table[current]

    def _chain_bytes(self, start: int) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start, self.fat))

    @staticmethod
    def _directory(raw: bytes) -> dict[str, tuple[int, int]]:
        entries: dict[str, tuple[int, int]] = {}
        for offset in range(0, len(raw) - 127, 128):
            length = struct.unpack_from("<H", raw, offset + 0x40)[0]
            kind = raw[offset + 0x42]
            if kind not in (1, 2, 5) or not 2 <= length <= 64:
                continue
            name = raw[offset : offset + length - 2].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<II", raw, offset + 0x74)
            entries[name] = (start, size)
        return entries

    def read(self, name: str) -> bytes:
        start, size = self.entries[name]
        if size < self.cutoff:
            mini = self.mini_sector
            data = b"".join(self.mini_stream[s * mini : (s + 1) * mini] for s in self._chain(start, self.minifat))
        else:
            data = self._chain_bytes(start)
        return data[:size]


_PASSWORD = (
    "tệp có đặt mật khẩu. Hãy mở tệp bằng Excel với mật khẩu, bỏ mật khẩu "
    "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại và nhập tệp đó."
)


def _check_ole(path: Path) -> None:
    data = path.read_bytes()
    try:
        cfb = _Cfb(data)
    except (ValueError, struct.error):
        raise _refuse(path, "tệp .xls bị hỏng. Hãy mở bằng Excel, lưu thành .xlsx rồi nhập lại.") from None
    names = set(cfb.entries)
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        raise _refuse(path, _PASSWORD)
    stream = "Workbook" if "Workbook" in names else "Book" if "Book" in names else None
    if stream is None:
        what = "tệp Word (.doc)" if "WordDocument" in names else "tệp Office không phải bảng tính"
        raise _refuse(path, f"đây là {what}. Hãy chọn tệp Excel (.xlsx, .xls) hoặc .ods.")
    try:
        extents = _biff_extents(path, cfb.read(stream), biff8=stream == "Workbook")
    except (ValueError, struct.error):
        raise _refuse(path, "tệp .xls bị hỏng. Hãy mở bằng Excel, lưu thành .xlsx rồi nhập lại.") from None
    _check_extents(path, extents)


_BOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x0085, 0x002F
# Records that place a value in one cell (row, column first) or a run of cells.
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006, 0x0201}
_RUN_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column


def _biff_extents(path: Path, stream: bytes, biff8: bool) -> dict[str, SheetExtent]:
    offsets: dict[int, str] = {}
    extents: dict[str, SheetExtent] = {}
    sheet: str | None = None
    pos = 0
    while pos + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        if record == _FILEPASS and sheet is None:
            raise _refuse(path, _PASSWORD)
        if record == _BOUNDSHEET and len(body) >= 8:
            count = body[6]
            if biff8:
                wide = body[7] & 1
                raw = body[8 : 8 + count * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:
                name = body[7 : 7 + count].decode("latin-1", "replace")
            offsets[struct.unpack_from("<I", body)[0]] = name
        elif record == _BOF:
            sheet = offsets.get(pos)
        elif sheet is not None and len(body) >= 4 and (record in _CELL_RECORDS or record in _RUN_RECORDS):
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0] if record in _RUN_RECORDS else first
            old = extents.get(sheet, SheetExtent(0, 0))
            extents[sheet] = SheetExtent(max(old.rows, row + 1), max(old.columns, last + 1))
        pos += 4 + length
    return extents
