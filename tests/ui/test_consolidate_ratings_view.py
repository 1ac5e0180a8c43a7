"""Báo cáo → Tổng hợp từ các chi bộ…: the collectives' ratings received, and a unit rated
differently in two files named before the clerk writes the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.core.collectives import Rating
from desktop.excel.raw_data import read_raw_data
from desktop.ui.reports.reports_view import ReportsView
from tests.excel.test_consolidate_ratings_up import rated_report
from tests.ui.test_reports_view import WAIT_MS, save_as


def test_the_window_names_a_rating_conflict_and_passes_the_ratings_up(qtbot, ops, monkeypatch, tmp_path: Path,
                                                                     today: dt.date) -> None:
    commune = rated_report(tmp_path, "bao-cao-dang-bo", "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"],
                      "Đảng bộ tỉnh Thái Nguyên", today,
                      {"Chi bộ Xóm Đồng": Rating("HTTNV"), "Chi bộ Xóm Bãi": Rating("HTXSNV", True)})
    dong = rated_report(tmp_path, "xom-dong", "Chi bộ Xóm Đồng", [], "Đảng ủy xã La Bằng", today,
                   {"Chi bộ Xóm Đồng": Rating("HTXSNV", True)})
    chosen = [str(dong), str(commune)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *args: (chosen, "Tệp Excel (*.xlsx)")))
    screen = ReportsView(ops, 2026)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitActive(screen):
        screen.activateWindow()
    qtbot.keyClick(screen.report_box, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and screen.files_model.rowCount() == 2, timeout=WAIT_MS)

    warnings = [screen.warnings.item(i).text() for i in range(screen.warnings.count())]
    conflict = [w for w in warnings if "Xếp loại tổ chức đảng của Chi bộ Xóm Đồng" in w]
    assert len(conflict) == 1 and conflict[0].startswith("«bao-cao-dang-bo.xlsx»: ")
    assert ("tệp «bao-cao-dang-bo.xlsx» (trang «Xếp loại tổ chức đảng») ghi «Hoàn thành tốt nhiệm vụ»; "
            "tệp «xom-dong.xlsx» (trang «Xếp loại cuối năm», phần ghi chú dưới danh sách) ghi «Hoàn thành xuất sắc "
            "nhiệm vụ, tiêu biểu»") in conflict[0]

    out = tmp_path / "tong-hop.xlsx"
    save_as(monkeypatch, out)
    qtbot.keyClick(screen.report_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and out.exists(), timeout=WAIT_MS)
    passed_up = {r["unit"]: (r["level"], r["exemplary"], r["source_file"])
                 for r in read_raw_data(out).meta["collectives"]}
    assert passed_up == {
        "Đảng bộ xã La Bằng": ("Chưa xếp loại", "", "bao-cao-dang-bo.xlsx"),
        "Chi bộ Xóm Đồng": ("Hoàn thành tốt nhiệm vụ", "", "bao-cao-dang-bo.xlsx"),
        "Chi bộ Xóm Bãi": ("Hoàn thành xuất sắc nhiệm vụ", "x", "bao-cao-dang-bo.xlsx"),
    }
    wb = load_workbook(out, read_only=True)
    assert "Xếp loại tổ chức đảng" in wb.sheetnames
    wb.close()
