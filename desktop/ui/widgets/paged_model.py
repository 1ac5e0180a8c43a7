"""A table model that loads its rows a page at a time as the view scrolls.

Lists that can grow (people, the audit log) never load a whole table: the
model asks its subclass for the count and for one page at a time, and Qt's
view calls fetchMore when the user scrolls near the end.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class PagedModel(QAbstractTableModel, Generic[T]):
    """Subclasses give `_count()` and `_page(offset, limit)`; call reload() after a change."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[T] = []
        self._total = 0

    def _count(self) -> int:
        raise NotImplementedError

    def _page(self, offset: int, limit: int) -> list[T]:
        raise NotImplementedError

    @property
    def total(self) -> int:
        """How many rows match (not only those loaded so far)."""
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._count()
        self._rows = self._page(0, PAGE)
        self.endResetModel()

    def row(self, index: int) -> T | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self._page(len(self._rows), PAGE)
        if not more:  # rows went away since the count: stop asking
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
