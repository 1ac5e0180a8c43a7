"""The party-document sheet: what a clerk sees when the report is opened or printed."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core import renames
from desktop.excel.errors import ExcelUserError, ExportLocked, ExportNotWritable
from desktop.excel.reports.party_form import (
    Column,
    PartyHeader,
    ReportTable,
    create_sheet,
    party_workbook,
    place_date_line,
    write_party_sheet,
)
from desktop.excel.safe_save import save_workbook

FORMULA_LIKE = ["=SUM(A1)", "+84 912 345 678", "-x", "@x", "\tcó tab", "=1+1"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Thu Hà", "Đặng Minh Long"]
DEEDS = [
    "Gương mẫu thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường xóm",
    "Tham gia hiến đất làm đường liên xóm",
    "Vận động con cháu học tập tốt, không vi phạm pháp luật, tham gia đầy đủ "
    "các buổi sinh hoạt chi bộ và các hoạt động của xóm",
]


@pytest.fixture
def header() -> PartyHeader:
    return PartyHeader(
        superior_name="Đảng ủy xã La Bằng",
        issuer_name="Chi bộ xóm Đồng",
        doc_number="Số 09-BC/CB",
        place="La Bằng",
        date=dt.date(2026, 3, 5),
        signer_on_behalf="T/M CHI BỘ",
        signer_role="BÍ THƯ",
        signer_name="Nguyễn Văn Thắng",
    )


def registration_table(count: int = 40) -> ReportTable:
    rows = []
    for i in range(count):
        deed = FORMULA_LIKE[i % len(FORMULA_LIKE)] if i < len(FORMULA_LIKE) else DEEDS[i % 3]
        rows.append(
            {
                "stt": i + 1,
                "name": NAMES[i % len(NAMES)],
                "born": dt.date(1960 + i % 30, 1 + i % 12, 1 + i % 28),
                "deed": deed,
                "count": 1 + i % 4,
                "rate": (i % 10) / 10,
            }
        )
    return ReportTable(
        title="Danh sách đăng ký việc làm theo Bác năm 2026",
        subtitle="Tổng số: 40 người đăng ký với 96 việc làm",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Họ và tên", "name"),
            Column("Ngày sinh", "born", "date"),
            Column("Nội dung đăng ký việc làm theo Bác", "deed"),
            Column("Số việc", "count", "int"),
            Column("Tỷ lệ hoàn thành", "rate", "percent"),
        ],
        rows=rows,
        totals={"count": sum(r["count"] for r in rows), "rate": 0.5},
        notes=["Chi bộ đề nghị Đảng ủy xã hướng dẫn cách đánh giá hằng tháng."],
    )


def statistics_table() -> ReportTable:
    columns = [Column("STT", "stt", "int", width=5), Column("Chi bộ", "unit")]
    groups: list[tuple[str, int]] = [("", 2)]
    for level in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
        columns += [
            Column("Số lượng", f"{level}_n", "int"),
            Column("Tỷ lệ", f"{level}_p", "percent"),
        ]
        groups.append((f"Hoàn thành nhiệm vụ mức {level}", 2))
    columns += [
        Column("Tổng số đảng viên", "total", "int"),
        Column("Miễn sinh hoạt", "exempt", "int"),
        Column("Không xếp loại", "unrated", "int"),
        Column("Bị kỷ luật", "disciplined", "int"),
        Column("Ghi chú", "note"),
    ]
    groups.append(("", 5))
    rows = [
        {"stt": i, "unit": f"Chi bộ xóm {i}", "total": 40 + i, "HTXSNV_p": 0.125, "HTTNV_n": 30}
        for i in range(1, 13)
    ]
    return ReportTable(
        "Thống kê kết quả xếp loại chất lượng đảng viên năm 2025",
        None,
        columns,
        rows,
        totals={"total": 534},
        groups=groups,
    )


def saved_sheet(tmp_path: Path, header: PartyHeader, table: ReportTable) -> Worksheet:
    wb = party_workbook()
    write_party_sheet(wb.create_sheet("Báo cáo"), header, table)
    path = tmp_path / "bao_cao.xlsx"
    save_workbook(wb, path)
    return load_workbook(path).active


def find(ws: Worksheet, text: str) -> Cell:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} is not in the sheet")


def header_row(ws: Worksheet) -> int:
    return find(ws, "STT").row


# the header block -------------------------------------------------------------


def test_place_date_pads_the_day_but_not_the_month() -> None:
    assert place_date_line("La Bằng", dt.date(2026, 3, 5)) == "La Bằng, ngày 05 tháng 3 năm 2026"
    assert place_date_line("La Bằng", dt.date(2020, 11, 24)) == "La Bằng, ngày 24 tháng 11 năm 2020"


def test_header_block_follows_the_party_document_form(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())

    superior, issuer, star, number = (ws.cell(row, 1) for row in range(1, 5))
    assert (superior.value, superior.font.sz, superior.font.b) == ("ĐẢNG ỦY XÃ LA BẰNG", 14, False)
    assert (issuer.value, issuer.font.sz, issuer.font.b) == ("CHI BỘ XÓM ĐỒNG", 14, True)
    assert star.value == "*"
    assert number.value == "Số 09-BC/CB"

    motto = find(ws, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert motto.row == 1 and motto.column > 1
    assert (motto.font.sz, motto.font.b, motto.font.u) == (15, True, "single")
    place_date = find(ws, "La Bằng, ngày 05 tháng 3 năm 2026")
    assert place_date.font.i and place_date.column == motto.column


def test_title_is_capitals_bold_and_spans_the_table(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    title = find(ws, "DANH SÁCH ĐĂNG KÝ VIỆC LÀM THEO BÁC NĂM 2026")
    assert title.font.b and title.font.sz in (15, 16)
    assert title.alignment.horizontal == "center"
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == title.row)
    assert merged.min_col == 1 and merged.max_col == ws.max_column
    assert find(ws, "Tổng số: 40 người đăng ký với 96 việc làm").row == title.row + 1


def test_every_text_is_times_new_roman(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}
    assert "Times New Roman" in ws.oddHeader.center.font
    assert ws.parent._named_styles["Normal"].font.name == "Times New Roman"


# the table ------------------------------------------------------------------------


def test_table_header_is_bold_centred_wrapped_repeated_and_frozen(
    tmp_path: Path, header: PartyHeader
) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    top = header_row(ws)
    for column in range(1, 7):
        cell = ws.cell(top, column)
        assert cell.font.b and cell.alignment.horizontal == "center" and cell.alignment.wrap_text
        assert cell.border.top.style == "thin" and cell.border.bottom.style == "thin"
    assert ws.print_title_rows == f"${top}:${top}"
    assert ws.freeze_panes == f"A{top + 1}"


def test_values_are_formatted_for_reading(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    first = header_row(ws) + 1
    stt, name, born, deed, count, rate = (ws.cell(first, c) for c in range(1, 7))
    assert (stt.value, stt.alignment.horizontal) == (1, "center")
    assert name.value == "Nguyễn Văn An" and name.alignment.horizontal == "left"
    assert born.value == dt.datetime(1960, 1, 1) and born.number_format == "dd/mm/yyyy"
    assert count.alignment.horizontal == "right" and count.number_format == "#,##0"
    assert rate.value == 0 and rate.number_format == "0.0%"
    assert all(ws.cell(first, c).font.sz == 12 for c in range(1, 7))


def test_formula_like_text_stays_text(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    first = header_row(ws) + 1
    deeds = [ws.cell(first + i, 4) for i in range(len(FORMULA_LIKE))]
    assert [c.value for c in deeds] == FORMULA_LIKE
    assert all(c.data_type == "s" for c in deeds)
    with zipfile.ZipFile(tmp_path / "bao_cao.xlsx") as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_formula_like_text_as_typed(tmp_path: Path, header: PartyHeader) -> None:
    saved_sheet(tmp_path, header, registration_table())
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(tmp_path),
         str(tmp_path / "bao_cao.xlsx")],
        check=True, capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    with open(tmp_path / "bao_cao.csv", encoding="utf-8", errors="replace", newline="") as f:
        shown = [row[3] for row in csv.reader(f) if len(row) > 3]
    for text in FORMULA_LIKE:
        assert text in shown


def test_totals_row_is_labelled_and_bold(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    label = find(ws, "Tổng cộng")
    assert label.font.b and label.column == 1
    assert label.row == header_row(ws) + 41
    count = ws.cell(label.row, 5)
    assert count.value == sum(1 + i % 4 for i in range(40)) and count.font.b


def test_empty_table_says_there_is_no_data(tmp_path: Path, header: PartyHeader) -> None:
    table = registration_table()
    table.rows, table.totals = [], None
    ws = saved_sheet(tmp_path, header, table)
    empty = find(ws, "(Không có dữ liệu)")
    assert empty.row == header_row(ws) + 1
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == empty.row)
    assert (merged.min_col, merged.max_col) == (1, 6)


def test_control_characters_from_old_files_do_not_break_the_export(
    tmp_path: Path, header: PartyHeader
) -> None:
    table = registration_table(3)
    table.rows[0]["name"] = "Lê\x01 Văn\x0b Tám"
    ws = saved_sheet(tmp_path, header, table)
    assert ws.cell(header_row(ws) + 1, 2).value == "Lê Văn Tám"


def test_long_text_wraps_in_a_taller_row(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    first = header_row(ws) + 1
    short, long = first + 6, first + 8  # "Gương mẫu..." vs the longest deed
    assert ws.cell(long, 4).alignment.wrap_text
    assert ws.row_dimensions[long].height > ws.row_dimensions[short].height
    assert ws.column_dimensions["D"].width <= 45


def test_two_level_header_groups_columns(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, statistics_table())
    top = header_row(ws)
    assert ws.print_title_rows == f"${top}:${top + 1}"
    assert ws.freeze_panes == f"A{top + 2}"
    group = find(ws, "Hoàn thành nhiệm vụ mức HTXSNV")
    assert group.row == top and ws.cell(top + 1, group.column).value == "Số lượng"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{top}:A{top + 1}" in merged  # STT stands over both header rows


def test_mismatched_groups_are_a_programming_error(header: PartyHeader) -> None:
    table = statistics_table()
    table.groups = [("Nhóm", 3)]
    with pytest.raises(ValueError):
        write_party_sheet(Workbook().active, header, table)


# the signature and the page ------------------------------------------------------


def test_signature_bottom_right_and_recipients_bottom_left(
    tmp_path: Path, header: PartyHeader
) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    on_behalf, role, name = find(ws, "T/M CHI BỘ"), find(ws, "BÍ THƯ"), find(ws, "Nguyễn Văn Thắng")
    assert on_behalf.row > find(ws, "Tổng cộng").row
    assert role.row == on_behalf.row + 1 and name.row >= role.row + 4
    assert all(c.font.b and c.column > 1 for c in (on_behalf, role, name))
    assert on_behalf.column == find(ws, "ĐẢNG CỘNG SẢN VIỆT NAM").column

    recipients = find(ws, "Nơi nhận:")
    assert (recipients.row, recipients.column) == (on_behalf.row, 1)
    assert recipients.font.b and recipients.font.i and recipients.font.sz == 12
    assert ws.cell(recipients.row + 1, 1).value == "- Như trên,"
    assert ws.cell(recipients.row + 2, 1).value == "- Lưu chi bộ."
    assert ws.cell(recipients.row + 1, 1).font.sz == 11


def test_portrait_a4_fitted_to_width_with_page_numbers(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, registration_table())
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    # numbered from page 2, top centre, each sheet from 1 (HD 36)
    assert ws.oddHeader.center.text == "&P" and not ws.oddFooter.center.text
    assert ws.HeaderFooter.differentFirst and not ws.firstHeader.center.text
    assert (ws.page_setup.firstPageNumber, ws.page_setup.useFirstPageNumber) == (1, True)
    margins = ws.page_margins
    assert (margins.top, margins.bottom) == pytest.approx((20 / 25.4, 20 / 25.4))
    assert (margins.left, margins.right) == pytest.approx((30 / 25.4, 15 / 25.4))
    assert ws.print_area == f"'{ws.title}'!$A$1:$F${ws.max_row}"


def test_wide_table_prints_landscape(tmp_path: Path, header: PartyHeader) -> None:
    ws = saved_sheet(tmp_path, header, statistics_table())
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1


def test_margins_come_from_the_header(tmp_path: Path, header: PartyHeader) -> None:
    wider = dataclasses.replace(header, margins_mm=(25, 25, 35, 15))
    ws = saved_sheet(tmp_path, wider, registration_table(3))
    assert ws.page_margins.left == pytest.approx(35 / 25.4)


def test_one_column_table_still_has_left_and_right_halves(
    tmp_path: Path, header: PartyHeader
) -> None:
    table = ReportTable("Chuyên đề", None, [Column("Chuyên đề năm", "t")], [{"t": "Học tập"}])
    ws = saved_sheet(tmp_path, header, table)
    assert find(ws, "ĐẢNG CỘNG SẢN VIỆT NAM").column > 1
    cell = find(ws, "Học tập")
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == cell.row)
    assert merged.max_col == ws.max_column


def test_signature_never_stands_alone_on_the_last_page(header: PartyHeader) -> None:
    # Somewhere between 20 and 60 rows the signature reaches a page boundary;
    # the manual break then carries the last two rows of the table over with it.
    broken = 0
    for count in range(20, 61):
        ws = Workbook().active
        write_party_sheet(ws, header, registration_table(count))
        last_data = header_row(ws) + count
        for page_break in ws.row_breaks.brk:
            broken += 1
            assert page_break.id == last_data - 2
    assert broken


def test_a_table_a_few_rows_too_long_is_shrunk_onto_fewer_pages(header: PartyHeader) -> None:
    # Growing the table row by row: at first it fits one page; when a few rows
    # spill over it is printed smaller on one page (fit to 1 page tall) instead
    # of leaving two rows and the signature on page 2.
    fitted = {}
    for count in range(5, 40):
        ws = Workbook().active
        write_party_sheet(ws, header, registration_table(count))
        fitted[count] = ws.page_setup.fitToHeight
        if fitted[count]:
            assert not ws.row_breaks.brk
    assert fitted[5] in (0, None) and 1 in fitted.values()
    assert fitted[39] in (0, None, 2)


def test_rows_kept_together_are_never_cut_by_a_page_break(header: PartyHeader) -> None:
    # A person's three deeds under the name: every page starts at a person.
    table = registration_table(240)
    for n, row in enumerate(table.rows):
        if n % 3:
            row["stt"] = row["name"] = None
    table.keep_together = list(range(0, 240, 3))
    ws = Workbook().active
    write_party_sheet(ws, header, table)
    first = header_row(ws) + 1
    starts = [b.id + 1 for b in ws.row_breaks.brk]
    assert len(starts) >= 5
    assert all((row - first) % 3 == 0 and ws.cell(row, 2).value for row in starts)
    assert max(starts) < first + 240  # the signature's page holds the last person at least


# saving -----------------------------------------------------------------------------


def test_save_replaces_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, header: PartyHeader
) -> None:
    target = tmp_path / "bao_cao.xlsx"
    target.write_bytes(b"old report")
    wb = Workbook()
    write_party_sheet(wb.active, header, registration_table(3))
    save_workbook(wb, target)
    assert load_workbook(target).active["A1"].value == "ĐẢNG ỦY XÃ LA BẰNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.xlsx"]


def test_file_open_in_excel_gives_export_locked(
    tmp_path: Path, header: PartyHeader, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows refuses to replace a file Excel holds open; POSIX never does, so the
    # refusal is simulated where it happens.
    target = tmp_path / "Báo cáo tháng 3.xlsx"
    target.write_bytes(b"open in Excel")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(renames.os, "replace", refuse)
    monkeypatch.setattr(renames, "DELAY_S", 0)
    wb = Workbook()
    write_party_sheet(wb.active, header, registration_table(3))
    with pytest.raises(ExportLocked) as caught:
        save_workbook(wb, target)
    assert isinstance(caught.value, ExcelUserError)
    assert "Báo cáo tháng 3.xlsx" in caught.value.message
    assert "đang được mở trong Excel hoặc chương trình khác" in caught.value.message
    assert target.read_bytes() == b"open in Excel"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportNotWritable):
            save_workbook(Workbook(), folder / "bao_cao.xlsx")
    finally:
        folder.chmod(0o755)


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ExportNotWritable) as caught:
        save_workbook(Workbook(), tmp_path / "không có" / "bao_cao.xlsx")
    assert "không tồn tại" in caught.value.message


def _cells(ws: Worksheet) -> dict[str, tuple[object, ...]]:
    return {c.coordinate: (c.value, c.data_type, c.quotePrefix, c.font.b, c.font.sz, c.border.left.style,
                           c.alignment.horizontal, c.alignment.wrap_text, c.number_format)
            for row in ws.iter_rows() for c in row}


def _layout(ws: Worksheet) -> tuple[object, ...]:
    return (sorted(map(str, ws.merged_cells.ranges)), ws.freeze_panes, ws.print_title_rows, ws.print_area,
            {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            {c: d.width for c, d in ws.column_dimensions.items()},
            [b.id for b in ws.row_breaks.brk], ws.page_setup.fitToHeight, ws.page_setup.orientation)


@pytest.mark.parametrize("table", [registration_table(120), statistics_table()], ids=["long", "grouped"])
def test_a_streamed_sheet_is_the_same_document_as_an_ordinary_one(
    tmp_path: Path, header: PartyHeader, table: ReportTable
) -> None:
    """The exports write rows as they go (write-only, constant memory): same cells, styles and layout."""
    ordinary = saved_sheet(tmp_path, header, table)
    wb = party_workbook(streaming=True)
    write_party_sheet(create_sheet(wb, "Báo cáo"), header, table)
    save_workbook(wb, tmp_path / "streamed.xlsx")
    streamed = load_workbook(tmp_path / "streamed.xlsx").active
    assert _cells(streamed) == _cells(ordinary)
    assert _layout(streamed) == _layout(ordinary)
    assert any(c.quotePrefix for row in streamed.iter_rows() for c in row)  # formula-like texts stay text
