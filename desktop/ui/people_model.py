"""Lazy table model of people: loads windows of rows as the view scrolls.

Nothing loads the whole table: `core.people.list_people` is asked for the
next window when the view calls fetchMore, and the filter and sort run in
SQLite (folded-name FTS index, Vietnamese sort key).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from desktop.core import dates, people
from desktop.core.people import Person, PersonFilter

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
PAGE = 200
_LEFT_GREY = QBrush(QColor("#8a8a8a"))


class PeopleModel(QAbstractTableModel):
    def __init__(self, db: Database, columns: list[int] | None = None) -> None:
        super().__init__()
        self._db = db
        self._columns = [COLUMNS[i] for i in (columns or range(len(COLUMNS)))]
        self._filter = PersonFilter()
        self._order = "name"
        self._descending = False
        self._rows: list[Person] = []
        self._total = 0
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

    @property
    def total(self) -> int:
        """How many people match (not only the rows loaded so far)."""
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self._total = people.count_people(self._db, self._filter)
        self._rows = people.list_people(
            self._db, self._filter, order=self._order, descending=self._descending, limit=PAGE
        )
        self.endResetModel()

    def person(self, row: int) -> Person | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, person_id: int) -> int | None:
        for i, p in enumerate(self._rows):
            if p.id == person_id:
                return i
        return None

    # --- Qt model contract -------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = people.list_people(
            self._db, self._filter, order=self._order, descending=self._descending,
            offset=len(self._rows), limit=PAGE,
        )
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

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
