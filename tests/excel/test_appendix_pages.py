"""The criteria tables under the year-end list are never split by a page break.

Each appendix table (title, header row, its rows and total) starts on a new
page when it would not fit in what is left of the page, and the signature stays
with the last one. The breaks are read back from the written workbook and the
pages counted with every estimate `page_layout` makes (Excel's and
LibreOffice's widths, each with its tolerance)."""

from __future__ import annotations

import bisect
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlite_utils import Database

from desktop.core import demo, rules, yearend
from desktop.core.db import close_db, open_db
from desktop.core.scoring import NOT_RATED
from desktop.excel.reports import page_layout
from desktop.excel.reports.all_reports import export_report
from desktop.excel.reports.party_form import (
    Column,
    PartyHeader,
    ReportTable,
    party_workbook,
    write_party_sheet,
)

MM_PER_INCH = 25.4


class _Margins:
    """What `Pagination` reads of a header: the margins, here as written in the sheet."""

    def __init__(self, ws: Any) -> None:
        m = ws.page_margins
        self.margins_mm = tuple(x * MM_PER_INCH for x in (m.top, m.bottom, m.left, m.right))


def _pages(ws: Any) -> tuple[list[list[int]], set[int]]:
    """The first row of each page under every estimate, with the manual breaks written; and those breaks."""
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    pages = page_layout.Pagination(ws, _Margins(ws), ws.page_setup.orientation == "landscape",  # type: ignore[arg-type]
                                   widths, (first, last), heights)
    forced = {b.id + 1 for b in ws.row_breaks.brk}
    return [pages.page_starts(h, forced) for h in pages.page_heights], forced


def _appendices(ws: Any, title: str) -> list[tuple[int, int]]:
    """(title row, totals row) of each appendix table whose title begins with `title`."""
    found = []
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if isinstance(value, str) and value.startswith(title):
            end = next(r for r in range(row, ws.max_row + 1) if ws.cell(r, 1).value == "Tổng cộng")
            found.append((row, end))
    return found


def _row_of(ws: Any, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


def _on_one_page(starts: list[int], first: int, last: int) -> bool:
    return bisect.bisect_right(starts, first) == bisect.bisect_right(starts, last)


def _year_end(folder: Path, members: int, today: dt.date) -> Path:
    """The demo's year-end list under 366-2C (Phụ lục 5 for 2C), three people on 2A."""
    db: Database = open_db(folder / f"demo-{members}.sqlite", create=True)
    try:
        demo.create_demo(db, members=members, seed=7, year=2026, today=today)
        rules.set_rules(db, 2026, rules.preset("366-2C"))
        rated = [p.person for org in yearend.score(db, 2026) for p in org.people if p.status != NOT_RATED]
        for person in rated[:3]:
            yearend.set_form(db, 2026, person.person_id, "2A")
        return export_report(db, 2026, "year-end", folder / f"year-end-{members}.xlsx", today=today)
    finally:
        close_db(db)


def test_a_criteria_table_at_the_foot_of_the_list_moves_to_the_next_page_whole(tmp_path: Path,
                                                                                today: dt.date) -> None:
    # 29 people: the list ends a third of a page above the foot; the 2C table (Phụ lục 5)
    # used to begin there and go on under the next page's repeated header rows.
    ws = load_workbook(_year_end(tmp_path, 29, today))["Xếp loại cuối năm"]
    tables = _appendices(ws, "Tiêu chí chấm điểm năm 2026")
    assert [ws.cell(first, 1).value for first, _ in tables] == [
        "Tiêu chí chấm điểm năm 2026, Mẫu 2A: cán bộ lãnh đạo, quản lý",
        "Tiêu chí chấm điểm năm 2026, Mẫu 2C: đảng viên ngoài hệ thống chính trị (nông dân, hưu trí, học sinh, "
        "doanh nghiệp…)"]
    estimates, forced = _pages(ws)
    assert tables[0][0] in forced  # a manual break right above the first table's title
    signer = _row_of(ws, "Nguyễn Văn Bình")
    for starts in estimates:
        assert all(_on_one_page(starts, first, last) for first, last in tables), starts
        assert _on_one_page(starts, tables[-1][0], signer)  # the signature stays with the last lines


@pytest.mark.parametrize("rows", range(8, 40))
def test_no_appendix_is_split_wherever_the_list_ends(tmp_path: Path, rows: int) -> None:
    criteria = [{"stt": n, "group": "Tiêu chí chung", "name": f"Tiêu chí {n}", "max": 10} for n in range(1, 6)]
    appendix = ReportTable(
        title="Tiêu chí chấm điểm năm 2026, Mẫu 2C", subtitle=None,
        columns=[Column("STT", "stt", "int", width=5), Column("Nhóm tiêu chí", "group", width=26),
                 Column("Tiêu chí", "name", width=55), Column("Điểm tối đa", "max", "number", width=11)],
        rows=criteria, totals={"max": 50})
    table = ReportTable(
        title="Kết quả xếp loại", subtitle=None,
        columns=[Column("STT", "stt", "int", width=5), Column("Họ và tên", "name", width=30),
                 Column("Chi bộ", "unit", width=30), Column("Mức", "level", width=12),
                 Column("Căn cứ xếp loại", "why", width=50)],
        rows=[{"stt": n, "name": f"Người {n}", "unit": "Chi bộ Xóm Đồng", "level": "HTTNV",
               "why": "Tổng điểm 80, hoàn thành 100% nhiệm vụ đúng hạn"} for n in range(1, rows + 1)],
        notes=["Ghi chú dưới danh sách."],
        landscape=True,
        appendices=[appendix, appendix],
    )
    wb = party_workbook()
    header = PartyHeader(superior_name="Đảng ủy xã La Bằng", issuer_name="Chi bộ xóm Đồng", doc_number="Số 09-BC/CB",
                         place="La Bằng", date=dt.date(2026, 12, 5), signer_on_behalf="T/M CHI BỘ",
                         signer_role="BÍ THƯ", signer_name="Nguyễn Văn Thắng")
    write_party_sheet(wb.create_sheet("Xếp loại"), header, table)
    wb.save(tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["Xếp loại"]
    tables = _appendices(ws, "Tiêu chí chấm điểm")
    assert len(tables) == 2
    estimates, _ = _pages(ws)
    if ws.page_setup.fitToHeight == 1:
        return  # shrunk onto one page: nothing can be split
    for starts in estimates:
        assert all(_on_one_page(starts, first, last) for first, last in tables), (rows, starts)
        assert _on_one_page(starts, tables[-1][0], ws.max_row)
