"""Trợ giúp → Hướng dẫn sử dụng: F1 opens the guide at the section of the screen in use (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextImageFormat

from desktop.ui.guide import GUIDE
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs
from desktop.ui.screens import SCREENS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "huong-dan-su-dung.md"


def open_window(ops, qtbot, tmp_path) -> MainWindow:
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def test_f1_opens_the_guide_at_the_section_of_the_current_screen(ops, qtbot, tmp_path) -> None:
    window = open_window(ops, qtbot, tmp_path)
    screen = window.show_screen("Đánh giá hằng tháng")
    qtbot.keyClick(screen, Qt.Key.Key_F1)
    guide = window.guide
    assert guide is not None and guide.isVisible()
    qtbot.waitExposed(guide)
    assert guide.current_heading() == "Đánh giá hằng tháng"
    guide.close()
    window.show_screen("Cuối năm")
    window.open_guide()
    assert guide.current_heading() == "Cuối năm"


def test_the_guide_covers_every_screen_the_year_backups_trouble_and_shortcuts(ops, qtbot, tmp_path) -> None:
    window = open_window(ops, qtbot, tmp_path)
    headings = window.open_guide().headings()
    for title, _build in SCREENS:
        assert title in headings
    for section in ("Bắt đầu", "Gửi lên cấp trên và tổng hợp", "Sao lưu và khôi phục", "Khi có sự cố", "Phím tắt"):
        assert section in headings
    text = window.guide.browser.toPlainText()
    assert "Ctrl+Shift+B" in text and "F1" in text


def test_every_picture_of_the_guide_is_there_and_shown(ops, qtbot, tmp_path) -> None:
    pictures = re.findall(r"\]\(([^)]+\.png)\)", GUIDE.read_text(encoding="utf-8"))
    assert len(pictures) == len(SCREENS)
    for name in pictures:
        assert (GUIDE.parent / name).stat().st_size < 120_000, name  # small enough to bundle
    window = open_window(ops, qtbot, tmp_path)
    document = window.open_guide().browser.document()
    shown = [fmt for block in _blocks(document) for fmt in _images(block)]
    assert len(shown) == len(pictures)
    for image in shown:
        assert document.resource(document.ResourceType.ImageResource.value, image.name()) is not None


def test_the_docs_copy_is_the_guide_with_its_pictures_linked(tmp_path) -> None:
    bundled = GUIDE.read_text(encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == re.sub(r"\]\((\d\d-[a-z-]+\.png)\)", r"](../resources/guide/\1)",
                                                      bundled)


def _blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _images(block):
    fragments = block.begin()
    while not fragments.atEnd():
        image = fragments.fragment().charFormat().toImageFormat()
        if image.isValid():
            yield QTextImageFormat(image)
        fragments += 1
