"""Tệp → Mã hóa tệp… / Giải mã thành tệp thường…, and the passphrase asked
when an encrypted file is opened (core: encryption.py).

Encrypting writes a new file beside the open one ("so.mahoa.sqlite") and
offers to switch to it; the plain file is left for the secretary to delete
once the encrypted one opens, since deleting user data is never automatic.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import encryption
from desktop.core.errors import UserError
from desktop.ui.files import file_safety as safety
from desktop.ui.files.password_dialog import password_field
from desktop.ui.operations import Operations
from desktop.ui.widgets.ask import ask
from desktop.ui.widgets.form import FieldForm, action_buttons


class EncryptDialog(QDialog):
    """Tệp → Mã hóa tệp…: the passphrase twice, what it protects, the risk; writes the copy."""

    def __init__(self, ops: Operations, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.target = encryption.encrypted_name(path)
        self.written: Path | None = None
        self.setWindowTitle("Mã hóa tệp dữ liệu")
        note = QLabel(encryption.PROTECTION_NOTE)
        note.setObjectName("note")
        note.setWordWrap(True)
        where = QLabel(f"Bản mã hóa sẽ được ghi thành tệp mới <b>{self.target.name}</b> cạnh tệp đang mở. "
                       "Tệp đang mở không bị thay đổi.")
        where.setWordWrap(True)
        self.form = FieldForm()
        self.form.add("passphrase", "Cụm mật khẩu", password_field("passphrase"))
        self.form.add("confirm", "Gõ lại cụm mật khẩu", password_field("confirm"))
        buttons = action_buttons(self, "Mã hóa", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(where)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        note.setMinimumWidth(560)

    def save(self) -> None:
        passphrase = self.form.text("passphrase")
        problem = encryption.check_new_passphrase(passphrase, self.form.text("confirm"))
        if problem:
            self.form.show_errors({"confirm" if "giống" in problem else "passphrase": problem})
            return
        if self.target.exists():
            self.form.show_errors({"passphrase": f"Đã có tệp {self.target.name} cạnh tệp này. Hãy đổi tên "
                                                 "hoặc chuyển tệp đó đi rồi mã hóa lại."})
            return
        try:
            if safety.big_file(self.path):
                safety.run_and_wait(self, "Đang mã hóa…",
                                    lambda job: encryption.encrypt_copy(job.db, self.target, passphrase), self.ops.db)
            else:
                encryption.encrypt_copy(self.ops.db, self.target, passphrase)
        except UserError as exc:
            self.form.show_errors({"passphrase": exc.message})
            return
        except encryption.WRITE_ERRORS as exc:
            self.form.show_errors({"passphrase": f"Không ghi được {self.target}: {exc}."})
            return
        self.written = self.target
        self.passphrase = passphrase
        self.accept()


def encrypt_file(ops: Operations, path: Path, parent: QWidget | None) -> tuple[Path, str] | None:
    """Run the dialog; the encrypted file to switch to and its passphrase, when the user wants to."""
    dialog = EncryptDialog(ops, path, parent)
    if not dialog.exec() or dialog.written is None:
        return None
    switch = ask(
        parent, "Đã mã hóa",
        f"Đã ghi bản mã hóa: {dialog.written}.\n\nChuyển sang làm việc trên tệp mã hóa ngay?\n\n"
        f"Tệp cũ “{path.name}” và các bản sao lưu cũ của nó vẫn KHÔNG mã hóa: sau khi mở thử được tệp "
        "mã hóa, hãy xóa chúng (và bản chép trên USB) nếu không muốn để lại bản đọc được.",
        "Mở tệp mã hóa", "Làm tiếp trên tệp này", default_do=True)
    return (dialog.written, dialog.passphrase) if switch else None


def decrypt_file(ops: Operations, path: Path, parent: QWidget | None) -> Path | None:
    """Tệp → Giải mã thành tệp thường…: a plain copy beside the file; the copy to open, if wanted."""
    key = ops.db.key
    if key is None:
        QMessageBox.information(parent, "Tệp không mã hóa", f"Tệp “{path.name}” không được mã hóa.")
        return None
    target = encryption.plain_name(path)
    if not ask(
        parent, "Giải mã thành tệp thường",
        f"Chương trình sẽ ghi tệp KHÔNG mã hóa “{target.name}” cạnh tệp này. Ai có tệp đó đều đọc được "
        "toàn bộ dữ liệu bằng các công cụ SQLite. Tệp mã hóa vẫn giữ nguyên.",
        "Ghi tệp không mã hóa", "Hủy", warning=True):
        return None
    if target.exists():
        QMessageBox.warning(parent, "Không giải mã được",
                            f"Đã có tệp {target.name}; hãy đổi tên hoặc chuyển tệp đó đi rồi làm lại.")
        return None
    expected: tuple[type[Exception], ...] = (UserError, *encryption.WRITE_ERRORS)
    try:
        encryption.decrypt_copy(path, key, target)
    except expected as exc:
        QMessageBox.warning(parent, "Không giải mã được", getattr(exc, "message", str(exc)))
        return None
    opened = ask(parent, "Đã giải mã", f"Đã ghi tệp thường {target}.\n\nMở tệp đó ngay?",
                 "Mở tệp thường", "Làm tiếp trên tệp mã hóa")
    return target if opened else None
