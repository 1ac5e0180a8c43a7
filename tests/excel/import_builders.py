"""Workbooks for the import tests, built at test time (no binary blobs in git).

`messy_member_list()` is what a commune's list really looks like: title rows
and merged title cells above the header, headers without diacritics in their
own order, an STT column, blank lines, extra columns, NFD text, TCVN3 and VNI
cells in their fonts, serial dates and CCCD / phone stored as numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import struct
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from desktop.core.legacy_text import unicode_to_tcvn3, unicode_to_vni

Rows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: dict[str, Rows], fonts: dict[tuple[str, str], str] | None = None,
               merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook with one sheet per entry; `fonts` maps (sheet, "B7") to a font name."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    for (sheet, ref), font in (fonts or {}).items():
        wb[sheet][ref].font = Font(name=font)
    wb.save(path)
    return path


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def messy_member_list(path: Path) -> Path:
    """Four people of two chi bộ, in the shape of an old commune list."""
    rows: list[list[Any]] = [
        ["ĐẢNG BỘ XÃ LA BẰNG", None, None, None, None, None, None, None],
        ["DANH SÁCH ĐẢNG VIÊN NĂM 2026", None, None, None, None, None, None, None],
        [],
        ["STT", "ho ten", "Gioi tinh", "SINH NGAY", "Don vi", "So CCCD", "SĐT", "Que quan"],
        [1, "Nguyễn Văn An", "Nam", "05/03/1980", "Xóm Đồng", 1080012345, 912345678, "Thái Nguyên"],
        [],
        [2, unicodedata.normalize("NFD", "Trần Thị Bình"), "Nữ", excel_serial(dt.date(1979, 5, 25)),
         "Chi bộ Xóm Bãi", "001080012346", "0987654321", None],
        [3, unicode_to_tcvn3("Lê Văn Cường"), "nam", dt.date(1975, 1, 2), "xom dong", None, None, None],
        [4, unicode_to_vni("Phạm Thị Dung"), "NU", "1990-12-31", "Xóm Đồng", None, None, None],
        [None, None, None, None, None, None, None, None],
        ["Tổng cộng: 4 đảng viên"],
    ]
    return write_xlsx(path, {"DS 2026": rows},
                      fonts={("DS 2026", "B8"): ".VnTime", ("DS 2026", "B9"): "VNI-Times"},
                      merges={"DS 2026": ["A1:H1", "A2:H2"]})


MEMBER_HEADER = ["Họ và tên", "Ngày sinh", "Chi bộ", "Giới tính"]


def member_sheet(*people: Sequence[Any], header: Sequence[str] = MEMBER_HEADER) -> list[list[Any]]:
    return [list(header), *[list(p) for p in people]]


def exchange_workbook(path: Path, year: int = 2026, *, members: Rows | None = None,
                      reviews: Rows | None = None, scores: Rows | None = None, deeds: Rows | None = None) -> Path:
    """A small exchange workbook: two people, their deed, a review and points."""
    sheets: dict[str, Rows] = {"Đảng viên": members or member_sheet(
        ["Nguyễn Văn An", "05/03/1980", "Chi bộ Xóm Đồng", "Nam"],
        ["Trần Thị Bình", "25/05/1979", "Chi bộ Xóm Bãi", "Nữ"],
    )}
    sheets["Đăng ký"] = deeds or [
        ["Năm", "Họ và tên", "Chi bộ", "Nội dung đăng ký", "Kết quả"],
        [year, "Nguyễn Văn An", "Chi bộ Xóm Đồng", "Giữ đường làng sạch đẹp", "Hoàn thành"],
    ]
    sheets["Đánh giá tháng"] = reviews or [
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức", "Biểu dương", "Nhắc nhở"],
        [year, 1, "Nguyễn Văn An", "Chi bộ Xóm Đồng", "Tốt", "x", None],
        [year, 1, "Trần Thị Bình", "Chi bộ Xóm Bãi", "Đạt", None, None],
    ]
    sheets["Chấm điểm"] = scores or [
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Kết quả thực hiện nhiệm vụ", "Kỷ luật",
         "Vượt yêu cầu ≥30%", "Khắc phục hạn chế"],
        [year, "Nguyễn Văn An", "Chi bộ Xóm Đồng", 28, 65.5, None, "x", "✓"],
    ]
    return write_xlsx(path, sheets)


# --- Bad files ------------------------------------------------------------------------

def zip_bomb(path: Path) -> Path:
    """A tiny .xlsx whose sheet inflates to 64 MB of blanks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (64 * 1024 * 1024))
    return path


def far_cell(path: Path) -> Path:
    """A valid .xlsx with one stray value in the last cell of the sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Chi bộ"])
    ws.append(["Nguyễn Văn An", "Chi bộ Xóm Đồng"])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def docx_renamed(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def encrypted_ooxml(path: Path) -> Path:
    """The OLE container Excel writes for a password-protected .xlsx (streams only, no content)."""
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)
    struct.pack_into("<IIII", header, 0x3C, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, end, *([free] * 126))

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 0x44, free, free, free)
        struct.pack_into("<II", raw, 0x74, end, 0)
        return bytes(raw)

    directory = entry("Root Entry", 5) + entry("EncryptionInfo", 2) + entry("EncryptedPackage", 2) + bytes(128)
    path.write_bytes(bytes(header) + fat + directory)
    return path


def convert_with_libreoffice(source: Path, fmt: str) -> Path | None:
    """`source` converted to .xls or .ods by LibreOffice, or None when it is not installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    profile = source.parent / "lo-profile"
    subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    converted = source.with_suffix(f".{fmt}")
    return converted if converted.exists() else None


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def raw_xlsx(path: Path, sheet: str, rows: Iterable[str]) -> Path:
    """An .xlsx whose one sheet is the given <row> elements, streamed into the zip.

    For what openpyxl will not write: formulas with a cached value, control
    characters (Excel's `_x0007_` escapes), a million rows in seconds.
    """
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook {ns} xmlns:r="{rel}"><sheets>'
            f'<sheet name="{_xml(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'.encode())
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    out.write("".join(batch).encode())
                    batch.clear()
            out.write("".join(batch).encode())
            out.write(b"</sheetData></worksheet>")
    return path


def xml_row(number: int, *cells: str | None) -> str:
    """A <row>: each cell an inline string, or a raw `<c>` body given as "<f>…" / "<v>…"."""
    out = []
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        ref = f"{chr(65 + index)}{number}"
        if cell.startswith(("<f>", "<v>")):
            kind = ' t="str"' if cell.startswith("<f>") else ""
            out.append(f'<c r="{ref}"{kind}>{cell}</c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{cell}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'


def million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A member list of `rows` people (plus its header), about 10 MB on disk."""
    header = xml_row(1, "Họ và tên", "Chi bộ", "Giới tính")
    body = (xml_row(n, f"Người thứ {n}", "Chi bộ Xóm Đồng", "Nam") for n in range(2, rows + 2))
    return raw_xlsx(path, "Đảng viên", itertools.chain([header], body))


# --- A commune's first list, as an old office keeps it -------------------------------------

# 24 people of two chi bộ. Year-only and month-only dates where the office never knew the
# day; "Ð" (U+00D0, Icelandic Eth) where an old converter left it for "Đ".
COMMUNE_PEOPLE: list[tuple[str, str, str, Any, str | None, Any, str | None]] = [
    # name (capitals), gender, chi bộ, birth, admitted (dự bị), official, note
    ("LÒ VĂN PẤU", "nam", "Bản Nậm Ngá", 1968, "12/05/1990", "12/05/1991", None),
    ("LÒ THỊ ÉN", "nu", "Bản Nậm Ngá", "03/04/1972", "3/1995", None, None),
    ("QUÀNG VĂN BIÊN", "nam", "Bản Nậm Ngá", "năm 1959", "1985", "1986", None),
    ("\u00d0ÀO THỊ HOA", "nu", "Bản Nậm Ngá", "21/09/1980", "02/09/2005", "02/09/2006", None),
    ("CÀ VĂN LẢ", "nam", "Bản Nậm Ngá", "14/02/1975", "19/05/2025", None, "Đảng viên dự bị"),
    ("LƯỜNG THỊ XUÂN", "nu", "Bản Nậm Ngá", "1983", "03/02/2010", "03/02/2011", None),
    ("TÒNG VĂN SƠN", "nam", "Bản Nậm Ngá", "07/07/1966", "07/11/1988", "07/11/1989", None),
    ("LÒ VĂN THÀNH", "nam", "Bản Nậm Ngá", "11/11/1991", "18/06/2015", "18/06/2016", None),
    ("HOÀNG THỊ NGA", "nu", "Bản Nậm Ngá", "05/05/1987", "20/10/2012", "20/10/2013", None),
    ("VÌ VĂN DŨNG", "nam", "Bản Nậm Ngá", "30/12/1979", "15/03/2008", "15/03/2009", None),
    ("LÒ THỊ HƯƠNG", "nu", "Bản Nậm Ngá", "08/03/1993", "06/01/2019", "06/01/2020", None),
    ("CẦM VĂN PHONG", "nam", "Bản Nậm Ngá", "1962", "1982", "1983", None),
    ("NGUYỄN VĂN AN", "nam", "Xóm Đồng", "05/03/1980", "01/02/2001", "01/02/2002", None),
    ("TRẦN THỊ BÌNH", "nu", "Xóm Đồng", "25/05/1979", "12/12/2000", "12/12/2001", None),
    ("LÊ VĂN CƯỜNG", "nam", "Xóm Đồng", "1975", "3/1998", "3/1999", None),
    ("PHẠM THỊ DUNG", "nu", "Xóm Đồng", "31/12/1990", "01/07/2025", None, "dự bị"),
    ("ĐỖ VĂN EM", "nam", "Xóm Đồng", "02/01/1985", "09/09/2009", "09/09/2010", None),
    ("VŨ THỊ GIANG", "nu", "Xóm Đồng", "17/08/1982", "17/08/2006", "17/08/2007", None),
    ("HOÀNG VĂN HẢI", "nam", "Xóm Đồng", "20/04/1970", "20/04/1995", "20/04/1996", None),
    ("NGÔ THỊ KIM", "nu", "Xóm Đồng", "10/10/1988", "10/10/2014", "10/10/2015", None),
    ("BÙI VĂN LONG", "nam", "Xóm Đồng", "11/02/1977", "11/02/2003", "11/02/2004", None),
    ("ĐINH THỊ MAI", "nu", "Xóm Đồng", "06/06/1995", "06/06/2020", "06/06/2021", None),
    ("DƯƠNG VĂN NAM", "nam", "Xóm Đồng", "09/09/1960", "1980", "1981", None),
    ("TẠ THỊ OANH", "nu", "Xóm Đồng", "12/12/1984", "12/12/2011", "12/12/2012", None),
]


def _style_table(ws: Any, header_rows: tuple[int, int], last_row: int, width: int) -> None:
    """Borders, bold centred headers and a fill, the way an office formats its list."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=header_rows[0], max_row=last_row, max_col=width):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row <= header_rows[1]:
                cell.font = Font(name="Times New Roman", bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
            else:
                cell.font = Font(name="Times New Roman")


def commune_list(path: Path, people: Sequence[tuple[Any, ...]] = COMMUNE_PEOPLE) -> Path:
    """A đảng bộ's list of two chi bộ: merged title rows, names in capitals, "Năm sinh"
    merged over "Nam | Nữ" (the column the date sits in gives the gender), "Ngày vào
    Đảng" merged over "Dự bị | Chính thức", a Chi bộ column and no Đảng bộ column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sach"
    ws.append(["ĐẢNG BỘ XÃ LA BẰNG", None, None, None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
    ws.append(["DANH SÁCH ĐẢNG VIÊN NĂM 2026"])
    ws.append([])
    ws.append(["STT", "HỌ VÀ TÊN", "Năm sinh", None, "Chi bộ", "Ngày vào Đảng", None, "Ghi chú"])
    ws.append([None, None, "Nam", "Nữ", None, "Dự bị", "Chính thức", None])
    for n, (name, gender, branch, birth, admitted, official, note) in enumerate(people, 1):
        ws.append([n, name, birth if gender == "nam" else None, birth if gender == "nu" else None,
                   branch, admitted, official, note])
    last = ws.max_row
    ws.append([])
    ws.append([None, None, None, None, None, "T/M ĐẢNG ỦY"])
    for ref in ("A1:G1", "A2:H2", "C4:D4", "F4:G4", "A4:A5", "B4:B5", "E4:E5", "H4:H5"):
        ws.merge_cells(ref)
    _style_table(ws, (4, 5), last, 8)
    wb.save(path)
    return path


def branch_list_titled(path: Path) -> Path:
    """One chi bộ's list with no Chi bộ column: the chi bộ is named in the title only."""
    rows: list[list[Any]] = [
        ["ĐẢNG BỘ XÃ MƯỜNG PHĂNG"],
        ["DANH SÁCH ĐẢNG VIÊN CHI BỘ BẢN NẬM NGÁ NĂM 2026"],
        [],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức"],
        [1, "Lò Văn Pấu", "Nam", "1968", "12/05/1990", "12/05/1991"],
        [2, "Lò Thị Én", "Nữ", "03/04/1972", "3/1995", None],
    ]
    return write_xlsx(path, {"DS": rows}, merges={"DS": ["A1:F1", "A2:F2"]})
