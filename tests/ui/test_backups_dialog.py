"""Tệp → Sao lưu và khôi phục: list, back up now, preview, restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core import audit, backup, demo, people, units
from desktop.core import db as dbmod
from desktop.core.backup import Moment
from desktop.core.clock import SystemClock
from desktop.core.people import PersonFilter
from desktop.ui.app import Session
from desktop.ui.files.backups_dialog import (
    BackupsDialog,
    BackupsModel,
    RestoreConfirmDialog,
    size_text,
)
from desktop.ui.operations import Operations
from desktop.ui.prefs import Prefs
from tests.ui.typing import type_text

pytestmark = pytest.mark.date_sensitive  # backups are listed and thinned by the clock's moment


def _cells(dialog: BackupsDialog, row: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def _add(ops: Operations, name: str) -> None:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    assert ops.run(people.add_person, {"full_name": name, "unit_id": unit})


@pytest.fixture
def dialog_on(ops, qtbot):
    path = Path(ops.db.conn.execute("PRAGMA database_list").fetchone()[2])

    def build() -> BackupsDialog:
        dialog = BackupsDialog(ops, path)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return path, build


def test_lists_backups_with_date_size_people_and_reason(ops, dialog_on):
    path, build = dialog_on
    _add(ops, "Nguyễn Văn An")
    backup.backup_now(ops.db, path, Moment.IMPORT, now=dt.datetime(2026, 3, 5, 8, 30))
    _add(ops, "Trần Thị Bình")
    backup.backup_now(ops.db, path, Moment.OPEN, now=dt.datetime(2026, 3, 6, 14, 5))
    dialog = build()
    assert dialog.model.rowCount() == 2
    newest, older = _cells(dialog, 0), _cells(dialog, 1)
    assert newest[0] == "06/03/2026 14:05" and newest[2] == "2" and newest[3] == "Khi mở tệp"
    assert older[0] == "05/03/2026 08:30" and older[2] == "1" and older[3] == "Trước khi nhập Excel"
    assert newest[1].endswith("KB") and newest[4] == "Máy này"
    assert "Chưa đặt nơi sao lưu thứ hai" in dialog.places.text()


def test_back_up_now_adds_a_row_and_selects_it(ops, dialog_on, qtbot):
    path, build = dialog_on
    dialog = build()
    assert dialog.model.rowCount() == 0
    assert "Chưa có bản sao lưu nào" in dialog.preview.toPlainText()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert dialog.model.rowCount() == 1
    assert _cells(dialog, 0)[3] == "Sao lưu thủ công"
    assert dialog.view.currentIndex().row() == 0
    assert dialog.message.text().startswith("Đã sao lưu vào ")
    assert [b.reason for b in backup.list_backups(path)] == [Moment.MANUAL]


def test_second_place_backups_are_listed_and_a_missing_stick_is_named(ops, dialog_on, tmp_path):
    path, build = dialog_on
    stick = tmp_path / "usb"
    stick.mkdir()
    ops.run(backup.settings.put, {"second_backup_dir": str(stick)})
    backup.backup_now(ops.db, path, Moment.MANUAL)
    dialog = build()
    assert sorted(_cells(dialog, row)[4] for row in range(2)) == ["Máy này", "Nơi thứ hai"]
    stick.rename(tmp_path / "usb-rut-ra")
    dialog.reload()
    assert "không thấy (ổ USB chưa cắm?)" in dialog.places.text()
    assert dialog.model.rowCount() == 1


def test_preview_sets_the_backups_figures_beside_the_open_file(ops, dialog_on):
    path, build = dialog_on
    _add(ops, "Nguyễn Văn An")
    backup.backup_now(ops.db, path, Moment.MANUAL)
    _add(ops, "Trần Thị Bình")
    _add(ops, "Lê Văn Tám")
    dialog = build()
    text = dialog.preview.toPlainText()
    assert "Trong bản sao lưu" in text and "Tệp đang mở" in text
    assert "Tổng số người (kể cả đã chuyển đi)\n1\n3\n" in text
    assert "Năm 2026\n1 đảng viên, 0 quần chúng; 0 việc đăng ký\n3 đảng viên" in text
    assert "Thêm đảng viên Nguyễn Văn An" in text and "Thêm đảng viên Lê Văn Tám" in text


def test_restore_needs_a_reason(qtbot, ops, dialog_on):
    path, _ = dialog_on
    made = backup.backup_now(ops.db, path, Moment.MANUAL).path
    info = next(b for b in backup.list_backups(path) if b.path == made)
    confirm = RestoreConfirmDialog(info, 0)
    qtbot.addWidget(confirm)
    confirm.show()
    confirm.accept()
    assert confirm.isVisible() and "Hãy ghi lý do" in confirm.error.text()
    type_text(qtbot, confirm.reason, "Nhập nhầm tệp Excel")
    confirm.accept()
    assert confirm.result() == confirm.DialogCode.Accepted


def test_restoring_a_backup_from_the_window_brings_its_data_back(qtbot, tmp_path, monkeypatch, clock):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    demo.create_demo(db, members=30, seed=5, year=2026, today=clock.today())
    dbmod.close_db(db)
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert session.open(path)
    first = session.window
    qtbot.addWidget(first)
    in_backup = people.count_people(first.ops.db, PersonFilter())  # the backup made on open
    unit = next(u.id for u in units.list_units(first.ops.db) if u.kind == "chi_bo")
    for name in ("Người Mới Một", "Người Mới Hai"):
        first.ops.run(people.add_person, {"full_name": name, "unit_id": unit})
    assert people.count_people(first.ops.db, PersonFilter()) == in_backup + 2

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    monkeypatch.setattr(BackupsDialog, "ask_restore", lambda self, chosen: "Thêm nhầm hai người")

    def exec_(dialog: BackupsDialog) -> int:
        row = next(r for r in range(dialog.model.rowCount()) if _cells(dialog, r)[3] == "Khi mở tệp")
        dialog.view.selectRow(row)
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(BackupsDialog, "exec", exec_)
    first.show_backups()

    window = session.window
    qtbot.addWidget(window)
    assert window is not first
    assert people.count_people(window.ops.db, PersonFilter()) == in_backup
    assert people.list_people(window.ops.db, PersonFilter(text="Người Mới")) == []
    assert told and f"{in_backup} người" in told[0]
    entry = audit.query(window.ops.db, table="file")[0]
    assert entry.reason == "Thêm nhầm hai người"
    saved = [b for b in backup.list_backups(path) if b.reason == Moment.RESTORE]
    assert saved and saved[0].people == in_backup + 2  # the state before restoring was kept


def test_read_only_window_cannot_restore(branch_db, qtbot, clock):
    path = Path(branch_db.conn.execute("PRAGMA database_list").fetchone()[2])
    backup.backup_now(branch_db, path, Moment.MANUAL)
    dialog = BackupsDialog(Operations(branch_db, readonly=True, clock=clock), path)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and not dialog.restore_button.isEnabled()


def test_size_is_written_as_a_secretary_reads_it():
    assert size_text(870_000) == "850 KB"
    assert size_text(1_258_291) == "1,2 MB"


def test_backups_model_contract(ops, dialog_on, qtmodeltester):
    path, _ = dialog_on
    backup.backup_now(ops.db, path, Moment.MANUAL)
    model = BackupsModel()
    model.set_rows([(info, "Máy này") for info in backup.list_backups(path)])
    qtmodeltester.check(model)
