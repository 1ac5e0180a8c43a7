"""The table model of a short list: one row per item, fixed column headers.

    class RatesModel(ListModel[RegistrationRate]):
        HEADERS = ["Đơn vị", "ĐV đăng ký", ...]

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            rate = self.row(index.row())
            ...

    model.set_rows(deeds.registration_rates(db, year))

The whole list is replaced at once (a model reset); it suits lists of a few
hundred rows at most. Long lists that load as the user scrolls (people,
the audit log) have models of their own with fetchMore.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class ListModel(QAbstractTableModel, Generic[T]):
    """Rows of `T` under the column titles `HEADERS`; a subclass writes `data`.

    The vertical header numbers the rows 1, 2, … unless `NUMBERED` is False.
    """

    HEADERS: Sequence[str] = ()
    NUMBERED = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> T | None:
        """The item shown on `row`, or None past the end."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1) if self.NUMBERED else None
