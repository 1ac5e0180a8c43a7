"""Không xếp loại: đảng viên on the list but not rated this year, each with the rule that says so.

Exempt, suspended, admitted less than the rule set's months before 31/12:
reviewed, listed, but given no level (DOMAIN.md). Quần chúng are counted
beside the list, since they get no party level at all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.scoring import PersonScore
from desktop.ui.widgets.basic import fit_columns, table_view
from desktop.ui.widgets.list_model import Index, ListModel


class NotRatedModel(ListModel[PersonScore]):
    """Đảng viên on the list but not rated this year, each with the rule that says so."""

    HEADERS = ["Họ và tên", "Chi bộ", "Vì sao không xếp loại"]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        score = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 2:
                return " ".join(score.reasons) if role == Qt.ItemDataRole.ToolTipRole else score.reasons[0]
            return [score.person.name, score.person.unit_name][index.column()]
        return None


class NotRatedTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NotRatedModel()
        self.view = table_view()
        self.view.setObjectName("not_rated")
        self.view.setModel(self.model)
        self.masses_line = QLabel()
        self.masses_line.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.masses_line)

    def show_people(self, rows: list[PersonScore], masses: int) -> None:
        self.model.set_rows(rows)
        fit_columns(self.view, 320)
        self.masses_line.setText(f"Ngoài ra {masses} quần chúng: không xếp loại chất lượng đảng viên."
                                 if masses else "")
