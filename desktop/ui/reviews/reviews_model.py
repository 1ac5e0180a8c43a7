"""Table model of the month's review grid: one row per person on the list.

Columns: name, chi bộ, attendance, level, commended, reminded, note, then,
when the secretary asks for them, one column per registered deed with that
month's progress. Edits are handed to a callback (the view runs them through
the operations layer); the model only shows rows `core.reviews.month_grid`
gave it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core import people, reviews
from desktop.core.reviews import DeedProgress, ReviewRow

Index = QModelIndex | QPersistentModelIndex

NAME, UNIT, PRESENCE, LEVEL, COMMENDED, REMINDED, NOTE = range(7)
FIXED_HEADERS = ["Họ và tên", "Chi bộ", "Sinh hoạt", "Mức", "Biểu dương", "Nhắc nhở", "Ghi chú"]
# Columns a pasted block may fill, in the order they stand.
PASTE_COLUMNS = (LEVEL, COMMENDED, REMINDED, NOTE)

# (background, text) per level: Tốt green, Đạt neutral, Chưa đạt orange-red.
LEVEL_COLOURS: dict[str, tuple[str | None, str]] = {
    "tot": ("#cdebc5", "#1d5e1a"),
    "dat": (None, "#202020"),
    "chua_dat": ("#f9c4a8", "#9a2a00"),
}
LEVEL_LETTERS = {"tot": "T", "dat": "Đ", "chua_dat": "C"}
# Shown, greyed, in the level cell of people no review is due from.
_NOT_DUE = {"mien_sinh_hoat": "(miễn SH)", "dinh_chi": "(đình chỉ)"}
_GREY = QBrush(QColor("#8a8a8a"))
_MIXED = QBrush(QColor("#fbd38d"))  # contradicting marks: allowed, but to be seen
_ITALIC = QFont()
_ITALIC.setItalic(True)
_BOLD = QFont()
_BOLD.setBold(True)


def level_brushes(level: str | None) -> tuple[QBrush | None, QBrush | None]:
    """Background and text brushes of a level's cell (None: the view's own)."""
    if level not in LEVEL_COLOURS:
        return None, None
    background, text = LEVEL_COLOURS[level]
    return (QBrush(QColor(background)) if background else None), QBrush(QColor(text))


# The edit callback: (row, column, value) → True when stored.
EditFn = Callable[[ReviewRow, int, Any], bool]


class MonthReviewModel(QAbstractTableModel):
    """The month grid; a chi bộ has 10–150 rows, a đảng bộ cơ sở up to ~1,500."""

    def __init__(self, edit: EditFn) -> None:
        super().__init__()
        self._rows: list[ReviewRow] = []
        self._deed_columns = 0
        self._edit = edit
        self.read_only = False

    # --- state -------------------------------------------------------------
    def set_rows(self, rows: list[ReviewRow], deed_columns: bool = False) -> bool:
        """Show new rows; True when the model was reset (the people changed).

        When the same people come back (after an edit) the cells are updated
        in place, so the view keeps its current cell and selection.
        """
        wanted = max((len(r.deeds) for r in rows), default=0) if deed_columns else 0
        same_people = [r.person_id for r in rows] == [r.person_id for r in self._rows]
        if same_people and wanted == self._deed_columns:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return False
        self.beginResetModel()
        self._rows = rows
        self._deed_columns = wanted
        self.endResetModel()
        return True

    def review(self, row: int) -> ReviewRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, person_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.person_id == person_id:
                return i
        return None

    def deed_at(self, row: int, column: int) -> DeedProgress | None:
        review = self.review(row)
        position = column - len(FIXED_HEADERS)
        if review is None or not 0 <= position < len(review.deeds):
            return None
        return review.deeds[position]

    @staticmethod
    def is_text_column(column: int) -> bool:
        """Columns where typing writes text (the note, a deed's progress)."""
        return column == NOTE or column >= len(FIXED_HEADERS)

    # --- Qt model contract -------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIXED_HEADERS) + self._deed_columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        review = self._rows[index.row()]
        column = index.column()
        if column >= len(FIXED_HEADERS):
            return self._deed_data(review, self.deed_at(index.row(), column), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(review, column)
        if role == Qt.ItemDataRole.EditRole:
            return review.note or "" if column == NOTE else self._display(review, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(review, column)
        if role == Qt.ItemDataRole.BackgroundRole and column in (COMMENDED, REMINDED) and review.mixed:
            return _MIXED
        if role == Qt.ItemDataRole.BackgroundRole and column == LEVEL:
            return level_brushes(review.level)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == LEVEL and review.level:
                return level_brushes(review.level)[1]
            if not review.expected:
                return _GREY
        if role == Qt.ItemDataRole.FontRole:
            if column == LEVEL and review.level:
                return _BOLD
            if column == LEVEL and not review.expected:
                return _ITALIC
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LEVEL, COMMENDED, REMINDED):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return review.person_id
        return None

    @staticmethod
    def _display(review: ReviewRow, column: int) -> str:
        if column == NAME:
            return review.full_name
        if column == UNIT:
            return review.unit_name
        if column == LEVEL:
            if review.level or review.expected:
                return review.level_label
            return _NOT_DUE.get(review.status, "")
        if column == COMMENDED:
            return ("⚠ ✓" if review.mixed else "✓") if review.commended else ""
        if column == REMINDED:
            return ("⚠ ✓" if review.mixed else "✓") if review.reminded else ""
        if column == NOTE:
            return review.note or ""
        return reviews.PRESENCE_LABELS.get(review.presence or "", "")

    @staticmethod
    def _tooltip(review: ReviewRow, column: int) -> str | None:
        if not review.expected:
            return (f"{review.full_name}: {people.STATUS_LABELS.get(review.status, '')} trong tháng; "
                    "không cần đánh giá.")
        if column == LEVEL:
            return "T: Tốt · Đ hoặc D: Đạt · C: Chưa đạt · Delete: xóa mức"
        if column in (COMMENDED, REMINDED):
            keys = "B: biểu dương · N: nhắc nhở (bấm lại để bỏ)"
            return f"Cần xem lại: {review.full_name} {review.mixed} trong tháng.\n{keys}" if review.mixed else keys
        if column == NOTE:
            return review.note or "Gõ để ghi chú; Enter để lưu và xuống dòng"
        return None

    @staticmethod
    def _deed_data(review: ReviewRow, deed: DeedProgress | None, role: int) -> Any:
        if deed is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{deed.content}: {deed.progress}" if deed.progress else deed.content
        if role == Qt.ItemDataRole.EditRole:
            return deed.progress or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            progress = deed.progress or "chưa ghi tiến độ tháng này (gõ để ghi)"
            return f"{deed.content}\nTiến độ: {progress}"
        if role == Qt.ItemDataRole.ForegroundRole and not deed.progress:
            return _GREY
        if role == Qt.ItemDataRole.FontRole and not deed.progress:
            return _ITALIC
        if role == Qt.ItemDataRole.UserRole:
            return review.person_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self.read_only:
            return base
        column = index.column()
        if column == NOTE or (column >= len(FIXED_HEADERS) and self.deed_at(index.row(), column)):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self._edit(self._rows[index.row()], index.column(), value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
            if section < len(FIXED_HEADERS):
                return FIXED_HEADERS[section]
            return f"Việc {section - len(FIXED_HEADERS) + 1}"
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            if section >= len(FIXED_HEADERS):
                return "Tiến độ việc đăng ký trong tháng: chữ xám là nội dung việc, chưa ghi tiến độ"
            if section == PRESENCE:
                return "Điểm danh buổi sinh hoạt của tháng (Ctrl+M để ghi)"
        return None
