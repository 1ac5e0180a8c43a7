"""The password: asked on open, set in Cài đặt, and the idle lock that hides the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from desktop.core import access, filelock
from desktop.core import db as dbmod
from desktop.core.clock import SystemClock
from desktop.ui.app import Session
from desktop.ui.files.password_dialog import (
    WRONG_PASSWORD,
    IdleLock,
    PasswordPrompt,
    PasswordSettingsDialog,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs
from tests.ui.typing import type_text


def test_prompt_refuses_a_wrong_password_and_accepts_the_right_one(ops, qtbot, tmp_path):
    access.set_password(ops.db, "Bí thư 2026")
    prompt = PasswordPrompt(ops.db, tmp_path / "so.sqlite")
    qtbot.addWidget(prompt)
    prompt.show()
    type_text(qtbot, prompt.password, "bi thu 2026")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert prompt.isVisible() and prompt.result() != QDialog.DialogCode.Accepted
    assert prompt.error.isVisible() and prompt.error.text() == WRONG_PASSWORD
    assert prompt.password.text() == ""  # cleared for the next try

    type_text(qtbot, prompt.password, "Bí thư 2026")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert prompt.result() == QDialog.DialogCode.Accepted
    assert not prompt.isVisible()


def test_setting_a_password_in_settings_requires_it_to_open(ops, qtbot):
    dialog = PasswordSettingsDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "KHÔNG mã hóa" in dialog.findChild(QLabel, "note").text()
    type_text(qtbot, dialog.form.widgets["password"], "chibo123")
    type_text(qtbot, dialog.form.widgets["confirm"], "chibo124")
    dialog.save()
    assert dialog.form.errors["confirm"].isVisible()
    assert not access.has_password(ops.db)

    dialog.form.widgets["confirm"].clear()
    type_text(qtbot, dialog.form.widgets["confirm"], "chibo123")
    dialog.minutes.setValue(5)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert access.verify(ops.db, "chibo123") and not access.verify(ops.db, "chibo12")
    assert access.idle_lock_minutes(ops.db) == 5


def test_too_short_password_shows_the_message_under_the_field(ops, qtbot):
    dialog = PasswordSettingsDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    for key in ("password", "confirm"):
        type_text(qtbot, dialog.form.widgets[key], "abc")
    dialog.save()
    assert "ít nhất 6 ký tự" in dialog.form.errors["password"].text()
    assert not access.has_password(ops.db)


def test_clearing_the_password_needs_the_current_one(ops, qtbot):
    access.set_password(ops.db, "chibo123")
    dialog = PasswordSettingsDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.form.widgets["current"], "sai-mat-khau")
    dialog.clear_button.click()
    assert dialog.form.errors["current"].text() == WRONG_PASSWORD
    assert access.has_password(ops.db)
    dialog.form.widgets["current"].clear()
    type_text(qtbot, dialog.form.widgets["current"], "chibo123")
    dialog.clear_button.click()
    assert not access.has_password(ops.db)


@pytest.mark.date_sensitive  # the idle lock measures from the clock's now
def test_window_locks_after_idle_minutes_and_unlocks_with_the_password(ops, qtbot, tmp_path):
    access.set_password(ops.db, "chibo123")
    access.set_idle_lock_minutes(ops.db, 5)
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    idle = IdleLock(window, ops.db, tmp_path / "so.sqlite", ops.clock)

    idle.check(now=idle.last_activity + dt.timedelta(minutes=4))
    assert not idle.locked and window.centralWidget().isVisible()

    idle.check(now=idle.last_activity + dt.timedelta(minutes=5))
    assert idle.locked
    assert not window.centralWidget().isVisible() and not window.menuBar().isVisible()
    prompt = idle.prompt
    assert prompt is not None and prompt.isVisible()
    qtbot.keyClick(prompt.password, Qt.Key.Key_Escape)  # Esc does not get past the lock
    assert idle.locked and prompt.isVisible()
    type_text(qtbot, prompt.password, "sai")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert idle.locked and not window.centralWidget().isVisible()
    type_text(qtbot, prompt.password, "chibo123")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert not idle.locked and window.centralWidget().isVisible() and window.menuBar().isVisible()
    idle.stop()


@pytest.mark.date_sensitive  # the idle lock measures from the clock's now
def test_without_a_password_the_window_never_locks(ops, qtbot, tmp_path):
    access.set_idle_lock_minutes(ops.db, 5)
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    idle = IdleLock(window, ops.db, tmp_path / "so.sqlite", ops.clock)
    idle.check(now=idle.last_activity + dt.timedelta(hours=3))
    assert not idle.locked
    idle.stop()


def _file_with_password(path: Path) -> None:
    db = dbmod.open_db(path, create=True)
    access.set_password(db, "chibo123")
    dbmod.close_db(db)


def test_opening_a_file_with_a_password_asks_for_it(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "so.sqlite"
    _file_with_password(path)
    seen: list[str] = []

    def exec_(prompt: PasswordPrompt) -> int:
        prompt.show()
        type_text(qtbot, prompt.password, "chibo")
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
        seen.append(prompt.error.text())
        type_text(qtbot, prompt.password, "chibo123")
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
        return prompt.result()

    monkeypatch.setattr(PasswordPrompt, "exec", exec_)
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert session.open(path)
    qtbot.addWidget(session.window)
    assert seen == [WRONG_PASSWORD]


def test_cancelling_the_password_leaves_the_file_closed(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "so.sqlite"
    _file_with_password(path)
    monkeypatch.setattr(PasswordPrompt, "exec", lambda prompt: QDialog.DialogCode.Rejected)
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert not session.open(path)
    assert session.window is None
    assert not filelock.lock_path(path).exists()  # nobody holds the file
