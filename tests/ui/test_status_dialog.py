"""Đổi trạng thái: the date field starts at the window clock's day; what is saved is what was shown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from desktop.core import people, units
from desktop.ui.members.status_dialog import StatusDialog


def _person(ops) -> people.Person:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    person_id = people.add_person(ops.db, {"full_name": "Lê Văn Tám", "unit_id": unit},
                                  today=ops.clock.today()).inserted_id("people")
    return people.get_person(ops.db, person_id)


def test_a_status_change_is_dated_today_unless_the_secretary_types_another_day(ops, qtbot, today: dt.date):
    dialog = StatusDialog(ops, _person(ops))
    qtbot.addWidget(dialog)
    dialog.show()
    when = dialog.form.widgets["status_date"]
    assert when.text() == today.strftime("%d/%m/%Y")
    status = dialog.form.widgets["status"]
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findText(people.STATUS_LABELS["chuyen_di"]))
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    [change] = [c for c in people.status_history(ops.db, dialog.person.id) if c.status == "chuyen_di"]
    assert change.effective_date in (today, today.isoformat())
