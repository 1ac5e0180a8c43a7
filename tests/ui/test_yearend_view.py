"""Cuối năm: points by keyboard, reasons, suggestions, level decisions, quota, chốt sổ."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core import deeds, people, reviews, rules, units, yearend, years
from desktop.core.errors import LockedYearError
from desktop.core.reviews import ReviewEdit
from desktop.ui.yearend import yearend_view
from desktop.ui.yearend.level_dialog import LevelDialog
from desktop.ui.yearend.not_rated_tab import NotRatedModel
from desktop.ui.yearend.quota_panel import QuotaModel
from desktop.ui.yearend.year_lock import UnlockDialog
from desktop.ui.yearend.yearend_model import (
    CRITERION,
    FINAL,
    FLAG,
    FORM,
    MANUAL,
    PROPOSED,
    QUARTERS,
    STREAK,
    TASK,
    TITLE,
    TOTAL,
)
from desktop.ui.yearend.yearend_view import YearEndView
from tests.ui.typing import type_text

FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


@pytest.fixture
def branch(ops) -> dict[str, int]:
    """Chi bộ Xóm Đồng with two members (An, Bình) joined long ago."""
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = {"unit": unit}
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        ids[name.split()[-1]] = people.add_person(ops.db, {
            "full_name": name, "unit_id": unit, "kind": "dang_vien", "joined_date": "19/05/2010",
        }).inserted_id("people")
    # Emulation titles are off by default for members outside the state system (form 2C); this chi bộ proposes them.
    yearend.set_unit_year(ops.db, 2026, unit, titles_enabled=True)
    return ids


def open_view(ops, qtbot, unit_name: str = "Chi bộ Xóm Đồng", year: int = 2026) -> YearEndView:
    view = YearEndView(ops, year)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.unit_box.setCurrentIndex(view.unit_box.findData(units.find_by_name(ops.db, unit_name)[0].id))
    view.grid.setFocus()
    return view


def cell(view: YearEndView, person_id: int, kind: str, key: str = "") -> str:
    index = view.model.index(view.model.row_of(person_id), view.model.column_of(kind, key))
    return view.model.data(index)


def type_into_cell(qtbot, grid, text: str) -> None:
    """The first key opens the cell's editor, the rest go to the editor, then Enter, as when typing."""
    type_text(qtbot, grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid
    type_text(qtbot, editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop, as it does for a person typing.
    qtbot.waitUntil(lambda: grid.state() != grid.State.EditingState)


def stored_points(ops, person_id: int) -> dict[str, float]:
    return dict(ops.db.execute("SELECT criterion, points FROM scores WHERE person_id = ? AND year = 2026",
                               [person_id]).fetchall())


def stored_result(ops, person_id: int, *columns: str) -> tuple:
    row = ops.db.execute(f"SELECT {', '.join(columns)} FROM year_results WHERE person_id = ? AND year = 2026",
                         [person_id]).fetchone()
    return tuple(row) if row else (None,) * len(columns)


def test_typed_points_update_total_level_and_reasons_and_are_stored(ops, qtbot, branch) -> None:
    view = open_view(ops, qtbot)
    assert view.tabs.tabText(0) == "Xếp loại đảng viên (2)"
    assert cell(view, branch["An"], PROPOSED) == "chưa chấm"
    view.select_person(branch["An"], CRITERION, "chung")
    type_into_cell(qtbot, view.grid, "28")
    qtbot.waitUntil(lambda: view.grid.currentIndex().row() == 1)  # Enter stored it and went down
    view.select_person(branch["An"], CRITERION, "nhiem_vu")
    type_into_cell(qtbot, view.grid, "64,5")
    assert stored_points(ops, branch["An"]) == {"chung": 28.0, "nhiem_vu": 64.5}
    assert cell(view, branch["An"], TOTAL) == "92,5"
    assert cell(view, branch["An"], PROPOSED) == "HTTNV"  # 92,5 points, but no HTXSNV condition ticked
    view.select_person(branch["An"], CRITERION, "nhiem_vu")
    reasons = view.detail.reasons.text()
    assert "Tổng 92,5 điểm, từ 90 điểm trở lên." in reasons
    assert "Chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ: chưa hoàn thành 100% chỉ tiêu, nhiệm vụ" in reasons
    # Space ticks the three conditions, one after the other (Tab moves right)
    view.select_person(branch["An"], FLAG, "all_tasks_done")
    for _ in range(3):
        qtbot.keyClick(view.grid, Qt.Key.Key_Space)
        qtbot.keyClick(view.grid, Qt.Key.Key_Tab)
    assert stored_result(ops, branch["An"], "all_tasks_done", "beyond_30", "shortcomings_fixed") == (1, 1, 1)
    assert cell(view, branch["An"], PROPOSED) == "HTXSNV" and cell(view, branch["An"], FINAL) == "HTXSNV"
    assert cell(view, branch["An"], TITLE) == "CSTĐCS"
    assert "Đủ các điều kiện" in view.detail.reasons.text()
    assert ops.undo_stack.count() == 5  # one step per stored cell
    ops.undo_stack.undo()
    assert cell(view, branch["An"], PROPOSED) == "HTTNV"


def test_points_over_the_maximum_show_the_message_and_store_nothing(ops, qtbot, branch, messages) -> None:
    view = open_view(ops, qtbot)
    view.select_person(branch["Bình"], CRITERION, "chung")
    type_into_cell(qtbot, view.grid, "31")
    assert view.grid_error.isVisible()
    assert view.grid_error.text() == (
        "Điểm tiêu chí “Tiêu chí chung” của Trần Thị Bình phải từ 0 đến 30 (đã nhập 31).")
    assert view.grid.currentIndex().row() == view.model.row_of(branch["Bình"])  # stays on the cell to retype
    assert stored_points(ops, branch["Bình"]) == {}
    assert ops.undo_stack.count() == 0 and messages == []
    type_into_cell(qtbot, view.grid, "30")
    assert stored_points(ops, branch["Bình"]) == {"chung": 30.0}
    assert not view.grid_error.isVisible()
    view.select_person(branch["Bình"], CRITERION, "chung")
    type_into_cell(qtbot, view.grid, "27,5")  # typing over a stored number replaces it
    assert stored_points(ops, branch["Bình"]) == {"chung": 27.5}


def test_delete_clears_the_points_of_a_cell(ops, qtbot, branch) -> None:
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25, "nhiem_vu": 60})
    view = open_view(ops, qtbot)
    view.select_person(branch["An"], CRITERION, "nhiem_vu")
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert stored_points(ops, branch["An"]) == {"chung": 25.0}
    assert "Chưa nhập điểm tiêu chí: Kết quả thực hiện nhiệm vụ" in view.detail.reasons.text()


def test_a_level_away_from_the_proposal_cannot_be_saved_without_a_reason(ops, qtbot, branch) -> None:
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25, "nhiem_vu": 55})
    view = open_view(ops, qtbot)
    view.select_person(branch["An"], FINAL)
    dialog = view.level_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.isEnabled()  # the proposal itself needs no reason
    dialog.level.setCurrentIndex(dialog.level.findData("HTNV"))
    assert not dialog.save_button.isEnabled()
    assert "cần ghi rõ lý do" in dialog.hint.text()
    type_text(qtbot, dialog.reason, "   ")
    assert not dialog.save_button.isEnabled()
    assert stored_result(ops, branch["An"], "final_level") == (None,)


def test_a_level_with_a_reason_is_stored_marked_and_kept_in_the_audit_log(ops, qtbot, branch) -> None:
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25, "nhiem_vu": 55})
    view = open_view(ops, qtbot)
    view.select_person(branch["An"], FINAL)
    dialog = view.level_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.level.setCurrentIndex(dialog.level.findData("HTNV"))
    type_text(qtbot, dialog.reason, "Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2026")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == LevelDialog.DialogCode.Accepted
    assert stored_result(ops, branch["An"], "final_level", "override_reason") == (
        "HTNV", "Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2026")
    logged = ops.db.execute("SELECT reason, after FROM audit_log WHERE table_name = 'year_results' "
                            "ORDER BY id DESC LIMIT 1").fetchone()
    assert logged[0] == "Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2026"
    assert json.loads(logged[1])["final_level"] == "HTNV"
    assert cell(view, branch["An"], PROPOSED) == "HTTNV" and cell(view, branch["An"], FINAL) == "HTNV ✎"
    assert "Lý do: Theo Quyết định số 15-QĐ/ĐU" in view.detail.reasons.text()


def test_enter_on_the_final_level_opens_the_decision_dialog(ops, qtbot, branch, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(LevelDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    view = open_view(ops, qtbot)
    view.select_person(branch["Bình"], FINAL)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    qtbot.keyClick(view.grid, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Mức xếp loại năm 2026 — Trần Thị Bình"] * 2


def test_suggested_points_are_explained_and_used_or_kept(ops, qtbot, branch) -> None:
    for outcome in ("vuot_muc", "hoan_thanh"):
        deeds.add_deed(ops.db, 2026, {"content": f"Việc {outcome}"}, person_id=branch["An"])
        deed = deeds.person_deeds(ops.db, 2026, branch["An"])[-1]
        deeds.update_deed(ops.db, deed.id, {"outcome": outcome})
    for month in range(1, 11):
        reviews.set_reviews(ops.db, 2026, month, [ReviewEdit(branch["An"], level="tot")])
    view = open_view(ops, qtbot)
    view.select_person(branch["An"], CRITERION, "nhiem_vu")
    # deeds (100 + 90) / 2 = 95 %, reviews 100 %: mean 97,5 % × 70 = 68,25 → 68,5
    assert "Gợi ý “Kết quả thực hiện nhiệm vụ”: 68,5 điểm" in view.detail.suggestion.text()
    assert "điểm đang nhập: chưa nhập" in view.detail.suggestion.text()
    assert ("Đánh giá quý (theo số tháng được đánh giá): quý I Tốt (3 tháng), quý II Tốt (3 tháng), "
            "quý III Tốt (3 tháng), quý IV Tốt (1 tháng) → 100%") in view.detail.derivation.text()
    qtbot.mouseClick(view.detail.keep_button, Qt.MouseButton.LeftButton)
    assert "đã chọn giữ điểm đã nhập" in view.detail.suggestion.text()
    assert not view.detail.keep_button.isEnabled() and stored_points(ops, branch["An"]) == {}
    qtbot.keyClick(view.grid, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert stored_points(ops, branch["An"]) == {"nhiem_vu": 68.5}
    assert cell(view, branch["An"], CRITERION, "nhiem_vu") == "68,5"
    assert "điểm đã nhập trùng với gợi ý" in view.detail.suggestion.text()
    assert not view.detail.use_button.isEnabled()


def test_not_rated_members_are_listed_apart_with_why(ops, qtbot, branch) -> None:
    unit = branch["unit"]
    people.change_status(ops.db, branch["Bình"], "mien_sinh_hoat", "01/03/2026")
    people.add_person(ops.db, {"full_name": "Lê Văn Cường", "unit_id": unit, "kind": "dang_vien",
                               "joined_date": "02/09/2026"})
    people.add_person(ops.db, {"full_name": "Phạm Thị Dung", "unit_id": unit, "kind": "quan_chung"})
    view = open_view(ops, qtbot)
    assert view.tabs.tabText(0) == "Xếp loại đảng viên (1)"
    assert view.tabs.tabText(1) == "Không xếp loại (2)"
    model = view.not_rated_model
    rows = {model.data(model.index(r, 0)): model.data(model.index(r, 2)) for r in range(model.rowCount())}
    assert rows == {
        "Trần Thị Bình": "Không xếp loại: miễn công tác và sinh hoạt đảng (tính đến 31/12/2026).",
        "Lê Văn Cường": "Vào Đảng ngày 02/09/2026, chưa đủ 6 tháng tính đến 31/12/2026: "
                        "được đánh giá nhưng không xếp loại.",
    }
    assert view.masses_line.text() == "Ngoài ra 1 quần chúng: không xếp loại chất lượng đảng viên."


def _excellent(ops, person_id: int) -> None:
    yearend.set_points(ops.db, 2026, person_id, {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(ops.db, 2026, person_id, FULL)


def test_going_over_the_quota_is_a_red_warning_with_the_numbers(ops, qtbot, branch) -> None:
    """2 HTXSNV and 5 HTTNV: 20 % of 5 allows 1, so the đảng bộ is over by one; nobody is demoted."""
    _excellent(ops, branch["An"])
    _excellent(ops, branch["Bình"])
    bai = units.find_by_name(ops.db, "Chi bộ Xóm Bãi")[0].id
    for n in range(5):
        good = people.add_person(ops.db, {"full_name": f"Hoàng Văn Tốt {n}", "unit_id": bai, "kind": "dang_vien",
                                          "joined_date": "01/01/2015"}).inserted_id("people")
        yearend.set_points(ops.db, 2026, good, {"chung": 25, "nhiem_vu": 55})
    view = open_view(ops, qtbot)
    assert view.quota_strip.isVisible()
    assert view.quota_strip.text().startswith(
        "Vượt chỉ tiêu — Đảng bộ xã La Bằng: 2 người Hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa 1 người "
        "(20% của 5 người")
    assert "#b00020" in view.quota_strip.styleSheet()
    assert cell(view, branch["An"], FINAL) == "HTXSNV" and cell(view, branch["Bình"], FINAL) == "HTXSNV"
    view.tabs.setCurrentIndex(2)
    model = view.quota_panel.model
    figures = {model.headerData(r, Qt.Orientation.Vertical): model.data(model.index(r, 0))
               for r in range(model.rowCount())}
    assert figures["Được xếp loại"] == "7"
    assert figures["Hoàn thành xuất sắc nhiệm vụ"] == "2 (28,6%)"
    assert figures["Hoàn thành tốt nhiệm vụ"] == "5 (71,4%)"
    assert figures["HTXSNV so với số được xếp loại"] == "28,6%"
    assert figures["HTXSNV so với số HTTNV"] == "40%"
    assert figures["Tối đa HTXSNV (số được xếp loại Hoàn thành tốt nhiệm vụ)"] == "1 người (20% của 5)"
    assert figures["Tình trạng"] == "Vượt chỉ tiêu: 2 > 1"


def test_within_the_quota_the_line_sums_up_without_warning(ops, qtbot, branch) -> None:
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25, "nhiem_vu": 55})
    view = open_view(ops, qtbot)
    assert view.quota_strip.text() == (
        "Đảng bộ xã La Bằng: 1 người được xếp loại; HTXSNV 0 = 0% số được xếp loại, 0% số HTTNV; "
        "tối đa 0 người — trong giới hạn.")


def test_locking_makes_the_year_read_only_with_a_banner_until_unlocked_with_a_reason(
        ops, qtbot, branch, monkeypatch, messages) -> None:
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25})
    view = open_view(ops, qtbot)
    assert not view.banner.isVisible()
    # the question's button says what it does: "Chốt sổ năm 2026" (beside "Hủy")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "Chốt sổ năm 2026").click())
    qtbot.mouseClick(view.lock_button, Qt.MouseButton.LeftButton)
    assert years.is_locked(ops.db, 2026)
    assert view.banner.isVisible() and "Năm 2026 đã chốt sổ ngày" in view.banner.text()
    assert view.heading.text() == "Cuối năm 2026 (đã chốt sổ)"
    assert view.unlock_button.isVisible() and not view.lock_button.isVisible()
    # typing a number, ticking a flag: refused, nothing stored
    view.grid.setFocus()
    view.select_person(branch["An"], CRITERION, "chung")
    type_text(qtbot, view.grid, "2")
    assert view.grid.state() != view.grid.State.EditingState
    assert "đã chốt sổ" in view.grid_error.text()
    view.select_person(branch["An"], FLAG, "disciplined")
    qtbot.keyClick(view.grid, Qt.Key.Key_Space)
    assert stored_points(ops, branch["An"]) == {"chung": 25.0}
    assert stored_result(ops, branch["An"], "disciplined") == (None,)
    assert not view.detail.level_button.isEnabled()
    with pytest.raises(LockedYearError):
        yearend.set_points(ops.db, 2026, branch["An"], {"chung": 20})
    # unlocking needs a reason, kept in the audit log
    dialog = UnlockDialog(ops, 2026, view)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()
    type_text(qtbot, dialog.reason, "Đảng ủy yêu cầu sửa điểm")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not years.is_locked(ops.db, 2026) and not view.banner.isVisible()
    assert ops.db.execute("SELECT reason FROM audit_log WHERE label = 'Mở khóa năm 2026'").fetchone()[0] == (
        "Đảng ủy yêu cầu sửa điểm")
    assert messages == []


def test_a_year_rated_without_points_takes_the_level_by_hand(ops, qtbot, branch) -> None:
    years.ensure_year(ops.db, 2024)
    view = open_view(ops, qtbot, year=2024)
    assert view.model.column_of(CRITERION) is None and view.model.column_of(TOTAL) is None
    assert "Quy định 124-QĐ/TW (không chấm điểm)" in view.rules_line.text()
    view.select_person(branch["An"], MANUAL)
    qtbot.keyClick(view.grid, Qt.Key.Key_T)
    view.select_person(branch["Bình"], MANUAL)
    qtbot.keyClick(view.grid, Qt.Key.Key_X)
    rows = dict(ops.db.execute("SELECT person_id, manual_level FROM year_results WHERE year = 2024").fetchall())
    assert rows == {branch["An"]: "HTTNV", branch["Bình"]: "HTXSNV"}
    assert cell(view, branch["An"], MANUAL) == "HTTNV" and cell(view, branch["An"], PROPOSED) == "HTTNV"
    view.select_person(branch["An"], MANUAL)
    assert "Mức do chi bộ nhập: Hoàn thành tốt nhiệm vụ." in view.detail.reasons.text()


def test_the_title_can_be_decided_against_the_proposal(ops, qtbot, branch) -> None:
    _excellent(ops, branch["An"])
    view = open_view(ops, qtbot)
    assert cell(view, branch["An"], TITLE) == "CSTĐCS"
    view.select_person(branch["An"], TITLE)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findData("lao_dong_tien_tien"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.grid.state() != view.grid.State.EditingState)
    assert stored_result(ops, branch["An"], "title") == ("lao_dong_tien_tien",)
    assert cell(view, branch["An"], TITLE) == "LĐTT"
    assert view.grid.currentIndex().row() == view.model.row_of(branch["Bình"])  # Enter went down, as elsewhere
    view.select_person(branch["An"], TITLE)
    assert "Chi bộ quyết định: Lao động tiên tiến." in view.detail.reasons.text()


def test_five_years_running_excellent_is_marked(ops, qtbot, branch) -> None:
    for year in range(2022, 2025):  # rated by hand under Quy định 124
        years.ensure_year(ops.db, year)
        yearend.set_manual_level(ops.db, year, branch["An"], "HTXSNV")
    for year in (2025, 2026):  # by points under Quy định 366
        years.ensure_year(ops.db, year)
        yearend.set_points(ops.db, year, branch["An"], {"chung": 29, "nhiem_vu": 66})
        yearend.set_flags(ops.db, year, branch["An"], FULL)
    _excellent(ops, branch["Bình"])
    view = open_view(ops, qtbot)
    assert cell(view, branch["An"], STREAK) == "★" and cell(view, branch["Bình"], STREAK) == ""
    view.select_person(branch["An"], STREAK)
    assert "Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2022–2026)." in view.detail.reasons.text()
    assert "★ Đảng bộ xã La Bằng — Hoàn thành xuất sắc nhiệm vụ 5 năm liền: Nguyễn Văn An" in (
        view.quota_panel.notes.text())


def test_the_grid_follows_the_working_year(demo_ops, qtbot) -> None:
    view = YearEndView(demo_ops, 2026)
    qtbot.addWidget(view)
    assert view.model.rowCount() > 0
    view.set_year(2025)
    assert view.heading.text() == "Cuối năm 2025" and view.model.rowCount() > 0
    assert all(view.model.score(r).total is None for r in range(view.model.rowCount()))


def test_yearend_models_contract(demo_ops, qtbot, qtmodeltester) -> None:
    view = YearEndView(demo_ops, 2026)
    qtbot.addWidget(view)
    view.unit_box.setCurrentIndex(0)  # the whole file
    assert view.model.rowCount() > 30
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.not_rated_model)
    qtmodeltester.check(view.quota_panel.model)
    empty_not_rated, empty_quota = NotRatedModel(), QuotaModel()
    qtmodeltester.check(empty_not_rated)
    qtmodeltester.check(empty_quota)


def test_task_facts_show_from_the_deeds_and_the_secretary_corrects_them(ops, qtbot, branch) -> None:
    an = branch["An"]
    for n, outcome in enumerate(("hoan_thanh", "vuot_muc", "vuot_muc", "tre_han"), start=1):
        deeds.add_deed(ops.db, 2026, {"content": f"Việc {n}", "outcome": outcome}, person_id=an)
    yearend.set_points(ops.db, 2026, an, {"chung": 28, "nhiem_vu": 64})
    yearend.set_flags(ops.db, 2026, an, {"shortcomings_fixed": True})
    view = open_view(ops, qtbot)
    assert [cell(view, an, TASK, key) for key in yearend.TASK_FIELDS] == ["4", "3", "1", "0", "2"]
    # 92 points, but 1 of 4 tasks late (25% > 20%): the texts give no level, the committee decides
    assert cell(view, an, PROPOSED) == "cấp ủy QĐ"
    view.select_person(an, TASK, "tasks_assigned")
    assert "92 điểm nhưng 1/4 việc trễ hạn (25% > 20%)" in view.detail.reasons.text()
    # The chi bộ's minutes count 5 tasks, 4 of them on time: the secretary types them in
    type_into_cell(qtbot, view.grid, "5")
    view.select_person(an, TASK, "tasks_on_time")
    type_into_cell(qtbot, view.grid, "4")
    assert stored_result(ops, an, "tasks_assigned", "tasks_on_time", "tasks_late") == (5, 4, None)
    assert [cell(view, an, TASK, key) for key in yearend.TASK_FIELDS] == ["5", "4", "1", "0", "2"]
    assert cell(view, an, PROPOSED) == "HTNV"  # 1 of 5 late: exactly 20%
    view.select_person(an, TASK, "tasks_on_time")
    assert "92 điểm nhưng 1/5 việc trễ hạn (20% ≤ 20%): Hoàn thành nhiệm vụ." in view.detail.reasons.text()
    # Delete on the task count goes back to the deeds' 4, which no longer adds up: refused, said, kept
    view.select_person(an, TASK, "tasks_assigned")
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert "nhiều hơn số nhiệm vụ được giao (4)" in view.grid_error.text()
    assert stored_result(ops, an, "tasks_assigned") == (5,)
    ops.undo_stack.undo()
    assert stored_result(ops, an, "tasks_on_time") == (None,)


def test_form_comment_vote_review_date_and_unit_marks_are_set_from_the_screen(ops, qtbot, branch) -> None:
    an, binh = branch["An"], branch["Bình"]
    people.update_person(ops.db, an, {"position": "Giáo viên"})
    yearend.set_flags(ops.db, 2026, an, {"temporary_attendance": True})
    view = open_view(ops, qtbot)
    view.select_person(an, CRITERION, "chung")
    detail = view.detail
    assert detail.form.currentData() == "2B"  # from the position
    detail.form.setCurrentIndex(detail.form.findData("2A"))
    detail.form.activated.emit(detail.form.currentIndex())
    assert stored_result(ops, an, "form") == ("2A",)
    detail.comment.setFocus()
    type_text(qtbot, detail.comment, "Chi bộ Tổ 5 nhận xét tốt")
    qtbot.keyClick(detail.comment, Qt.Key.Key_Return)
    assert stored_result(ops, an, "attendance_comment") == ("Chi bộ Tổ 5 nhận xét tốt",)
    assert "Ý kiến: Chi bộ Tổ 5 nhận xét tốt." in detail.reasons.text()
    detail.vote.setFocus()
    type_text(qtbot, detail.vote, "85,5")
    qtbot.keyClick(detail.vote, Qt.Key.Key_Return)
    assert stored_result(ops, an, "council_vote") == (85.5,)
    # Bình has no temporary attendance: the comment field is not offered
    view.select_person(binh, CRITERION, "chung")
    assert not detail.comment.isEnabled()
    # the year's review date, then the unit judged outstanding
    view.review_date.setFocus()
    type_text(qtbot, view.review_date, "15/12/2026")
    qtbot.keyClick(view.review_date, Qt.Key.Key_Return)
    assert yearend.stored_review_date(ops.db, 2026) is not None
    assert view.review_date.text() == "15/12/2026"
    qtbot.mouseClick(view.outstanding, Qt.MouseButton.LeftButton)
    org = yearend.organisations(ops.db)[branch["unit"]].id
    assert yearend.unit_marks(ops.db, 2026)[org][0] is True
    assert view.organisations[0].quota.limit_percent == 25


def test_quarters_show_beside_the_points_and_the_chi_bo_corrects_one(ops, qtbot, branch) -> None:
    an = branch["An"]
    for month, level in ((1, "tot"), (2, "tot"), (3, "dat"), (4, "chua_dat")):
        reviews.set_reviews(ops.db, 2026, month, [reviews.ReviewEdit(an, level=level)])
    view = open_view(ops, qtbot)
    assert cell(view, an, QUARTERS) == "T C – –"  # Q1 (100+100+80)/3 = 93 % → Tốt; Q2 one month Chưa đạt
    view.select_person(an, CRITERION, "chung")
    assert "quý I Tốt (3 tháng); quý II Chưa đạt (1 tháng)" in view.detail.quarter_line.text()
    box = view.detail.quarter_boxes[1]
    box.setCurrentIndex(box.findData("dat"))
    box.activated.emit(box.currentIndex())
    assert ops.db.execute("SELECT quarter, level FROM quarter_results WHERE person_id = ?", [an]).fetchall() == [
        (2, "dat")]
    assert cell(view, an, QUARTERS) == "T Đ – –"
    ops.undo_stack.undo()
    assert cell(view, an, QUARTERS) == "T C – –"


def test_an_excellent_member_is_proposed_the_party_award(ops, qtbot, branch) -> None:
    an = branch["An"]
    for n, outcome in enumerate(("hoan_thanh", "vuot_muc", "vuot_muc"), start=1):
        deeds.add_deed(ops.db, 2026, {"content": f"Việc {n}", "outcome": outcome}, person_id=an)
    yearend.set_points(ops.db, 2026, an, {"chung": 28, "nhiem_vu": 66})
    yearend.set_flags(ops.db, 2026, an, {"shortcomings_fixed": True})
    view = open_view(ops, qtbot)
    assert cell(view, an, PROPOSED) == "HTXSNV"
    view.select_person(an, CRITERION, "chung")
    assert ("Đề nghị khen thưởng: Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ trong năm."
            in view.detail.reasons.text())


def test_people_of_two_forms_see_the_union_of_criteria_each_editing_only_their_own(ops, qtbot, branch) -> None:
    rules.set_rules(ops.db, 2026, rules.preset("366-2C"))  # Phụ lục 5 for 2C; 2A keeps the 30 + 70 table
    yearend.set_form(ops.db, 2026, branch["An"], "2A")
    view = open_view(ops, qtbot)
    model = view.model
    assert [c.key for c in model.columns if c.kind == CRITERION] == [
        "chung", "nhiem_vu", "chinh_tri", "tu_phe_binh", "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]
    assert cell(view, branch["An"], FORM) == "2A" and cell(view, branch["Bình"], FORM) == "2C"
    # Bình (2C) types her Phụ lục 5 points; An (2A) types his 30 + 70.
    view.select_person(branch["Bình"], CRITERION, "hoc_tap")
    type_into_cell(qtbot, view.grid, "13,5")
    view.select_person(branch["An"], CRITERION, "chung")
    type_into_cell(qtbot, view.grid, "27")
    assert stored_points(ops, branch["Bình"]) == {"hoc_tap": 13.5}
    assert stored_points(ops, branch["An"]) == {"chung": 27.0}
    # An's Phụ lục 5 cells are grey, say why, and take no typing or Delete.
    hoc_tap = model.index(model.row_of(branch["An"]), model.column_of(CRITERION, "hoc_tap"))
    assert model.data(hoc_tap, Qt.ItemDataRole.BackgroundRole).color().name() == "#e4e4e4"
    assert model.data(hoc_tap, Qt.ItemDataRole.ToolTipRole) == (
        "Tiêu chí này không thuộc bảng tiêu chí Mẫu 2A của Nguyễn Văn An.")
    assert not model.flags(hoc_tap) & Qt.ItemFlag.ItemIsEditable
    view.select_person(branch["An"], CRITERION, "hoc_tap")
    qtbot.keyClicks(view.grid, "9")
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert view.grid.state() != view.grid.State.EditingState
    assert stored_points(ops, branch["An"]) == {"chung": 27.0} and not view.grid_error.isVisible()
    bình_chung = model.index(model.row_of(branch["Bình"]), model.column_of(CRITERION, "chung"))
    assert not model.flags(bình_chung) & Qt.ItemFlag.ItemIsEditable and model.data(bình_chung) == ""
    assert cell(view, branch["Bình"], TOTAL) == "13,5" and cell(view, branch["An"], TOTAL) == "27"
    # Choosing 2C for An in the panel opens the Phụ lục 5 cells for him (his 30 + 70 point no longer counts).
    view.select_person(branch["An"], CRITERION, "chung")
    view.detail.form.setCurrentIndex(view.detail.form.findData("2C"))
    view.detail.form.activated.emit(view.detail.form.currentIndex())
    assert stored_result(ops, branch["An"], "form") == ("2C",)
    assert model.flags(model.index(model.row_of(branch["An"]), model.column_of(CRITERION, "hoc_tap"))) \
        & Qt.ItemFlag.ItemIsEditable
    assert model.column_of(CRITERION, "chung") is None  # nobody is on the default table any more


def scored_on_a_worker(view: YearEndView, qtbot) -> None:
    qtbot.waitUntil(lambda: view._scoring is None and "đang tính điểm" not in view.heading.text())


def test_a_big_organisation_is_scored_on_a_worker_and_a_year_changed_meanwhile_wins(ops, qtbot, branch,
                                                                                     monkeypatch):
    monkeypatch.setattr(yearend_view, "WORKER_SCORING_ABOVE", 0)  # this small file scored as a big one is
    years.ensure_year(ops.db, 2025)
    yearend.set_points(ops.db, 2025, branch["An"], {"chung": 20, "nhiem_vu": 50})
    yearend.set_points(ops.db, 2026, branch["An"], {"chung": 25, "nhiem_vu": 60})
    totals: list[float | None] = []  # An's total in every grid the screen filled
    set_rows = yearend_view.YearEndModel.set_rows

    def noted(model, rules, flags, rows):
        totals.extend(p.total for p in rows if p.person.person_id == branch["An"])
        return set_rows(model, rules, flags, rows)

    monkeypatch.setattr(yearend_view.YearEndModel, "set_rows", noted)
    view = YearEndView(ops, 2026)  # scoring begins
    qtbot.addWidget(view)
    view.show()
    view.unit_box.setCurrentIndex(view.unit_box.findData(branch["unit"]))  # Xóm Đồng, meanwhile
    assert view.heading.text() == "Cuối năm 2026 — đang tính điểm…"
    assert view.model.rowCount() == 0  # nothing to type into until scored
    view.set_year(2025)  # picked while 2026 was being scored: that scoring is dropped
    assert view.heading.text() == "Cuối năm 2025 — đang tính điểm…"
    scored_on_a_worker(view, qtbot)
    assert view.heading.text() == "Cuối năm 2025"
    assert cell(view, branch["An"], TOTAL) == "70"
    assert set(totals) == {70}  # 2026's scoring (85) never reached the grid
    view.set_year(2026)
    scored_on_a_worker(view, qtbot)
    assert cell(view, branch["An"], TOTAL) == "85"


def test_a_big_file_keeps_the_chi_bo_shown_and_typed_points_move_the_whole_quota(ops, qtbot, branch,
                                                                                    monkeypatch):
    """Above KEEP_WHOLE_UP_TO people the screen keeps only the chi bộ shown; the quota line
    still counts the whole đảng bộ (Xóm Bãi's five HTTNV) as points are typed and undone."""
    monkeypatch.setattr(yearend_view, "KEEP_WHOLE_UP_TO", 0)
    bai = units.find_by_name(ops.db, "Chi bộ Xóm Bãi")[0].id
    for n in range(5):
        good = people.add_person(ops.db, {"full_name": f"Hoàng Văn Tốt {n}", "unit_id": bai, "kind": "dang_vien",
                                          "joined_date": "01/01/2015"}).inserted_id("people")
        yearend.set_points(ops.db, 2026, good, {"chung": 25, "nhiem_vu": 55})
    view = open_view(ops, qtbot)
    kept = view._scored[1] if view._scored else []
    assert {p.person.unit_id for r in kept for p in r.people} == {branch["unit"]}

    def excellent_by_keyboard(person_id: int) -> None:
        view.select_person(person_id, CRITERION, "chung")
        type_into_cell(qtbot, view.grid, "30")
        view.select_person(person_id, CRITERION, "nhiem_vu")
        type_into_cell(qtbot, view.grid, "68")
        view.select_person(person_id, FLAG, "all_tasks_done")
        for _ in range(3):
            qtbot.keyClick(view.grid, Qt.Key.Key_Space)
            qtbot.keyClick(view.grid, Qt.Key.Key_Tab)

    excellent_by_keyboard(branch["An"])
    assert cell(view, branch["An"], FINAL) == "HTXSNV"
    assert view.quota_strip.text() == (
        "Đảng bộ xã La Bằng: 6 người được xếp loại; HTXSNV 1 = 16,7% số được xếp loại, 20% số HTTNV; "
        "tối đa 1 người — trong giới hạn.")
    excellent_by_keyboard(branch["Bình"])
    assert cell(view, branch["Bình"], FINAL) == "HTXSNV"
    assert view.quota_strip.text().startswith(
        "Vượt chỉ tiêu — Đảng bộ xã La Bằng: 2 người Hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa 1 người "
        "(20% của 5 người")
    assert stored_result(ops, branch["Bình"], "all_tasks_done", "beyond_30", "shortcomings_fixed") == (1, 1, 1)
    kept = view._scored[1] if view._scored else []
    assert {p.person.unit_id for r in kept for p in r.people} == {branch["unit"]}
    for _ in range(5):  # Bình's three ticks and two points
        ops.undo_stack.undo()
    assert cell(view, branch["Bình"], FINAL) != "HTXSNV"
    assert "trong giới hạn" in view.quota_strip.text()


def test_earlier_years_scored_on_a_worker_are_stored_and_an_edit_of_them_is_seen(ops, qtbot, branch, monkeypatch):
    monkeypatch.setattr(yearend_view, "WORKER_SCORING_ABOVE", 0)
    for year in range(2022, 2025):  # rated by hand under Quy định 124
        years.ensure_year(ops.db, year)
        yearend.set_manual_level(ops.db, year, branch["An"], "HTXSNV")
    for year in (2025, 2026):
        years.ensure_year(ops.db, year)
        yearend.set_points(ops.db, year, branch["An"], {"chung": 29, "nhiem_vu": 66})
        yearend.set_flags(ops.db, year, branch["An"], FULL)
    view = YearEndView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    view.unit_box.setCurrentIndex(view.unit_box.findData(branch["unit"]))
    scored_on_a_worker(view, qtbot)
    assert cell(view, branch["An"], STREAK) == "★"
    stored = ops.db.execute("SELECT year FROM settled_years ORDER BY year").fetchall()
    assert [y for (y,) in stored] == [2022, 2023, 2024, 2025]
    ops.run(yearend.set_flags, 2025, branch["An"], {"beyond_30": False})  # from another screen: 2025 is HTTNV now
    scored_on_a_worker(view, qtbot)
    assert cell(view, branch["An"], STREAK) == ""
    ops.undo_stack.undo()
    scored_on_a_worker(view, qtbot)
    assert cell(view, branch["An"], STREAK) == "★"
