"""The person dialog's "In lịch sử…": asks where to save, writes the person's history as Word."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt

from desktop.core import deeds, people
from desktop.core.people import PersonFilter
from desktop.ui.members.person_dialog import PersonDialog
from tests.ui.test_reports_view import WAIT_MS, save_as


def _docx_text(path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_printing_a_members_history_from_the_dialog(demo_ops, qtbot, monkeypatch, tmp_path) -> None:
    someone = next(p for p in people.list_people(demo_ops.db, PersonFilter(kind="dang_vien"))
                   if deeds.person_deeds(demo_ops.db, 2026, p.id))
    dialog = PersonDialog(demo_ops, person=people.get_person(demo_ops.db, someone.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.history_button.isVisible()
    asked = save_as(monkeypatch, tmp_path / "lich-su")
    qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.history_note.isVisible(), timeout=WAIT_MS)
    assert asked and asked[0].endswith(".docx") and "lich-su" in asked[0]
    written = tmp_path / "lich-su.docx"
    assert "lich-su.docx" in dialog.history_note.text()
    text = _docx_text(written)
    assert someone.full_name in text and "LỊCH SỬ HỌC TẬP VÀ LÀM THEO BÁC" in text.upper()
    first_deed = deeds.person_deeds(demo_ops.db, 2026, someone.id)[0]
    assert first_deed.content in text
    assert dialog.isVisible()  # the dialog stays open, nothing was changed


def test_a_new_person_has_no_history_to_print(ops, qtbot) -> None:
    dialog = PersonDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.history_button.isVisible()


def test_cancelling_the_save_dialog_writes_nothing(demo_ops, qtbot, monkeypatch, tmp_path) -> None:
    someone = people.list_people(demo_ops.db, PersonFilter())[0]
    dialog = PersonDialog(demo_ops, person=people.get_person(demo_ops.db, someone.id))
    qtbot.addWidget(dialog)
    monkeypatch.setattr("desktop.ui.members.person_dialog.QFileDialog.getSaveFileName",
                        lambda *_a: ("", ""))
    qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is None and not dialog.history_note.isVisible()
    assert not list(tmp_path.glob("*.docx"))
