"""Trợ giúp → Hướng dẫn sử dụng (F1): the Vietnamese guide, opened at the current screen's section.

The guide is Markdown bundled in resources/guide/ with its screenshots
(taken with `selftest --screenshots`); docs/huong-dan-su-dung.md is the same
text for reading outside the program.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.ui.resources import RESOURCES

GUIDE = RESOURCES / "guide" / "huong-dan-su-dung.md"
IMAGE_WIDTH = 720  # pixels: the pictures are 1024 wide, shown smaller beside the text


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, path: Path = GUIDE) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng — Sổ Làm theo Bác")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        self._shrink_pictures()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng (Esc)")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        available = (parent.screen() if parent else self.screen()).availableGeometry()
        self.resize(min(900, available.width() - 40), min(760, available.height() - 60))

    def _shrink_pictures(self) -> None:
        cursor = QTextCursor(self.browser.document())
        block = self.browser.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image.isValid() and not image.width():
                    image.setWidth(IMAGE_WIDTH)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
                fragments += 1
            block = block.next()

    def headings(self) -> list[str]:
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel():
                found.append(block.text())
            block = block.next()
        return found

    def show_section(self, heading: str) -> bool:
        """Scroll so that the section titled `heading` starts at the top; False if there is none."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.text() == heading:
                bar = self.browser.verticalScrollBar()
                bar.setValue(bar.maximum())  # from the bottom, the section is scrolled up to the top
                self.browser.setTextCursor(QTextCursor(block))
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def current_heading(self) -> str:
        """The heading of the section shown at the top (what F1 opened)."""
        block = self.browser.cursorForPosition(self.browser.viewport().rect().topLeft()).block()
        while block.isValid() and not block.blockFormat().headingLevel():
            block = block.previous()
        return block.text() if block.isValid() else ""

