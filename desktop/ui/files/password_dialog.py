"""The optional password: asked on open, set or cleared in Cài đặt, and the
idle lock that hides the data and asks for it again (core: access.py).

The password only keeps the file closed in this program; PROTECTION_NOTE,
shown where the password is set, says plainly that the file itself is not
encrypted. The passphrase of an encrypted file (encryption.py) is asked
here too, when such a file is opened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.core import access, encryption
from desktop.core.clock import Clock
from desktop.core.errors import UserError, ValidationError
from desktop.ui.operations import Operations
from desktop.ui.widgets.form import ERROR_STYLE, FieldForm, action_buttons

WRONG_PASSWORD = ("Mật khẩu không đúng. Hãy gõ lại; để ý phím Caps Lock và bộ gõ tiếng Việt "
                  "(Unikey bật hay tắt).")
# Input that means someone is at the computer (a window merely repainting does not).
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
IDLE_CHECK_MS = 15_000


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PasswordPrompt(QDialog):
    """Asks for the file's password; a wrong one is refused and the field cleared."""

    def __init__(self, db: Database, path: Path, parent: QWidget | None = None, *, locking: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.locking = locking
        self.setWindowTitle("Chương trình đã tự khóa" if locking else "Nhập mật khẩu")
        text = (f"Chương trình đã tự khóa vì lâu không dùng (tệp “{path.name}”). "
                "Nhập mật khẩu để làm việc tiếp." if locking else
                f"Tệp “{path.name}” có mật khẩu. Nhập mật khẩu để mở.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.password = password_field("password")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Mở khóa (Enter)" if locking else "Mở (Enter)",
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        cancel = buttons.addButton("Đóng tệp" if locking else "Hủy (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setToolTip("Đóng tệp mà không mở khóa; dữ liệu đã lưu không mất" if locking else "Không mở tệp")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def accept(self) -> None:
        if access.verify(self.db, self.password.text()):
            super().accept()
            return
        self.error.setText(WRONG_PASSWORD)
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def _cancel(self) -> None:
        self.done(QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        # Esc must not get past the lock; on open it simply does not open the file.
        if not self.locking:
            super().reject()


def unlock_on_open(db: Database, path: Path, parent: QWidget | None = None) -> bool:
    """True when the file has no password or the right one was typed."""
    if not access.has_password(db):
        return True
    return PasswordPrompt(db, path, parent).exec() == QDialog.DialogCode.Accepted


class PassphrasePrompt(QDialog):
    """Asks the passphrase of an encrypted file; a wrong one is refused and asked again."""

    def __init__(self, path: Path, parent: QWidget | None = None, error: str | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Tệp được mã hóa")
        intro = QLabel(f"Tệp “{path.name}” được mã hóa. Nhập cụm mật khẩu để mở.")
        intro.setWordWrap(True)
        self.passphrase = password_field("passphrase")
        self.error = QLabel(error or "")
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        buttons = action_buttons(self, "Mở (Enter)", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.passphrase.setFocus()

    def accept(self) -> None:
        # Checked here (a read-only look), so a wrong passphrase keeps the dialog open.
        if encryption.key_opens(self.path, self.passphrase.text()):
            super().accept()
            return
        self.error.setText(encryption.wrong_key_message(self.path))
        self.error.show()
        self.passphrase.clear()
        self.passphrase.setFocus()


def ask_passphrase(path: Path, parent: QWidget | None, error: str | None = None) -> str | None:
    """The passphrase that opens `path`, or None when the user gave up."""
    try:
        prompt = PassphrasePrompt(path, parent, error)
        if prompt.exec() != QDialog.DialogCode.Accepted:
            return None
    except UserError as exc:  # no SQLCipher in this build
        QMessageBox.critical(parent, "Không mở được tệp", exc.message)
        return None
    return prompt.passphrase.text()


class PasswordSettingsDialog(QDialog):
    """Cài đặt → Mật khẩu và tự khóa: set, change or clear the password, idle minutes."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Mật khẩu mở tệp và tự khóa")
        note = QLabel(access.PROTECTION_NOTE)
        note.setWordWrap(True)
        note.setObjectName("note")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.form = FieldForm()
        self.has_password = access.has_password(ops.db)
        if self.has_password:
            self.form.add("current", "Mật khẩu đang dùng", password_field("current"))
        self.form.add("password", "Mật khẩu mới" + (" (để trống nếu không đổi)" if self.has_password else ""),
                      password_field("password"))
        self.form.add("confirm", "Gõ lại mật khẩu mới", password_field("confirm"))
        self.minutes = QSpinBox()
        self.minutes.setRange(0, access.MAX_IDLE_MINUTES)
        self.minutes.setSuffix(" phút")
        self.minutes.setSpecialValueText("Không tự khóa")
        self.minutes.setValue(access.idle_lock_minutes(ops.db))
        self.form.add(access.IDLE_KEY, "Tự khóa khi không dùng sau", self.minutes)
        buttons = QDialogButtonBox()
        save = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        self.clear_button = QPushButton("Bỏ mật khẩu")
        self.clear_button.setToolTip("Mở tệp không cần mật khẩu nữa (cần mật khẩu đang dùng)")
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setVisible(self.has_password)  # after addButton, which shows it
        buttons.addButton("Đóng (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        # A wrapped label does not tell the dialog how tall it must be: size for the width.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        note.setMinimumWidth(560)
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText("<b>Tệp này đang có mật khẩu mở tệp.</b>" if self.has_password
                            else "<b>Tệp này chưa có mật khẩu</b>: ai mở chương trình cũng xem được dữ liệu.")

    def _current_ok(self) -> bool:
        if not self.has_password or access.verify(self.ops.db, self.form.text("current")):
            return True
        self.form.show_errors({"current": WRONG_PASSWORD})
        return False

    def save(self) -> None:
        new, again = self.form.text("password"), self.form.text("confirm")
        if not self._current_ok():
            return
        if new != again:
            self.form.show_errors({"confirm": "Hai lần gõ mật khẩu mới không giống nhau."})
            return
        if not new and not self.has_password and self.minutes.value():
            self.form.show_errors({access.IDLE_KEY: "Tự khóa chỉ có tác dụng khi tệp có mật khẩu; "
                                                    "hãy đặt mật khẩu trước."})
            return
        try:
            if new and self.ops.run(access.set_password, new, quiet=True) is None:
                return
            if self.minutes.value() != access.idle_lock_minutes(self.ops.db):
                if self.ops.run(access.set_idle_lock_minutes, self.minutes.value(), quiet=True) is None:
                    return
        except ValidationError as exc:
            self.form.show_errors(exc.fields)
            return
        self.accept()

    def clear(self) -> None:
        if not self._current_ok():
            return
        if self.ops.run(access.clear_password) is not None:
            self.accept()


class IdleLock(QObject):
    """After the idle minutes set in Cài đặt, hide the data and ask for the password."""

    def __init__(self, window: QMainWindow, db: Database, path: Path, clock: Clock) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.path = path
        self.clock = clock
        self.last_activity = clock.now()
        self.prompt: PasswordPrompt | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.prompt is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.prompt is None:
            self.last_activity = self.clock.now()
        return False

    def check(self, now: dt.datetime | None = None) -> None:
        if self.prompt is None and access.should_lock(self.db, self.last_activity, now or self.clock.now()):
            self.lock()

    def lock(self) -> None:
        self._cover(True)
        self.prompt = PasswordPrompt(self.db, self.path, self.window, locking=True)
        self.prompt.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.prompt.finished.connect(self._prompt_finished)
        self.prompt.show()

    def _cover(self, hidden: bool) -> None:
        for widget in (self.window.centralWidget(), self.window.menuBar()):
            if widget is not None:
                widget.setVisible(not hidden)
        for bar in self.window.findChildren(QWidget, "yearbar"):
            bar.setVisible(not hidden)

    def _prompt_finished(self, code: int) -> None:
        self.prompt = None
        if code == QDialog.DialogCode.Accepted:
            self._cover(False)
            self.last_activity = self.clock.now()
        else:
            self.window.close()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.prompt is not None:
            self.prompt.finished.disconnect(self._prompt_finished)
            self.prompt.close()
            self.prompt = None
