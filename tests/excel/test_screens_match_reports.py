"""Every count the screens show equals the same count in the exported reports (issue 9, "Done means").

For the demo file and for a file where people left in June and one arrived in
July: what the core functions behind Tổng quan, Đăng ký, Đánh giá hằng tháng
and Cuối năm return is compared with the cells of the `all` workbook, saved
and read back with openpyxl as a secretary would open it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import deeds, newfile, overview, reviews, statistics, units, yearend
from desktop.core.rules import LEVEL_CODES
from desktop.core.scoring import NOT_RATED
from desktop.excel.reports.all_reports import ALL, export_report
from tests.excel.golden_exports import MOMENT, make_demo
from tests.excel.report_cells import TODAY, mid_year_file, read_table

YEAR = 2026


def make_file(kind: str, folder: Path) -> Database:
    db = dbmod.open_db(folder / f"{kind}.sqlite", create=True)
    if kind == "demo":
        make_demo(db)
    else:
        newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"], YEAR,
                           superior_name="Đảng bộ tỉnh Thái Nguyên", place="La Bằng")
        mid_year_file(db)
    return db


@pytest.fixture(params=["demo", "mid_year"])
def exported(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    with time_machine.travel(MOMENT, tick=False):
        db = make_file(request.param, tmp_path)
        try:
            yield db, export_report(db, YEAR, ALL, tmp_path / "all.xlsx", today=TODAY)
        finally:
            db.close()


def test_tong_quan_shows_the_reports_counts(exported: tuple[Database, Path]) -> None:
    db, path = exported
    o = overview.overview(db, YEAR)
    registration = read_table(path, "Thống kê đăng ký").totals
    assert {
        "Đảng viên / Tổng số": o.members, "Đảng viên / Đã đăng ký": o.members_registered,
        "Quần chúng / Tổng số": o.masses, "Quần chúng / Đã đăng ký": o.masses_registered,
        "Số việc đăng ký / Cá nhân": o.individual_deeds, "Số việc đăng ký / Tập thể": o.collective_deeds,
        "Số mô hình": o.models,
    } == {key: registration[key] for key in (
        "Đảng viên / Tổng số", "Đảng viên / Đã đăng ký", "Quần chúng / Tổng số", "Quần chúng / Đã đăng ký",
        "Số việc đăng ký / Cá nhân", "Số việc đăng ký / Tập thể", "Số mô hình")}
    year_end = read_table(path, "Thống kê xếp loại").totals
    assert (o.members, o.official, o.probationary, o.exempt, o.suspended) == (
        year_end["Đảng viên / Tổng số"], year_end["Đảng viên / Chính thức"], year_end["Đảng viên / Dự bị"],
        year_end["Không xếp loại / Miễn sinh hoạt"], year_end["Không xếp loại / Đình chỉ"])
    individual = read_table(path, "Đăng ký cá nhân")
    assert individual.totals["Nội dung đăng ký"].startswith(f"{o.individual_deeds} việc của "
                                                           f"{o.members_registered + o.masses_registered} người")
    assert len(read_table(path, "Đăng ký tập thể").rows) == o.collective_deeds


def test_dang_ky_rates_are_the_reports_rates(exported: tuple[Database, Path]) -> None:
    db, path = exported
    table = read_table(path, "Thống kê đăng ký")
    rates = deeds.registration_rates(db, YEAR)
    branches = [r for r in rates if units.get_unit(db, r.unit_id).kind == "chi_bo"]
    assert [r.unit_name for r in branches] == [row["Chi bộ"] for row in table.rows]
    top = next(r for r in rates if units.get_unit(db, r.unit_id).parent_id is None)
    for rate, row in [*((r, table.row("Chi bộ", r.unit_name)) for r in branches), (top, table.totals)]:
        assert (rate.members, rate.members_registered, rate.masses, rate.masses_registered,
                rate.individual_deeds, rate.collective_deeds, rate.models) == (
            row["Đảng viên / Tổng số"], row["Đảng viên / Đã đăng ký"], row["Quần chúng / Tổng số"],
            row["Quần chúng / Đã đăng ký"], row["Số việc đăng ký / Cá nhân"], row["Số việc đăng ký / Tập thể"],
            row["Số mô hình"]), rate.unit_name
        assert rate.percent(rate.members_registered, rate.members) == (
            None if row["Đảng viên / Tỷ lệ"] is None else round(100 * row["Đảng viên / Tỷ lệ"], 1))


def test_danh_gia_hang_thang_shows_the_reports_counts(exported: tuple[Database, Path]) -> None:
    db, path = exported
    due = statistics.months_due(YEAR, TODAY)
    summary = read_table(path, "Tổng hợp theo tháng")
    grid = read_table(path, "Đánh giá hằng tháng")
    year_tab = reviews.month_totals(reviews.year_grid(db, YEAR, None))
    assert [row["Tháng"] for row in summary.rows] == [f"Tháng {m}" for m in range(1, due + 1)]
    for month, row in enumerate(summary.rows, start=1):
        cover = reviews.coverage(db, YEAR, month, None)  # the line under the month's grid
        assert (cover.expected, cover.reviewed) == (row["Đánh giá / Phải đánh giá"], row["Đánh giá / Đã đánh giá"])
        assert grid.totals[f"Kết quả đánh giá các tháng / T{month}"] == cover.reviewed
        totals = year_tab[month - 1]  # the Cả năm tab's line under each month
        assert (totals.commended, totals.reminded) == (row["Số lượt / Biểu dương"], row["Số lượt / Nhắc nhở"])
        listed = [r for r in grid.rows if r[f"Kết quả đánh giá các tháng / T{month}"] != "–"]
        assert totals.listed == len(listed), month
    everyone = reviews.year_grid(db, YEAR, None)
    assert sorted(r.full_name for r in everyone if any(r.listed[:due])) == sorted(r["Họ và tên"] for r in grid.rows)
    stats = read_table(path, "Thống kê đánh giá tháng").totals
    assert stats["Lượt đánh giá người × tháng / Phải đánh giá"] == summary.totals["Đánh giá / Phải đánh giá"]
    assert stats["Lượt đánh giá người × tháng / Đã đánh giá"] == summary.totals["Đánh giá / Đã đánh giá"]


def test_cuoi_nam_shows_the_reports_counts(exported: tuple[Database, Path]) -> None:
    db, path = exported
    results = yearend.score(db, YEAR)  # what the Cuối năm screen shows for the whole file
    members = [p for r in results for p in r.people if p.person.kind == "dang_vien"]
    rated = [p for p in members if p.status != NOT_RATED]
    not_rated = [p for p in members if p.status == NOT_RATED]
    assert sorted(p.person.name for p in rated) == sorted(r["Họ và tên"] for r in read_table(
        path, "Xếp loại cuối năm").rows)
    assert sorted(p.person.name for p in not_rated) == sorted(r["Họ và tên"] for r in read_table(
        path, "Không xếp loại").rows)
    table = read_table(path, "Thống kê xếp loại")
    quota = [r.quota for org in results for r in org.organisations]
    assert len(quota) == 1  # one grass-roots organisation: the đảng bộ
    totals = table.totals
    assert quota[0].rated == totals["Được xếp loại"]
    assert quota[0].excellent == totals["HTXSNV / Số lượng"]
    for code in LEVEL_CODES:
        assert sum(1 for p in members if p.final_level == code) == totals[f"{code} / Số lượng"], code
    by_person = {p.person.name: p for p in rated}
    for row in read_table(path, "Xếp loại cuối năm").rows:
        shown = by_person[row["Họ và tên"]]
        assert (shown.proposed_text or None, shown.final_level or None) == (
            row["Mức đề xuất"], row["Mức được quyết định"])


def test_people_who_left_mid_year_count_until_they_left(tmp_path: Path) -> None:
    """The mid-year file, by hand: who is counted where, on screens and in the report alike."""
    with time_machine.travel(MOMENT, tick=False):
        db = make_file("mid_year", tmp_path)
        path = export_report(db, YEAR, ALL, tmp_path / "all.xlsx", today=TODAY)
        o = overview.overview(db, YEAR)
        # On the list now: An, Bình, Phúc (arrived) in Xóm Đồng; Giang, Hà (exempt) in Xóm Bãi; Cúc.
        assert (o.members, o.masses, o.left, o.exempt) == (5, 1, 3, 1)
        # Deeds of those still listed: An 2, Bình 1, Cúc 1, Giang 1, Phúc 1; models: An's and the Chi đoàn's.
        assert (o.individual_deeds, o.collective_deeds, o.models) == (6, 2, 2)
        june = reviews.coverage(db, YEAR, 6, None)
        july = reviews.coverage(db, YEAR, 7, None)
        # June: An, Bình, Cúc, Giang and the two who left in June (not reviewed); Khoa left on 1 June.
        assert (june.expected, june.reviewed) == (6, 4)
        assert (july.expected, july.reviewed) == (5, 5)  # Phúc from July
        summary = read_table(path, "Tổng hợp theo tháng")
        assert (summary.rows[5]["Đánh giá / Phải đánh giá"], summary.rows[6]["Đánh giá / Phải đánh giá"]) == (6, 5)
        grid = read_table(path, "Đánh giá hằng tháng")
        dan = grid.row("Họ và tên", "Phạm Văn Dân")
        # Reviewed in May, on the June list but not reviewed (an empty cell), gone from July.
        assert [dan[f"Kết quả đánh giá các tháng / T{m}"] for m in (5, 6, 7)] == ["T", None, "–"]
        phuc = grid.row("Họ và tên", "Ngô Văn Phúc")
        assert phuc["Kết quả đánh giá các tháng / T6"] == "–" and phuc["Kết quả đánh giá các tháng / T7"] != "–"
        db.close()
