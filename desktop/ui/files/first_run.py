"""First run without a file: create one, open demo data, or open a file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.form import ERROR_STYLE, FieldForm


class FirstRunDialog(QDialog):
    """Result: `choice` is "new" (with `values`), "demo" or "open"."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sổ Làm theo Bác — bắt đầu")
        self.setMinimumWidth(560)
        self.choice: str | None = None
        self.values: dict[str, object] = {}
        intro = QLabel("<h3>Chào đồng chí!</h3>Chưa có tệp dữ liệu. Hãy nhập tên đảng bộ (hoặc chi bộ) "
                       "để tạo sổ mới, hoặc mở dữ liệu mẫu để xem thử.")
        intro.setWordWrap(True)
        self.form = FieldForm()
        self.committee = self.form.add("committee", "Tên đảng bộ / chi bộ (*)", QLineEdit())
        self.committee.setPlaceholderText("Ví dụ: Đảng bộ xã La Bằng")  # type: ignore[attr-defined]
        self.superior = self.form.add("superior", "Cấp ủy cấp trên", QLineEdit())
        self.superior.setPlaceholderText("Ví dụ: Đảng bộ tỉnh Thái Nguyên")  # type: ignore[attr-defined]
        self.place = self.form.add("place", "Địa danh", QLineEdit())
        self.branches = QPlainTextEdit()
        self.branches.setTabChangesFocus(True)
        self.branches.setPlaceholderText("Mỗi dòng một chi bộ, ví dụ:\nChi bộ Xóm Đồng\nChi bộ Xóm Bãi")
        self.branches.setMaximumHeight(110)
        self.form.add("branches", "Các chi bộ trực thuộc", self.branches)
        self.year = QSpinBox()
        self.year.setRange(2018, 2100)
        self.year.setValue(today.year)
        self.form.add("year", "Năm làm việc", self.year)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        create = QPushButton("Tạo sổ mới")
        create.setDefault(True)
        create.clicked.connect(self._create)
        demo = QPushButton("Mở dữ liệu mẫu")
        demo.clicked.connect(lambda: self._finish("demo"))
        open_file = QPushButton("Mở tệp có sẵn…")
        open_file.clicked.connect(lambda: self._finish("open"))
        buttons = QHBoxLayout()
        buttons.addWidget(open_file)
        buttons.addWidget(demo)
        buttons.addStretch()
        buttons.addWidget(create)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _create(self) -> None:
        committee = self.form.text("committee").strip()
        if not committee:
            self.form.show_errors({"committee": "Hãy nhập tên đảng bộ hoặc chi bộ."})
            return
        self.values = {
            "committee": committee, "superior": self.form.text("superior"), "place": self.form.text("place"),
            "branches": self.branches.toPlainText().splitlines(), "year": self.year.value(),
        }
        self._finish("new")

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()
