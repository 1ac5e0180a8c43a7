"""Tệp → Mã hóa tệp…, and the passphrase asked when an encrypted file opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from desktop.core import db as dbmod
from desktop.core import encryption
from desktop.core.clock import SystemClock
from desktop.ui.files import file_safety as safety
from desktop.ui.files.encryption_dialog import EncryptDialog
from desktop.ui.files.password_dialog import PassphrasePrompt
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs
from tests.ui.typing import type_text

pytestmark = pytest.mark.skipif(not encryption.available(), reason="sqlcipher3 (sqlcipher3-wheels) is not installed")

PASSPHRASE = "Chi bộ Xóm Đồng 2026"


def _path(ops) -> Path:
    path = ops.db.path
    assert path is not None
    return path


def test_encrypt_dialog_refuses_mismatched_passphrases_then_writes_the_copy(ops, qtbot):
    path = _path(ops)
    dialog = EncryptDialog(ops, path)
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "note").text()
    assert "không đọc được" in note and "KHÔNG AI lấy lại được" in note
    type_text(qtbot, dialog.form.widgets["passphrase"], PASSPHRASE)
    type_text(qtbot, dialog.form.widgets["confirm"], PASSPHRASE + "x")
    dialog.save()
    assert dialog.form.errors["confirm"].isVisible()
    assert "không giống nhau" in dialog.form.errors["confirm"].text()
    assert not dialog.target.exists() and dialog.result() != QDialog.DialogCode.Accepted

    dialog.form.widgets["confirm"].clear()
    type_text(qtbot, dialog.form.widgets["confirm"], PASSPHRASE)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.written == path.with_name("so.mahoa.sqlite") and dialog.written.exists()
    assert encryption.is_encrypted(dialog.written)
    assert encryption.key_opens(dialog.written, PASSPHRASE)
    assert path.read_bytes().startswith(b"SQLite format 3")  # the open file is untouched


def test_encrypt_dialog_refuses_a_short_passphrase(ops, qtbot):
    dialog = EncryptDialog(ops, _path(ops))
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.form.widgets["passphrase"], "abc")
    type_text(qtbot, dialog.form.widgets["confirm"], "abc")
    dialog.save()
    assert "ít nhất" in dialog.form.errors["passphrase"].text()
    assert not dialog.target.exists()


@pytest.fixture
def encrypted_file(ops) -> Path:
    return encryption.encrypt_copy(ops.db, _path(ops).with_name("so.mahoa.sqlite"), PASSPHRASE)


def test_prompt_refuses_a_wrong_passphrase_and_accepts_the_right_one(encrypted_file, qtbot):
    prompt = PassphrasePrompt(encrypted_file)
    qtbot.addWidget(prompt)
    prompt.show()
    type_text(qtbot, prompt.passphrase, "sai rồi")
    qtbot.keyClick(prompt.passphrase, Qt.Key.Key_Return)
    assert prompt.isVisible() and prompt.error.isVisible()
    assert "Cụm mật khẩu không mở được" in prompt.error.text()
    assert prompt.passphrase.text() == ""
    type_text(qtbot, prompt.passphrase, PASSPHRASE)
    qtbot.keyClick(prompt.passphrase, Qt.Key.Key_Return)
    assert prompt.result() == QDialog.DialogCode.Accepted


def test_opening_an_encrypted_file_asks_again_after_a_wrong_passphrase(encrypted_file, monkeypatch, qtbot):
    answers = iter(["sai rồi", PASSPHRASE])
    asked: list[str | None] = []

    def fake_ask(path, parent, error=None):
        asked.append(error)
        return next(answers)

    monkeypatch.setattr(safety, "ask_passphrase", fake_ask)
    opened = safety.open_checked(encrypted_file, None)
    assert opened is not None
    try:
        assert asked[0] is None and asked[1] is not None and "không mở được" in asked[1]
        assert opened.db.execute("SELECT count(*) FROM settings").fetchone()[0] >= 0
        assert opened.db.key == PASSPHRASE
    finally:
        opened.close()


def test_cancelling_the_passphrase_does_not_open(encrypted_file, monkeypatch):
    monkeypatch.setattr(safety, "ask_passphrase", lambda *_args, **_kw: None)
    assert safety.open_checked(encrypted_file, None) is None


def test_file_menu_offers_encrypt_or_decrypt(ops, encrypted_file, qtbot, tmp_path):
    window = MainWindow(ops, _path(ops), Prefs(tmp_path / "prefs.json"))
    qtbot.addWidget(window)
    assert window.encrypt_action.text() == "Mã hóa tệp…"
    db = dbmod.open_db(encrypted_file, key=PASSPHRASE)
    from desktop.ui.operations import Operations
    other = MainWindow(Operations(db, clock=ops.clock), encrypted_file, Prefs(tmp_path / "prefs2.json"))
    qtbot.addWidget(other)
    assert other.encrypt_action.text() == "Giải mã thành tệp thường…"


def test_switching_to_the_encrypted_file_opens_a_window_that_backs_up_encrypted(ops, qtbot, tmp_path, monkeypatch):
    from desktop.core import backup, paths
    from desktop.ui.app import Session

    target = encryption.encrypt_copy(ops.db, _path(ops).with_name("so.mahoa.sqlite"), PASSPHRASE)
    monkeypatch.setattr(safety, "ask_passphrase", lambda *_a, **_k: pytest.fail("asked again"))
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert session.open(_path(ops))
    # As Tệp → Mã hóa tệp… does after writing the copy: the new file opens with the passphrase just typed.
    session.window.open_requested.emit(str(target), False, PASSPHRASE)
    window = session.window
    qtbot.addWidget(window)
    assert window.encrypt_action.text() == "Giải mã thành tệp thường…"
    made = backup.list_backups(target, paths.backups_dir())
    assert made and all(encryption.is_encrypted(info.path) for info in made)
    window.close()
