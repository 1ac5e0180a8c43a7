"""The reports a secretary sends up, read back with openpyxl as the higher committee would."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from desktop.core import deeds, people, settings, statistics, units, yearend
from desktop.core.newfile import initialise
from desktop.excel.raw_data import RAW_SHEET, read_raw_data
from desktop.excel.reports import page_layout, printable
from desktop.excel.reports.all_reports import ALL, REPORTS, build_report, export_report
from desktop.excel.reports.common import default_recipients, leading_committee, shares_adding_to_100
from desktop.excel.reports.exchange import export_exchange
from desktop.excel.reports.party_form import EMPTY_TABLE, Column, ReportTable

# The reports are dated the frozen day of the test (tests/conftest.py), the day
# the demo file was made: run at any day, months due and figures must agree.
pytestmark = pytest.mark.date_sensitive
ACTIVE = "status NOT IN ('chuyen_di', 'tu_tran', 'ra_khoi_dang')"


def export(db: Database, tmp_path: Path, kind: str, today: dt.date, year: int = 2026) -> Path:
    return export_report(db, year, kind, tmp_path / f"{kind}-{year}.xlsx", today=today)


def find(ws: Worksheet, text: str) -> Cell:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} is not on sheet {ws.title!r}")


def shown_value(ws: Worksheet, row: int, column: int) -> object:
    """What a reader sees in a cell, merged ranges included."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col).value
    return ws.cell(row, column).value


def totals_row(ws: Worksheet) -> dict[tuple[object, object], object]:
    """The "Tổng cộng" row keyed by (group title, column title) of the header rows."""
    first, last = (int(part.strip("$")) for part in ws.print_title_rows.split(":"))
    label = find(ws, "Tổng cộng").row
    return {(shown_value(ws, first, c), shown_value(ws, last, c)): shown_value(ws, label, c)
            for c in range(1, ws.max_column + 1)}


@pytest.mark.parametrize("kind", [*REPORTS, ALL])
def test_every_report_is_a_party_document_on_a4(demo_db: Database, tmp_path: Path, kind: str, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, kind, today))
    shown = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert shown
    for ws in shown:
        superior, issuer, star, number = (ws.cell(row, 1) for row in range(1, 5))
        assert (superior.value, superior.font.sz) == ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", 14)
        assert (issuer.value, issuer.font.b) == ("ĐẢNG ỦY XÃ LA BẰNG", True)
        assert star.value == "*" and number.value.startswith("Số") and number.value.endswith("-BC/ĐU")
        assert find(ws, f"La Bằng, ngày {today.day:02d} tháng {today.month} năm {today.year}").font.i
        assert find(ws, "T/M ĐẢNG ỦY").font.b and find(ws, "BÍ THƯ").font.b
        assert find(ws, "Nguyễn Văn Bình").row > find(ws, "BÍ THƯ").row
        assert find(ws, "- Lưu Văn phòng Đảng ủy.")
        assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {"Times New Roman"}
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9: A4
        # fitToWidth is read only with the sheet's fit-to-page flag (a streamed sheet must write it first)
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows and ws.freeze_panes
        assert "2026" in next(c.value for c in ws["A"] if isinstance(c.value, str) and c.value.isupper()
                              and "NĂM" in c.value)
        find(ws, "Tổng cộng")


def test_all_puts_every_report_in_one_workbook(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, ALL, today))
    assert wb.sheetnames == [
        "Đăng ký cá nhân", "Đăng ký tập thể", "Đánh giá hằng tháng", "Tổng hợp theo tháng",
        "Xếp loại cuối năm", "Không xếp loại", "Xếp loại tổ chức đảng", "Thống kê đăng ký", "Thống kê đánh giá tháng",
        "Thống kê xếp loại", RAW_SHEET]
    assert wb[RAW_SHEET].sheet_state == "veryHidden" and wb[RAW_SHEET].protection.sheet


def test_registration_totals_equal_the_database(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "statistics", today))
    totals = totals_row(wb["Thống kê đăng ký"])
    members = demo_db.execute(f"SELECT count(*) FROM people WHERE kind = 'dang_vien' AND {ACTIVE}").fetchone()[0]
    registered = demo_db.execute(
        f"SELECT count(*) FROM people WHERE kind = 'dang_vien' AND {ACTIVE} "
        "AND id IN (SELECT person_id FROM deeds WHERE year = 2026)").fetchone()[0]
    individual = demo_db.execute(
        f"SELECT count(*) FROM deeds d JOIN people p ON p.id = d.person_id WHERE d.year = 2026 AND p.{ACTIVE}"
    ).fetchone()[0]
    collective = demo_db.execute("SELECT count(*) FROM deeds WHERE year = 2026 AND person_id IS NULL").fetchone()[0]
    assert totals[("Đảng viên", "Tổng số")] == members
    assert totals[("Đảng viên", "Đã đăng ký")] == registered
    assert totals[("Đảng viên", "Tỷ lệ")] == pytest.approx(registered / members)
    assert totals[("Số việc đăng ký", "Cá nhân")] == individual
    assert totals[("Số việc đăng ký", "Tập thể")] == collective


def test_year_end_totals_equal_the_levels_scoring_gives(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "statistics", today))
    totals = totals_row(wb["Thống kê xếp loại"])
    levels = [p.final_level for r in yearend.score(demo_db, 2026) for p in r.people
              if p.person.kind == "dang_vien" and p.final_level]
    for code in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
        assert totals[(code, "Số lượng")] == levels.count(code), code
    assert totals[("Được xếp loại", "Được xếp loại")] == len(levels)
    exempt = demo_db.execute(
        "SELECT count(*) FROM people WHERE kind = 'dang_vien' AND status = 'mien_sinh_hoat'").fetchone()[0]
    assert totals[("Không xếp loại", "Miễn sinh hoạt")] == exempt
    quota = find(wb["Thống kê xếp loại"], "Kiểm tra tỷ lệ Hoàn thành xuất sắc nhiệm vụ:")
    assert "tối đa 20%" in wb["Thống kê xếp loại"].cell(quota.row + 1, 1).value


def test_monthly_totals_count_every_review_and_mark(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "monthly", today))
    totals = totals_row(wb["Tổng hợp theo tháng"])
    months = statistics.months_due(2026, today)
    counts = dict(demo_db.execute(
        "SELECT level, count(*) FROM reviews WHERE year = 2026 AND month <= ? GROUP BY level", [months]).fetchall())
    marks = demo_db.execute("SELECT sum(commended), sum(reminded) FROM reviews WHERE year = 2026 AND month <= ?",
                            [months]).fetchone()
    assert (totals[("Mức", "Tốt")], totals[("Mức", "Đạt")], totals[("Mức", "Chưa đạt")]) == (
        counts["tot"], counts["dat"], counts["chua_dat"])
    assert (totals[("Số lượt", "Biểu dương")], totals[("Số lượt", "Nhắc nhở")]) == tuple(marks)
    # the months due at the report's date (the demo, made on the real day, may hold later meetings)
    meetings = demo_db.execute("SELECT count(*) FROM meetings WHERE year = 2026 AND month <= ?",
                               [months]).fetchone()[0]
    assert totals[("Sinh hoạt chi bộ", "Số buổi sinh hoạt")] == meetings
    grid = wb["Đánh giá hằng tháng"]
    assert find(grid, "T1").column < find(grid, "T12").column
    assert grid.page_setup.orientation == "landscape"


def test_the_individual_list_shows_each_deed_with_its_owner_once(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    ws = load_workbook(export(demo_db, tmp_path, "registrations", today))["Đăng ký cá nhân"]
    top = find(ws, "STT").row
    label = find(ws, "Tổng cộng").row
    rows = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(top + 1, label)]
    individual = demo_db.execute(
        f"SELECT count(*) FROM deeds d JOIN people p ON p.id = d.person_id WHERE d.year = 2026 AND p.{ACTIVE}"
    ).fetchone()[0]
    assert len(rows) == individual
    owners = [r for r in rows if r[0] is not None]
    assert [r[0] for r in owners] == list(range(1, len(owners) + 1))
    assert all(r[1] is None for r in rows if r[0] is None)  # the name is written once per person
    assert ws.cell(label, 5).value.startswith(f"{individual} việc")


def test_year_end_lists_points_levels_reasons_and_the_not_rated_apart(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "year-end", today))
    main = wb["Xếp loại cuối năm"]
    for title in ("Tiêu chí chung (tối đa 30)", "Tổng điểm", "Mức đề xuất", "Mức được quyết định",
                  "Danh hiệu thi đua đề nghị", "Căn cứ xếp loại"):
        find(main, title)
    top = find(main, "STT").row
    first = [main.cell(top + 1, c).value for c in range(1, 11)]
    assert first[5] == pytest.approx(first[3] + first[4])  # total = the two criteria
    assert first[6] in ("HTXSNV", "HTTNV", "HTNV", "KHTNV") and "điểm" in first[9]
    apart = wb["Không xếp loại"]
    exempt = demo_db.execute(
        "SELECT count(*) FROM people WHERE kind = 'dang_vien' AND status = 'mien_sinh_hoat'").fetchone()[0]
    reasons = [apart.cell(r, 4).value for r in range(find(apart, "STT").row + 1, find(apart, "Tổng cộng").row)]
    assert len(reasons) >= exempt and sum("miễn công tác" in r for r in reasons) == exempt


def test_text_typed_like_a_formula_stays_text(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    person = demo_db.execute(f"SELECT id FROM people WHERE {ACTIVE} ORDER BY id LIMIT 1").fetchone()[0]
    for text in ("=SUM(A1:A9)", "+84 912 345 678", "-giữ gìn vệ sinh", "@chi bộ"):
        deeds.add_deed(demo_db, 2026, {"content": text}, person_id=person)
    path = export(demo_db, tmp_path, "registrations", today)
    ws = load_workbook(path)["Đăng ký cá nhân"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.split(". ", 1)[-1]
             in ("=SUM(A1:A9)", "+84 912 345 678", "-giữ gìn vệ sinh", "@chi bộ")]
    assert len(cells) == 4 and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode()


def test_the_hidden_sheet_carries_the_figures_and_a_good_checksum(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    raw = read_raw_data(export(demo_db, tmp_path, "year-end", today))
    assert raw.checksum_ok, raw.problem
    assert raw.meta["unit"] == "Đảng bộ xã La Bằng" and raw.meta["year"] == 2026
    assert raw.meta["kind"] == "year-end" and raw.meta["unit_kind"] == "dang_bo"
    assert raw.meta["schema_version"] >= 1 and raw.meta["program_version"]
    stats = statistics.statistics(demo_db, 2026, "Đảng bộ xã La Bằng", today)
    assert [statistics.Figures.from_row(r) for r in raw.tables["figures"]] == stats.branches
    assert len(raw.tables["year_end"]) == stats.total.rated + stats.total.pending + 1  # and the totals row
    assert raw.tables["year_end"][-1]["_totals"] is True


LISTS = ("Đăng ký cá nhân", "Đăng ký tập thể", "Đánh giá hằng tháng", "Tổng hợp theo tháng", "Xếp loại cuối năm",
         "Không xếp loại")


def test_a_year_without_data_gives_empty_tables(branch_db: Database, tmp_path: Path, today: dt.date) -> None:
    for kind in (*REPORTS, ALL):
        wb = load_workbook(export(branch_db, tmp_path, kind, today, year=2031))
        for ws in wb.worksheets:
            if ws.title in LISTS:
                assert find(ws, EMPTY_TABLE), (kind, ws.title)
            elif ws.sheet_state == "visible":  # figures per chi bộ: rows of zeros
                assert totals_row(ws)[("STT", "STT")] == "Tổng cộng"


def test_a_chi_bo_file_signs_for_the_chi_bo(empty_db: Database, tmp_path: Path, today: dt.date) -> None:
    initialise(empty_db, "Chi bộ Thôn Đoàn Kết", [], 2026, superior_name="Đảng ủy xã La Bằng", place="La Bằng")
    settings.put(empty_db, {"signer_name": "Lý Thị Hoa"})
    unit = units.list_units(empty_db)[0].id
    people.add_person(empty_db, {"full_name": "Nguyễn Văn An", "unit_id": unit})
    ws = load_workbook(export(empty_db, tmp_path, "statistics", today)).worksheets[0]
    assert ws.cell(1, 1).value == "ĐẢNG ỦY XÃ LA BẰNG" and ws.cell(2, 1).value == "CHI BỘ THÔN ĐOÀN KẾT"
    assert ws.cell(4, 1).value.endswith("-BC/CB")
    assert find(ws, "T/M CHI BỘ") and find(ws, "Lý Thị Hoa") and find(ws, "- Lưu chi bộ.")
    assert find(ws, "- Đảng ủy xã La Bằng (để báo cáo),")


def test_the_print_version_draws_the_same_tables(demo_db: Database, today: dt.date) -> None:
    built = build_report(demo_db, 2026, "statistics", today=today)
    html = printable.report_html(built.header, built.sheets)
    assert html.count("<thead>") == 3 and html.count("page-break-before: always") == 2
    assert "THỐNG KÊ KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2026" in html
    assert "T/M ĐẢNG ỦY" in html and f"La Bằng, ngày {today.day:02d} tháng {today.month} năm {today.year}" in html
    total = statistics.statistics(demo_db, 2026, "X", today).total
    assert f"font-weight: bold\">{total.members}</span>" in html  # the totals row
    assert printable.is_wide(built.sheets)


def test_print_numbers_are_written_the_vietnamese_way() -> None:
    from desktop.excel.reports.party_form import Column

    assert printable.shown(Column("Tỷ lệ", "p", "percent"), 0.8765) == "87,7%"
    assert printable.shown(Column("Số", "n", "int"), 12345) == "12.345"
    assert printable.shown(Column("Điểm", "x", "number"), 1234.5) == "1.234,5"
    assert printable.shown(Column("Ngày", "d", "date"), dt.date(2026, 3, 5)) == "05/03/2026"


def test_level_shares_add_up_to_100_by_largest_remainder() -> None:
    # 14/89, 48/89, 26/89, 1/89 round to 15.7 + 53.9 + 29.2 + 1.1 = 99.9; the largest remainder gets 0.1
    assert shares_adding_to_100([14, 48, 26, 1]) == [0.157, 0.54, 0.292, 0.011]
    assert shares_adding_to_100([1, 1, 1]) == [0.334, 0.333, 0.333]
    assert shares_adding_to_100([0, 0]) == [None, None]


def test_the_year_end_totals_and_shares_are_readable(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "all", today))
    main = wb["Xếp loại cuối năm"]
    label = find(main, "Tổng cộng")
    merged = next(r for r in main.merged_cells.ranges if r.min_row == label.row and r.min_col == 1)
    assert merged.max_col >= 6  # the label spans the name and unit columns, not the narrow STT alone
    summary = next(c.value for c in main[label.row] if isinstance(c.value, str) and c.value.startswith("HTXSNV"))
    shares = [float(s.replace(",", ".")) for s in re.findall(r"\((\d+,\d)%\)", summary)]
    assert len(shares) == 4 and round(sum(shares), 1) == 100.0
    stats = wb["Thống kê xếp loại"]
    totals = totals_row(stats)
    assert round(sum(totals[(code, "Tỷ lệ")] for code in ("HTXSNV", "HTTNV", "HTNV", "KHTNV")), 3) == 1.0
    for ws in (main, stats):
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(t.startswith("Viết tắt: HTXSNV Hoàn thành xuất sắc nhiệm vụ") for t in texts)
        # and at the foot of every page, the first included
        for footer in (ws.oddFooter, ws.firstFooter):
            assert footer.center.text.startswith("Viết tắt: HTXSNV Hoàn thành xuất sắc nhiệm vụ")
        assert any("phần dư lớn nhất" in t for t in texts)
        assert any("tính đến 31/12/2026" in t for t in texts)


def test_each_subtitle_says_which_people_it_counts(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "all", today))
    expected = {"Đăng ký cá nhân": "đang sinh hoạt", "Đánh giá hằng tháng": "kể cả người đã chuyển đi",
                "Tổng hợp theo tháng": "kể cả người đã chuyển đi", "Xếp loại cuối năm": "tính đến 31/12",
                "Không xếp loại": "Tính đến 31/12", "Thống kê đăng ký": "người đang sinh hoạt",
                "Thống kê đánh giá tháng": "kể cả người đã chuyển đi", "Thống kê xếp loại": "tính đến 31/12"}
    for sheet, words in expected.items():
        ws = wb[sheet]
        subtitle = ws.cell(header_title_row(ws) + 1, 1).value
        assert words in subtitle, (sheet, subtitle)


def header_title_row(ws: Worksheet) -> int:
    return next(c.row for c in ws["A"] if isinstance(c.value, str) and c.value.isupper() and len(c.value) > 30)


def test_the_workbooks_normal_style_is_times_new_roman(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export(demo_db, tmp_path, "statistics", today))
    normal = next(s for s in wb._named_styles if s.name == "Normal")
    assert normal.font.name == "Times New Roman"


def test_the_exchange_drop_downs_reach_2000_rows_below_the_data(demo_db: Database, tmp_path: Path, today: dt.date) -> None:
    wb = load_workbook(export_exchange(demo_db, 2026, tmp_path / "mau.xlsx"))
    checked = 0
    for ws in wb.worksheets:
        for rule in ws.data_validations.dataValidation:
            for cells in rule.sqref.ranges:
                assert cells.max_row >= ws.max_row + 2000, (ws.title, str(cells))
                checked += 1
    assert checked


def test_a_date_and_time_fits_on_one_line() -> None:
    table = ReportTable("T", None, [Column("Ngày giờ xuất", "at", align="center")], [{"at": "01/12/2026 19:24"}])
    natural, _ = page_layout.column_need(table, table.columns[0])
    assert page_layout.lines("01/12/2026 19:24", page_layout.font(page_layout.TABLE_PT), natural) == 1
    when = dt.datetime(2026, 12, 1, 19, 24)
    assert page_layout.shown(Column("Lúc", "at", "date"), when) == "00/00/0000 00:00"

def test_without_recipients_the_superior_committee_is_named() -> None:
    assert leading_committee("Đảng bộ xã La Bằng") == "Đảng ủy xã La Bằng"
    assert leading_committee("Đảng bộ tỉnh Thái Nguyên") == "Tỉnh ủy Thái Nguyên"
    assert leading_committee("Đảng bộ huyện Đại Từ") == "Huyện ủy Đại Từ"
    assert default_recipients("Đảng bộ xã La Bằng", False) == ("Đảng ủy xã La Bằng (để báo cáo)", "Lưu chi bộ")
