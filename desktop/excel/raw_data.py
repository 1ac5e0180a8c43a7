"""The hidden raw-data sheet ("_du_lieu") every exported report carries.

The printed sheets are for people; this sheet is for the program: the higher
committee's `consolidate` reads the exact rows back from it instead of parsing
styled tables. It is very hidden (Excel's menus cannot unhide it), protected,
and holds a SHA-256 checksum over a canonical JSON of meta and rows, so a file
edited by hand after export is recognised. The checksum detects changes; it
is not a signature against someone who recomputes it on purpose.

Layout, one record per row (column A says which):

    A1 "SOLAMTHEOBAC_RAW", B1 format version
    "meta"     | ""       | JSON chunk | JSON chunk ...
    "row"      | name     | JSON chunk | JSON chunk ...    (a table's rows, tables by name)
    "table"    | name     | row count                     (after its rows)
    "checksum" | "sha256" | hex digest                    (the last record)

Records are read wherever they stand: workbooks written before December 2026
hold the checksum in row 2 and each "table" record before its rows. Writing
the checksum and counts after the rows lets the rows be written as they come,
each row's JSON made, hashed and written once, never all held at once.

JSON is cut into chunks well under Excel's 32,767-character cell limit.
Dates and datetimes are written as ISO text and come back as such.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core import clock
from desktop.excel.errors import ExcelUserError, NotAnExcelFile, RawDataMissing
from desktop.excel.streamed_sheet import create_streamed_sheet

__all__ = [
    "RAW_SHEET",
    "REQUIRED_META",
    "ExcelUserError",
    "NotAnExcelFile",
    "RawData",
    "RawDataMissing",
    "attach_raw_data",
    "canonical_json",
    "read_raw_data",
]

RAW_SHEET = "_du_lieu"
FORMAT_MARK = "SOLAMTHEOBAC_RAW"
FORMAT_VERSION = 1
REQUIRED_META = ("unit", "year", "schema_version", "kind")
# Excel counts UTF-16 code units; 16,000 code points stay under 32,767 units
# even if every character lies outside the BMP.
CHUNK_CHARS = 16_000


@dataclass
class RawData:
    """What `read_raw_data` found: the meta, the tables, and whether they are intact."""

    meta: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    checksum_ok: bool = False
    problem: str | None = None


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot store {type(value).__name__} in the raw-data sheet: {value!r}")


def canonical_json(value: object) -> str:
    """The one JSON spelling of `value` the checksum is computed over."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default
    )


def _checksum(meta: Mapping[str, Any], tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    digest = _Checksum(canonical_json(meta))
    for name in sorted(tables):
        digest.table(name)
        for row in tables[name]:
            digest.row(canonical_json(row))
    return digest.hexdigest()


class _Checksum:
    """The SHA-256 of canonical_json({"meta": meta, "tables": tables}), fed piece by piece
    from the canonical JSON of the meta and of each row, tables in name order: the same
    text, never held whole."""

    def __init__(self, meta_json: str) -> None:
        self._digest = hashlib.sha256(f'{{"meta":{meta_json},"tables":{{'.encode())
        self._tables = 0
        self._rows = 0

    def table(self, name: str) -> None:
        self._digest.update(f'{"]," if self._tables else ""}{canonical_json(name)}:['.encode())
        self._tables += 1
        self._rows = 0

    def row(self, text: str) -> None:
        self._digest.update(f"{',' if self._rows else ''}{text}".encode())
        self._rows += 1

    def hexdigest(self) -> str:
        self._digest.update(b"]}}" if self._tables else b"}}")
        return self._digest.hexdigest()


def _program_version() -> str:
    try:
        return metadata.version("solamtheobac")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def attach_raw_data(
    wb: Workbook, meta: dict[str, Any], tables: Mapping[str, Iterable[Mapping[str, Any]]]
) -> None:
    """Add (or replace) the very hidden, protected "_du_lieu" sheet in `wb`.

    `meta` must name the unit, year, schema_version and kind of report;
    program_version and exported_at are filled in when absent. Rows must hold
    JSON-able values (dates are stored as ISO text); each table may be an
    iterator: only its rows' JSON text is kept, not the rows.
    """
    missing = [key for key in REQUIRED_META if key not in meta]
    if missing:
        raise ValueError(f"raw-data meta lacks {', '.join(missing)}")
    full_meta: dict[str, Any] = {
        "program_version": _program_version(),
        "exported_at": clock.SystemClock().now().astimezone().isoformat(timespec="seconds"),
        **meta,
    }
    # Round-trip through JSON once so what is hashed is exactly what is stored.
    stored_meta = json.loads(canonical_json(full_meta))
    if RAW_SHEET in wb.sheetnames:
        wb.remove(wb[RAW_SHEET])
    ws = create_streamed_sheet(wb, RAW_SHEET) if wb.write_only else wb.create_sheet(RAW_SHEET)
    # Rows are appended in order, so a write-only (streaming) workbook takes them too.
    meta_json = canonical_json(stored_meta)
    digest = _Checksum(meta_json)
    ws.append([FORMAT_MARK, FORMAT_VERSION])
    _write_json(ws, "meta", "", meta_json)
    for name in sorted(tables):  # the checksum's order, so the rows are hashed as they are written
        digest.table(name)
        count = 0
        for row in tables[name]:
            text = canonical_json(row)
            digest.row(text)
            _write_json(ws, "row", name, text)
            count += 1
        ws.append(["table", _text(ws, name), count])
    ws.append(["checksum", "sha256", digest.hexdigest()])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _text(ws: Worksheet | WriteOnlyWorksheet, text: str) -> str | Cell:
    """Text that stays text: a table name or a chunk may begin with "=" (where the cut fell),
    which a plain value would make a formula."""
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    return cell


def _write_json(ws: Worksheet | WriteOnlyWorksheet, kind: str, name: str, text: str) -> None:
    ws.append([kind, _text(ws, name),
               *(_text(ws, text[start : start + CHUNK_CHARS]) for start in range(0, len(text), CHUNK_CHARS))])


def read_raw_data(path: Path) -> RawData:
    """Read the raw-data sheet of an exported workbook back (read-only, streaming).

    Raises NotAnExcelFile for a missing or unreadable file and RawDataMissing for
    a workbook this program did not export. A damaged or edited sheet is not an
    error: the result says checksum_ok=False and why in `problem`.
    """
    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise NotAnExcelFile(f"Không tìm thấy tệp «{path.name}».", path) from exc
    except PermissionError as exc:
        raise NotAnExcelFile(
            f"Không đọc được tệp «{path.name}»: tệp đang bị khóa hoặc không có quyền đọc.",
            path,
        ) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise NotAnExcelFile(
            f"Tệp «{path.name}» không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.", path
        ) from exc
    try:
        if RAW_SHEET not in wb.sheetnames:
            raise RawDataMissing(
                f"Tệp «{path.name}» không có dữ liệu gốc của chương trình Sổ Làm theo Bác: "
                "tệp không được xuất từ chương trình hoặc đã được lưu lại bằng cách "
                "sao chép sang tệp khác. Hãy đề nghị chi bộ gửi lại tệp xuất từ chương trình.",
                path,
            )
        ws = wb[RAW_SHEET]
        ws.reset_dimensions()  # trust the rows, not a possibly stale <dimension>
        return _parse(path, ws.iter_rows(values_only=True))
    finally:
        wb.close()


def _parse(path: Path, rows: Iterable[tuple[Any, ...]]) -> RawData:
    result = RawData(meta={})
    problems: list[str] = []
    stored_sum: str | None = None
    counts: dict[str, int] = {}
    lines = iter(rows)
    first = next(lines, None)
    if not first or first[0] != FORMAT_MARK:
        problems.append("dòng đầu của dữ liệu gốc không đúng định dạng")
    elif isinstance(first[1], int) and first[1] > FORMAT_VERSION:
        problems.append("dữ liệu gốc do phiên bản chương trình mới hơn tạo ra")
    for number, kind, name, text in _records(lines):
        if kind == "checksum":
            stored_sum = text
        elif kind == "table":
            result.tables.setdefault(name, [])
            counts[name] = int(text) if text.isdigit() else -1
        elif kind in ("meta", "row"):
            try:
                value = json.loads(text)
            except ValueError:
                problems.append(f"dòng {number} của dữ liệu gốc bị hỏng")
                continue
            if kind == "meta" and isinstance(value, dict):
                result.meta = value
            elif kind == "row" and isinstance(value, dict):
                result.tables.setdefault(name, []).append(value)
            else:
                problems.append(f"dòng {number} của dữ liệu gốc bị hỏng")
    for name, count in counts.items():
        if count != len(result.tables[name]):
            problems.append(f"bảng «{name}» thiếu hoặc thừa dòng")
    if stored_sum is None:
        problems.append("thiếu mã kiểm tra")
    elif not problems and stored_sum != _checksum(result.meta, result.tables):
        problems.append("mã kiểm tra không khớp")
    result.checksum_ok = not problems
    if problems:
        result.problem = (
            f"Dữ liệu gốc trong tệp «{path.name}» đã bị sửa hoặc bị hỏng sau khi xuất "
            f"({'; '.join(problems)}). Hãy đề nghị chi bộ xuất lại tệp từ chương trình."
        )
    return result


def _records(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, str, str, str]]:
    for number, row in enumerate(rows, start=2):
        if not row or row[0] is None:
            continue
        kind = str(row[0])
        name = "" if len(row) < 2 or row[1] is None else str(row[1])
        text = "".join(str(part) for part in row[2:] if part is not None)
        yield number, kind, name, text
