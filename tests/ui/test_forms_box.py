"""Báo cáo → Mẫu in: a secretary picks a form, ticks people, types the number and date, exports."""

from __future__ import annotations

import datetime as dt

from docx import Document
from PySide6.QtCore import Qt

from desktop.core import document_numbers
from desktop.ui.reports.reports_view import ReportsView
from tests.ui.test_reports_view import WAIT_MS, save_as


def test_self_assessment_for_two_ticked_people_with_number_and_date(qtbot, demo_ops, monkeypatch, tmp_path) -> None:
    view = ReportsView(demo_ops, 2026)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    box = view.forms
    box.form_box.setCurrentIndex(box.form_box.findData("self-assessment"))
    box.scope_box.setCurrentIndex(box.scope_box.findData("selection"))
    assert box.people_list.isVisible()
    chosen = [box.people_list.item(r) for r in (0, 1)]
    for item in chosen:
        item.setCheckState(Qt.CheckState.Checked)
    box.number_edit.clear()
    qtbot.keyClicks(box.number_edit, "09")
    box.date_edit.clear()
    qtbot.keyClicks(box.date_edit, "05/12/2026")
    save_as(monkeypatch, tmp_path / "kiem-diem")
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.worker is None and "Đã xuất" in view.result.text(), timeout=WAIT_MS)
    doc = Document(str(tmp_path / "kiem-diem.docx"))
    assert len(doc.sections) == 2
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    for item in chosen:
        assert item.text().split(" — ")[0] in text
    assert "ngày 05 tháng 12 năm 2026" in text
    stored = document_numbers.remembered(demo_ops.db, "self-assessment", 2026)
    assert stored == document_numbers.DocumentNumber("09", dt.date(2026, 12, 5))


def test_a_selection_with_nobody_ticked_is_refused(qtbot, demo_ops, tmp_path) -> None:
    view = ReportsView(demo_ops, 2026)
    qtbot.addWidget(view)
    box = view.forms
    box.form_box.setCurrentIndex(box.form_box.findData("pledge-forms"))
    box.scope_box.setCurrentIndex(box.scope_box.findData("selection"))
    with qtbot.waitSignal(demo_ops.failed, timeout=WAIT_MS) as failed:
        box.export(tmp_path / "x.docx")
    assert "Chưa đánh dấu" in failed.args[0]
    assert not (tmp_path / "x.docx").exists()


def test_an_impossible_date_is_refused_with_a_message(qtbot, demo_ops, tmp_path) -> None:
    view = ReportsView(demo_ops, 2026)
    qtbot.addWidget(view)
    box = view.forms
    box.form_box.setCurrentIndex(box.form_box.findData("annual-report"))
    box.date_edit.clear()
    qtbot.keyClicks(box.date_edit, "31/13/2026")
    with qtbot.waitSignal(demo_ops.failed, timeout=WAIT_MS) as failed:
        box.export(tmp_path / "bao-cao.docx")
    assert "Ngày văn bản «31/13/2026» không hợp lệ" in failed.args[0]
    assert not (tmp_path / "bao-cao.docx").exists()
