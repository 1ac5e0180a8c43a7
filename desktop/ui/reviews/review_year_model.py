"""Table models of the year and quarter views of the monthly reviews."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core import reviews
from desktop.core.reviews import MonthTotals, QuarterRow, YearRow
from desktop.ui.reviews.reviews_model import LEVEL_LETTERS, level_brushes
from desktop.ui.widgets.list_model import Index, ListModel

COMMENDED_MARK = "★"
REMINDED_MARK = "!"
FIRST_MONTH = 2  # column of January
_OFF_LIST = QBrush(QColor("#e9e9e9"))
_FOOTER = QBrush(QColor("#f4efe6"))
_BOLD = QFont()
_BOLD.setBold(True)
_FOOTERS = ["Trong danh sách", "Đã đánh giá", "Được biểu dương", "Bị nhắc nhở"]


class YearReviewModel(ListModel[YearRow]):
    """People × 12 months, then the year's counts; three total rows at the bottom."""

    HEADERS = ["Họ và tên", "Chi bộ", *(f"T{m}" for m in range(1, 13)), "Biểu dương", "Nhắc nhở"]

    def __init__(self) -> None:
        super().__init__()
        self._totals: list[MonthTotals] = []

    def set_rows(self, rows: Iterable[YearRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._totals = reviews.month_totals(self._rows)
        self.endResetModel()

    @staticmethod
    def month_of(column: int) -> int | None:
        month = column - FIRST_MONTH + 1
        return month if 1 <= month <= 12 else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows) + (len(_FOOTERS) if self._rows else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        if index.row() >= len(self._rows):
            return self._footer(index.row() - len(self._rows), index.column(), role)
        row = self._rows[index.row()]
        column = index.column()
        month = self.month_of(column)
        if month is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return [row.full_name, row.unit_name][column] if column < FIRST_MONTH else \
                    str(row.commended if column == FIRST_MONTH + 12 else row.reminded)
            if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_MONTH:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        return self._month_cell(row, month - 1, role)

    @staticmethod
    def _month_cell(row: YearRow, m: int, role: int) -> Any:
        level = row.levels[m]
        if role == Qt.ItemDataRole.DisplayRole:
            if not row.listed[m]:
                return ""
            marks = (COMMENDED_MARK if row.commended_months[m] else "") + (REMINDED_MARK if row.reminded_months[m] else "")
            return LEVEL_LETTERS.get(level or "", "") + marks
        if role == Qt.ItemDataRole.ToolTipRole:
            if not row.listed[m]:
                return f"{row.full_name} không có trong danh sách tháng {m + 1}."
            parts = [reviews.REVIEW_LEVELS.get(level or "", "chưa đánh giá")]
            if row.commended_months[m]:
                parts.append("được biểu dương")
            if row.reminded_months[m]:
                parts.append("bị nhắc nhở")
            return f"Tháng {m + 1}: " + ", ".join(parts)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _OFF_LIST if not row.listed[m] else level_brushes(level)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return level_brushes(level)[1]
        if role == Qt.ItemDataRole.FontRole and level:
            return _BOLD
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _footer(self, which: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return _FOOTER
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_MONTH:
            return int(Qt.AlignmentFlag.AlignCenter)
        month = self.month_of(column)
        if role == Qt.ItemDataRole.ToolTipRole and month is not None:
            totals = self._totals[month - 1]
            return [f"Tháng {month}: {totals.listed} người có trong danh sách",
                    f"Tháng {month}: {totals.reviewed} trong {totals.listed} người đã được đánh giá",
                    f"Tháng {month}: {totals.commended} người được biểu dương",
                    f"Tháng {month}: {totals.reminded} người bị nhắc nhở"][which]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return _FOOTERS[which]
        if month is not None:
            totals = self._totals[month - 1]
            if not totals.listed:
                return ""
            return str([totals.listed, totals.reviewed, totals.commended, totals.reminded][which])
        if column == FIRST_MONTH + 12 and which == 2:
            return str(sum(r.commended for r in self._rows))
        if column == FIRST_MONTH + 13 and which == 3:
            return str(sum(r.reminded for r in self._rows))
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return str(section + 1) if section < len(self._rows) else ""


QUARTER_NAMES = ["Quý I", "Quý II", "Quý III", "Quý IV"]


class QuarterReviewModel(ListModel[QuarterRow]):
    """Per person the level of each quarter (the 2025 rules allow quarterly reviews)."""

    HEADERS = ["Họ và tên", "Chi bộ", *QUARTER_NAMES, "Biểu dương", "Nhắc nhở"]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        quarter = column - 2
        if not 0 <= quarter < 4:
            if role == Qt.ItemDataRole.DisplayRole:
                values = [row.full_name, row.unit_name]
                return values[column] if column < 2 else str(row.commended if column == 6 else row.reminded)
            if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        cell = row.quarters[quarter]
        level = cell.level
        if role == Qt.ItemDataRole.DisplayRole:
            if level is None:
                return ""
            counts = " ".join(f"{n}{LEVEL_LETTERS[code]}" for code, n in
                              (("tot", cell.tot), ("dat", cell.dat), ("chua_dat", cell.chua_dat)) if n)
            return f"{reviews.REVIEW_LEVELS[level]} ({counts})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{QUARTER_NAMES[quarter]}: {cell.tot} tháng Tốt, {cell.dat} tháng Đạt, {cell.chua_dat} tháng Chưa đạt. "
                    "Mức của quý là mức có nhiều tháng nhất; bằng nhau thì lấy mức thấp hơn.")
        if role == Qt.ItemDataRole.BackgroundRole:
            return level_brushes(level)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return level_brushes(level)[1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
