"""Consolidation: the higher committee adds the branches' exports up, and is told what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core import deeds, people, reviews, statistics, units, yearend
from desktop.core.db import close_db, open_db
from desktop.core.newfile import initialise
from desktop.core.reviews import ReviewEdit
from desktop.core.rules import Quota
from desktop.excel.errors import ExcelUserError
from desktop.excel.raw_data import RAW_SHEET, read_raw_data
from desktop.excel.reports import consolidate
from desktop.excel.reports.all_reports import build_report, write_report
from desktop.excel.reports.common import party_header
from desktop.excel.safe_save import save_workbook

TODAY = dt.date(2026, 11, 23)
LIST = ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Chùa", "Chi bộ Xóm Trại"]


def make_branch(folder: Path, name: str, members: int, *, year: int = 2026, seed: int = 0,
                exported_at: str | None = None) -> tuple[Path, statistics.Figures]:
    """A chi bộ's own data file with `members` đảng viên, exported as its statistics report."""
    db = open_db(folder / f"{name}-{year}-{seed}.sqlite", create=True)
    try:
        initialise(db, name, [], year, superior_name="Đảng ủy xã La Bằng", place="La Bằng")
        unit = units.list_units(db)[0].id
        for n in range(members):
            pid = people.add_person(db, {"full_name": f"Đảng viên {n + 1}", "unit_id": unit,
                                         "joined_date": "01/01/2000"}).inserted_id("people")
            for k in range(1 + (n + seed) % 3):
                deeds.add_deed(db, year, {"content": f"Việc {k + 1}"}, person_id=pid)
            reviews.set_reviews(db, year, 1, [ReviewEdit(pid, level="tot" if n % 2 else "dat",
                                                         commended=n == 0)])
            points = 28 if n == 0 else 22
            yearend.set_points(db, year, pid, {"chung": points, "nhiem_vu": 64 if n == 0 else 50})
            if n == 0:
                yearend.set_flags(db, year, pid, {"all_tasks_done": True, "beyond_30": True,
                                                  "shortcomings_fixed": True})
        people.add_person(db, {"full_name": "Quần chúng A", "unit_id": unit, "kind": "quan_chung"})
        built = build_report(db, year, "statistics", today=TODAY)
        if exported_at:
            built.meta["exported_at"] = exported_at
        path = write_report(built, folder / f"{name}-{year}-{seed}.xlsx")
        figures = statistics.statistics(db, year, name, TODAY).total
    finally:
        close_db(db)
    return path, figures


@pytest.fixture
def three(tmp_path: Path) -> list[tuple[Path, statistics.Figures]]:
    return [make_branch(tmp_path, name, members, seed=i)
            for i, (name, members) in enumerate(zip(LIST[:3], (3, 5, 4), strict=True))]


def header() -> object:
    return party_header(superior="Đảng bộ tỉnh Thái Nguyên", committee="Đảng bộ xã La Bằng", party_committee=True,
                        place="La Bằng", signer_name="Nguyễn Văn Bình", signer_role="BÍ THƯ", margins_mm=None,
                        today=TODAY)


def tamper(path: Path) -> None:
    """Change one figure in the hidden sheet, as someone "correcting" the file by hand would."""
    wb = load_workbook(path)
    ws = wb[RAW_SHEET]
    for row in ws.iter_rows():
        if row[0].value == "row" and row[1].value == "figures":
            row[2].value = str(row[2].value).replace('"members":', '"members":1', 1)
            break
    save_workbook(wb, path)


def test_three_branches_add_up_to_the_sum_of_their_statistics(tmp_path: Path, three) -> None:
    plan = consolidate.decide([consolidate.read_branch_file(p) for p, _ in three], expected_units=LIST)
    assert plan.year == 2026 and len(plan.included) == 3
    assert plan.missing == ["Chi bộ Xóm Trại"]
    out = consolidate.write_consolidation(plan, header(), tmp_path / "tong-hop.xlsx", unit_order=LIST)

    raw = read_raw_data(out)
    assert raw.checksum_ok and raw.meta["kind"] == "consolidation" and raw.meta["unit"] == "Đảng ủy xã La Bằng"
    rows = {r["unit"]: statistics.Figures.from_row(r) for r in raw.tables["figures"]}
    for _path, figures in three:
        assert rows[figures.unit] == figures
    total = statistics.Figures.total("x", rows.values())
    assert total.members == 12 and total.htxsnv == 3

    ws = load_workbook(out)["Thống kê xếp loại"]
    label = next(c for row in ws.iter_rows() for c in row if c.value == "Tổng cộng")
    values = [c.value for c in ws[label.row] if isinstance(c.value, int)]
    assert values[0] == sum(f.year_members for _, f in three)
    units_column = [ws.cell(r, 2).value for r in range(label.row - 3, label.row)]
    assert units_column == LIST[:3]  # in the committee's own order
    notes = " ".join(str(c.value) for row in load_workbook(out)["Thống kê đăng ký"].iter_rows() for c in row
                     if isinstance(c.value, str))
    assert "Chưa gửi báo cáo (1 đơn vị): Chi bộ Xóm Trại." in notes


def test_a_tampered_file_is_named_and_left_out(tmp_path: Path, three) -> None:
    tamper(three[1][0])
    files = [consolidate.read_branch_file(p) for p, _ in three]
    plan = consolidate.decide(files, expected_units=LIST)
    damaged = plan.decisions[1]
    assert damaged.status == consolidate.DAMAGED and not damaged.included
    assert "đã bị sửa hoặc bị hỏng" in damaged.note and three[1][0].name in plan.problems()[0]
    assert plan.missing == ["Chi bộ Xóm Trại"]  # Xóm Bãi sent a file: it is not "chưa gửi"
    assert plan.unusable == [f"Chi bộ Xóm Bãi (tệp «{three[1][0].name}»: dữ liệu bị sửa hoặc hỏng sau khi xuất)"]


def test_a_tampered_file_can_be_taken_with_a_visible_warning(tmp_path: Path, three) -> None:
    tamper(three[1][0])
    plan = consolidate.decide([consolidate.read_branch_file(p) for p, _ in three], accept_damaged=True)
    assert plan.decisions[1].status == consolidate.DAMAGED_TAKEN and len(plan.included) == 3
    out = consolidate.write_consolidation(plan, header(), tmp_path / "tong-hop.xlsx")
    texts = [c.value for row in load_workbook(out)["Thống kê đăng ký"].iter_rows() for c in row
             if isinstance(c.value, str)]
    assert any(t.startswith("CẢNH BÁO: số liệu của Chi bộ Xóm Bãi") for t in texts)
    assert read_raw_data(out).meta["sources"][1]["checksum_ok"] is False


def test_a_file_of_another_year_is_refused(tmp_path: Path, three) -> None:
    old, _ = make_branch(tmp_path, "Chi bộ Xóm Trại", 2, year=2025)
    plan = consolidate.decide([consolidate.read_branch_file(p) for p in (*(p for p, _ in three), old)],
                              year=2026, expected_units=LIST)
    refused = plan.decisions[3]
    assert refused.status == consolidate.OTHER_YEAR and "năm 2025" in refused.note
    assert plan.missing == [] and plan.unusable[0].startswith("Chi bộ Xóm Trại (tệp")
    assert "báo cáo năm 2025" in plan.unusable[0]


def test_the_same_branch_twice_keeps_the_newer_file_and_says_so(tmp_path: Path) -> None:
    newer, _ = make_branch(tmp_path, "Chi bộ Xóm Đồng", 4, seed=1, exported_at="2026-11-20T09:00:00+07:00")
    older, _ = make_branch(tmp_path, "Chi bộ Xóm Đồng", 3, seed=2, exported_at="2026-11-10T09:00:00+07:00")
    plan = consolidate.decide([consolidate.read_branch_file(older), consolidate.read_branch_file(newer)])
    assert [d.status for d in plan.decisions] == [consolidate.DUPLICATE, consolidate.INCLUDED]
    note = plan.decisions[0].note
    assert "gửi hai lần" in note and newer.name in note and "mới hơn" in note
    assert plan.included[0].file.figures.members == 4


def test_files_the_program_did_not_export_are_named(tmp_path: Path, three) -> None:
    stray = tmp_path / "danh-sach.xlsx"
    from openpyxl import Workbook

    Workbook().save(stray)
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("không phải Excel", encoding="utf-8")
    plan = consolidate.decide([consolidate.read_branch_file(p) for p in (three[0][0], stray, text)])
    assert [d.status for d in plan.decisions] == [consolidate.INCLUDED, consolidate.UNREADABLE,
                                                  consolidate.UNREADABLE]
    assert "không được xuất từ chương trình" in plan.decisions[1].note
    assert "không phải tệp Excel" in plan.decisions[2].note


def test_nothing_usable_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    old, _ = make_branch(tmp_path, "Chi bộ Xóm Trại", 1, year=2025)
    plan = consolidate.decide([consolidate.read_branch_file(old)], year=2026)
    with pytest.raises(ExcelUserError, match="Không có tệp nào tổng hợp được"):
        consolidate.write_consolidation(plan, header(), tmp_path / "tong-hop.xlsx")
    assert not (tmp_path / "tong-hop.xlsx").exists()


def test_a_consolidation_can_itself_be_consolidated_higher_up(tmp_path: Path, three) -> None:
    plan = consolidate.decide([consolidate.read_branch_file(p) for p, _ in three])
    out = consolidate.write_consolidation(plan, header(), tmp_path / "xa.xlsx")
    upper = consolidate.read_branch_file(out)
    assert upper.checksum_ok and upper.unit == "Đảng ủy xã La Bằng"
    assert upper.figures.members == sum(f.members for _, f in three)


def test_the_quota_is_checked_on_the_summed_counts(tmp_path: Path, three) -> None:
    plan = consolidate.decide([consolidate.read_branch_file(p) for p, _ in three])
    sheets, rows = consolidate.consolidation_sheets(plan, "Đảng ủy xã La Bằng", Quota(percent=20))
    total = statistics.Figures.total("x", rows)
    notes = " ".join(sheets[2].table.notes)
    allowed = int(0.2 * total.httnv)
    assert f"{total.htxsnv} Hoàn thành xuất sắc nhiệm vụ; tối đa 20% của {total.httnv}" in notes
    assert f"= {allowed} người" in notes


OLD_LAYOUT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "statistics-checksum-in-row-2.xlsx"


def test_a_file_exported_before_the_checksum_moved_after_the_rows_is_still_added_up(tmp_path: Path) -> None:
    """Xóm Đồng's statistics (3 đảng viên, seed 0) exported by the program of November 2026,
    whose hidden sheet holds the checksum in row 2 and each table's count before its rows;
    Xóm Bãi's exported now, with the counts and the checksum after the rows."""
    old_rows = [[c.value for c in row[:2]] for row in load_workbook(OLD_LAYOUT, read_only=True)[RAW_SHEET].iter_rows()]
    assert old_rows[1] == ["checksum", "sha256"] and old_rows[3][0] == "table"
    new_path, new_figures = make_branch(tmp_path, LIST[1], 5, seed=1)
    new_rows = [[c.value for c in row[:2]] for row in load_workbook(new_path, read_only=True)[RAW_SHEET].iter_rows()]
    assert new_rows[-1] == ["checksum", "sha256"] and new_rows[2][0] == "row"
    (tmp_path / "now").mkdir()
    _, old_figures = make_branch(tmp_path / "now", LIST[0], 3, seed=0)  # what the old file's figures must be

    old = consolidate.read_branch_file(OLD_LAYOUT)
    assert old.checksum_ok and old.problem is None
    plan = consolidate.decide([old, consolidate.read_branch_file(new_path)], expected_units=LIST)
    assert len(plan.included) == 2
    out = consolidate.write_consolidation(plan, header(), tmp_path / "tong-hop.xlsx", unit_order=LIST)
    raw = read_raw_data(out)
    assert raw.checksum_ok
    rows = {r["unit"]: statistics.Figures.from_row(r) for r in raw.tables["figures"]}
    assert rows == {LIST[0]: old_figures, LIST[1]: new_figures}
