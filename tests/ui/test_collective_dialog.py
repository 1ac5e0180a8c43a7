"""Cuối năm → Xếp loại tập thể…: a chi bộ's own year rating, by keyboard, stored, shown, undone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import collectives, people, units, yearend
from desktop.core.collectives import Rating
from desktop.ui.yearend.collective_dialog import CollectiveDialog
from desktop.ui.yearend.yearend_view import YearEndView
from tests.ui.typing import type_text

FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


@pytest.fixture
def branch(ops) -> dict[str, int]:
    """Chi bộ Xóm Đồng: An HTXSNV, Bình HTTNV, Cường disciplined (KHTNV)."""
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = {"unit": unit}
    for name, points, flags in (("Nguyễn Văn An", 93, FULL), ("Trần Thị Bình", 80, {"all_tasks_done": True}),
                                ("Lê Văn Cường", 80, {"all_tasks_done": True, "disciplined": True})):
        person = people.add_person(ops.db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                            "joined_date": "19/05/2010"}).inserted_id("people")
        yearend.set_points(ops.db, 2026, person, {"chung": 25, "nhiem_vu": points - 25})
        yearend.set_flags(ops.db, 2026, person, flags)
        ids[name.split()[-1]] = person
    return ids


def open_view(ops, qtbot) -> YearEndView:
    view = YearEndView(ops, 2026)
    qtbot.addWidget(view)
    view.resize(1366, 728)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.unit_box.setCurrentIndex(view.unit_box.findData(units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id))
    return view


def stored(ops) -> list[tuple]:
    return ops.db.execute("SELECT u.name, r.year, r.level, r.exemplary, r.note FROM unit_ratings r "
                          "JOIN units u ON u.id = r.unit_id ORDER BY r.year").fetchall()


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def test_the_shortcut_opens_the_dialog_on_the_chosen_chi_bo(ops, qtbot, branch, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(CollectiveDialog, "exec", lambda self: opened.append(self.unit.currentText()) or 0)
    view = open_view(ops, qtbot)
    assert view.collective_button.text() == "Xếp loại tập thể (chưa có)…"
    view.grid.setFocus()
    key(qtbot, view.grid, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert opened == ["Chi bộ Xóm Đồng"]


def test_rating_a_chi_bo_by_keyboard_stores_shows_and_undoes(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot)
    dialog = view.collective_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    # What the rating draws on: the members' levels this year.
    figures = dialog.figures.text()
    assert "Đảng viên được xếp loại: 3" in figures
    assert "Hoàn thành xuất sắc nhiệm vụ: 1; Hoàn thành tốt nhiệm vụ: 1; Hoàn thành nhiệm vụ: 0; " \
           "Không hoàn thành nhiệm vụ: 1" in figures
    assert "so với số Hoàn thành tốt nhiệm vụ: 100,0%" in figures
    assert "Bị kỷ luật trong năm: Lê Văn Cường" in figures
    assert not dialog.exemplary.isEnabled()  # tiêu biểu is only among HTXSNV collectives
    # Level by keyboard: the box has the focus; Down moves from "Chưa xếp loại" to HTXSNV.
    assert dialog.focusWidget() is dialog.level
    key(qtbot, dialog.level, Qt.Key.Key_Down)
    assert dialog.level.currentData() == "HTXSNV" and dialog.exemplary.isEnabled()
    key(qtbot, dialog.level, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.exemplary
    key(qtbot, dialog.exemplary, Qt.Key.Key_Space)
    assert dialog.exemplary.isChecked()
    key(qtbot, dialog.exemplary, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.note
    type_text(qtbot, dialog.note, "Theo Quyết định số 20-QĐ/ĐU")
    assert dialog.award.text() == ("Đề nghị khen thưởng: Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc "
                                   "nhiệm vụ tiêu biểu năm 2026")
    # The four earlier years, typed in: each HTXSNV and tiêu biểu.
    key(qtbot, dialog.note, Qt.Key.Key_Tab)
    for row in dialog.earlier:
        assert dialog.focusWidget() is row.level
        key(qtbot, row.level, Qt.Key.Key_Down)
        key(qtbot, row.level, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is row.exemplary
        key(qtbot, row.exemplary, Qt.Key.Key_Space)
        key(qtbot, row.exemplary, Qt.Key.Key_Tab)
    assert "5 năm liền (2022–2026)" in dialog.award.text()
    key(qtbot, dialog.note, Qt.Key.Key_Return)
    assert dialog.result() == CollectiveDialog.DialogCode.Accepted
    assert stored(ops) == [("Chi bộ Xóm Đồng", y, "HTXSNV", 1, None) for y in range(2022, 2026)] + [
        ("Chi bộ Xóm Đồng", 2026, "HTXSNV", 1, "Theo Quyết định số 20-QĐ/ĐU")]
    qtbot.waitUntil(lambda: view.collective_button.text() == "Xếp loại tập thể (HTXSNV, tiêu biểu)…")
    # One undo takes the whole rating back.
    ops.undo_stack.undo()
    assert stored(ops) == []
    qtbot.waitUntil(lambda: view.collective_button.text() == "Xếp loại tập thể (chưa có)…")


def test_a_lower_level_clears_tieu_bieu_and_the_dialog_shows_another_chi_bo(ops, qtbot, branch) -> None:
    collectives.set_rating(ops.db, 2026, units.find_by_name(ops.db, "Chi bộ Xóm Bãi")[0].id, Rating("HTTNV", False, "Khá"))
    view = open_view(ops, qtbot)
    dialog = view.collective_dialog()
    qtbot.addWidget(dialog)
    dialog.level.setCurrentIndex(dialog.level.findData("HTXSNV"))
    dialog.exemplary.setChecked(True)
    dialog.level.setCurrentIndex(dialog.level.findData("HTTNV"))
    assert not dialog.exemplary.isChecked() and not dialog.exemplary.isEnabled()
    assert dialog.award.text() == "Đề nghị khen thưởng: Không đề nghị"
    dialog.unit.setCurrentIndex(dialog.unit.findText("Chi bộ Xóm Bãi"))
    assert dialog.level.currentData() == "HTTNV" and dialog.note.text() == "Khá"
    assert "Đảng viên được xếp loại: 0" in dialog.figures.text()
