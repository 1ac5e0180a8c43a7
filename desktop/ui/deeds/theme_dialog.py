"""Chuyên đề năm: the year's theme and the term's theme."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import years
from desktop.ui.operations import Operations
from desktop.ui.widgets.form import save_buttons


class ThemeDialog(QDialog):
    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year = ops, year
        self.setWindowTitle(f"Chuyên đề năm {year}")
        self.resize(560, 320)
        found = years.get_year(ops.db, year)
        self.theme = QPlainTextEdit(found.theme if found and found.theme else "")
        self.theme.setObjectName("theme")
        self.theme.setTabChangesFocus(True)
        self.term = QPlainTextEdit(found.term_theme if found and found.term_theme else "")
        self.term.setObjectName("term_theme")
        self.term.setTabChangesFocus(True)
        buttons = save_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Chuyên đề năm {year} (do cấp ủy chọn):"))
        layout.addWidget(self.theme)
        layout.addWidget(QLabel("Chuyên đề toàn khóa:"))
        layout.addWidget(self.term)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.ops.run(years.set_theme, self.year, self.theme.toPlainText(), self.term.toPlainText()) is not None:
            self.accept()
