"""Consolidation given what chi bộ really send: a đảng bộ's report beside its own chi bộ's,
a chi bộ of another đảng ủy, files of the wrong year, a figure corrected by hand on the
signed sheet, files re-saved by LibreOffice, an .xls and the data-entry workbook.
Each workbook is exported by the program, then edited or re-saved as a person would."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core import deeds, people, settings, statistics, units, yearend
from desktop.core.db import close_db, open_db
from desktop.core.newfile import initialise
from desktop.excel.raw_data import RAW_SHEET, read_raw_data
from desktop.excel.reports import consolidate
from desktop.excel.reports.all_reports import build_report, write_report
from desktop.excel.reports.common import party_header
from desktop.excel.reports.exchange import export_exchange
from desktop.excel.safe_save import save_workbook

TODAY = dt.date(2026, 11, 23)
COMMUNE = "Đảng bộ xã La Bằng"
LIST = ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Chùa", "Chi bộ Xóm Trại"]


def _people(db, unit: int, members: int, year: int) -> None:
    for n in range(members):
        pid = people.add_person(db, {"full_name": f"Đảng viên {unit}-{n + 1}", "unit_id": unit,
                                     "joined_date": "01/01/2000"}).inserted_id("people")
        deeds.add_deed(db, year, {"content": "Việc làm theo Bác"}, person_id=pid)
        yearend.set_points(db, year, pid, {"chung": 22, "nhiem_vu": 50})


def export_file(folder: Path, committee: str, branches: dict[str, int], *, year: int = 2026,
                superior: str = "Đảng bộ huyện Đại Từ", stem: str | None = None) -> tuple[Path, statistics.Figures]:
    """A data file of `committee` (a đảng bộ with `branches`, or one chi bộ when it is
    the only name) exported as its statistics report; returns the file and its total."""
    stem = stem or f"{committee}-{year}"
    db = open_db(folder / f"{stem}.sqlite", create=True)
    try:
        alone = list(branches) == [committee]
        initialise(db, committee, [] if alone else list(branches), year, superior_name=superior, place="La Bằng")
        by_name = {u.name: u.id for u in units.list_units(db)}
        for name, members in branches.items():
            _people(db, by_name[name], members, year)
        path = write_report(build_report(db, year, "statistics", today=TODAY), folder / f"{stem}.xlsx")
        total = statistics.statistics(db, year, committee, TODAY).total
    finally:
        close_db(db)
    return path, total


def committee_file(folder: Path, working_year: int = 2026) -> Path:
    """The commune's own data file: its list of chi bộ and its working year."""
    path = folder / "xa-la-bang.sqlite"
    db = open_db(path, create=True)
    try:
        initialise(db, COMMUNE, LIST, working_year, superior_name="Đảng bộ huyện Đại Từ", place="La Bằng")
        settings.put(db, {"working_year": working_year, "signer_name": "Nguyễn Văn Bình"})
    finally:
        close_db(db)
    return path


def committee(folder: Path, working_year: int = 2026) -> consolidate.Committee:
    db = open_db(committee_file(folder, working_year), readonly=True)
    try:
        return consolidate.committee_of(db, dt.date.today())
    finally:
        close_db(db)


def read(*paths: Path) -> list[consolidate.BranchFile]:
    return [consolidate.read_branch_file(p) for p in paths]


def header(committee_name: str = "Đảng bộ xã La Bằng", superior: str = "Đảng bộ huyện Đại Từ"):
    return party_header(superior=superior, committee=committee_name, party_committee=True, place="La Bằng",
                        signer_name="Nguyễn Văn Bình", signer_role="BÍ THƯ", margins_mm=None, today=TODAY)


def edit_shown_members(path: Path, unit: str, new: int) -> tuple[int, str]:
    """Correct the đảng viên count of `unit` on the signed "Thống kê xếp loại" sheet, as a
    secretary does in Excel after export; returns the row and column letter changed."""
    wb = load_workbook(path)
    ws = wb["Thống kê xếp loại"]
    cell = next(row[2] for row in ws.iter_rows() if row[1].value == unit)
    cell.value = new
    save_workbook(wb, path)
    return cell.row, cell.column_letter


# 1. never count a unit twice ------------------------------------------------------------------

def test_a_dang_bo_report_beside_its_own_chi_bo_counts_each_unit_once(tmp_path: Path) -> None:
    commune, total = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Đồng": 3, "Chi bộ Xóm Bãi": 5,
                                                     "Chi bộ Xóm Chùa": 4}, superior="Đảng bộ huyện Đại Từ")
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    bai, _ = export_file(tmp_path, "Chi bộ Xóm Bãi", {"Chi bộ Xóm Bãi": 6}, superior="Đảng ủy xã La Bằng")
    other, other_total = export_file(tmp_path, "Đảng bộ xã Hùng Sơn", {"Chi bộ Xóm Đồng": 7},
                                     superior="Đảng bộ huyện Đại Từ")

    plan = consolidate.decide(read(dong, commune, bai, other))
    statuses = [d.status for d in plan.decisions]
    assert statuses == [consolidate.CONTAINED, consolidate.INCLUDED, consolidate.CONTAINED, consolidate.INCLUDED]
    assert commune.name in plan.decisions[0].note and "không cộng hai lần" in plan.decisions[0].note
    assert any("gồm cả Chi bộ Xóm Bãi" in w for w in plan.decisions[1].warnings)
    # Hùng Sơn's own "Chi bộ Xóm Đồng" is another chi bộ: same name, another đảng bộ
    rows = {d.figures.unit: d.figures for d in plan.included}
    assert rows[COMMUNE].year_members == total.year_members == 12
    assert sum(f.year_members for f in rows.values()) == 12 + other_total.year_members
    used = {(u.name, u.parent): f for u, f in plan.sources}
    assert used[("Chi bộ Xóm Bãi", COMMUNE)] == commune.name
    assert used[("Chi bộ Xóm Đồng", "Đảng bộ xã Hùng Sơn")] == other.name

    out = consolidate.write_consolidation(plan, header("Đảng bộ huyện Đại Từ", "Đảng bộ tỉnh Thái Nguyên"),
                                          tmp_path / "huyen.xlsx")
    raw = read_raw_data(out)
    assert sum(r["year_members"] for r in raw.tables["figures"]) == 12 + other_total.year_members
    sources = load_workbook(out)["Đơn vị và tệp"]
    texts = [c.value for row in sources.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Chi bộ Xóm Chùa" in texts and commune.name in texts
    # the district's report can go up again, and its tree still says what it covers
    upper = consolidate.read_branch_file(out)
    assert {u.name for u in upper.units if u.row is not None} >= {"Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"}


def test_the_same_units_from_a_consolidation_and_a_chi_bo_are_counted_once(tmp_path: Path) -> None:
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    bai, _ = export_file(tmp_path, "Chi bộ Xóm Bãi", {"Chi bộ Xóm Bãi": 2}, superior="Đảng ủy xã La Bằng")
    merged = consolidate.write_consolidation(consolidate.decide(read(dong, bai)), header(), tmp_path / "xa.xlsx")
    plan = consolidate.decide(read(merged, dong))
    assert [d.status for d in plan.decisions] == [consolidate.INCLUDED, consolidate.CONTAINED]
    assert sum(d.figures.year_members for d in plan.included) == 5


# 2. units that do not belong ------------------------------------------------------------------

def test_a_chi_bo_of_another_dang_uy_is_flagged_and_left_out_unless_asked(tmp_path: Path) -> None:
    ours = committee(tmp_path)
    dong, dong_total = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3},
                                   superior="Đảng ủy xã La Bằng")
    stranger, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 9},
                              superior="Đảng ủy xã Hùng Sơn", stem="hung-son")
    new_one, _ = export_file(tmp_path, "Chi bộ Xóm Mới", {"Chi bộ Xóm Mới": 2}, superior="Đảng ủy xã La Bằng")
    plan = consolidate.decide(read(dong, stranger, new_one), committee=ours)
    assert [d.status for d in plan.decisions] == [consolidate.INCLUDED, consolidate.FOREIGN, consolidate.FOREIGN]
    assert "Chi bộ Xóm Đồng (Đảng ủy xã Hùng Sơn)" in plan.decisions[1].note
    assert "không thuộc danh sách" in plan.decisions[2].note
    assert [d.figures.year_members for d in plan.included] == [dong_total.year_members]

    asked = consolidate.decide(read(dong, new_one), committee=ours, include_foreign=True)
    assert [d.status for d in asked.decisions] == [consolidate.INCLUDED, consolidate.FOREIGN_TAKEN]
    assert "vẫn tổng hợp theo yêu cầu" in asked.decisions[1].remarks


# 3. the year ---------------------------------------------------------------------------------

def test_the_committees_working_year_decides_not_the_majority(tmp_path: Path) -> None:
    ours = committee(tmp_path, working_year=2026)
    old_dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, year=2025,
                              superior="Đảng ủy xã La Bằng")
    old_bai, _ = export_file(tmp_path, "Chi bộ Xóm Bãi", {"Chi bộ Xóm Bãi": 2}, year=2025,
                             superior="Đảng ủy xã La Bằng")
    chua, _ = export_file(tmp_path, "Chi bộ Xóm Chùa", {"Chi bộ Xóm Chùa": 4}, superior="Đảng ủy xã La Bằng")
    plan = consolidate.decide(read(old_dong, old_bai, chua), committee=ours)
    assert plan.year == 2026
    assert [d.status for d in plan.decisions] == [consolidate.OTHER_YEAR, consolidate.OTHER_YEAR,
                                                  consolidate.INCLUDED]
    assert plan.missing == ["Chi bộ Xóm Trại"]
    assert sorted(u.split(" (")[0] for u in plan.unusable) == ["Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
    assert "đã gửi nhưng không dùng được" in plan.problems()[-2].lower()

    with pytest.raises(consolidate.YearsDisagree) as raised:
        consolidate.decide(read(old_dong, old_bai, chua))
    message = raised.value.message
    assert f"năm 2025: {old_dong.name}, {old_bai.name}" in message and f"năm 2026: {chua.name}" in message
    assert "--year" in message
    assert consolidate.decide(read(old_dong, old_bai, chua), year=2025).year == 2025


# 4. a figure edited by hand on the visible sheet -------------------------------------------------

def test_a_figure_corrected_on_the_signed_sheet_is_named_and_taken_only_when_asked(tmp_path: Path) -> None:
    dong, total = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 12}, superior="Đảng ủy xã La Bằng")
    row, column = edit_shown_members(dong, "Chi bộ Xóm Đồng", 13)
    file = consolidate.read_branch_file(dong)
    assert file.checksum_ok  # the raw data is intact: only the printed sheet differs
    [difference] = file.differences
    assert (difference.sheet, difference.row, difference.shown, difference.recorded) == (
        "Thống kê xếp loại", row, 13, 12)
    assert difference.column.startswith(f"{column} (") and difference.field == "year_members"
    assert (f"Tệp «{dong.name}», trang «Thống kê xếp loại», dòng {row}, cột {column}" in difference.text
            and "trên trang ghi 13, dữ liệu gốc ghi 12" in difference.text)

    plan = consolidate.decide([file])
    decision = plan.decisions[0]
    assert decision.figures.year_members == 12 == total.year_members
    assert decision.label == "Đã tổng hợp, có cảnh báo" and difference.text in decision.remarks
    out = consolidate.write_consolidation(plan, header(), tmp_path / "tong-hop.xlsx")
    notes = [c.value for r in load_workbook(out)["Thống kê đăng ký"].iter_rows() for c in r
             if isinstance(c.value, str) and "khác dữ liệu gốc" in c.value]
    assert notes

    visible = consolidate.decide([file], accept_visible=True)
    assert visible.decisions[0].figures.year_members == 13
    assert "Dùng số trên trang theo yêu cầu" in visible.decisions[0].remarks


# 5 and 6. what the clerk is told about wrong files ------------------------------------------------

def test_an_xls_report_and_the_data_entry_workbook_are_named_for_what_they_are(tmp_path: Path) -> None:
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    old_format = tmp_path / "Chi bộ Xóm Bãi.xls"
    old_format.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an Excel 97-2003 file
    db = open_db(tmp_path / "Chi bộ Xóm Đồng-2026.sqlite")
    try:
        entry = export_exchange(db, 2026, tmp_path / "mau-nhap-lieu.xlsx")
    finally:
        close_db(db)
    plan = consolidate.decide(read(dong, old_format, entry), year=2026)
    xls, exchange = plan.decisions[1], plan.decisions[2]
    assert xls.status == exchange.status == consolidate.UNREADABLE
    assert xls.label.startswith("Đã gửi nhưng không dùng được")
    assert ".xls, không phải .xlsx" in xls.note and "gửi đúng tệp .xlsx" in xls.note
    assert "mẫu nhập liệu" in exchange.note and "không có số liệu thống kê" not in exchange.note


# 7. the consolidated report's header ---------------------------------------------------------------

def _header_cells(path: Path) -> list[str]:
    ws = load_workbook(path)["Thống kê đăng ký"]
    return [str(ws.cell(r, c).value) for r in range(1, 5) for c in range(1, ws.max_column + 1)
            if ws.cell(r, c).value]


def test_a_province_consolidates_as_tinh_uy_and_a_commune_as_dang_uy(tmp_path: Path) -> None:
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    plan = consolidate.decide(read(dong))
    province = consolidate.write_consolidation(plan, header("Đảng bộ tỉnh Thái Nguyên", ""), tmp_path / "t.xlsx")
    cells = _header_cells(province)
    assert "TỈNH ỦY THÁI NGUYÊN" in cells and "Số       -BC/TU" in cells
    assert not any("ĐẢNG ỦY TỈNH" in c for c in cells)
    commune = consolidate.write_consolidation(plan, header(), tmp_path / "x.xlsx")
    assert {"ĐẢNG BỘ HUYỆN ĐẠI TỪ", "ĐẢNG ỦY XÃ LA BẰNG", "Số       -BC/ĐU"} <= set(_header_cells(commune))


def test_without_a_higher_committee_the_issuer_stands_beside_the_motto(tmp_path: Path) -> None:
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    out = consolidate.write_consolidation(consolidate.decide(read(dong)), header("Đảng ủy xã La Bằng", ""),
                                          tmp_path / "x.xlsx")
    ws = load_workbook(out)["Thống kê đăng ký"]
    first = [c.value for c in ws[1] if c.value]
    assert first == ["ĐẢNG ỦY XÃ LA BẰNG", "ĐẢNG CỘNG SẢN VIỆT NAM"]
    third = [c.value for c in ws[3] if c.value]
    assert third[0] == "Số       -BC/ĐU" and third[1].startswith("La Bằng, ngày 23 tháng 11 năm 2026")


# 8. files re-saved by another program ----------------------------------------------------------------

def test_a_report_resaved_by_openpyxl_with_the_raw_sheet_merely_hidden_still_counts(tmp_path: Path) -> None:
    dong, total = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    wb = load_workbook(dong)
    wb[RAW_SHEET].sheet_state = "hidden"
    wb["Thống kê đăng ký"].freeze_panes = None
    save_workbook(wb, dong)
    [decision] = consolidate.decide(read(dong)).decisions
    assert decision.status == consolidate.INCLUDED and not decision.warnings
    assert decision.figures == statistics.Figures.total("Chi bộ Xóm Đồng", [total])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_report_resaved_by_libreoffice_still_counts_and_shows_no_false_difference(tmp_path: Path) -> None:
    commune, total = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Đồng": 3, "Chi bộ Xóm Bãi": 5})
    folder = tmp_path / "resaved"
    folder.mkdir()
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(folder), str(commune)],
                   check=True, capture_output=True, timeout=240)
    resaved = folder / commune.name
    assert load_workbook(resaved)[RAW_SHEET].sheet_state in ("hidden", "veryHidden")
    [decision] = consolidate.decide(read(resaved)).decisions
    assert decision.status == consolidate.INCLUDED and not decision.warnings, decision.remarks
    assert decision.figures.year_members == total.year_members == 8
    assert sorted(u.name for u in decision.used) == ["Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]


def test_a_row_that_adds_a_counted_unit_to_another_is_left_out_and_said_so(tmp_path: Path) -> None:
    whole, total = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Đồng": 3, "Chi bộ Xóm Bãi": 5, "Chi bộ Xóm Chùa": 4})
    part, _ = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Chùa": 4, "Chi bộ Xóm Trại": 2}, stem="mot-phan")
    merged = consolidate.write_consolidation(consolidate.decide(read(part)), header(), tmp_path / "gop.xlsx")
    plan = consolidate.decide(read(merged, whole))
    left = plan.decisions[0]
    assert left.status == consolidate.CONTAINED and not left.included
    # its one row adds Xóm Chùa (counted from the whole report) to Xóm Trại: it cannot be split
    assert "Chi bộ Xóm Chùa của tệp này đã có trong «" in left.note
    assert "gộp Chi bộ Xóm Trại với đơn vị đã tính" in left.remarks and "CHƯA ĐƯỢC TÍNH" in left.remarks
    assert sum(d.figures.year_members for d in plan.included) == total.year_members == 12
    assert [d.status for d in plan.decisions] == [consolidate.CONTAINED, consolidate.INCLUDED]
