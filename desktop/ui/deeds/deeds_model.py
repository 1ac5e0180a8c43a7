"""Table models of the Đăng ký screen: one owner's deeds, and the rates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from desktop.core import dates, deeds
from desktop.core.deeds import Deed, RegistrationRate
from desktop.ui.widgets.list_model import Index, ListModel

# (header, field, getter, editable)
DEED_COLUMNS: list[tuple[str, str, Callable[[Deed], str], bool]] = [
    ("Nội dung đăng ký", "content", lambda d: d.content, True),
    ("Nhóm", "category", lambda d: d.category or "", True),
    ("Chỉ tiêu", "target", lambda d: d.target or "", True),
    ("Thời hạn", "due_date", lambda d: dates.format_date(d.due_date), True),
    ("Kết quả", "outcome", lambda d: d.outcome_label, False),
    ("Ghi chú", "result", lambda d: d.result or "", True),  # on the result, beside it
    ("Mô hình", "is_model", lambda d: "✓" if d.is_model else "", False),
]


class DeedsModel(ListModel[Deed]):
    """The deeds of one person or one collective in one year (a short list)."""

    HEADERS = [header for header, *_ in DEED_COLUMNS]

    def __init__(self, edit: Callable[[int, dict[str, Any]], bool]) -> None:
        super().__init__()
        self._edit = edit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        deed = self._rows[index.row()]
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
        deed = self._rows[index.row()]
        return self._edit(deed.id, {DEED_COLUMNS[index.column()][1]: value})


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


class RatesModel(ListModel[RegistrationRate]):
    """Tỷ lệ đăng ký per unit; a few dozen rows at most."""

    HEADERS = [header for header, _ in RATE_COLUMNS]
    NUMBERED = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return RATE_COLUMNS[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


OUTCOME_CHOICES = [("Đang thực hiện", None), *((v, k) for k, v in deeds.OUTCOME_LABELS.items())]
