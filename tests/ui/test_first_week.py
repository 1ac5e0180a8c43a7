"""A secretary's first week (issue 13): the keyboard does what the buttons say,
undo keeps its promises, Vietnamese everywhere. Driven by keys and clicks
through the real main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QToolButton,
)

from desktop.core import changes, deeds, people, reviews, units, yearend, years
from desktop.core.errors import UserError
from desktop.core.people import PersonFilter
from desktop.ui import qt_vietnamese, walkthrough
from desktop.ui.main_window import MainWindow
from desktop.ui.members.person_dialog import PersonDialog
from desktop.ui.prefs import Prefs
from desktop.ui.screens import SCREENS
from desktop.ui.widgets.basic import label_key
from desktop.ui.yearend.yearend_model import CRITERION
from tests.ui.typing import type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Dung"]


@pytest.fixture
def branch(ops) -> dict[str, int]:
    unit = next(u.id for u in units.list_units(ops.db) if u.kind == "chi_bo")  # the one each screen opens on
    ids = {"unit": unit}
    for name in NAMES:
        ids[name.split()[-1]] = people.add_person(ops.db, {
            "full_name": name, "unit_id": unit, "kind": "dang_vien", "joined_date": "19/05/2010",
        }).inserted_id("people")
    return ids


@pytest.fixture
def window(ops, qtbot, qapp, tmp_path, branch) -> MainWindow:
    """The window on a file with three people in the chi bộ each screen opens on."""
    qt_vietnamese.install(qapp)
    shown = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    with qtbot.waitActive(shown):
        shown.activateWindow()
    shown.nav.setFocus()  # where the cursor is after a click on the left list
    return shown


def go(qtbot, window: MainWindow, number: int) -> None:
    qtbot.keyClick(window.focusWidget() or window, Qt.Key(Qt.Key.Key_0 + number), ALT)


def focused():
    return QApplication.focusWidget()


# --- the keyboard does what the buttons say ------------------------------------------------------
def test_ctrl_n_adds_a_person_and_no_key_is_bound_twice_on_any_screen(window, qtbot, branch, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(PersonDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    go(qtbot, window, 2)
    members = window.screen_at(1)
    qtbot.mouseClick(members.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=members.view.visualRect(members.model.index(0, 0)).center())
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)  # Qt warned "Ambiguous shortcut overload" and did nothing
    assert opened == ["Thêm người"]
    new_file = next(a for a in window.findChildren(QAction) if a.text() == "Tạo tệp mới…")
    assert new_file.shortcut() == QKeySequence("Ctrl+Shift+N")
    for number in range(1, len(SCREENS) + 1):
        go(qtbot, window, number)
        assert walkthrough.ambiguous_shortcuts(window, SCREENS[number - 1][0]) == []


def test_the_check_finds_two_actions_on_one_key(window, qtbot):
    go(qtbot, window, 2)
    twice = QShortcut(QKeySequence("Ctrl+N"), window)  # a window-wide Ctrl+N beside the screen's own
    found = walkthrough.ambiguous_shortcuts(window)
    assert len(found) == 1 and found[0].startswith("Ctrl+N: ")
    twice.setEnabled(False)
    assert walkthrough.ambiguous_shortcuts(window) == []


def test_alt_number_puts_the_cursor_where_work_starts(window, qtbot, ops, branch):
    go(qtbot, window, 2)
    members = window.screen_at(1)
    assert focused() is members.search
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL)
    type_text(qtbot, focused(), "dung")
    assert members.search.text() == "dung"
    assert [members.model.person(r).full_name for r in range(members.model.rowCount())] == ["Lê Thị Dung"]

    go(qtbot, window, 4)
    review_screen = window.screen_at(3)
    assert focused() is review_screen.grid and review_screen.grid.currentIndex().isValid()
    row = review_screen.grid.currentIndex().row()
    person = review_screen.model.review(row)
    qtbot.keyClick(focused(), Qt.Key.Key_T)
    month = review_screen.month
    stored = {r.person_id: r.level for r in reviews.month_grid(ops.db, 2026, month, review_screen.unit_id)}
    assert stored[person.person_id] == "tot"

    go(qtbot, window, 5)
    assert focused() is window.screen_at(4).grid
    go(qtbot, window, 3)
    assert focused() is window.screen_at(2).search


def test_every_key_shown_on_a_button_or_menu_is_in_its_tooltip(window, qtbot, branch):
    for number in range(1, len(SCREENS) + 1):
        go(qtbot, window, number)
        screen = window.screen_at(number - 1)
        for button in screen.findChildren(QAbstractButton):
            key = label_key(button)
            if key and button.isVisibleTo(screen):
                assert key in button.toolTip(), (SCREENS[number - 1][0], button.text(), button.toolTip())
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.text():
            assert keys in action.toolTip(), (action.text(), action.toolTip())
    members = window.screen_at(1)
    add = next(b for b in members.findChildren(QAbstractButton) if b.text().startswith("Thêm người"))
    assert add.toolTip() == "Thêm đảng viên hoặc quần chúng (Ctrl+N)"


# --- undo keeps its promises ---------------------------------------------------------------------
def test_ctrl_z_does_not_unlock_a_locked_year(window, qtbot, ops, branch, monkeypatch):
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25})
    asked: list[list[str]] = []

    def answer(box: QMessageBox) -> int:
        asked.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Chốt sổ năm 2026").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: QMessageBox.StandardButton.Ok)
    go(qtbot, window, 5)
    screen = window.screen_at(4)
    qtbot.mouseClick(screen.lock_button, Qt.MouseButton.LeftButton)
    assert sorted(asked[0]) == ["Chốt sổ năm 2026", "Hủy"]
    assert years.is_locked(ops.db, 2026)
    assert window.statusBar().currentMessage() == "Đã lưu: Chốt sổ năm 2026"
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    assert years.is_locked(ops.db, 2026)
    assert ops.db.execute("SELECT count(*) FROM audit_log WHERE label LIKE 'Hoàn tác: Chốt sổ%'").fetchone() == (0,)
    assert "Chốt sổ" not in window.undo_action.text()
    with pytest.raises(UserError, match="không hoàn tác được"):
        changes.undo(ops.db, years.lock_year(ops.db, 2027))


def test_ctrl_z_right_after_enter_takes_back_the_deed_not_the_typing(window, qtbot, ops, branch):
    go(qtbot, window, 3)
    screen = window.screen_at(2)
    screen.select_person(branch["An"])
    panel = screen.person_panel
    panel.content.setFocus()
    type_text(qtbot, panel.content, "Quét ngõ mỗi sáng")
    qtbot.keyClick(panel.content, Qt.Key.Key_Return)
    assert [d.content for d in deeds.person_deeds(ops.db, 2026, branch["An"])] == ["Quét ngõ mỗi sáng"]
    assert window.undo_action.text() == "Hoàn tác: Thêm việc “Quét ngõ mỗi sáng” của Nguyễn Văn An"
    qtbot.keyClick(panel.content, Qt.Key.Key_Z, CTRL)
    assert deeds.person_deeds(ops.db, 2026, branch["An"]) == []
    assert panel.content.text() == "" and panel.model.rowCount() == 0
    qtbot.keyClick(panel.content, Qt.Key.Key_Return)  # Enter on the empty box adds nothing again
    assert deeds.person_deeds(ops.db, 2026, branch["An"]) == []
    # while typing, Ctrl+Z is still the text box's own
    type_text(qtbot, panel.content, "Đọc báo")
    qtbot.keyClick(panel.content, Qt.Key.Key_Z, CTRL)
    assert panel.content.text() == "" and window.redo_action.text().startswith("Làm lại: Thêm việc")


def _undo_redo(window: MainWindow, qtbot, label: str, stored, before, after) -> None:
    assert window.undo_action.text() == f"Hoàn tác: {label}"
    assert window.undo_action.toolTip() == f"Hoàn tác: {label} (Ctrl+Z)"
    assert stored() == after
    bar_buttons = [b for b in window.findChildren(QToolButton) if b.defaultAction() is window.undo_action]
    qtbot.mouseClick(bar_buttons[0], Qt.MouseButton.LeftButton)
    assert stored() == before
    assert window.redo_action.text() == f"Làm lại: {label}"
    # Offscreen, a dialog just closed may stay the active window (a real one gives it back).
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(focused() or window, Qt.Key.Key_Y, CTRL)
    assert stored() == after


def test_undo_and_redo_name_what_they_take_back_on_each_screen(window, qtbot, ops, branch):
    assert window.undo_action.text() == "Hoàn tác" and not window.undo_action.isEnabled()
    # Đảng viên: Ctrl+N, type the name, Enter
    go(qtbot, window, 2)

    def fill_and_save() -> None:  # typed into the dialog while it waits (exec) for the user
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PersonDialog)
        type_text(qtbot, dialog.form.widgets["full_name"], "Hoàng Văn Em")
        qtbot.keyClick(dialog.form.widgets["full_name"], Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_and_save)
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    if not window.isActiveWindow():  # the offscreen platform does not give the window back by itself
        with qtbot.waitActive(window):
            window.activateWindow()

    def names() -> list[str]:
        return sorted(p.full_name for p in people.list_people(ops.db, PersonFilter()))

    _undo_redo(window, qtbot, "Thêm đảng viên Hoàng Văn Em", names, sorted(NAMES), sorted([*NAMES, "Hoàng Văn Em"]))

    # Đăng ký: type a deed, Enter
    go(qtbot, window, 3)
    screen = window.screen_at(2)
    screen.select_person(branch["Bình"])
    type_text(qtbot, screen.person_panel.content, "Trồng cây")
    qtbot.keyClick(screen.person_panel.content, Qt.Key.Key_Return)
    _undo_redo(window, qtbot, "Thêm việc “Trồng cây” của Trần Thị Bình",
               lambda: [d.content for d in deeds.person_deeds(ops.db, 2026, branch["Bình"])], [], ["Trồng cây"])

    # Đánh giá hằng tháng: T on the current cell
    go(qtbot, window, 4)
    review_screen = window.screen_at(3)
    person = review_screen.model.review(review_screen.grid.currentIndex().row())
    qtbot.keyClick(focused(), Qt.Key.Key_T)
    month = review_screen.month

    def level() -> str | None:
        return {r.person_id: r.level for r in reviews.month_grid(ops.db, 2026, month, branch["unit"])}[person.person_id]

    _undo_redo(window, qtbot, f"Đánh giá tháng {month}/2026: {person.full_name}", level, None, "tot")

    # Cuối năm: type points in a criterion, Enter
    go(qtbot, window, 5)
    year_screen = window.screen_at(4)
    year_screen.select_person(branch["An"], CRITERION, "chung")
    type_text(qtbot, year_screen.grid, "2")
    editor = focused()
    type_text(qtbot, editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: year_screen.grid.state() != year_screen.grid.State.EditingState)

    def points() -> dict[str, float]:
        return dict(ops.db.execute("SELECT criterion, points FROM scores WHERE person_id = ? AND year = 2026",
                                   [branch["An"]]).fetchall())

    _undo_redo(window, qtbot, "Chấm điểm năm 2026: Nguyễn Văn An", points, {}, {"chung": 20.0})


# --- Vietnamese everywhere ----------------------------------------------------------------------
def test_no_english_on_any_button_menu_or_title_of_the_window_and_its_dialogs(window, qtbot, branch):
    found: list[str] = []
    visited: list[str] = []
    for number, (title, _build) in enumerate(SCREENS, start=1):
        go(qtbot, window, number)
        found += walkthrough.english_texts(window, title)
        found += walkthrough.ambiguous_shortcuts(window, title)

    def seen(name: str, dialog) -> None:
        visited.append(name)
        found.extend(walkthrough.english_texts(dialog, name) + walkthrough.ambiguous_shortcuts(dialog, name))

    walkthrough.visit_dialogs(window, seen)
    assert found == []
    # every dialog class of the program was opened, with the program's own questions and Qt's pieces
    dialog_classes = {cls.__name__ for cls in _subclasses(QDialog) if cls.__module__.startswith("desktop.ui.")}
    assert dialog_classes <= set(visited), dialog_classes - set(visited)
    assert {"QMessageBox “Xóa người”", "QMessageBox “Chốt sổ năm 2026”", "QFileDialog",
            "Menu chuột phải của QLineEdit", "QMessageBox (nút chuẩn)"} <= set(visited)
    assert people.count_people(window.ops.db, PersonFilter()) == len(NAMES)  # nothing was changed
    assert not years.is_locked(window.ops.db, 2026)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_the_check_finds_english_and_qt_speaks_vietnamese(window, qtbot, qapp):
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "…",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Ok)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Có", "Hủy", "Không", "Đồng ý"]
    edit = QLineEdit("chữ", window)
    menu = edit.createStandardContextMenu()
    assert [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()] == [
        "Hoàn tác", "Làm lại", "Cắt", "Chép", "Dán", "Xóa", "Chọn tất cả"]
    assert "Ctrl+Z" in menu.actions()[0].text()  # key names are Qt's own, untouched
    qapp.removeTranslator(qapp.findChild(qt_vietnamese.VietnameseQt))
    english = QMessageBox(QMessageBox.Icon.Question, "Open", "…",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert walkthrough.english_texts(english) == ["No", "Open", "Yes"]
    qt_vietnamese.install(qapp)


def test_the_view_menu_shows_the_ampersand_and_the_questions_name_their_buttons(window, qtbot, branch, monkeypatch):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Xem")
    entry = next(a for a in view_menu.actions() if "quần chúng" in a.text())
    assert entry.text() == "Đảng viên && quần chúng"  # shown as "Đảng viên & quần chúng", no mnemonic
    asked: list[list[str]] = []

    def keep(box: QMessageBox) -> int:
        asked.append(sorted(b.text() for b in box.buttons()))
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", keep)
    go(qtbot, window, 2)
    members = window.screen_at(1)
    members.view.setFocus()
    members.view.setCurrentIndex(members.model.index(0, 0))
    qtbot.keyClick(members.view, Qt.Key.Key_Delete)
    assert asked == [["Giữ lại", "Xóa người này"]]
    assert people.count_people(window.ops.db, PersonFilter()) == len(NAMES)
