"""Đổi trạng thái: a status change on a date, with the history shown."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import dates, people
from desktop.core.errors import UserError, ValidationError
from desktop.core.people import Person
from desktop.ui.operations import Operations
from desktop.ui.widgets.form import ERROR_STYLE, FieldForm, combo, date_edit, save_buttons


class StatusDialog(QDialog):
    def __init__(self, ops: Operations, person: Person, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.person = person
        self.setWindowTitle(f"Đổi trạng thái: {person.full_name}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Trạng thái hiện nay: <b>{person.status_label}</b>"))
        history = QListWidget()
        history.setObjectName("history")
        for change in people.status_history(ops.db, person.id):
            history.addItem(f"{dates.format_date(change.effective_date)}  {change.label}"
                            + (f" ({change.note})" if change.note else ""))
        if history.count():
            layout.addWidget(QLabel("Quá trình:"))
            history.setMaximumHeight(110)
            layout.addWidget(history)
        self.form = FieldForm()
        self.form.add("status", "Trạng thái mới", combo([(v, k) for k, v in people.STATUS_LABELS.items()
                                                          if k != person.status]))
        when = self.form.add("status_date", "Từ ngày", date_edit())
        assert isinstance(when, QLineEdit)
        when.setText(dates.format_date(self.ops.clock.today()))
        self.form.add("note", "Ghi chú (số quyết định…)", QLineEdit())
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = save_buttons(self, self.save)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            day = dates.parse_date(self.form.text("status_date"))
        except ValueError as exc:
            self.form.show_errors({"status_date": str(exc)})
            return
        try:
            self.ops.run(people.change_status, self.person.id, self.form.choice("status"),
                         day or "", self.form.text("note"), quiet=True)
        except ValidationError as exc:
            self.form.show_errors(exc.fields)
            return
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()
