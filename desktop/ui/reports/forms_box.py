"""Báo cáo → Mẫu in: the forms a chi bộ prints and signs (Word, and the Mẫu 04 list).

One form for the whole chi bộ, for the people ticked in the list, or for one
person; the document number and date typed here are remembered per form and
year (through Operations, so the change is recorded). The export runs on the
Báo cáo screen's worker with its progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from desktop.core import dates, document_numbers, vntext
from desktop.core.errors import UserError
from desktop.core.person_record import listed_people
from desktop.excel.forms.registry import FORMS, export_form
from desktop.ui.operations import Operations

WHOLE, SELECTION = "whole", "selection"
# (label, work, done) → the Báo cáo screen runs it on its worker.
JobRunner = Callable[[str, Callable[[Any, Any], Any], Callable[[Any], None]], None]


class FormsBox(QGroupBox):
    def __init__(self, ops: Operations, year: Callable[[], int], run_job: JobRunner,
                 done: Callable[[Path], None], parent: QWidget | None = None) -> None:
        super().__init__("Mẫu in, ký (bản đăng ký, bản kiểm điểm, báo cáo năm…)", parent)
        self.ops, self._year, self._run_job, self._done = ops, year, run_job, done
        self.form_box = QComboBox()
        self.form_box.setObjectName("form")
        for name, form in FORMS.items():
            self.form_box.addItem(form.title, name)
        self.scope_box = QComboBox()
        self.scope_box.setObjectName("form_scope")
        self.scope_box.addItem("Cả chi bộ (mỗi người một trang mới)", WHOLE)
        self.scope_box.addItem("Những người được đánh dấu", SELECTION)
        self.people_list = QListWidget()
        self.people_list.setObjectName("form_people")
        self.people_list.setMaximumHeight(140)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("form_number")
        self.number_edit.setPlaceholderText("ví dụ 09 (để trống: ghi tay)")
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("form_date")
        self.date_edit.setPlaceholderText("dd/mm/yyyy (để trống: hôm nay)")
        self.export_button = QPushButton("Xuất mẫu…")
        self.export_button.setObjectName("export_form")
        self.export_button.clicked.connect(lambda: self.export())
        self.form_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.scope_box.currentIndexChanged.connect(lambda _: self._scope_changed())
        rows = QFormLayout(self)
        rows.addRow("&Mẫu:", self.form_box)
        rows.addRow("&In cho:", self.scope_box)
        rows.addRow("", self.people_list)
        numbers = QHBoxLayout()
        numbers.addWidget(self.number_edit)
        numbers.addWidget(self.date_edit)
        # A label over two fields names its buddy itself (a layout gets no mnemonic, the "&" would show).
        number_label = QLabel("&Số, ngày văn bản:")
        number_label.setBuddy(self.number_edit)
        rows.addRow(number_label, numbers)
        rows.addRow("", self.export_button)
        self._listed = False
        self.refresh()

    @property
    def name(self) -> str:
        return str(self.form_box.currentData())

    def refresh(self) -> None:
        """The people of the year and the number and date remembered for this form."""
        per_person = FORMS[self.name].per_person is not None
        self.scope_box.setEnabled(per_person)
        self.people_list.clear()
        self._listed = False
        stored = document_numbers.remembered(self.ops.db, self.name, self._year())
        self.number_edit.setText(stored.number or "")
        self.date_edit.setText(dates.format_date(stored.date) if stored.date else "")
        self._scope_changed()

    def _scope_changed(self) -> None:
        choosing = self.scope_box.isEnabled() and self.scope_box.currentData() == SELECTION
        if choosing:
            self._list_people()
        self.people_list.setVisible(choosing)

    def _list_people(self) -> None:
        """Fill the list to tick people from, once per form and year, only when it is shown
        (a đảng bộ of 20,000 people would otherwise cost seconds at every year change)."""
        if self._listed:
            return
        self._listed = True
        for person in listed_people(self.ops.db, self._year(), members_only=FORMS[self.name].members_only):
            item = QListWidgetItem(f"{person.full_name} — {person.unit_name}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people_list.addItem(item)

    def select(self, person_ids: list[int]) -> None:
        """Tick these people and print for the selection (the person dialog's "In lịch sử")."""
        self.scope_box.setCurrentIndex(self.scope_box.findData(SELECTION))
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in person_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _chosen(self) -> list[int] | None:
        if not self.scope_box.isEnabled() or self.scope_box.currentData() == WHOLE:
            return None
        ids = [self.people_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.people_list.count())
               if self.people_list.item(r).checkState() == Qt.CheckState.Checked]
        if not ids:
            raise UserError("Chưa đánh dấu người nào; hãy đánh dấu ít nhất một người hoặc chọn «Cả chi bộ».")
        return ids

    def _typed(self) -> document_numbers.DocumentNumber:
        text = self.date_edit.text().strip()
        try:
            day = dates.parse_date(text) if text else None
        except ValueError:
            day = None
        if text and day is None:
            raise UserError(f"Ngày văn bản «{text}» không hợp lệ; hãy ghi dd/mm/yyyy.")
        return document_numbers.DocumentNumber(document_numbers.parse_number(self.number_edit.text()), day)

    def export(self, path: Path | None = None) -> None:
        name, year, form = self.name, self._year(), FORMS[self.name]
        try:
            ids, number = self._chosen(), self._typed()
        except UserError as exc:
            self.ops.show_error(exc.message)
            return
        if path is None:
            stem = "-".join(vntext.fold(form.title).split())
            chosen, _ = QFileDialog.getSaveFileName(self, "Xuất mẫu in", str(Path.home() / f"{stem}-{year}{form.suffix}"),
                                                    f"Tệp (*{form.suffix})")
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != form.suffix:
            path = path.with_name(path.name + form.suffix)
        if document_numbers.remembered(self.ops.db, name, year) != number:
            self.ops.run(document_numbers.remember, name, year, number)
        today = self.ops.clock.today()
        target = path
        self._run_job(f"Đang xuất {form.title.lower()} năm {year}…",
                      lambda db, progress: export_form(db, year, name, target, today=today, person_ids=ids,
                                                       number=number, progress=progress),
                      self._done)
