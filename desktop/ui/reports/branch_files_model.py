"""The received branch files of a consolidation, what was decided for each and the
units counted from it (a table model)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.excel.reports import consolidate
from desktop.ui.widgets.list_model import Index, ListModel


class FilesModel(ListModel[consolidate.FileDecision]):
    """The received files of a consolidation and what was decided for each."""

    HEADERS = ("Tệp", "Đơn vị gửi", "Năm", "Tình trạng", "Đơn vị đã tính theo tệp này", "Ghi chú")
    NOTE_COLUMN = 5
    _RED = QBrush(QColor("#b00020"))
    _AMBER = QBrush(QColor("#9a6700"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (row.file.path.name, row.file.unit or "—", str(row.file.year or ""), row.label,
                      ", ".join(u.name for u in row.used) or "—", row.remarks)
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and (row.status != consolidate.INCLUDED or row.warnings):
            return self._AMBER if row.included else self._RED
        return None
