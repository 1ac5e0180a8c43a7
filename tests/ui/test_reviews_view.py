"""Đánh giá hằng tháng: filling a month by keyboard, pasting, the meeting, year views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.core import deeds, people, reviews, units, years
from desktop.core.reviews import ReviewEdit
from desktop.ui.reviews.meeting_dialog import AttendanceModel, MeetingDialog
from desktop.ui.reviews.review_year_model import QuarterReviewModel, YearReviewModel
from desktop.ui.reviews.reviews_model import LEVEL, NOTE, REMINDED, MonthReviewModel
from desktop.ui.reviews.reviews_view import ReviewsView, default_month
from tests.ui.typing import type_text

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]  # already in name order


@pytest.fixture
def branch(ops) -> dict[str, int]:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = {"unit": unit}
    for name in NAMES:
        ids[name.split()[-1]] = people.add_person(ops.db, {"full_name": name, "unit_id": unit}).inserted_id("people")
    return ids


def stored(ops, unit: int, month: int) -> dict[str, tuple]:
    return {r.full_name.split()[-1]: (r.level, r.commended, r.reminded, r.note)
            for r in reviews.month_grid(ops.db, 2026, month, unit)}


def open_view(ops, qtbot, month: int) -> ReviewsView:
    view = ReviewsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.month_box.setCurrentIndex(month - 1)
    view.unit_box.setCurrentIndex(view.unit_box.findData(units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id))
    view.grid.setFocus()
    view.grid.setCurrentIndex(view.model.index(0, LEVEL))
    return view


def type_into_cell(qtbot, grid, text: str) -> None:
    """The first key opens the cell's editor, the rest go to the editor, as when typing."""
    type_text(qtbot, grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid
    type_text(qtbot, editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_a_month_is_filled_by_keyboard_alone(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 3)
    grid = view.grid
    assert [view.model.review(r).full_name for r in range(4)] == NAMES
    qtbot.keyClick(grid, Qt.Key.Key_T)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    type_text(qtbot, grid, "Đ")
    qtbot.keyClick(grid, Qt.Key.Key_B)
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # Enter moves down too
    qtbot.keyClick(grid, Qt.Key.Key_C)
    qtbot.keyClick(grid, Qt.Key.Key_N)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_D)
    qtbot.keyClick(grid, Qt.Key.Key_B)
    qtbot.keyClick(grid, Qt.Key.Key_B)  # B again takes the commendation back
    assert stored(ops, branch["unit"], 3) == {
        "An": ("tot", False, False, None), "Bình": ("dat", True, False, None),
        "Cường": ("chua_dat", False, True, None), "Dung": ("dat", False, False, None),
    }
    assert view.model.data(view.model.index(1, LEVEL)) == "Đạt"
    assert view.coverage.text() == "Tháng 3/2026: đã đánh giá 4/4 người."
    assert ops.undo_stack.count() == 8  # one step per key that changed something
    # the note: move to Ghi chú, type, Enter stores it and goes down a row
    grid.setCurrentIndex(view.model.index(2, NOTE))
    type_into_cell(qtbot, grid, "Chưa nộp đảng phí")
    qtbot.waitUntil(lambda: grid.currentIndex().row() == 3)
    assert stored(ops, branch["unit"], 3)["Cường"] == ("chua_dat", False, True, "Chưa nộp đảng phí")
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    grid.setCurrentIndex(view.model.index(0, LEVEL))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert stored(ops, branch["unit"], 3)["An"] == (None, False, False, None)
    assert view.coverage.text() == "Tháng 3/2026: đã đánh giá 3/4 người; chưa đánh giá: Nguyễn Văn An."


def test_a_level_key_applies_to_every_selected_row_as_one_undo(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 4)
    qtbot.keyClick(view.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.grid, Qt.Key.Key_T)
    assert [v[0] for v in stored(ops, branch["unit"], 4).values()] == ["tot", "tot", "tot", None]
    ops.undo_stack.undo()
    assert all(v[0] is None for v in stored(ops, branch["unit"], 4).values())


def test_a_block_copied_from_excel_is_pasted_as_one_step(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 5)
    QGuiApplication.clipboard().setText("Tốt\tx\t\tGương mẫu\r\nĐ\t\t\t\r\nchưa đạt\t\tX\tVắng 2 buổi\r\n")
    qtbot.keyClick(view.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert stored(ops, branch["unit"], 5) == {
        "An": ("tot", True, False, "Gương mẫu"), "Bình": ("dat", False, False, None),
        "Cường": ("chua_dat", False, True, "Vắng 2 buổi"), "Dung": (None, False, False, None),
    }
    assert ops.undo_stack.count() == 1
    assert ops.undo_stack.undoText() == "Đánh giá tháng 5/2026 (3 người)"
    ops.undo_stack.undo()
    assert all(v == (None, False, False, None) for v in stored(ops, branch["unit"], 5).values())


def test_a_bad_pasted_cell_is_named_and_nothing_is_written(ops, qtbot, branch, messages) -> None:
    view = open_view(ops, qtbot, 5)
    QGuiApplication.clipboard().setText("T\tx\nKhá\t\nĐ\tcó lẽ\n")
    qtbot.keyClick(view.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(messages) == 1
    message = messages[0]
    assert "chưa ghi gì" in message
    assert "Dòng 2 (Trần Thị Bình), cột Mức: “Khá” không phải mức đánh giá" in message
    assert "Dòng 3 (Lê Văn Cường), cột Biểu dương" in message
    assert all(v == (None, False, False, None) for v in stored(ops, branch["unit"], 5).values())
    assert ops.undo_stack.count() == 0


def test_a_block_longer_than_the_list_is_refused(ops, qtbot, branch, messages) -> None:
    view = open_view(ops, qtbot, 5)
    view.grid.setCurrentIndex(view.model.index(3, LEVEL))
    QGuiApplication.clipboard().setText("T\nT\n")
    qtbot.keyClick(view.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "từ dòng 4 trở xuống chỉ còn 1 người" in messages[0]
    assert stored(ops, branch["unit"], 5)["Dung"][0] is None


def test_mark_every_unmarked_row_dat_then_undo_in_one_step(ops, qtbot, branch) -> None:
    reviews.set_reviews(ops.db, 2026, 6, [ReviewEdit(branch["An"], level="tot")])
    view = open_view(ops, qtbot, 6)
    assert "đã đánh giá 1/4 người" in view.coverage.text()
    qtbot.keyClick(view.grid, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [v[0] for v in stored(ops, branch["unit"], 6).values()] == ["tot", "dat", "dat", "dat"]
    assert view.coverage.text() == "Tháng 6/2026: đã đánh giá 4/4 người."
    ops.undo_stack.undo()
    assert [v[0] for v in stored(ops, branch["unit"], 6).values()] == ["tot", None, None, None]
    assert "chưa đánh giá: Trần Thị Bình, Lê Văn Cường, Phạm Thị Dung" in view.coverage.text()


def test_a_person_who_left_in_june_is_not_listed_in_july(ops, qtbot, branch) -> None:
    people.change_status(ops.db, branch["Bình"], "chuyen_di", "15/06/2026")
    view = open_view(ops, qtbot, 6)
    listed = lambda: [view.model.review(r).full_name for r in range(view.model.rowCount())]  # noqa: E731
    assert "Trần Thị Bình" in listed()
    qtbot.keyClick(view.grid, Qt.Key.Key_PageDown)
    assert view.month == 7 and view.heading.text().startswith("Đánh giá hằng tháng — tháng 7/2026")
    assert "Trần Thị Bình" not in listed() and len(listed()) == 3
    qtbot.keyClick(view.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert view.month == 6 and "Trần Thị Bình" in listed()


def test_current_person_stays_selected_when_the_month_changes(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 2)
    view.grid.setCurrentIndex(view.model.index(2, LEVEL))
    qtbot.keyClick(view.grid, Qt.Key.Key_PageUp)
    assert view.month == 1
    assert view.model.review(view.grid.currentIndex().row()).full_name == "Lê Văn Cường"


def test_the_month_opens_on_the_current_month_of_the_working_year() -> None:
    import datetime as dt
    today = dt.date(2026, 11, 23)
    assert (default_month(2026, today), default_month(2025, today), default_month(2027, today)) == (11, 12, 1)


def test_deed_progress_is_typed_in_its_own_column(ops, qtbot, branch) -> None:
    deeds.add_deed(ops.db, 2026, {"content": "Trồng hàng rào xanh"}, person_id=branch["An"])
    view = open_view(ops, qtbot, 4)
    qtbot.keyClick(view.grid, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.model.headerData(7, Qt.Orientation.Horizontal) == "Việc 1"
    assert view.model.data(view.model.index(0, 7)) == "Trồng hàng rào xanh"
    view.grid.setCurrentIndex(view.model.index(0, 7))
    type_into_cell(qtbot, view.grid, "Đã trồng 20 m")
    qtbot.waitUntil(lambda: view.grid.currentIndex().row() == 1)
    row = reviews.month_grid(ops.db, 2026, 4, branch["unit"], with_deeds=True)[0]
    assert row.deeds[0].progress == "Đã trồng 20 m"
    assert view.model.data(view.model.index(0, 7)) == "Trồng hàng rào xanh: Đã trồng 20 m"


def test_locked_year_is_shown_read_only_with_a_notice(ops, qtbot, branch, messages) -> None:
    reviews.set_reviews(ops.db, 2026, 3, [ReviewEdit(branch["An"], level="dat")])
    years.lock_year(ops.db, 2026)
    view = open_view(ops, qtbot, 3)
    assert view.notice.isVisible() and "Năm 2026 đã chốt sổ" in view.notice.text()
    assert not view.mark_button.isEnabled()
    qtbot.keyClick(view.grid, Qt.Key.Key_C)
    view.grid.setCurrentIndex(view.model.index(0, NOTE))
    qtbot.keyClick(view.grid, Qt.Key.Key_A)
    assert view.grid.state() != view.grid.State.EditingState
    assert stored(ops, branch["unit"], 3)["An"] == ("dat", False, False, None)
    assert messages == []


def test_meeting_attendance_is_marked_with_number_keys_and_saved(ops, qtbot, branch) -> None:
    dialog = MeetingDialog(ops, branch["unit"], 2026, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    assert dialog.counts.text() == "Đảng viên có mặt 4/4 (100%) — tổng 4 người"
    type_text(qtbot, dialog.held_on, "07/03/2026")
    type_text(qtbot, dialog.note, "Sinh hoạt chuyên đề")
    dialog.thematic.setFocus()
    qtbot.keyClick(dialog.thematic, Qt.Key.Key_Space)  # a sinh hoạt chuyên đề (Chỉ thị 50)
    dialog.view.setFocus()
    dialog.view.selectRow(1)
    qtbot.keyClick(dialog.view, Qt.Key.Key_2)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_3)
    assert dialog.counts.text() == ("Đảng viên có mặt 2/4 (50%), vắng có lý do 1, vắng không lý do 1 "
                                    "— tổng 4 người")
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    meeting = reviews.get_meeting(ops.db, branch["unit"], 2026, 3)
    assert meeting is not None and meeting.held_on == "2026-03-07" and meeting.note == "Sinh hoạt chuyên đề"
    assert meeting.thematic
    assert meeting.attendance == {branch["An"]: "co_mat", branch["Bình"]: "vang_co_ly_do",
                                  branch["Cường"]: "vang_khong_ly_do", branch["Dung"]: "co_mat"}
    assert dialog.result() == MeetingDialog.DialogCode.Accepted


def test_a_meeting_date_in_another_month_is_shown_under_the_field(ops, qtbot, branch) -> None:
    dialog = MeetingDialog(ops, branch["unit"], 2026, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.held_on, "07/04/2026")
    dialog.save()
    assert "không thuộc tháng 3/2026" in dialog.form.errors["held_on"].text()
    assert reviews.get_meeting(ops.db, branch["unit"], 2026, 3) is None


def test_the_month_line_sums_up_the_meeting(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 3)
    assert "Chưa ghi buổi sinh hoạt tháng 3 của Chi bộ Xóm Đồng" in view.meeting_line.text()
    ops.run(reviews.save_meeting, branch["unit"], 2026, 3, "07/03/2026", None,
            {branch["An"]: "co_mat", branch["Bình"]: "vang_khong_ly_do"})
    assert view.meeting_line.text() == (
        "Buổi sinh hoạt Chi bộ Xóm Đồng: ngày 07/03/2026 — đảng viên có mặt 1/2 (50%), vắng không lý do 1.")
    assert view.model.data(view.model.index(1, 2)) == "Vắng không lý do"


def test_year_view_shows_letters_marks_and_counts(ops, qtbot, branch) -> None:
    for month, level in ((1, "tot"), (2, "dat"), (3, "chua_dat")):
        reviews.set_reviews(ops.db, 2026, month, [ReviewEdit(branch["An"], level=level, commended=month == 1,
                                                             reminded=month == 3)])
    view = open_view(ops, qtbot, 3)
    view.tabs.setCurrentWidget(view.year_tab)
    model = view.year_tab.model
    assert [model.data(model.index(0, c)) for c in (2, 3, 4, 5)] == ["T★", "Đ", "C!", ""]
    assert model.data(model.index(0, 14)) == "1" and model.data(model.index(0, 15)) == "1"
    footer = model.rowCount() - 4
    assert [model.data(model.index(footer + i, 0)) for i in range(4)] == [
        "Trong danh sách", "Đã đánh giá", "Được biểu dương", "Bị nhắc nhở"]
    assert [model.data(model.index(footer + i, 2)) for i in range(4)] == ["4", "1", "1", "0"]  # January
    assert model.data(model.index(footer + 3, 15)) == "1"  # reminders in the year
    # Enter on March of An opens the month grid on An
    view.year_tab.view.setCurrentIndex(model.index(0, 4))
    view.year_tab.view.activated.emit(model.index(0, 4))
    assert view.tabs.currentIndex() == 0 and view.month == 3
    assert view.grid.currentIndex().row() == 0
    view.tabs.setCurrentWidget(view.quarter_tab)
    quarter = view.quarter_tab.model
    assert quarter.data(quarter.index(0, 2)) == "Chưa đạt (1T 1Đ 1C)"


def test_models_keep_the_qt_contract(ops, qtbot, branch, qtmodeltester) -> None:
    deeds.add_deed(ops.db, 2026, {"content": "Trồng cây"}, person_id=branch["An"])
    reviews.set_reviews(ops.db, 2026, 2, [ReviewEdit(branch["An"], level="tot", commended=True, note="Tốt")])
    month = MonthReviewModel(lambda *_: False)
    month.set_rows(reviews.month_grid(ops.db, 2026, 2, branch["unit"], with_deeds=True), deed_columns=True)
    qtmodeltester.check(month)
    year = YearReviewModel()
    year.set_rows(reviews.year_grid(ops.db, 2026, branch["unit"]))
    qtmodeltester.check(year)
    quarter = QuarterReviewModel()
    quarter.set_rows(reviews.quarter_grid(ops.db, 2026, branch["unit"]))
    qtmodeltester.check(quarter)
    attendance = AttendanceModel()
    attendance.set_people([(branch["An"], "Nguyễn Văn An")], {branch["An"]: "mien"})
    qtmodeltester.check(attendance)


def test_the_screen_opens_on_demo_data(demo_ops, qtbot) -> None:
    view = ReviewsView(demo_ops, 2026)
    qtbot.addWidget(view)
    assert view.model.rowCount() > 0
    assert view.coverage.text().startswith(f"Tháng {view.month}/2026: đã đánh giá")


def test_invited_masses_are_counted_apart_from_the_members_rate(ops, qtbot, branch) -> None:
    guest = people.add_person(ops.db, {"full_name": "Đỗ Thị Hà", "unit_id": branch["unit"],
                                       "kind": "quan_chung"}).inserted_id("people")
    dialog = MeetingDialog(ops, branch["unit"], 2026, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.view.setFocus()
    dialog.view.selectRow(0)
    qtbot.keyClick(dialog.view, Qt.Key.Key_2)  # Nguyễn Văn An, excused
    assert dialog.counts.text() == ("Đảng viên có mặt 3/4 (75%), vắng có lý do 1; quần chúng dự 1 "
                                    "— tổng 5 người")
    dialog.save()
    assert reviews.get_meeting(ops.db, branch["unit"], 2026, 3).attendance[guest] == "co_mat"
    view = open_view(ops, qtbot, 3)
    assert view.meeting_line.text().endswith("đảng viên có mặt 3/4 (75%), vắng có lý do 1; quần chúng dự 1.")


def test_contradicting_marks_are_kept_but_shown_in_the_row_and_the_month_line(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot, 3)
    grid = view.grid
    qtbot.keyClick(grid, Qt.Key.Key_T)  # An: Tốt …
    qtbot.keyClick(grid, Qt.Key.Key_N)  # … and nhắc nhở
    assert stored(ops, branch["unit"], 3)["An"] == ("tot", False, True, None)
    reminded = view.model.index(0, REMINDED)
    assert view.model.data(reminded) == "⚠ ✓"
    assert view.model.data(reminded, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Cần xem lại: Nguyễn Văn An xếp Tốt nhưng bị nhắc nhở" in view.model.data(
        reminded, Qt.ItemDataRole.ToolTipRole)
    assert "Cần xem lại: Nguyễn Văn An (xếp Tốt nhưng bị nhắc nhở)" in view.coverage.text()
    grid.setCurrentIndex(view.model.index(1, LEVEL))
    qtbot.keyClick(grid, Qt.Key.Key_B)
    qtbot.keyClick(grid, Qt.Key.Key_N)
    assert stored(ops, branch["unit"], 3)["Bình"] == (None, True, True, None)
    assert "Trần Thị Bình (vừa biểu dương vừa nhắc nhở)" in view.coverage.text()
