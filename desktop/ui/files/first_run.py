"""First run without a file: create one, open demo data, or open a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import paths
from desktop.ui.widgets.form import ERROR_STYLE, FieldForm

SIGNER_ROLES = ["BÍ THƯ", "PHÓ BÍ THƯ", "BÍ THƯ CHI BỘ", "PHÓ BÍ THƯ CHI BỘ"]


def proposed_path() -> Path:
    """Documents\\Sổ Làm theo Bác\\so-lam-theo-bac.sqlite, or the next free name beside it."""
    target = paths.default_db_path()
    number = 2
    while target.exists():
        target = target.with_name(f"{paths.DEFAULT_FILE_NAME.removesuffix('.sqlite')}-{number}.sqlite")
        number += 1
    return target


class FirstRunDialog(QDialog):
    """Result: `choice` is "new" (with `values`), "demo" or "open"."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sổ Làm theo Bác — bắt đầu")
        self.setMinimumWidth(560)
        self.choice: str | None = None
        self.values: dict[str, object] = {}
        intro = QLabel("<h3>Chào đồng chí!</h3>Hãy nhập tên đảng bộ (hoặc chi bộ) và người ký báo cáo "
                       "để tạo sổ mới, hoặc mở dữ liệu mẫu để xem thử. Sổ được lưu ở nơi ghi dưới đây.")
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
        self.signer = self.form.add("signer_name", "Người ký báo cáo (họ tên)", QLineEdit())
        self.signer.setPlaceholderText("Ví dụ: Nguyễn Văn An")  # type: ignore[attr-defined]
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(SIGNER_ROLES)
        self.form.add("signer_role", "Chức vụ người ký", self.role)
        self.target = proposed_path()
        self.where = QLabel()
        self.where.setObjectName("where")
        self.where.setWordWrap(True)
        self.where.setToolTip("Thư mục Tài liệu (Documents) của máy: dễ tìm, dễ chép sang USB")
        elsewhere = QPushButton("Chọn nơi khác…")
        elsewhere.clicked.connect(self._choose_place)
        self.form.add("where", "Lưu sổ tại", self.where, elsewhere)
        self._show_place()
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

    def _show_place(self) -> None:
        self.where.setText(str(self.target))

    def _choose_place(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Lưu sổ mới", str(self.target),
                                              "Tệp Sổ Làm theo Bác (*.sqlite)")
        if name:
            self.target = Path(name) if Path(name).suffix else Path(name + ".sqlite")
            self._show_place()

    def _create(self) -> None:
        committee = self.form.text("committee").strip()
        if not committee:
            self.form.show_errors({"committee": "Hãy nhập tên đảng bộ hoặc chi bộ."})
            return
        self.values = {
            "committee": committee, "superior": self.form.text("superior"), "place": self.form.text("place"),
            "branches": self.branches.toPlainText().splitlines(), "year": self.year.value(),
            "signer_name": self.form.text("signer_name"), "signer_role": self.role.currentText(),
            "path": self.target,
        }
        self._finish("new")

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()
