"""The window fits the screen it opens on, and nothing in it is cut off (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize

from desktop.core import db as dbmod
from desktop.core import people, units, years
from desktop.core.clock import SystemClock
from desktop.ui.app import make_app
from desktop.ui.main_window import MainWindow
from desktop.ui.members.units_dialog import UnitsDialog
from desktop.ui.operations import Operations
from desktop.ui.prefs import Prefs
from desktop.ui.screens import SCREENS
from desktop.ui.widgets.fit import cut_off
from desktop.ui.yearend.yearend_view import YearEndView

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less the Windows taskbar


@pytest.fixture(autouse=True)
def styled(qapp):
    """The program's own look (its larger font is what has to fit)."""
    make_app()
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def prefs(tmp_path) -> Prefs:
    return Prefs(tmp_path / "prefs.json")


def reopened(tmp_path) -> Operations:
    """The demo file opened again (closing the window closes its file)."""
    return Operations(dbmod.open_db(tmp_path / "demo.sqlite"), clock=SystemClock())


def open_window(ops, prefs, qtbot, tmp_path, available: QRect = LAPTOP) -> MainWindow:
    window = MainWindow(ops, tmp_path / "demo.sqlite", prefs, year=2026)
    qtbot.addWidget(window)
    window.show_placed(available)
    return window


def test_the_window_opens_maximised_the_first_time(demo_ops, prefs, qtbot, tmp_path) -> None:
    window = open_window(demo_ops, prefs, qtbot, tmp_path)
    assert window.isMaximized()


def test_the_window_comes_back_where_it_was_left_but_never_bigger_than_the_screen(
        demo_ops, prefs, qtbot, tmp_path) -> None:
    window = open_window(demo_ops, prefs, qtbot, tmp_path)
    window.showNormal()
    window.setGeometry(QRect(40, 30, 1100, 650))
    window.close()
    assert prefs.window_place == {"x": 40, "y": 30, "width": 1100, "height": 650, "maximized": False}

    again = open_window(reopened(tmp_path), Prefs(prefs.path), qtbot, tmp_path)
    assert not again.isMaximized()
    assert (again.geometry().width(), again.geometry().height()) == (1100, 650)
    again.close()

    small = QRect(0, 0, 1024, 700)
    third = open_window(reopened(tmp_path), Prefs(prefs.path), qtbot, tmp_path, small)
    assert small.contains(third.geometry())


@pytest.mark.parametrize("size", [QSize(1366, 728), QSize(1024, 700)], ids=["1366x768", "1024x700"])
def test_every_screen_is_usable_with_nothing_cut_off(demo_ops, prefs, qtbot, tmp_path, size) -> None:
    window = open_window(demo_ops, prefs, qtbot, tmp_path, QRect(0, 0, size.width(), size.height()))
    window.showNormal()
    window.resize(size)
    problems: list[str] = []
    for title, _build in SCREENS:
        window.show_screen(title)
        qtbot.wait(0)
        problems += cut_off(window, size, title)
    assert problems == [], "\n".join(problems)


def test_the_quota_line_says_nobody_is_rated_yet(ops, qtbot) -> None:
    years.ensure_year(ops.db, 2026)
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    people.add_person(ops.db, {"full_name": "Nguyễn Văn An", "unit_id": unit, "kind": "dang_vien",
                               "joined_date": "19/05/2010"})
    view = YearEndView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    view.unit_box.setCurrentIndex(view.unit_box.findData(units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id))
    strip = view.quota_panel.strip.text()
    assert "Chưa có ai được xếp loại" in strip
    assert "—" not in strip.split(":", 1)[1]


def test_the_units_dialog_shows_each_units_kind_whole(demo_ops, qtbot) -> None:
    dialog = UnitsDialog(demo_ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(0)
    header = dialog.tree.header()
    assert header.sectionViewportPosition(1) + header.sectionSize(1) <= dialog.tree.viewport().width()
    assert header.sectionSize(1) >= dialog.tree.sizeHintForColumn(1)
    assert cut_off(dialog, QSize(1024, 700)) == []
