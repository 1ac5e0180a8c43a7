"""Xem trước khi in: the report's pages as a worker paints them, page by page.

The worker (report_print.render_report) writes the report to a PDF file and
sends a picture of each page as soon as it is painted; this dialog shows
the first one at once and the others as they come. Page 1 comes first as a
first look, laid out from the report's beginning alone ("Trang 1 / …" until
the whole report is laid out and its pages counted), then again for good, so a report of hundreds
of pages never freezes the window. "In…" prints on a worker too; "Lưu PDF…"
copies the finished file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import vntext
from desktop.ui.widgets.basic import shortcut


class PrintPreview(QDialog):
    """The pages of one report (see the module docstring)."""

    # Emitted on the worker thread (page number from 0, page count, PNG), shown queued here;
    # a count of 0 is the first look at page 1 (the count not known yet).
    page_painted = Signal(int, int, bytes)

    def __init__(self, title: str, print_pages: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 760)
        self._print_pages = print_pages
        self.pages: list[bytes] = []
        self.first_look = False  # pages[0] is the first look at page 1, the report not counted yet
        self.count = 0
        self.pdf: Path | None = None
        self.picture = QLabel("Đang lập báo cáo, trang đầu sẽ hiện ngay khi in xong…")
        self.picture.setObjectName("page")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #808080; color: white;")
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.page_box = QSpinBox()
        self.page_box.setObjectName("page_number")
        self.page_box.setRange(1, 1)
        self.page_box.valueChanged.connect(lambda _n: self._show_page())
        self.state = QLabel()
        self.state.setObjectName("state")
        self.print_button = QPushButton("In… (Ctrl+P)")
        self.print_button.clicked.connect(self.print_report)
        self.save_button = QPushButton("Lưu PDF… (Ctrl+S)")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton("Đóng (Esc)")
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        shortcut(self, "Ctrl+P", self.print_report)
        shortcut(self, "Ctrl+S", self.save_pdf)
        shortcut(self, QKeySequence.StandardKey.MoveToNextPage, lambda: self.step(1))
        shortcut(self, QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.step(-1))
        bar = QHBoxLayout()
        buddy = QLabel("&Trang:")
        buddy.setBuddy(self.page_box)
        for label in (buddy, self.page_box, self.state):
            bar.addWidget(label)
        bar.addStretch()
        for button in (self.print_button, self.save_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.page_painted.connect(self.add_page)
        self._say()

    def add_page(self, number: int, count: int, png: bytes) -> None:
        if count == 0:  # the first look: page 1 before the report is counted
            if not self.pages:
                self.first_look = True
                self.pages.append(png)
                self._show_page()
                self._say()
            return
        self.count = count
        if self.first_look and number == 0:
            self.first_look = False
            self.pages[0] = png
        else:
            self.pages.append(png)
        self.page_box.setMaximum(max(len(self.pages), 1))
        if number == self.page_box.value() - 1:
            self._show_page()
        self._say()

    def finish(self, pdf: Path) -> None:
        """Every page painted and the PDF written."""
        self.pdf = pdf
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self._say()

    def _say(self) -> None:
        if not self.pages:
            self.state.setText("đang lập…")
        elif self.first_look:
            self.state.setText("/ … (đang dàn trang cả báo cáo…)")
        elif self.pdf is None:
            self.state.setText(f"/ {self.count} (đã có {len(self.pages)} trang, đang lập tiếp…)")
        else:
            self.state.setText(f"/ {self.count}")

    def _show_page(self) -> None:
        number = self.page_box.value() - 1
        if number < len(self.pages):
            pixmap = QPixmap()
            pixmap.loadFromData(self.pages[number], "PNG")
            self.picture.setPixmap(pixmap)

    def step(self, by: int) -> None:
        self.page_box.setValue(self.page_box.value() + by)

    def print_report(self) -> None:
        if self.pdf is not None:
            self._print_pages()

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        stem = "-".join(vntext.fold(self.windowTitle().split("—")[-1]).split()) or "bao-cao"
        name, _ = QFileDialog.getSaveFileName(self, "Lưu bản PDF", str(Path.home() / f"{stem}.pdf"),
                                              "Tệp PDF (*.pdf)")
        if not name:
            return
        target = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            shutil.copyfile(self.pdf, target)
        except OSError as exc:
            QMessageBox.warning(self, "Không lưu được", f"Không ghi được {target}: {exc.strerror or exc}.")
            return
        self.state.setText(f"/ {self.count} — đã lưu {target.name}")
