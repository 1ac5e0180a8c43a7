"""Đảng viên & quần chúng: search as you type, filters, add/edit/delete."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import people
from desktop.core.changes import Changed
from desktop.core.people import Person
from desktop.ui.members.people_model import NAME_COLUMN, PeopleModel
from desktop.ui.members.person_dialog import PersonDialog, unit_choices
from desktop.ui.members.status_dialog import StatusDialog
from desktop.ui.members.units_dialog import UnitsDialog
from desktop.ui.operations import Operations
from desktop.ui.widgets.ask import ask
from desktop.ui.widgets.basic import fit_columns, heading, shortcut, table_view
from desktop.ui.widgets.fit import keep_whole
from desktop.ui.widgets.form import combo

STATUS_FILTERS = [("Đang trong danh sách", "active"), ("Tất cả", None),
                  *((v, k) for k, v in people.STATUS_LABELS.items()),
                  ("Đã chuyển đi, từ trần, ra khỏi Đảng", "left")]


class MembersView(QWidget):
    title = "Đảng viên & quần chúng"

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = PeopleModel(ops.db)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Tìm theo tên — gõ không dấu cũng được (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.unit_filter = QComboBox()
        self.kind_filter = combo([("Đảng viên và quần chúng", None),
                                  *((v, k) for k, v in people.KIND_LABELS.items())])
        self.status_filter = combo(STATUS_FILTERS)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _: self.edit())

        # The kind and status filters always show their usual choice whole; the search box and
        # the unit filter share what is left, so all four fit a 1024-px screen.
        self.unit_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_filter.setMinimumContentsLength(12)
        for box in (self.kind_filter, self.status_filter):
            keep_whole(box, box.itemText(0))
        self.search.setMinimumWidth(180)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.unit_filter, 2)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.status_filter)
        buttons = QHBoxLayout()
        for text, slot, tip in [
            ("Thêm người (Ctrl+N)", self.add, "Thêm đảng viên hoặc quần chúng"),
            ("Sửa (Enter)", self.edit, "Sửa người đang chọn"),
            ("Đổi trạng thái…", self.change_status, "Chuyển đi, miễn sinh hoạt, từ trần…"),
            ("Xóa (Delete)", self.delete, "Xóa hẳn người đang chọn"),
            ("Đơn vị…", self.manage_units, "Thêm, đổi tên, chuyển chi bộ, tổ đảng"),
        ]:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self._apply_filters)
        for box in (self.unit_filter, self.kind_filter, self.status_filter):
            box.currentIndexChanged.connect(self._apply_filters)
        shortcut(self, "Ctrl+F", self.search.setFocus)
        shortcut(self, "Ctrl+N", self.add)
        shortcut(self.view, Qt.Key.Key_Return, self.edit)
        shortcut(self.view, Qt.Key.Key_Enter, self.edit)
        shortcut(self.view, Qt.Key.Key_Delete, self.delete)
        self.search.returnPressed.connect(self.view.setFocus)
        ops.changed.connect(self._on_changed)
        self._fill_units()
        self._apply_filters()
        fit_columns(self.view)

    def focus_start(self) -> None:
        """Arriving here (Alt+2): the cursor in the search box, ready to type a name."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _fill_units(self) -> None:
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("Tất cả đơn vị", None)
        for label, value in unit_choices(self.ops):
            self.unit_filter.addItem(label, value)
        index = self.unit_filter.findData(current)
        self.unit_filter.setCurrentIndex(max(index, 0))
        self.unit_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        self.model.set_filter(replace(
            self.model.filter, text=self.search.text(), unit_id=self.unit_filter.currentData(),
            kind=self.kind_filter.currentData(), status=self.status_filter.currentData(),
        ))
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.model.total} người")

    def _on_changed(self, changed: Changed) -> None:
        if changed.units:
            self._fill_units()
        if changed.people or changed.units:
            selected = self.current_person()
            self.model.reload()
            self._update_count()
            if selected:
                self.select_person(selected.id)

    def current_person(self) -> Person | None:
        index = self.view.currentIndex()
        return self.model.person(index.row()) if index.isValid() else None

    def select_person(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def add(self) -> None:
        dialog = PersonDialog(self.ops, unit_id=self.unit_filter.currentData(), parent=self)
        if dialog.exec() and dialog.saved_id:
            self.select_person(dialog.saved_id)

    def edit(self) -> None:
        person = self.current_person()
        if person:
            PersonDialog(self.ops, person=people.get_person(self.ops.db, person.id), parent=self).exec()

    def change_status(self) -> None:
        person = self.current_person()
        if person:
            StatusDialog(self.ops, people.get_person(self.ops.db, person.id), parent=self).exec()

    def delete(self) -> None:
        person = self.current_person()
        if person is None:
            return
        if ask(
            self, "Xóa người",
            f"Xóa hẳn {person.full_name} cùng các việc đăng ký, đánh giá và điểm của người này?\n\n"
            "Nếu đồng chí chuyển đi hay từ trần, hãy dùng “Đổi trạng thái” để giữ lại lịch sử.\n"
            "(Có thể hoàn tác bằng Ctrl+Z.)",
            "Xóa người này", "Giữ lại", warning=True,
        ):
            self.ops.run(people.delete_person, person.id)

    def manage_units(self) -> None:
        UnitsDialog(self.ops, self).exec()
