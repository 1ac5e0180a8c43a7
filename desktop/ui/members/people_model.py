"""Lazy table model of people: loads windows of rows as the view scrolls.

Nothing loads the whole table: `core.people.list_people` is asked for the
next window when the view calls fetchMore, and the filter and sort run in
SQLite (folded-name FTS index, Vietnamese sort key).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from desktop.core import dates, people
from desktop.core.people import Person, PersonFilter
from desktop.ui.widgets.paged_model import PagedModel

Index = QModelIndex | QPersistentModelIndex

# (header, sort key in core.people.SORT_COLUMNS or None, value getter)
COLUMNS: list[tuple[str, str | None, Any]] = [
    ("Họ và tên", "name", lambda p: p.full_name),
    ("Giới tính", None, lambda p: people.GENDER_LABELS.get(p.gender or "", "")),
    ("Ngày sinh", "birth_date", lambda p: dates.format_date(p.birth_date)),
    ("Loại", "kind", lambda p: p.kind_label + (" dự bị" if p.membership == "du_bi" else "")),
    ("Chi bộ", "unit", lambda p: p.unit_name),
    ("Chức vụ", "position", lambda p: p.position or ""),
    ("Ngày vào Đảng", "joined_date", lambda p: dates.format_date(p.joined_date)),
    ("Trạng thái", "status", lambda p: p.status_label),
    ("Điện thoại", None, lambda p: p.phone or ""),
]
NAME_COLUMN = 0
_LEFT_GREY = QBrush(QColor("#8a8a8a"))


class PeopleModel(PagedModel[Person]):
    def __init__(self, db: Database, columns: list[int] | None = None) -> None:
        super().__init__()
        self._db = db
        self._columns = [COLUMNS[i] for i in (columns or range(len(COLUMNS)))]
        self._filter = PersonFilter()
        self._order = "name"
        self._descending = False
        self.reload()

    # --- state -------------------------------------------------------------
    @property
    def filter(self) -> PersonFilter:
        return self._filter

    def set_filter(self, flt: PersonFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.reload()

    def set_search(self, text: str) -> None:
        self.set_filter(replace(self._filter, text=text))

    def _count(self) -> int:
        return people.count_people(self._db, self._filter)

    def _page(self, offset: int, limit: int) -> list[Person]:
        return people.list_people(self._db, self._filter, order=self._order,
                                  descending=self._descending, offset=offset, limit=limit)

    def person(self, row: int) -> Person | None:
        return self.row(row)

    def row_of(self, person_id: int) -> int | None:
        for i, p in enumerate(self._rows):
            if p.id == person_id:
                return i
        return None

    # --- Qt model contract -------------------------------------------------
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        person = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][2](person)
        if role == Qt.ItemDataRole.ForegroundRole and person.status in people.LEFT_STATUSES:
            return _LEFT_GREY
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column][1]
        if key is None:
            return
        self._order = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
