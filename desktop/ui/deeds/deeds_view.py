"""Đăng ký làm theo Bác: each person's and each collective's deeds of the year."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import deeds, people, units
from desktop.core.changes import Changed
from desktop.core.errors import UserError, ValidationError
from desktop.core.people import PersonFilter
from desktop.ui.deeds.deeds_model import OUTCOME_CHOICES, DeedsModel, RatesModel
from desktop.ui.latest_reading import LatestReading
from desktop.ui.members.people_model import PeopleModel
from desktop.ui.members.person_dialog import unit_choices
from desktop.ui.operations import Operations
from desktop.ui.widgets.ask import ask
from desktop.ui.widgets.basic import (
    fit_columns,
    heading,
    shortcut,
    table_view,
)
from desktop.ui.widgets.form import ERROR_STYLE, date_edit
from desktop.ui.widgets.when_shown import WhenShown


@dataclass(frozen=True)
class Owner:
    """Whose deeds are shown: a person, or a collective (tập thể) of a unit."""

    label: str
    person_id: int | None = None
    unit_id: int | None = None
    collective: str | None = None


class DeedsPanel(QWidget):
    """The deeds of one owner, with an entry line where Enter adds the next."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = 0
        self.owner: Owner | None = None
        self.owner_label = QLabel("Chọn một người ở danh sách bên trái.")
        self.owner_label.setObjectName("owner")
        self.owner_label.setWordWrap(True)  # a long name and chi bộ must not widen the window
        self.model = DeedsModel(self._edit)
        self.view = table_view()
        self.view.setObjectName("deeds")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # The deed's text takes what the other columns leave; cut short, it is whole in the tooltip.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Narrow enough that the deed's text keeps about a third of the pane on a 1366-px screen,
        # and it wraps: a person has a handful of deeds, each read whole (rows grow to fit).
        for column, width in ((1, 76), (2, 66), (3, 95), (4, 122), (5, 90), (6, 66)):
            self.view.setColumnWidth(column, width)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.content = QLineEdit()
        self.content.setObjectName("new_content")
        self.content.setPlaceholderText("Gõ nội dung việc làm theo Bác rồi nhấn Enter để thêm; gõ tiếp việc sau")
        self.category = QLineEdit()
        self.category.setPlaceholderText("Nhóm")
        self.target = QLineEdit()
        self.target.setPlaceholderText("Chỉ tiêu")
        self.due = date_edit("Thời hạn dd/mm/yyyy")
        self.error = QLabel()
        self.error.setObjectName("deed_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        entry = QHBoxLayout()
        entry.addWidget(self.content, 4)
        entry.addWidget(self.category, 1)
        entry.addWidget(self.target, 1)
        entry.addWidget(self.due, 1)
        add = QPushButton("Thêm")
        add.setToolTip("Thêm việc vừa gõ (Enter trong ô nội dung)")
        add.clicked.connect(self.add_deed)
        entry.addWidget(add)
        for edit in (self.content, self.category, self.target, self.due):
            edit.returnPressed.connect(self.add_deed)
        self.outcome = QComboBox()
        for label, value in OUTCOME_CHOICES:
            self.outcome.addItem(label, value)
        mark = QPushButton("Ghi kết quả")
        mark.setToolTip("Ghi kết quả đã chọn cho việc đang chọn (Ctrl+1 hoàn thành, Ctrl+2 vượt mức, "
                        "Ctrl+3 chưa hoàn thành, Ctrl+0 đang thực hiện)")
        mark.clicked.connect(lambda: self.mark_outcome(self.outcome.currentData()))
        model_toggle = QPushButton("Là mô hình / bỏ")
        model_toggle.clicked.connect(self.toggle_model)
        delete = QPushButton("Xóa (Delete)")
        delete.setToolTip("Xóa những việc đang chọn (hoàn tác được bằng Ctrl+Z)")
        delete.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        # Short label: the row must fit a 1024-px screen beside the people list.
        self.outcome.setToolTip("Kết quả của việc đang chọn (Ctrl+1 hoàn thành, Ctrl+2 vượt mức, "
                                "Ctrl+3 chưa hoàn thành, Ctrl+0 đang thực hiện)")
        actions.addWidget(QLabel("Kết quả:"))
        actions.addWidget(self.outcome)
        actions.addWidget(mark)
        actions.addWidget(model_toggle)
        actions.addStretch()
        actions.addWidget(delete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.owner_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(entry)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        shortcut(self.view, Qt.Key.Key_Delete, self.delete_selected)
        for key, value in (("Ctrl+1", "hoan_thanh"), ("Ctrl+2", "vuot_muc"), ("Ctrl+3", "chua_hoan_thanh"), ("Ctrl+0", None)):
            shortcut(self, key, functools.partial(self.mark_outcome, value))
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.content, self.category, self.target, self.due):
            widget.setEnabled(enabled)

    def show_owner(self, owner: Owner | None, year: int) -> None:
        self.owner, self.year = owner, year
        self._set_enabled(owner is not None)
        self.owner_label.setText(f"Việc đăng ký năm {year} của <b>{owner.label}</b>" if owner
                                 else "Chọn một người ở danh sách bên trái.")
        self.refresh()

    def refresh(self) -> None:
        owner = self.owner
        if owner is None:
            self.model.set_rows([])
        elif owner.person_id is not None:
            self.model.set_rows(deeds.person_deeds(self.ops.db, self.year, owner.person_id))
        else:
            self.model.set_rows([d for d in deeds.collective_deeds(self.ops.db, self.year, [owner.unit_id or 0])
                                 if d.collective == owner.collective])

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def add_deed(self) -> None:
        if self.owner is None:
            return
        raw: dict[str, Any] = {"content": self.content.text(), "category": self.category.text(),
                               "target": self.target.text(), "due_date": self.due.text()}
        try:
            if self.owner.person_id is not None:
                self.ops.run(deeds.add_deed, self.year, raw, person_id=self.owner.person_id, quiet=True)
            else:
                raw["collective"] = self.owner.collective
                self.ops.run(deeds.add_deed, self.year, raw, unit_id=self.owner.unit_id, quiet=True)
        except ValidationError as exc:
            self._show_error(" ".join(exc.fields.values()))
            return
        except UserError as exc:
            self._show_error(exc.message)
            return
        self._show_error("")
        for edit in (self.content, self.category, self.target, self.due):
            # Cleared or kept, each box forgets its typing (setText drops a box's own undo
            # history): Ctrl+Z now takes back the deed just added, not the text.
            edit.setText("" if edit in (self.content, self.target) else edit.text())
        self.content.setFocus()

    def _edit(self, deed_id: int, values: dict[str, Any]) -> bool:
        try:
            return self.ops.run(deeds.update_deed, deed_id, values, quiet=True) is not None
        except UserError as exc:
            self._show_error(exc.message)
            return False

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [d.id for r in rows if (d := self.model.row(r))]

    def mark_outcome(self, outcome: str | None) -> None:
        for deed_id in self.selected_ids():
            self.ops.run(deeds.update_deed, deed_id, {"outcome": outcome})

    def toggle_model(self) -> None:
        for deed_id in self.selected_ids():
            deed = deeds.get_deed(self.ops.db, deed_id)
            self.ops.run(deeds.update_deed, deed_id, {"is_model": not deed.is_model})

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.ops.run(deeds.delete_deeds, ids)


# A file of more people than this reads the rates on a worker (0.3 s at 20,000 people).
WORKER_ABOVE = 500
RATES_TITLE = "Tỷ lệ đăng ký theo đơn vị (người có ít nhất một việc / tổng số, đảng viên và quần chúng riêng)"


class DeedsView(QWidget):
    title = "Đăng ký làm theo Bác"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self._rates_year: int | None = None  # the year whose rates are on screen
        self.heading = heading(self.title)
        # individual deeds: people on the left, their deeds on the right
        self.people = PeopleModel(ops.db, columns=[0, 4])
        self.people.set_filter(replace(self.people.filter, status="active"))
        self.search = QLineEdit()
        self.search.setObjectName("deeds_search")
        self.search.setPlaceholderText("Tìm người (không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.people.set_search)
        self.people_view = table_view()
        self.people_view.setObjectName("deeds_people")
        self.people_view.setModel(self.people)
        fit_columns(self.people_view, 230)
        self.people_view.selectionModel().currentRowChanged.connect(lambda *_: self._person_changed())
        copy = QPushButton("Chép việc năm trước…")
        copy.setToolTip("Chép các việc năm trước cho những người đã chọn (giữ Ctrl hoặc Shift để chọn nhiều)")
        copy.clicked.connect(self.copy_last_year)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.people_view, 1)
        left_layout.addWidget(copy)
        self.person_panel = DeedsPanel(ops)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.person_panel)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 880])
        # collective deeds
        self.unit_box = QComboBox()
        self.collective_box = QComboBox()
        self.collective_box.setEditable(True)
        self.collective_box.addItems(["Chi bộ", "Chi ủy", "Chi đoàn", "Chi hội Phụ nữ", "Chi hội Cựu chiến binh",
                                      "Chi hội Nông dân", "Công đoàn", "Ban công tác Mặt trận"])
        self.collective_panel = DeedsPanel(ops)
        self.unit_box.currentIndexChanged.connect(self._collective_changed)
        self.collective_box.currentTextChanged.connect(self._collective_changed)
        collective = QWidget()
        coll_layout = QVBoxLayout(collective)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Đơn vị:"))
        pick.addWidget(self.unit_box, 2)
        pick.addWidget(QLabel("Tập thể:"))
        pick.addWidget(self.collective_box, 2)
        coll_layout.addLayout(pick)
        coll_layout.addWidget(self.collective_panel, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Cá nhân")
        self.tabs.addTab(collective, "Tập thể")
        # registration rate, always visible
        self.rates = RatesModel()
        self.rates_view = table_view()
        self.rates_view.setObjectName("rates")
        self.rates_view.setModel(self.rates)
        self.rates_view.setMaximumHeight(150)
        self.reading = LatestReading(self, ops, self._show_rates, self._rates_not_read)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.rates_label = QLabel()
        self.rates_label.setObjectName("rates_label")
        self.rates_label.setWordWrap(True)
        layout.addWidget(self.rates_label)
        layout.addWidget(self.rates_view)
        self.reload = WhenShown(self, self._reload)
        ops.changed.connect(self._on_changed)
        self._fill_units()
        self.set_year(year)

    def focus_start(self) -> None:
        """Arriving here (Alt+3): the cursor in the people search box, ready to find whose deeds to enter."""
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _fill_units(self) -> None:
        current = self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        for label, value in unit_choices(self.ops):
            self.unit_box.addItem(label.strip(), value)
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(current), 0))
        self.unit_box.blockSignals(False)

    def set_year(self, year: int) -> None:
        self.year = year
        self.heading.setText(f"{self.title} — năm {year}")
        self._person_changed()
        self._collective_changed()
        self._read_rates()
        if not self.people_view.currentIndex().isValid() and self.people.rowCount():
            self.people_view.setCurrentIndex(self.people.index(0, 0))

    def _person_changed(self) -> None:
        index = self.people_view.currentIndex()
        person = self.people.person(index.row()) if index.isValid() else None
        owner = Owner(f"{person.full_name} ({person.unit_name})", person_id=person.id) if person else None
        self.person_panel.show_owner(owner, self.year)

    def _collective_changed(self) -> None:
        unit_id = self.unit_box.currentData()
        name = self.collective_box.currentText().strip()
        owner = None
        if unit_id is not None and name:
            owner = Owner(f"{name} — {units.get_unit(self.ops.db, unit_id).name}", unit_id=unit_id, collective=name)
        self.collective_panel.show_owner(owner, self.year)

    def _on_changed(self, changed: Changed) -> None:
        if changed.units:
            self._fill_units()
        if changed.people or changed.units:
            self.people.reload()
        if changed.deeds or changed.people or changed.units or changed.years or changed.year_lock:
            self.reload()

    def _reload(self) -> None:
        self.person_panel.refresh()
        self.collective_panel.refresh()
        self._read_rates()

    def _read_rates(self) -> None:
        """The rates of every unit: at once in a small file, on a worker in a big one ("đang tải…")."""
        year = self.year
        if people.count_people(self.ops.db, PersonFilter()) <= WORKER_ABOVE:
            self.reading.drop()
            self._show_rates((year, deeds.registration_rates(self.ops.db, year)))
            return
        self.rates_label.setText(f"{RATES_TITLE} — đang tải…")
        if self._rates_year != year:
            self.rates.set_rows([])
        self.reading.ask(lambda db, _checkpoint: (year, deeds.registration_rates(db, year)))

    def _rates_not_read(self, message: str) -> None:
        self.rates_label.setText(f"{RATES_TITLE} — chưa đọc được")
        self.ops.show_error(message)

    def _show_rates(self, read: tuple[int, list[deeds.RegistrationRate]]) -> None:
        self._rates_year, rows = read
        self.rates_label.setText(f"{RATES_TITLE}:")
        self.rates.set_rows(rows)
        fit_columns(self.rates_view)

    def select_person(self, person_id: int) -> None:
        row = self.people.row_of(person_id)
        if row is not None:
            self.people_view.setCurrentIndex(self.people.index(row, 0))

    def copy_last_year(self) -> None:
        rows = sorted({i.row() for i in self.people_view.selectionModel().selectedRows()})
        chosen = [p for r in rows if (p := self.people.person(r))]
        if not chosen:
            QMessageBox.information(self, "Chép việc năm trước",
                                    "Hãy chọn một hoặc nhiều người ở danh sách (giữ Ctrl hoặc Shift để chọn nhiều).")
            return
        names = ", ".join(p.full_name for p in chosen[:5]) + (" …" if len(chosen) > 5 else "")
        if ask(
            self, "Chép việc năm trước",
            f"Chép các việc đã đăng ký năm {self.year - 1} sang năm {self.year} cho {len(chosen)} người ({names})?\n"
            "Kết quả được để trống; việc đã chép rồi không chép lại.",
            "Chép việc", "Hủy", default_do=True,
        ):
            self.ops.run(deeds.copy_from_year, self.year - 1, self.year, [p.id for p in chosen])
