"""Chốt sổ: lock the working year after the report is sent, unlock it on purpose with a reason.

A locked year is read-only everywhere (core refuses every write of it);
this bar shows the state as a banner and offers the one action that fits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core import vntext, years
from desktop.core.errors import UserError
from desktop.ui.operations import Operations
from desktop.ui.widgets.ask import ask
from desktop.ui.yearend.level_dialog import error_label, reason_box, save_cancel

BANNER_STYLE = "background: #fff3c4; border: 1px solid #e0c060; padding: 6px; color: #5a4500; font-weight: bold;"


class UnlockDialog(QDialog):
    """Mở khóa năm đã chốt sổ: on purpose, with a reason the audit log keeps."""

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year = ops, year
        self.setWindowTitle(f"Mở khóa năm {year}")
        self.setMinimumWidth(520)
        text = QLabel(f"Năm {year} đã chốt sổ (báo cáo đã gửi). Mở khóa để sửa số liệu; việc mở khóa và lý do "
                      "được ghi vào nhật ký. Sửa xong hãy chốt sổ lại.")
        text.setWordWrap(True)
        self.reason = reason_box("Ví dụ: Đảng ủy yêu cầu sửa điểm của 2 đồng chí theo Công văn số 12-CV/ĐU")
        self.error = error_label()
        buttons, self.save_button = save_cancel("Mở khóa")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        caption = QLabel("&Lý do mở khóa:")
        caption.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(caption)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(
            lambda: self.save_button.setEnabled(bool(vntext.clean(self.reason.toPlainText()))))
        self.save_button.setEnabled(False)

    def save(self) -> None:
        try:
            done = self.ops.run(years.unlock_year, self.year, self.reason.toPlainText(), quiet=True)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if done is not None:
            self.accept()


class YearLock:
    """The lock and unlock buttons and the banner of a screen that follows the working year."""

    def __init__(self, ops: Operations, parent: QWidget) -> None:
        self.ops, self.parent, self.year = ops, parent, 0
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lock")
        self.lock_button.clicked.connect(self.lock)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.clicked.connect(self.unlock)
        self.banner = QLabel()
        self.banner.setObjectName("locked_banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()

    def show_year(self, year: int) -> bool:
        """Show the year's state; True when nothing of it may be edited."""
        self.year = year
        found = years.get_year(self.ops.db, year)
        locked_at = found.locked_at if found and found.locked else None
        readonly = self.ops.readonly
        self.lock_button.setText(f"Chốt sổ năm {year}…")
        self.unlock_button.setText(f"Mở khóa năm {year}…")
        self.lock_button.setVisible(not locked_at and not readonly)
        self.unlock_button.setVisible(bool(locked_at) and not readonly)
        if readonly:
            self.banner.setText("Tệp đang mở ở chế độ chỉ đọc: chỉ xem, không sửa được.")
        elif locked_at:
            day, month, year_part = locked_at[8:10], locked_at[5:7], locked_at[:4]
            self.banner.setText(
                f"Năm {year} đã chốt sổ ngày {day}/{month}/{year_part}: mọi số liệu của năm chỉ để xem, "
                f"không sửa được. Muốn sửa, bấm “Mở khóa năm {year}…” và ghi lý do (được ghi nhật ký).")
        self.banner.setVisible(bool(locked_at) or readonly)
        return bool(locked_at) or readonly

    def lock(self) -> None:
        if ask(
            self.parent, f"Chốt sổ năm {self.year}",
            f"Chốt sổ năm {self.year}? Sau khi chốt, điểm, mức xếp loại, đánh giá tháng và việc đăng ký của năm "
            f"{self.year} chỉ để xem (cả khi nhập Excel hay dùng dòng lệnh) cho đến khi mở khóa có ghi lý do.\n\n"
            "Nên chốt sổ sau khi đã gửi báo cáo cho cấp ủy cấp trên. Chốt sổ không hoàn tác được bằng Ctrl+Z: "
            "muốn sửa lại phải mở khóa và ghi lý do.",
            f"Chốt sổ năm {self.year}", "Hủy"):
            self.ops.run(years.lock_year, self.year)

    def unlock(self) -> None:
        UnlockDialog(self.ops, self.year, self.parent).exec()
