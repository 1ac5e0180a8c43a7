"""The Báo cáo screen: export, print preview and consolidation, driven as a secretary would."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop.core import settings
from desktop.excel.raw_data import read_raw_data
from desktop.excel.reports import consolidate
from desktop.excel.reports.all_reports import REPORT_TITLES
from desktop.ui.reports.branch_files_model import FilesModel
from desktop.ui.reports.print_preview import PrintPreview
from desktop.ui.reports.reports_view import ReportsView
from tests.excel.test_consolidate import make_branch, tamper
from tests.excel.test_consolidate_wrong_inputs import COMMUNE, edit_shown_members, export_file

WAIT_MS = 60_000


@pytest.fixture
def view(qtbot, demo_ops):
    screen = ReportsView(demo_ops, 2026)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitActive(screen):
        screen.activateWindow()
    return screen


def save_as(monkeypatch, path: Path) -> list[str]:
    asked: list[str] = []

    def fake(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_exporting_the_statistics_with_the_keyboard(view, qtbot, monkeypatch, tmp_path) -> None:
    asked = save_as(monkeypatch, tmp_path / "thong-ke")  # typed without .xlsx
    view.report_box.setFocus()
    for _ in range(3):
        qtbot.keyClick(view.report_box, Qt.Key.Key_Down)
    assert view.report_box.currentText() == "Thống kê số liệu"
    assert "kiểm tra tỷ lệ Hoàn thành xuất sắc" in view.description.text()
    qtbot.keyClick(view.report_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.worker is None and "Đã xuất" in view.result.text(), timeout=WAIT_MS)
    saved = tmp_path / "thong-ke.xlsx"
    assert "thong-ke.xlsx" in view.result.text() and "Mở thư mục" in view.result.text()
    assert asked[0].endswith("thong-ke-so-lieu-2026.xlsx")
    raw = read_raw_data(saved)
    assert raw.checksum_ok and raw.meta["kind"] == "statistics" and raw.meta["year"] == 2026


def test_an_export_that_cannot_be_saved_says_why(view, qtbot, monkeypatch, tmp_path) -> None:
    save_as(monkeypatch, tmp_path / "khong-co-thu-muc" / "bao-cao.xlsx")
    with qtbot.waitSignal(view.ops.failed, timeout=WAIT_MS) as failed:
        view.export()
    assert "thư mục" in failed.args[0] and "không tồn tại" in failed.args[0]
    qtbot.waitUntil(lambda: view.worker is None, timeout=WAIT_MS)


def test_print_preview_shows_page_one_then_the_rest_and_saves_the_pdf(view, qtbot, monkeypatch, tmp_path) -> None:
    pdf = tmp_path / "bao-cao.pdf"
    seen: list[PrintPreview] = []
    first_page_alone: list[bool] = []
    arrived: list[tuple[int, int, str]] = []  # (page, count, what the dialog said once it was shown)
    add_page = PrintPreview.add_page

    def noted_add_page(dialog: PrintPreview, number: int, count: int, png: bytes) -> None:
        add_page(dialog, number, count, png)
        arrived.append((number, count, dialog.state.text()))

    monkeypatch.setattr(PrintPreview, "add_page", noted_add_page)

    def fake_exec(dialog: PrintPreview) -> int:
        seen.append(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: bool(dialog.pages), timeout=WAIT_MS)
        first_page_alone.append(dialog.picture.pixmap() is not None and not dialog.picture.pixmap().isNull())
        qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=WAIT_MS)
        save_as(monkeypatch, pdf)
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        return 0

    monkeypatch.setattr(PrintPreview, "exec", fake_exec)
    view.report_box.setCurrentIndex(view.report_box.findData("year-end"))
    view.report_box.setFocus()
    qtbot.keyClick(view.report_box, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.worker is None and pdf.exists(), timeout=WAIT_MS)
    [dialog] = seen
    assert first_page_alone == [True]
    # Page 1 first from the report's beginning alone, before the report is counted; then every page.
    assert arrived[0] == (0, 0, "/ … (đang dàn trang cả báo cáo…)")
    assert [(n, c) for n, c, _ in arrived[1:]] == [(n, dialog.count) for n in range(dialog.count)]
    assert not dialog.first_look
    assert dialog.count == len(dialog.pages) > 1
    assert dialog.state.text() == f"/ {dialog.count} — đã lưu bao-cao.pdf"
    assert dialog.windowTitle() == f"Xem trước khi in — {REPORT_TITLES['year-end']} năm 2026"
    Path(tmp_path / "page1.png").write_bytes(dialog.pages[0])
    picture = QImage.fromData(dialog.pages[0])
    assert picture.width() > picture.height(), "A4 across the page"
    assert abs(picture.width() / picture.height() - 297 / 210) < 0.01
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.page_box.value() == 2
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2026" in text
        assert "T/M ĐẢNG ỦY" in text
        assert f"Trang 1/{dialog.count}" in text and f"Trang {dialog.count}/{dialog.count}" in text


def test_cancel_stops_the_work_and_says_so(view, qtbot) -> None:
    started, release = threading.Event(), threading.Event()
    results: list[object] = []

    def slow(_db, progress):
        started.set()
        release.wait(10)
        progress(1, 2, "bước tiếp theo")
        return "xong"

    view.run_job("Đang làm…", slow, results.append, with_db=False)
    assert started.wait(10)
    view.progress_dialog.findChild(QPushButton).click()  # Hủy
    release.set()
    qtbot.waitUntil(lambda: view.worker is None, timeout=WAIT_MS)
    assert results == [] and view.result.text() == "Đã hủy."


def test_missing_settings_are_pointed_out_until_filled(qtbot, ops) -> None:
    screen = ReportsView(ops, 2026)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.settings_notice.isVisible() and "người ký" in screen.settings_notice.text()
    ops.run(settings.put, {"signer_name": "Nguyễn Văn Thắng"})
    assert not screen.settings_notice.isVisible()


def test_consolidating_branch_files_shows_problems_and_saves(qtbot, ops, monkeypatch, tmp_path) -> None:
    dong, _ = make_branch(tmp_path, "Chi bộ Xóm Đồng", 3)
    bai, _ = make_branch(tmp_path, "Chi bộ Xóm Bãi", 2, seed=1)
    tamper(bai)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args: ([str(dong), str(bai)], "Tệp Excel (*.xlsx)")))
    screen = ReportsView(ops, 2026)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitActive(screen):
        screen.activateWindow()
    screen.report_box.setFocus()
    qtbot.keyClick(screen.report_box, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and screen.files_model.rowCount() == 2, timeout=WAIT_MS)
    model = screen.files_model
    assert model.data(model.index(0, 3)) == "Đã tổng hợp"
    assert model.data(model.index(1, 3)) == "Đã gửi nhưng không dùng được: dữ liệu bị sửa hoặc hỏng"
    assert "Đã gửi nhưng không dùng được (1):" in screen.missing.text()
    assert "Chi bộ Xóm Bãi" in screen.missing.text() and "Chưa gửi báo cáo" not in screen.missing.text()

    screen.accept_damaged.setFocus()
    qtbot.keyClick(screen.accept_damaged, Qt.Key.Key_Space)
    assert model.data(model.index(1, 3)) == consolidate.STATUS_LABELS[consolidate.DAMAGED_TAKEN]
    assert "không dùng được" not in screen.missing.text()

    out = tmp_path / "tong-hop.xlsx"
    save_as(monkeypatch, out)
    qtbot.keyClick(screen.report_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and out.exists(), timeout=WAIT_MS)
    raw = read_raw_data(out)
    assert raw.meta["kind"] == "consolidation" and len(raw.meta["sources"]) == 2
    assert "tong-hop.xlsx" in screen.result.text()


def test_files_model_keeps_the_qt_contract(qtmodeltester, tmp_path) -> None:
    dong, _ = make_branch(tmp_path, "Chi bộ Xóm Đồng", 1)
    model = FilesModel()
    plan = consolidate.decide([consolidate.read_branch_file(dong), consolidate.read_branch_file(tmp_path / "x.xlsx")])
    model.set_rows(plan.decisions)
    qtmodeltester.check(model)


def test_the_window_shows_each_file_its_units_and_every_warning_before_it_writes(qtbot, ops, monkeypatch,
                                                                                 tmp_path) -> None:
    """The four kinds of wrong input: a đảng bộ's report beside its own chi bộ's, a chi bộ of
    another đảng ủy, a file of last year and a figure corrected by hand on the signed sheet."""
    own, own_total = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Đồng": 3, "Chi bộ Xóm Bãi": 5},
                                 stem="bao-cao-dang-bo")
    row, column = edit_shown_members(own, "Chi bộ Xóm Bãi", 6)
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    stranger, stranger_total = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 9},
                                           superior="Đảng ủy xã Hùng Sơn", stem="hung-son")
    old, _ = export_file(tmp_path, "Chi bộ Xóm Bãi", {"Chi bộ Xóm Bãi": 5}, year=2025,
                         superior="Đảng ủy xã La Bằng")
    chosen = [str(p) for p in (dong, own, stranger, old)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *args: (chosen, "Tệp Excel (*.xlsx)")))
    screen = ReportsView(ops, 2026)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitActive(screen):
        screen.activateWindow()
    qtbot.keyClick(screen.report_box, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and screen.files_model.rowCount() == 4, timeout=WAIT_MS)

    model = screen.files_model
    shown = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(4)]
    assert shown[0][3] == consolidate.STATUS_LABELS[consolidate.CONTAINED] and own.name in shown[0][5]
    assert shown[1][3] == "Đã tổng hợp, có cảnh báo" and shown[1][4] == "Chi bộ Xóm Bãi, Chi bộ Xóm Đồng"
    assert shown[2][3] == consolidate.STATUS_LABELS[consolidate.FOREIGN] and "Đảng ủy xã Hùng Sơn" in shown[2][5]
    assert shown[3][3] == consolidate.STATUS_LABELS[consolidate.OTHER_YEAR] and shown[3][4] == "—"
    warnings = [screen.warnings.item(i).text() for i in range(screen.warnings.count())]
    assert any(f"dòng {row}, cột {column}" in w and "trên trang ghi 6, dữ liệu gốc ghi 5" in w for w in warnings)
    assert any(w.startswith(f"«{old.name}»: Báo cáo năm 2025") for w in warnings)
    assert any(stranger.name in w and "không thuộc danh sách" in w for w in warnings)
    assert "Chưa gửi" not in screen.missing.text()  # Xóm Bãi is counted from the đảng bộ's report

    for box in (screen.include_foreign, screen.accept_visible):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert model.data(model.index(2, 3)) == consolidate.STATUS_LABELS[consolidate.FOREIGN_TAKEN]
    warnings = [screen.warnings.item(i).text() for i in range(screen.warnings.count())]
    assert any("Dùng số trên trang theo yêu cầu" in w for w in warnings)

    out = tmp_path / "tong-hop.xlsx"
    save_as(monkeypatch, out)
    qtbot.keyClick(screen.report_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.worker is None and out.exists(), timeout=WAIT_MS)
    figures = read_raw_data(out).tables["figures"]
    assert sum(r["year_members"] for r in figures) == own_total.year_members + 1 + stranger_total.year_members


def test_the_first_look_at_page_one_is_replaced_by_the_counted_page(qtbot) -> None:
    dialog = PrintPreview("Xem trước khi in — thử", lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.state.text() == "đang lập…"
    first, real, second = (_page_png(shade) for shade in (200, 120, 60))
    dialog.page_painted.emit(0, 0, first)
    qtbot.waitUntil(lambda: bool(dialog.pages))
    assert dialog.state.text() == "/ … (đang dàn trang cả báo cáo…)"
    assert dialog.picture.pixmap().toImage().pixelColor(1, 1).red() == 200
    dialog.page_painted.emit(0, 2, real)
    dialog.page_painted.emit(1, 2, second)
    qtbot.waitUntil(lambda: len(dialog.pages) == 2)
    assert dialog.pages == [real, second] and not dialog.first_look
    assert dialog.picture.pixmap().toImage().pixelColor(1, 1).red() == 120  # page 1, now the counted one
    assert dialog.state.text() == "/ 2 (đã có 2 trang, đang lập tiếp…)"
    dialog.finish(Path("bao-cao.pdf"))
    assert dialog.state.text() == "/ 2"


def _page_png(shade: int) -> bytes:
    image = QImage(20, 28, QImage.Format.Format_RGB32)
    image.fill(QColor(shade, shade, shade))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())
