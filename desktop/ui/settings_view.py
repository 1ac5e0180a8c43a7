"""Cài đặt: the committee's names and the report signer, kept in the file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import settings
from desktop.core.changes import Changed
from desktop.excel.reports.common import default_recipients, is_party_committee, recipient_lines
from desktop.ui.files.password_dialog import PasswordSettingsDialog
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import heading
from desktop.ui.widgets.form import FieldForm
from desktop.ui.yearend.rules_dialog import RulesDialog

TEXT_SETTINGS = [
    ("committee_name", "Tên đảng bộ / chi bộ giữ sổ"),
    ("superior_name", "Đảng bộ cấp trên (dòng đầu báo cáo, ví dụ: Đảng bộ xã La Bằng)"),
    ("place", "Địa danh (dòng “…, ngày … tháng … năm …”)"),
    ("signer_name", "Người ký báo cáo"),
    ("signer_role", "Chức danh người ký"),
    ("second_backup_dir", "Nơi sao lưu thứ hai (USB), để trống nếu không dùng"),
]


class SettingsView(QWidget):
    title = "Cài đặt"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self.form = FieldForm()
        pick = QPushButton("Chọn thư mục…")
        pick.setToolTip("Chọn thư mục trên USB hoặc ổ khác để mỗi bản sao lưu có thêm một bản ở đó")
        pick.clicked.connect(self.choose_second_backup_dir)
        self.recipients = QPlainTextEdit()
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(self.recipients.fontMetrics().lineSpacing() * 4 + 12)
        self.recipients.setToolTip("Các cấp ủy nhận báo cáo, in ở mục «Nơi nhận», ví dụ: Ban Thường vụ Đảng ủy "
                                   "xã La Bằng; Đảng ủy xã La Bằng (để báo cáo); Lưu")
        for key, label in TEXT_SETTINGS:
            self.form.add(key, label, QLineEdit(), beside=pick if key == "second_backup_dir" else None)
            if key == "superior_name":
                self.form.add("recipients", "Nơi nhận (cấp ủy nhận báo cáo, mỗi dòng một nơi)", self.recipients)
        self.form.add("margins_mm", "Lề trang in (trên, dưới, trái, phải; mm)", QLineEdit())
        self.saved = QLabel()
        save = QPushButton("Lưu cài đặt")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(self.saved)
        buttons.addStretch()
        password = QPushButton("Mật khẩu mở tệp và tự khóa…")
        password.setObjectName("password")
        password.setToolTip("Đặt, đổi hoặc bỏ mật khẩu mở tệp; tự khóa khi rời máy")
        password.clicked.connect(lambda: PasswordSettingsDialog(self.ops, self).exec())
        self.rules_button = QPushButton()
        self.rules_button.setObjectName("rules")
        self.rules_button.setToolTip("Chọn Quy định 366 hoặc 124 cho năm, chia tiêu chí, ngưỡng điểm, tỷ lệ, thi đua")
        self.rules_button.clicked.connect(lambda: RulesDialog(self.ops, self.year, self).exec())
        self.set_year(year)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.rules_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(password, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        ops.changed.connect(self._on_changed)
        self.load()

    def _on_changed(self, changed: Changed) -> None:
        if changed.settings:
            self.load()

    def choose_second_backup_dir(self) -> None:
        """Fill the field from a folder chooser; saved with "Lưu cài đặt"."""
        edit = self.form.widgets["second_backup_dir"]
        assert isinstance(edit, QLineEdit)
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục sao lưu thứ hai", edit.text())
        if folder:
            edit.setText(folder)

    def set_year(self, year: int) -> None:
        self.year = year
        self.rules_button.setText(f"Bộ tiêu chí xếp loại năm {year}…")

    def load(self) -> None:
        values = settings.get_all(self.ops.db)
        for key, _label in TEXT_SETTINGS:
            self.form.widgets[key].setText(str(values.get(key) or ""))  # type: ignore[attr-defined]
        self.recipients.setPlainText("\n".join(recipient_lines(values.get("recipients"))))
        derived = default_recipients(str(values.get("superior_name") or ""), is_party_committee(self.ops.db))
        self.recipients.setPlaceholderText("Mỗi dòng một nơi. Để trống thì in:\n" + "\n".join(derived))
        margins = values.get("margins_mm") or []
        self.form.widgets["margins_mm"].setText(", ".join(f"{m:g}" for m in margins))  # type: ignore[attr-defined]

    def save(self) -> None:
        values: dict[str, object] = {key: self.form.text(key).strip() for key, _ in TEXT_SETTINGS}
        try:
            margins = [float(x) for x in self.form.text("margins_mm").replace(";", ",").split(",") if x.strip()]
        except ValueError:
            margins = []
        if len(margins) != 4 or not all(5 <= m <= 60 for m in margins):
            self.form.show_errors({"margins_mm": "Ghi 4 số từ 5 đến 60, ví dụ: 20, 20, 30, 15."})
            return
        self.form.show_errors({})
        values["margins_mm"] = margins
        lines = (line.strip() for line in self.recipients.toPlainText().splitlines())
        values["recipients"] = [line for line in lines if line]
        if self.ops.run(settings.put, values) is not None:
            self.saved.setText("Đã lưu.")
