"""The numbers a secretary reads on the screens are the numbers of the exported report.

A file where people left in June and one arrived in July: Tổng quan's cards,
the Đăng ký rates table, the Đánh giá line of June and the Cuối năm tabs,
as the real views show them, against the `all` workbook read back.
"""

from __future__ import annotations

from pathlib import Path

import time_machine
from PySide6.QtWidgets import QLabel

from desktop.core import units
from desktop.excel.reports.all_reports import ALL, export_report
from desktop.ui.deeds.deeds_view import DeedsView
from desktop.ui.operations import Operations
from desktop.ui.overview_view import OverviewView
from desktop.ui.reviews.reviews_view import ReviewsView
from desktop.ui.yearend.yearend_view import YearEndView
from tests.excel.golden_exports import MOMENT
from tests.excel.report_cells import TODAY, mid_year_file, read_table


def test_screens_show_the_reports_numbers(ops: Operations, qtbot, tmp_path: Path) -> None:
    with time_machine.travel(MOMENT, tick=False):
        mid_year_file(ops.db)
        path = export_report(ops.db, 2026, ALL, tmp_path / "all.xlsx", today=TODAY)
    registration = read_table(path, "Thống kê đăng ký")
    top = next(u for u in units.list_units(ops.db) if u.parent_id is None)

    overview = OverviewView(ops, 2026)
    qtbot.addWidget(overview)
    overview.show()
    cards = [label.text() for label in overview.findChildren(QLabel, "big")]
    totals = registration.totals
    assert str(totals["Đảng viên / Tổng số"]) in cards and str(totals["Quần chúng / Tổng số"]) in cards
    assert f"{totals['Đảng viên / Đã đăng ký']}/{totals['Đảng viên / Tổng số']}" in cards
    assert f"{totals['Quần chúng / Đã đăng ký']}/{totals['Quần chúng / Tổng số']}" in cards
    assert str(totals["Số việc đăng ký / Cá nhân"] + totals["Số việc đăng ký / Tập thể"]) in cards

    deeds_view = DeedsView(ops, 2026)
    qtbot.addWidget(deeds_view)
    deeds_view.show()
    rates = deeds_view.rates
    shown = {rates.data(rates.index(r, 0)): [rates.data(rates.index(r, c)) for c in range(1, 8)]
             for r in range(rates.rowCount())}
    for name, row in [*((row["Chi bộ"], row) for row in registration.rows), (top.name, totals)]:
        assert shown[name] == [
            f"{row['Đảng viên / Đã đăng ký']}/{row['Đảng viên / Tổng số']}", shown[name][1],
            f"{row['Quần chúng / Đã đăng ký']}/{row['Quần chúng / Tổng số']}", shown[name][3],
            str(row["Số việc đăng ký / Cá nhân"]), str(row["Số việc đăng ký / Tập thể"]), str(row["Số mô hình"]),
        ], name

    reviews_view = ReviewsView(ops, 2026)
    qtbot.addWidget(reviews_view)
    reviews_view.show()
    reviews_view.unit_box.setCurrentIndex(reviews_view.unit_box.findData(top.id))
    reviews_view.month_box.setCurrentIndex(5)
    june = read_table(path, "Tổng hợp theo tháng").row("Tháng", "Tháng 6")
    assert (f"Tháng 6/2026: đã đánh giá {june['Đánh giá / Đã đánh giá']}/{june['Đánh giá / Phải đánh giá']} người"
            in reviews_view.coverage.text())
    assert "Phạm Văn Dân" in reviews_view.coverage.text()  # left on 15 June: listed, not reviewed

    yearend_view = YearEndView(ops, 2026)
    qtbot.addWidget(yearend_view)
    yearend_view.show()
    yearend_view.unit_box.setCurrentIndex(0)  # Tất cả đơn vị trong tệp
    assert yearend_view.unit_box.currentData() is None
    rated = read_table(path, "Xếp loại cuối năm").rows
    not_rated = read_table(path, "Không xếp loại").rows
    assert yearend_view.tabs.tabText(0) == f"Xếp loại đảng viên ({len(rated)})"
    assert yearend_view.tabs.tabText(1) == f"Không xếp loại ({len(not_rated)})"
    assert yearend_view.model.rowCount() == len(rated)
    year_end = read_table(path, "Thống kê xếp loại").totals
    (org,) = yearend_view.organisations
    assert (org.quota.rated, org.quota.excellent) == (year_end["Được xếp loại"], year_end["HTXSNV / Số lượng"])
