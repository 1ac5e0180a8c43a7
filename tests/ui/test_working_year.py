"""The working year is a record of the data file, shown by the window; the PC's prefs do not keep it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from desktop.core import settings
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs
from desktop.ui.reviews.reviews_view import default_month


def _window(ops, qtbot, tmp_path, prefs_name: str = "prefs.json") -> MainWindow:
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / prefs_name))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


@pytest.mark.today("2026-11-23")
def test_choosing_a_year_stores_it_in_the_file_and_undo_puts_it_back(ops, qtbot, tmp_path):
    window = _window(ops, qtbot, tmp_path)
    assert window.year == 2026 and window.year_box.currentData() == 2026  # newfile stored 2026
    window.year_box.setFocus()
    qtbot.keyClick(window.year_box, Qt.Key.Key_Down)  # 2027 is offered from November on
    assert window.year == 2027 and settings.get(ops.db, "working_year") == 2027
    prefs = tmp_path / "prefs.json"
    assert not prefs.exists() or "years" not in json.loads(prefs.read_text(encoding="utf-8"))
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert settings.get(ops.db, "working_year") == 2026
    assert window.year == 2026 and window.year_box.currentData() == 2026
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.year == 2027 and window.year_box.currentData() == 2027
    window.hide()
    # Another PC (other prefs) opening the file works on the same year.
    other = _window(ops, qtbot, tmp_path, "other-prefs.json")
    assert other.year == 2027 and other.year_box.currentData() == 2027

@pytest.mark.date_sensitive
def test_the_reviews_screen_opens_on_the_clocks_month(ops, qtbot, tmp_path, today: dt.date):
    window = _window(ops, qtbot, tmp_path)
    screen = window.show_screen("Đánh giá hằng tháng")
    assert screen.month_box.currentIndex() + 1 == default_month(window.year, today)
    offered = {window.year_box.itemData(i) for i in range(window.year_box.count())}
    assert today.year in offered and (today.year + 1 in offered) == (today.month >= 11)
