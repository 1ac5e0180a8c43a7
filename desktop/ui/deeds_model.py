"""Table models of the Đăng ký screen: one owner's deeds, and the rates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core import dates, deeds
from desktop.core.deeds import Deed, RegistrationRate

Index = QModelIndex | QPersistentModelIndex

# (header, field, getter, editable)
DEED_COLUMNS: list[tuple[str, str, Callable[[Deed], str], bool]] = [
    ("Nội dung đăng ký", "content", lambda d: d.content, True),
    ("Nhóm", "category", lambda d: d.category or "", True),
    ("Chỉ tiêu", "target", lambda d: d.target or "", True),
    ("Thời hạn", "due_date", lambda d: dates.format_date(d.due_date), True),
    ("Kết quả", "outcome", lambda d: d.outcome_label, False),
    ("Ghi chú kết quả", "result", lambda d: d.result or "", True),
    ("Mô hình", "is_model", lambda d: "✓" if d.is_model else "", False),
]


class DeedsModel(QAbstractTableModel):
    """The deeds of one person or one collective in one year (a short list)."""

    def __init__(self, edit: Callable[[int, dict[str, Any]], bool]) -> None:
        super().__init__()
        self._deeds: list[Deed] = []
        self._edit = edit

    def set_deeds(self, items: list[Deed]) -> None:
        self.beginResetModel()
        self._deeds = items
        self.endResetModel()

    def deed(self, row: int) -> Deed | None:
        return self._deeds[row] if 0 <= row < len(self._deeds) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._deeds)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(DEED_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._deeds):
            return None
        deed = self._deeds[index.row()]
        column = DEED_COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return column[2](deed)
        if role == Qt.ItemDataRole.TextAlignmentRole and column[1] in ("is_model", "due_date"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and DEED_COLUMNS[index.column()][3]:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        deed = self._deeds[index.row()]
        return self._edit(deed.id, {DEED_COLUMNS[index.column()][1]: value})

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return DEED_COLUMNS[section][0]
        return str(section + 1)


def _percent(part: int, whole: int) -> str:
    value = RegistrationRate.percent(part, whole)
    return "–" if value is None else f"{value:.1f}%".replace(".", ",")


RATE_COLUMNS: list[tuple[str, Callable[[RegistrationRate], str]]] = [
    ("Đơn vị", lambda r: r.unit_name),
    ("ĐV đăng ký", lambda r: f"{r.members_registered}/{r.members}"),
    ("Tỷ lệ ĐV", lambda r: _percent(r.members_registered, r.members)),
    ("QC đăng ký", lambda r: f"{r.masses_registered}/{r.masses}"),
    ("Tỷ lệ QC", lambda r: _percent(r.masses_registered, r.masses)),
    ("Việc cá nhân", lambda r: str(r.individual_deeds)),
    ("Việc tập thể", lambda r: str(r.collective_deeds)),
    ("Mô hình", lambda r: str(r.models)),
]


class RatesModel(QAbstractTableModel):
    """Tỷ lệ đăng ký per unit; a few dozen rows at most."""

    def __init__(self) -> None:
        super().__init__()
        self._rates: list[RegistrationRate] = []

    def set_rates(self, rates: list[RegistrationRate]) -> None:
        self.beginResetModel()
        self._rates = rates
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RATE_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rates):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return RATE_COLUMNS[index.column()][1](self._rates[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return RATE_COLUMNS[section][0]
        return None


OUTCOME_CHOICES = [("Đang thực hiện", None), *((v, k) for k, v in deeds.OUTCOME_LABELS.items())]
