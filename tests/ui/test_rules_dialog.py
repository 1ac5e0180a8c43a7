"""Bộ tiêu chí xếp loại năm …: preset, criteria within the group maxima, thresholds, quota; saved undoably."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.core import people, rules, units, yearend, years
from desktop.ui.settings_view import SettingsView
from desktop.ui.yearend.rules_dialog import GROUP, MAX, NAME, CriteriaModel, RulesDialog
from desktop.ui.yearend.yearend_model import CRITERION, MANUAL
from desktop.ui.yearend.yearend_view import YearEndView
from tests.ui.typing import type_text


def open_dialog(ops, qtbot, year: int = 2026) -> RulesDialog:
    dialog = RulesDialog(ops, year)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def type_into_cell(qtbot, table, text: str) -> None:
    table.setFocus()
    type_text(qtbot, table, text[0])
    editor = QApplication.focusWidget()
    assert editor is not table
    type_text(qtbot, editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def test_a_maximum_is_edited_within_the_group_and_saved_as_one_undoable_change(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    assert dialog.problems.text() == "Bộ tiêu chí hợp lệ."
    # Tiêu chí chung 30 → 25: the group no longer adds up, the message says so
    dialog.table.setCurrentIndex(dialog.criteria.index(0, MAX))
    type_into_cell(qtbot, dialog.table, "25")
    assert "Các tiêu chí của nhóm “Tiêu chí chung” cộng lại 25 điểm, phải bằng 30 điểm tối đa của nhóm." in (
        dialog.problems.text())
    assert "Tiêu chí chung: tối đa 30 điểm, các tiêu chí đang cộng 25" in dialog.groups_line.text()
    # a new criterion of 5 points in the same group makes it whole again
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "add_criterion"), Qt.MouseButton.LeftButton)
    row = dialog.criteria.rowCount() - 1
    dialog.table.setCurrentIndex(dialog.criteria.index(row, NAME))
    type_into_cell(qtbot, dialog.table, "Đạo đức, lối sống")
    dialog.table.setCurrentIndex(dialog.criteria.index(row, GROUP))
    dialog.table.edit(dialog.table.currentIndex())
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findData("chung"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != dialog.table.State.EditingState)
    dialog.table.setCurrentIndex(dialog.criteria.index(row, MAX))
    type_into_cell(qtbot, dialog.table, "5")
    assert dialog.problems.text() == "Bộ tiêu chí hợp lệ."
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RulesDialog.DialogCode.Accepted
    stored = rules.rules_for_year(ops.db, 2026)
    assert [(c.code, c.name, c.group, c.max_points) for c in stored.criteria] == [
        ("chung", "Tiêu chí chung", "chung", 25), ("nhiem_vu", "Kết quả thực hiện nhiệm vụ", "nhiem_vu", 70),
        ("tc1", "Đạo đức, lối sống", "chung", 5)]
    assert ops.undo_stack.undoText() == "Đặt bộ quy định xếp loại năm 2026: Quy định 366-QĐ/TW"
    ops.undo_stack.undo()
    assert len(rules.rules_for_year(ops.db, 2026).criteria) == 2


def test_thresholds_out_of_order_are_explained_and_not_saved(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    dialog.good.setValue(95)
    assert "Ngưỡng điểm phải tăng dần" in dialog.problems.text()
    dialog.save()
    assert dialog.result() != RulesDialog.DialogCode.Accepted
    assert ops.undo_stack.count() == 0
    assert rules.rules_for_year(ops.db, 2026).thresholds.good == 70


def test_a_maximum_that_is_not_a_number_is_named(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    dialog.table.setCurrentIndex(dialog.criteria.index(1, MAX))
    type_into_cell(qtbot, dialog.table, "bảy mươi")
    assert dialog.problems.text() == (
        "Điểm tối đa của tiêu chí “Kết quả thực hiện nhiệm vụ”: “bảy mươi” không phải số điểm; "
        "hãy ghi số, ví dụ 25 hoặc 27,5.")
    assert dialog.criteria.data(dialog.criteria.index(1, MAX)) == "70"


def test_quota_and_title_cap_are_saved_and_used_by_the_year_end_screen(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    dialog.quota_percent.setValue(25)
    dialog.quota_base.setCurrentIndex(dialog.quota_base.findData("HTTNV_and_above"))
    dialog.soldier_cap_on.setChecked(False)
    dialog.save()
    stored = rules.rules_for_year(ops.db, 2026)
    assert (stored.quota.percent, stored.quota.base, stored.titles.soldier_cap_enabled) == (
        25, "HTTNV_and_above", False)


def test_choosing_the_124_preset_turns_the_grid_into_levels_by_hand(ops, qtbot) -> None:
    view = YearEndView(ops, 2026)
    qtbot.addWidget(view)
    assert view.model.column_of(CRITERION) is not None
    dialog = open_dialog(ops, qtbot)
    dialog.preset.setCurrentIndex(dialog.preset.findData("124"))
    assert dialog.name.text() == "Quy định 124-QĐ/TW"
    assert not dialog.points_box.isEnabled()
    dialog.save()
    assert not rules.rules_for_year(ops.db, 2026).uses_points
    assert view.model.column_of(CRITERION) is None and view.model.column_of(MANUAL) is not None


def test_removing_a_criterion_that_holds_points_warns_before_saving(ops, qtbot) -> None:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    an = people.add_person(ops.db, {"full_name": "Nguyễn Văn An", "unit_id": unit, "kind": "dang_vien",
                                    "joined_date": "19/05/2010"}).inserted_id("people")
    yearend.set_points(ops.db, 2026, an, {"chung": 25})
    dialog = open_dialog(ops, qtbot)
    assert not dialog.scored_note.isVisible()
    dialog.table.setCurrentIndex(dialog.criteria.index(0, 0))
    type_into_cell(qtbot, dialog.table, "chinh_tri")
    assert dialog.scored_note.isVisible()
    assert "Đã có điểm của 1 người theo tiêu chí mã “chung”" in dialog.scored_note.text()


def test_a_locked_year_shows_its_rules_read_only(ops, qtbot) -> None:
    years.lock_year(ops.db, 2026)
    dialog = open_dialog(ops, qtbot)
    assert not dialog.save_button.isEnabled() and not dialog.points_box.isEnabled()


def test_settings_open_the_rules_of_the_working_year(ops, qtbot, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(RulesDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    view = SettingsView(ops, 2026)
    qtbot.addWidget(view)
    view.set_year(2025)
    assert view.rules_button.text() == "Bộ tiêu chí xếp loại năm 2025…"
    qtbot.mouseClick(view.rules_button, Qt.MouseButton.LeftButton)
    assert opened == ["Bộ tiêu chí xếp loại năm 2025"]


@pytest.mark.parametrize("preset", ["366", "124"])
def test_criteria_model_contract(qtmodeltester, preset) -> None:
    model = CriteriaModel()
    chosen = rules.preset(preset)
    model.set_criteria(list(chosen.criteria), [(g.code, g.name) for g in chosen.groups])
    qtmodeltester.check(model)


def test_the_dang_uy_exports_its_table_and_a_chi_bo_imports_it_unchanged(ops, qtbot, tmp_path, monkeypatch) -> None:
    dang_uy = open_dialog(ops, qtbot, 2025)
    dang_uy.preset.setCurrentIndex(dang_uy.preset.findData("366-2C"))
    dang_uy.quota_percent.setValue(25)
    path = tmp_path / "bo-tieu-chi-2025.json"
    monkeypatch.setattr("desktop.ui.yearend.rules_dialog.QFileDialog.getSaveFileName",
                        lambda *_a, **_k: (str(path), ""))
    qtbot.mouseClick(dang_uy.findChild(QPushButton, "export_rules"), Qt.MouseButton.LeftButton)
    assert dang_uy.notice.text() == "Đã xuất bộ tiêu chí năm 2025 ra tệp bo-tieu-chi-2025.json."
    sent = dang_uy.rule_set()
    dang_uy.reject()

    chi_bo = open_dialog(ops, qtbot, 2026)
    monkeypatch.setattr("desktop.ui.yearend.rules_dialog.QFileDialog.getOpenFileName",
                        lambda *_a, **_k: (str(path), ""))
    qtbot.mouseClick(chi_bo.findChild(QPushButton, "import_rules"), Qt.MouseButton.LeftButton)
    assert "(tệp ghi năm 2025)" in chi_bo.notice.text()
    assert chi_bo.preset.currentData() == "366-2C" and chi_bo.criteria.rowCount() == 2  # the default table
    chi_bo.form_box.setCurrentIndex(chi_bo.form_box.findData("2C"))
    assert chi_bo.criteria.rowCount() == 5  # Phụ lục 5, the table of Mẫu 2C
    chi_bo.save()
    assert rules.rules_for_year(ops.db, 2026) == sent


def test_a_file_that_is_not_a_rule_set_is_named_and_nothing_changes(ops, qtbot, tmp_path) -> None:
    dialog = open_dialog(ops, qtbot)
    before = dialog.rule_set()
    path = tmp_path / "danh-sach.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert not dialog.import_from(path)
    assert "danh-sach.json không phải tệp bộ quy định" in dialog.notice.text()
    assert dialog.rule_set() == before


def test_task_conditions_quota_group_and_council_vote_are_settings(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    assert dialog.tasks_on.isChecked() and dialog.late_max.value() == 20
    dialog.late_max.setValue(25)
    dialog.gap_level.setCurrentIndex(dialog.gap_level.findData("HTNV"))
    dialog.quota_group.setCurrentIndex(dialog.quota_group.findData("org_form"))
    dialog.vote_min.setValue(90)
    dialog.save()
    stored = rules.rules_for_year(ops.db, 2026)
    assert (stored.task_conditions.late_max_percent, stored.task_conditions.gap_default_level) == (25, "HTNV")
    assert (stored.quota.group, stored.quota.outstanding_percent) == ("org_form", 25)
    assert stored.titles.council_vote_min_percent == 90


def test_each_form_gets_its_own_table_copied_from_the_default_and_saved_undoably(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    # Alt+C goes to the form picker; Down chooses Mẫu 2A, which still uses the default table, to read only.
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.form_box
    qtbot.keyClick(dialog.form_box, Qt.Key.Key_Down)
    assert dialog.form_box.currentData() == "2A"
    assert "Mẫu 2A đang dùng bảng mặc định" in dialog.form_line.text()
    assert not dialog.table.isEnabled() and dialog.copy_button.isVisible()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.table.isEnabled() and not dialog.copy_button.isVisible() and dialog.drop_button.isVisible()
    assert "Mẫu 2A có bảng tiêu chí riêng" in dialog.form_line.text()
    # 2A: task results 70 split into 50 for the unit's targets and 20 for leading.
    dialog.table.setCurrentIndex(dialog.criteria.index(1, MAX))
    type_into_cell(qtbot, dialog.table, "50")
    assert dialog.problems.text().startswith("Bộ quy định chưa hợp lệ: Bảng tiêu chí Mẫu 2A: Các tiêu chí của nhóm "
                                             "“Kết quả thực hiện nhiệm vụ” cộng lại 50 điểm")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    row = dialog.criteria.rowCount() - 1
    type_into_cell(qtbot, dialog.table, "Năng lực lãnh đạo, quản lý")
    dialog.table.setCurrentIndex(dialog.criteria.index(row, MAX))
    type_into_cell(qtbot, dialog.table, "20")
    assert dialog.problems.text() == "Bộ tiêu chí hợp lệ."
    # The default table is untouched.
    dialog.form_box.setFocus()
    qtbot.keyClick(dialog.form_box, Qt.Key.Key_Up)
    assert [(c.code, c.max_points) for c in dialog.criteria.criteria] == [("chung", 30), ("nhiem_vu", 70)]
    assert dialog.table.isEnabled() and "đã có bảng riêng: Mẫu 2A" in dialog.form_line.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RulesDialog.DialogCode.Accepted
    stored = rules.rules_for_year(ops.db, 2026)
    assert [(c.code, c.max_points) for c in stored.criteria] == [("chung", 30), ("nhiem_vu", 70)]
    assert list(stored.form_criteria) == ["2A"]
    assert [(c.code, c.name, c.group, c.max_points) for c in stored.for_form("2A").criteria] == [
        ("chung", "Tiêu chí chung", "chung", 30), ("nhiem_vu", "Kết quả thực hiện nhiệm vụ", "nhiem_vu", 50),
        ("tc1", "Năng lực lãnh đạo, quản lý", "nhiem_vu", 20)]
    assert stored.for_form("2B").criteria == stored.criteria
    ops.undo_stack.undo()
    assert rules.rules_for_year(ops.db, 2026).form_criteria == {}
    ops.undo_stack.redo()
    # Opened again: the 2A table is there; "Dùng bảng mặc định" takes it away when saved.
    again = open_dialog(ops, qtbot)
    again.form_box.setCurrentIndex(again.form_box.findData("2A"))
    assert again.criteria.rowCount() == 3 and again.table.isEnabled()
    qtbot.mouseClick(again.drop_button, Qt.MouseButton.LeftButton)
    assert again.criteria.rowCount() == 2 and not again.table.isEnabled()
    again.save()
    assert rules.rules_for_year(ops.db, 2026).form_criteria == {}


def test_the_three_pages_are_reached_by_keyboard_and_the_collective_reading_is_saved(ops, qtbot) -> None:
    dialog = open_dialog(ops, qtbot)
    assert [dialog.pages.tabText(i) for i in range(dialog.pages.count())] == [
        "Tiêu chí và điểm tối đa", "Ngưỡng điểm và điều kiện", "Tỷ lệ, thi đua, khen thưởng"]
    assert rules.rules_for_year(ops.db, 2026).awards.collective_streak_exemplary
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pages.currentIndex() == 2
    box = dialog.streak_exemplary
    assert box.isVisible() and box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # "5 năm liền" read as HTXSNV each year
    assert not box.isChecked()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RulesDialog.DialogCode.Accepted
    assert not rules.rules_for_year(ops.db, 2026).awards.collective_streak_exemplary
    ops.undo_stack.undo()
    assert rules.rules_for_year(ops.db, 2026).awards.collective_streak_exemplary
