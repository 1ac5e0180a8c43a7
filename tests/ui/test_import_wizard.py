"""Tệp → Nhập từ Excel, walked as a secretary would, and Xuất mẫu nhập liệu.

The workbooks are built here with openpyxl, shaped like a commune's list:
title rows over the header, text typed with the Windows keyboard (NFD), a
name typed in the old .VnTime font (TCVN3), a column the program does not
know. Every step is a click or a key; every check is what the screen shows
and what the data file holds.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QProgressDialog, QPushButton, QWizard

from desktop.core import audit, people, units
from desktop.core.datafile import DataFile
from desktop.core.legacy_text import unicode_to_tcvn3
from desktop.core.people import PersonFilter
from desktop.excel import safe_save
from desktop.excel.importing import importer
from desktop.ui.importing.import_models import (
    PROBLEM_BACKGROUND,
    ColumnsModel,
    ConversionsModel,
    IssuesModel,
    PreviewModel,
    SheetsModel,
)
from desktop.ui.importing.import_pages import ANALYSIS, FILE, MAPPING, PREVIEW, SUMMARY
from desktop.ui.importing.import_wizard import ImportWizard, export_template
from desktop.ui.main_window import MainWindow
from desktop.ui.members.members_view import MembersView
from desktop.ui.prefs import Prefs
from tests.excel.import_builders import excel_serial, write_xlsx
from tests.ui.typing import type_text
from tests.ui.wizard_driving import NEXT, WAIT_MS, click, open_file, open_wizard, settle

COMMIT = QWizard.WizardButton.CommitButton


def messy_list(path: Path, extra_rows: list[list[object]] | None = None) -> Path:
    rows: list[list[object]] = [
        ["ĐẢNG BỘ XÃ LA BẰNG"],
        ["DANH SÁCH ĐẢNG VIÊN NĂM 2026"],
        [],
        ["STT", "ho ten", "Gioi tinh", "SINH NGAY", "Don vi", "So CCCD", "Quê quán"],
        [1, "Nguyễn Văn An", "Nam", "05/03/1980", "Xóm Đồng", 1080012345, "Thái Nguyên"],
        [2, unicodedata.normalize("NFD", "Trần Thị Bình"), "Nữ", excel_serial(dt.date(1979, 5, 25)),
         "Chi bộ Xóm Bãi", "001080012346", "Hà Nội"],
        [3, unicode_to_tcvn3("Lê Văn Cường"), "nam", dt.date(1975, 1, 2), "xom dong", None, None],
        *(extra_rows or []),
    ]
    return write_xlsx(path, {"DS 2026": rows, "Ghi chép": [["Họp chi bộ ngày 5"]]},
                      fonts={("DS 2026", "B7"): ".VnTime"}, merges={"DS 2026": ["A1:G1", "A2:G2"]})






def _texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _names(db) -> list[str]:
    return sorted(p.full_name for p in people.list_people(db, PersonFilter(), limit=100))


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform, about the combo's popup
def test_a_messy_list_goes_through_the_wizard_with_one_column_remapped(ops, qtbot, tmp_path):
    members = MembersView(ops)
    qtbot.addWidget(members)
    wizard = open_wizard(ops, qtbot)
    assert wizard.currentId() == FILE
    assert not wizard.button(NEXT).isEnabled(), "nothing chosen yet"
    open_file(qtbot, wizard, messy_list(tmp_path / "ds.xlsx"))

    assert wizard.currentId() == ANALYSIS
    page = wizard.analysis_page
    assert "nhận ra 1 trang để nhập; bỏ qua 1 trang" in page.summary.text()
    assert _texts(page.model, 0) == ["DS 2026", "Ghi chép"]
    assert _texts(page.model, 1) == ["Trang «Đảng viên»", "Bỏ qua (không nhận ra)"]
    assert _texts(page.model, 2)[0] == "4", "the header sits under the two title rows"

    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == MAPPING
    mapping = wizard.currentPage()
    model = mapping.model
    assert _texts(model, 1) == ["STT", "ho ten", "Gioi tinh", "SINH NGAY", "Don vi", "So CCCD", "Quê quán"]
    assert _texts(model, ColumnsModel.FIELD) == [
        "— Bỏ qua —", "Họ và tên", "Giới tính", "Ngày sinh", "Chi bộ", "CCCD", "— Bỏ qua —"]
    assert "Nguyễn Văn An · Trần Thị Bình · Lê Văn Cường" == model.index(1, 4).data()
    conversions = mapping.conversions.model()
    assert isinstance(conversions, ConversionsModel)
    assert [conversions.index(0, c).data() for c in range(4)] == [
        "B7", unicode_to_tcvn3("Lê Văn Cường"), "Lê Văn Cường", "TCVN3 (ABC)"]
    assert "1 ô từ TCVN3 (ABC)" in mapping.converted.text()

    # Quê quán goes into Ghi chú: select its row, Enter opens the choices, pick one.
    mapping.table.setFocus()
    mapping.table.setCurrentIndex(model.index(6, ColumnsModel.FIELD))
    qtbot.keyClick(mapping.table, Qt.Key.Key_Return)
    box = mapping.choice_box(6)
    assert isinstance(box, QComboBox)
    qtbot.waitUntil(box.view().isVisible, timeout=WAIT_MS)  # the popup opens on the next event loop turn
    target = box.findText("Ghi chú")
    while box.view().currentIndex().row() != target:
        qtbot.keyClick(box.view(), Qt.Key.Key_Down)
    qtbot.keyClick(box.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.column(6).field == "note", timeout=WAIT_MS)
    assert model.index(6, ColumnsModel.FIELD).data() == "Ghi chú"
    assert model.index(6, 3).data() == "bạn đã chọn"
    assert isinstance(mapping.choice_box(6), QComboBox), "the choice stays a combo after the re-read"

    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == PREVIEW
    preview = wizard.preview_page
    assert "Sẵn sàng nhập 3 dòng từ 1 trang" in preview.status.text()
    assert wizard.button(COMMIT).text() == "&Nhập"
    table = preview.previews["DS 2026"][1]
    assert table.index(1, 3).data() == "25/05/1979", "a serial date is shown as the date it is"
    assert table.index(0, 5).data() == "001080012345", "the CCCD gets its leading zero back"
    assert table.headerData(6, Qt.Orientation.Horizontal) == "G (Quê quán)\n→ Ghi chú"
    assert people.count_people(ops.db, PersonFilter()) == 0, "nothing is written before Nhập"

    with qtbot.waitSignal(ops.changed, timeout=WAIT_MS):
        click(qtbot, wizard, COMMIT)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY, timeout=WAIT_MS)
    summary = wizard.summary_page
    assert summary.totals.text() == "Thêm mới 3 · Cập nhật 0 · Không đổi 0"
    assert "1 ô từ TCVN3 (ABC)" in summary.details.text()
    assert any("1 số CCCD" in m for m in _texts(summary.warnings, 3))

    expected = ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    shown = sorted(members.model.person(r).full_name for r in range(members.model.rowCount()))
    assert shown == expected, "the members list refreshed by itself"
    assert _names(ops.db) == expected
    assert all(unicodedata.is_normalized("NFC", n) for n in _names(ops.db))
    binh = people.list_people(ops.db, PersonFilter(text="tran thi binh"))[0]
    stored = people.get_person(ops.db, binh.id)
    assert (stored.birth_date, stored.note, stored.cccd) == ("1979-05-25", "Hà Nội", "001080012346")

    assert ops.undo_stack.undoText() == "Nhập từ Excel: ds.xlsx"
    ops.undo_stack.undo()
    assert people.count_people(ops.db, PersonFilter()) == 0, "one Ctrl+Z takes the whole import back"
    assert members.model.rowCount() == 0


def test_a_file_that_is_not_a_workbook_is_refused_on_the_first_page(ops, qtbot, tmp_path):
    bad = tmp_path / "danh-sach.xlsx"
    bad.write_text("Họ và tên; Chi bộ\nNguyễn Văn An; Xóm Đồng\n", encoding="utf-8")
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, bad)
    assert wizard.currentId() == FILE
    error = wizard.file_page.error
    assert error.isVisible()
    assert "danh-sach.xlsx" in error.text() and "Chưa có gì được ghi" in error.text()
    assert people.count_people(ops.db, PersonFilter()) == 0
    assert audit.count(ops.db, text="nhap tu excel") == 0


def test_a_bad_cell_is_red_with_its_message_and_blocks_the_import(ops, qtbot, tmp_path):
    path = messy_list(tmp_path / "ds.xlsx", [[4, "Phạm Thị Dung", "Nữ", "31/02/1990", "Xóm Đồng", None, None]])
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, path)
    click(qtbot, wizard, NEXT)
    assert "1 ô có lỗi" in wizard.currentPage().problems.text()
    click(qtbot, wizard, NEXT)
    preview = wizard.preview_page
    model: PreviewModel = preview.previews["DS 2026"][1]
    row = next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == "8")
    cell = model.index(row, 3)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == PROBLEM_BACKGROUND
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Dòng 8, cột D (SINH NGAY): ") and "không phải ngày có thật" in tip
    assert model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Chưa nhập được: có 1 lỗi" in preview.status.text()
    errors: IssuesModel = preview.errors
    assert [errors.index(0, c).data() for c in range(3)] == ["DS 2026", "8", "D (SINH NGAY)"]
    assert preview.sheets.tabText(0) == "DS 2026 (1 lỗi)"
    assert not wizard.button(COMMIT).isEnabled()
    assert people.count_people(ops.db, PersonFilter()) == 0


def test_double_clicking_an_error_shows_its_cell(ops, qtbot, tmp_path):
    path = messy_list(tmp_path / "ds.xlsx", [[4, "Phạm Thị Dung", "Nữ", "31/02/1990", "Xóm Đồng", None, None]])
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, path)
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    preview = wizard.preview_page
    view = preview.error_view
    rect = view.visualRect(preview.errors.index(0, 3))
    # QTest's double click lacks the press before it, which item views need.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    table, model = preview.previews["DS 2026"]
    current = table.currentIndex()
    assert (model.headerData(current.row(), Qt.Orientation.Vertical), current.column()) == ("8", 3)


def test_errors_found_while_writing_are_listed_and_nothing_is_written(ops, qtbot, tmp_path):
    twice = [4, "Nguyễn Văn An", "Nam", None, "Xóm Đồng", None, None]
    path = messy_list(tmp_path / "ds.xlsx", [twice])
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, path)
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    preview = wizard.preview_page
    click(qtbot, wizard, COMMIT)
    qtbot.waitUntil(lambda: preview.outcome.isVisible(), timeout=WAIT_MS)
    assert wizard.currentId() == PREVIEW
    assert "Chưa ghi gì vào tệp dữ liệu: có 1 lỗi" in preview.outcome.text()
    message = preview.errors.index(0, 3).data()
    assert "trùng người với dòng 5" in message
    assert preview.errors.index(0, 1).data() == "8"
    assert not wizard.button(COMMIT).isEnabled()
    assert people.count_people(ops.db, PersonFilter()) == 0
    assert ops.undo_stack.count() == 0


def test_a_list_without_chi_bo_goes_to_the_chi_bo_chosen_on_the_preview(ops, qtbot, tmp_path):
    path = write_xlsx(tmp_path / "xom-bai.xlsx", {"Danh sách": [
        ["Họ và tên", "Ngày sinh"], ["Đỗ Văn Hải", "01/02/1970"], ["Vũ Thị Lan", "03/04/1985"]]})
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, path)
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    preview = wizard.preview_page
    click(qtbot, wizard, COMMIT)
    settle(qtbot, wizard)
    assert "thiếu tên chi bộ" in preview.errors.index(0, 3).data()
    assert people.count_people(ops.db, PersonFilter()) == 0
    assert preview.unit.isVisible()
    preview.unit.setFocus()
    while preview.unit.currentText() != "Chi bộ Xóm Bãi":
        qtbot.keyClick(preview.unit, Qt.Key.Key_Down)
    assert wizard.button(COMMIT).isEnabled(), "choosing a chi bộ clears the errors it caused"
    click(qtbot, wizard, COMMIT)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY, timeout=WAIT_MS)
    branch = units.find_by_name(ops.db, "Chi bộ Xóm Bãi")[0].id
    assert people.count_people(ops.db, PersonFilter(unit_id=branch)) == 2


def test_cancelling_during_the_import_writes_nothing_and_says_so(ops, qtbot, tmp_path, monkeypatch):
    entered, go = threading.Event(), threading.Event()
    real_apply = importer.apply

    def held_apply(db, plan, **kwargs):
        entered.set()
        go.wait(WAIT_MS / 1000)  # the user presses Dừng while the import is under way
        return real_apply(db, plan, **kwargs)

    monkeypatch.setattr(importer, "apply", held_apply)
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, messy_list(tmp_path / "ds.xlsx"))
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, COMMIT)
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    progress = wizard.findChild(QProgressDialog)
    assert progress.isVisible()
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert "chưa ghi gì" in progress.labelText()
    go.set()
    qtbot.waitUntil(lambda: wizard.worker.done, timeout=WAIT_MS)
    preview = wizard.preview_page
    assert preview.outcome.isVisible()
    assert preview.outcome.text() == "Đã dừng nhập theo yêu cầu; chưa ghi gì vào tệp dữ liệu."
    assert wizard.currentId() == PREVIEW
    assert wizard.button(COMMIT).isEnabled(), "the user may start it again"
    assert people.count_people(ops.db, PersonFilter()) == 0
    assert len(units.list_units(ops.db)) == 3, "no chi bộ was created either"
    assert audit.count(ops.db, text="nhap tu excel") == 0


def test_dung_while_reading_the_file_stays_on_the_first_page(ops, qtbot, tmp_path, monkeypatch):
    entered, go = threading.Event(), threading.Event()
    real_analyse = importer.analyse

    def held_analyse(path, today):
        entered.set()
        go.wait(WAIT_MS / 1000)
        return real_analyse(path, today)

    monkeypatch.setattr(importer, "analyse", held_analyse)
    wizard = open_wizard(ops, qtbot)
    type_text(qtbot, wizard.file_page.path, str(messy_list(tmp_path / "ds.xlsx")))
    click(qtbot, wizard, NEXT)
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    progress = wizard.findChild(QProgressDialog)
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    go.set()
    qtbot.waitUntil(lambda: wizard.worker.done, timeout=WAIT_MS)
    assert wizard.currentId() == FILE
    assert not wizard.file_page.error.isVisible()
    assert wizard.button(NEXT).isEnabled(), "the user may read it again"


def test_reading_again_keeps_the_column_chosen_by_hand(ops, qtbot, tmp_path):
    path = messy_list(tmp_path / "ds.xlsx")
    wizard = open_wizard(ops, qtbot)
    open_file(qtbot, wizard, path)
    wizard.remap("DS 2026", 6, "note")
    settle(qtbot, wizard)
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    qtbot.keyClick(wizard.preview_page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: wizard.currentId() == ANALYSIS and wizard.worker.done, timeout=WAIT_MS)
    assert wizard.plan.sheet("DS 2026").column_of("note").header == "Quê quán"


def test_ctrl_i_opens_the_wizard_and_a_read_only_file_refuses(ops, qtbot, tmp_path, monkeypatch):
    opened: list[int] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self.year) or 0)
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert opened == [2026]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    ops.readonly = True
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert opened == [2026]
    assert "chỉ đọc" in shown[0]


def _export(qtbot, monkeypatch, parent, file: DataFile, target: Path) -> dict[str, str]:
    told: dict[str, str] = {}
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.update(info=text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: told.update(warning=text))
    worker = export_template(file, 2026, parent, target=target)
    assert worker is not None
    qtbot.waitUntil(lambda: worker.done, timeout=WAIT_MS)
    return told


def test_export_writes_the_exchange_workbook_and_says_where(demo_ops, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "mau nhap lieu"
    told = _export(qtbot, monkeypatch, None, demo_ops.db, target)
    written = target.with_name("mau nhap lieu.xlsx")
    assert str(written) in told["info"] and "năm 2026" in told["info"]
    book = openpyxl.load_workbook(written, read_only=True)
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Đảng viên", "Đăng ký", "Đánh giá tháng", "Chấm điểm", "Xếp loại tập thể"]
    listed = book["Đảng viên"].max_row - 1
    book.close()
    assert listed == people.count_people(demo_ops.db, PersonFilter())


def test_export_to_a_file_open_in_excel_says_to_close_it(ops, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "mau.xlsx"
    target.write_bytes(b"old")

    def held_by_excel(tmp: Path, path: Path) -> None:
        raise safe_save.ExportLocked(
            f"Không lưu được tệp «{path.name}» vì tệp đang được mở trong Excel hoặc chương trình khác. "
            "Hãy đóng tệp đó rồi xuất lại, hoặc chọn tên tệp khác.", path)

    monkeypatch.setattr(safe_save, "_replace", held_by_excel)
    told = _export(qtbot, monkeypatch, None, ops.db, target)
    assert "đang được mở trong Excel" in told["warning"] and "mau.xlsx" in told["warning"]
    assert target.read_bytes() == b"old"


def test_export_menu_entry_asks_for_a_file_then_exports(ops, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "mau-2026.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told: dict[str, str] = {}
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.update(info=text))
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Xuất mẫu nhập liệu…")
    action.trigger()
    qtbot.waitUntil(lambda: "info" in told, timeout=WAIT_MS)
    assert target.exists()


@pytest.mark.parametrize("model_name", ["sheets", "columns", "conversions", "preview", "issues"])
def test_import_models_keep_the_qt_contract(model_name, qtmodeltester, tmp_path):
    plan = importer.analyse(messy_list(tmp_path / "ds.xlsx"))
    sheet = plan.sheets[0]
    model = {
        "sheets": lambda: SheetsModel(plan),
        "columns": lambda: ColumnsModel(sheet),
        "conversions": lambda: ConversionsModel(sheet.samples),
        "preview": lambda: PreviewModel(sheet),
        "issues": lambda: IssuesModel(plan.warnings),
    }[model_name]()
    qtmodeltester.check(model)
