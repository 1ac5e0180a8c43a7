"""The received branch files of a consolidation, and what was decided for each (a table model)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.excel.reports import consolidate
from desktop.ui.widgets.list_model import Index, ListModel


class FilesModel(ListModel[consolidate.FileDecision]):
    """The received files of a consolidation and what was decided for each."""

    HEADERS = ("Tệp", "Đơn vị", "Năm", "Tình trạng", "Ghi chú")
    _RED = QBrush(QColor("#b00020"))
    _AMBER = QBrush(QColor("#9a6700"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (row.file.path.name, row.file.unit or "—", str(row.file.year or ""),
                      consolidate.STATUS_LABELS[row.status], "" if row.status == consolidate.INCLUDED else row.note)
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.status != consolidate.INCLUDED:
            return self._AMBER if row.included else self._RED
        return None
