"""The collectives' year rating in the year-end report (notes, and a table for a đảng ủy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import collectives, units
from desktop.core.collectives import Rating
from desktop.core.newfile import initialise
from desktop.excel.raw_data import read_raw_data
from tests.excel.test_reports import export, find, shown_value

AWARD = "Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2026"


def _row_values(ws, row: int, titles: list[str]) -> dict[str, object]:
    return {t: shown_value(ws, row, find(ws, t).column) for t in titles}


def test_a_dang_uy_report_lists_each_organisations_level_and_award(branch_db: Database, tmp_path: Path,
                                                                     today: dt.date) -> None:
    dong = units.find_by_name(branch_db, "Chi bộ Xóm Đồng")[0].id
    root = units.find_by_name(branch_db, "Đảng bộ xã La Bằng")[0].id
    collectives.set_rating(branch_db, 2026, dong, Rating("HTXSNV", True, "QĐ 20-QĐ/ĐU"))
    collectives.set_rating(branch_db, 2026, root, Rating("HTTNV"))
    path = export(branch_db, tmp_path, "year-end", today)
    wb = load_workbook(path)
    ws = wb["Xếp loại tổ chức đảng"]
    assert find(ws, "XẾP LOẠI TỔ CHỨC ĐẢNG NĂM 2026")
    titles = ["STT", "Tổ chức đảng", "Mức xếp loại", "Tiêu biểu", "Đề nghị khen thưởng", "Ghi chú"]
    first = find(ws, "STT").row + 1
    rows = [_row_values(ws, r, titles) for r in range(first, first + 3)]
    assert rows == [
        {"STT": 1, "Tổ chức đảng": "Đảng bộ xã La Bằng", "Mức xếp loại": "Hoàn thành tốt nhiệm vụ",
         "Tiêu biểu": None, "Đề nghị khen thưởng": "Không đề nghị", "Ghi chú": None},
        {"STT": 2, "Tổ chức đảng": "Chi bộ Xóm Bãi", "Mức xếp loại": "Chưa xếp loại",
         "Tiêu biểu": None, "Đề nghị khen thưởng": "Không đề nghị", "Ghi chú": None},
        {"STT": 3, "Tổ chức đảng": "Chi bộ Xóm Đồng", "Mức xếp loại": "Hoàn thành xuất sắc nhiệm vụ",
         "Tiêu biểu": "x", "Đề nghị khen thưởng": AWARD, "Ghi chú": "QĐ 20-QĐ/ĐU"},
    ]
    totals = find(ws, "Tổng cộng").row
    assert shown_value(ws, totals, find(ws, "Mức xếp loại").column) == "HTXSNV: 1; HTTNV: 1; HTNV: 0; KHTNV: 0"
    assert shown_value(ws, totals, find(ws, "Tiêu biểu").column) == 1
    # The list of members says the organisation's own level in its notes.
    assert find(wb["Xếp loại cuối năm"], "Xếp loại tổ chức đảng năm 2026 — Đảng bộ xã La Bằng: Hoàn thành tốt "
                                         "nhiệm vụ. Đề nghị khen thưởng: Không đề nghị.")
    raw = read_raw_data(path)
    assert raw.tables["collectives"][2]["award"] == AWARD


def test_a_single_chi_bo_prints_its_level_under_the_list_without_an_extra_sheet(empty_db: Database, tmp_path: Path,
                                                                                today: dt.date) -> None:
    initialise(empty_db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng"], 2026, place="La Bằng")
    dong = units.find_by_name(empty_db, "Chi bộ Xóm Đồng")[0].id
    collectives.set_rating(empty_db, 2026, dong, Rating("HTXSNV", True),
                           {y: Rating("HTXSNV", True) for y in range(2022, 2026)})
    wb = load_workbook(export(empty_db, tmp_path, "year-end", today))
    assert "Xếp loại tổ chức đảng" not in wb.sheetnames
    found = [c.value for row in wb["Xếp loại cuối năm"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("Xếp loại tổ chức đảng năm 2026")]
    assert found == [
        "Xếp loại tổ chức đảng năm 2026 — Chi bộ Xóm Đồng: Hoàn thành xuất sắc nhiệm vụ, tiêu biểu. "
        "Đề nghị khen thưởng: Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2026; "
        "Đề nghị cấp ủy cấp trên khen thưởng: Hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền (2022–2026)."]


def test_a_consolidation_lists_the_ratings_its_chi_bo_reported(tmp_path: Path, today: dt.date) -> None:
    from desktop.core.db import close_db, open_db
    from desktop.excel.reports import consolidate
    from desktop.excel.reports.all_reports import build_report, write_report
    from desktop.excel.reports.common import party_header
    from tests.excel.test_reports import find

    sent = []
    for name, rating in (("Chi bộ Xóm Đồng", Rating("HTXSNV", True, "QĐ 20")), ("Chi bộ Xóm Bãi", None)):
        db = open_db(tmp_path / f"{name}.sqlite", create=True)
        try:
            initialise(db, name, [], 2026, superior_name="Đảng ủy xã La Bằng", place="La Bằng")
            if rating:
                collectives.set_rating(db, 2026, collectives.rated_units(db)[0].id, rating)
            sent.append(write_report(build_report(db, 2026, "all", today=today), tmp_path / f"{name}.xlsx"))
        finally:
            close_db(db)
    plan = consolidate.decide([consolidate.read_branch_file(p) for p in sent])
    header = party_header(superior="Đảng bộ tỉnh Thái Nguyên", committee="Đảng bộ xã La Bằng", party_committee=True,
                          place="La Bằng", signer_name="Nguyễn Văn Bình", signer_role="BÍ THƯ", margins_mm=None,
                          today=today)
    out = consolidate.write_consolidation(plan, header, tmp_path / "tong-hop.xlsx")
    ws = load_workbook(out)["Xếp loại tổ chức đảng"]
    titles = ["Tổ chức đảng", "Trực thuộc", "Mức xếp loại", "Tiêu biểu", "Đề nghị khen thưởng", "Ghi chú",
              "Theo báo cáo của"]
    first = find(ws, "STT").row + 1
    rows = [_row_values(ws, r, titles) for r in range(first, first + 2)]
    assert rows == [
        {"Tổ chức đảng": "Chi bộ Xóm Bãi", "Trực thuộc": "Đảng ủy xã La Bằng", "Mức xếp loại": "Chưa xếp loại",
         "Tiêu biểu": None, "Đề nghị khen thưởng": "Không đề nghị", "Ghi chú": None,
         "Theo báo cáo của": "Chi bộ Xóm Bãi (tệp «Chi bộ Xóm Bãi.xlsx»)"},
        {"Tổ chức đảng": "Chi bộ Xóm Đồng", "Trực thuộc": "Đảng ủy xã La Bằng",
         "Mức xếp loại": "Hoàn thành xuất sắc nhiệm vụ", "Tiêu biểu": "x",
         "Đề nghị khen thưởng": "Giấy khen của cấp ủy cấp trên trực tiếp: Hoàn thành xuất sắc nhiệm vụ tiêu biểu "
                                "năm 2026", "Ghi chú": "QĐ 20",
         "Theo báo cáo của": "Chi bộ Xóm Đồng (tệp «Chi bộ Xóm Đồng.xlsx»)"},
    ]
    assert shown_value(ws, find(ws, "Tổng cộng").row, find(ws, "Tiêu biểu").column) == 1


def test_no_table_of_blanks_when_no_chi_bo_is_rated_yet() -> None:
    from desktop.excel.reports.collective_ratings import received_rows, received_table
    blank = {"unit": "Chi bộ Xóm Bãi", "level": "Chưa xếp loại", "award": "Không đề nghị"}
    assert received_table(2026, received_rows([blank], "Chi bộ Xóm Bãi", "bai.xlsx", {})) is None
    assert received_table(2026, []) is None
    rows = received_rows([blank, {**blank, "unit": "Chi bộ Xóm Đồng", "level": "HTTNV"}], "Đảng bộ xã La Bằng",
                         "la-bang.xlsx", {})
    table = received_table(2026, rows)
    assert table is not None and [r["unit"] for r in table.rows] == ["Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
