"""Table models of the import wizard: the sheets of a file, the columns of a
sheet (with the field each fills, changeable), the legacy text converted,
the rows previewed with their problems, and lists of errors or warnings.

They only show what `desktop.excel.importing.plan` decided; a changed mapping
goes back to the wizard as a request (`ColumnsModel.mapping_requested`),
which has the plan re-read and hands the model the new sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core import dates
from desktop.excel.importing.plan import ColumnPlan, ConversionSample, ImportPlan, Issue, SheetPlan
from desktop.excel.importing.rows import CRITERION_PREFIX
from desktop.ui.widgets.list_model import Index, ListModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole

IGNORE_LABEL = "— Bỏ qua —"
ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
PROBLEM_BACKGROUND = QBrush(QColor("#f6c9c9"))
PROBLEM_TEXT = QBrush(QColor("#8b0000"))
IGNORED_TEXT = QBrush(QColor("#8a8a8a"))
_SOURCES = {
    "recognised": "tự nhận ra",
    "chosen": "bạn đã chọn",
    "unknown": "không nhận ra",
    "row_number": "cột số thứ tự",
    "duplicate": "trùng cột khác",
}
SAMPLES = 3
# Fields whose read value the preview shows instead of the cell's text: what
# will be stored differs from what the eye sees (a serial date, a lost leading 0).
_SHOWN_AS_READ = frozenset({"cccd", "phone"})


class _Table(ListModel[tuple[str, ...]]):
    """Fixed headers, rows of display texts; subclasses fill `_rows`."""

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (DISPLAY, TOOLTIP):
            return self._rows[index.row()][index.column()]
        return None


class SheetsModel(_Table):
    """Each sheet of the file: recognised as what, where its table is; or why ignored."""

    HEADERS = ("Trang", "Nhận ra là", "Dòng tiêu đề", "Số dòng dữ liệu", "Cột nhận ra", "Lỗi")

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        for sheet in plan.sheets:
            used = sum(1 for c in sheet.columns if c.field)
            self._rows.append((
                sheet.name, f"Trang «{sheet.title}»", str(sheet.header_row), str(len(sheet.records)),
                f"{used}/{len(sheet.columns)}", str(len(sheet.errors)) if sheet.errors else "",
            ))
        for ignored in plan.ignored:
            self._rows.append((ignored.name, f"Bỏ qua ({ignored.reason})", "", "", "", ""))
        self._ignored_from = len(plan.sheets)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() >= self._ignored_from:
            return IGNORED_TEXT
        return super().data(index, role)


def column_samples(sheet: SheetPlan, column: int, count: int = SAMPLES) -> list[str]:
    """The first few different values of a column in the previewed rows."""
    found: list[str] = []
    for row in sheet.preview:
        if column < len(row.cells):
            text = row.cells[column]
            if text and text not in found:
                found.append(text)
                if len(found) == count:
                    break
    return found


class ColumnsModel(ListModel[ColumnPlan]):
    """The columns of one sheet; the Nhập vào column is edited with a combo."""

    HEADERS = ("Cột", "Tiêu đề trong tệp", "Nhập vào", "Cách nhận", "Ví dụ trong tệp")
    FIELD = 2
    mapping_requested = Signal(int, object)  # column index in the sheet, field name or None

    def __init__(self, sheet: SheetPlan) -> None:
        super().__init__()
        self._sheet = sheet
        self._rows = list(sheet.columns)

    @property
    def sheet(self) -> SheetPlan:
        return self._sheet

    def set_sheet(self, sheet: SheetPlan) -> None:
        self.beginResetModel()
        self._sheet = sheet
        self._rows = list(sheet.columns)
        self.endResetModel()

    def column(self, row: int) -> ColumnPlan:
        return self._rows[row]

    def row_of_letter(self, letter: str) -> int:
        return next(i for i, c in enumerate(self._rows) if c.letter == letter)

    def choices(self, row: int) -> list[tuple[str, str | None]]:
        """What a column may fill: nothing, a field of this kind of sheet, or (points sheets) a criterion."""
        column = self._rows[row]
        items: list[tuple[str, str | None]] = [(IGNORE_LABEL, None)]
        items += [(label, name) for name, label in self._sheet.field_choices.items()]
        if self._sheet.kind == "scores" and column.header:
            items.append((f"Điểm tiêu chí «{column.header}»", f"{CRITERION_PREFIX}{column.header}"))
        return items

    def _field_text(self, column: ColumnPlan) -> str:
        if column.field is None:
            return IGNORE_LABEL
        if column.field.startswith(CRITERION_PREFIX):
            return f"Điểm tiêu chí «{column.label}»"
        return column.label

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._rows[index.row()]
        if role == Qt.ItemDataRole.EditRole and index.column() == self.FIELD:
            return column.field
        if role in (DISPLAY, TOOLTIP):
            return (
                column.letter, column.header, self._field_text(column), _SOURCES.get(column.source, ""),
                " · ".join(column_samples(self._sheet, column.index)),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column.field is None:
            return IGNORED_TEXT
        if role == Qt.ItemDataRole.FontRole and column.source == "chosen":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for the new mapping; the model changes when the wizard hands back the re-read sheet."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.FIELD:
            return False
        column = self._rows[index.row()]
        if value == column.field:
            return False
        self.mapping_requested.emit(column.index, value)
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo of the fields a column may fill; a choice is committed at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        assert isinstance(model, ColumnsModel)
        box = QComboBox(parent)
        box.setToolTip("Chọn cột này nhập vào ô nào; «Bỏ qua» để không nhập (Enter mở danh sách)")
        for label, name in model.choices(index.row()):
            box.addItem(label, name)
        box.activated.connect(lambda _=0, b=box: self.commitData.emit(b))
        return box

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """A choice is committed when made (`activated`), never again when the combo loses focus:
        a re-read sheet resets the model, and the combo that held the focus, already released by
        the view, would otherwise commit to a view it no longer belongs to (and ask again)."""
        if event.type() == QEvent.Type.FocusOut:
            return False
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ConversionsModel(_Table):
    """Cells whose old-font text (TCVN3, VNI) was converted: before and after."""

    HEADERS = ("Ô", "Trước (chữ mã cũ)", "Sau (Unicode)", "Bảng mã")

    def __init__(self, samples: Sequence[ConversionSample]) -> None:
        super().__init__()
        self._rows = [(f"{s.place.column_letter}{s.place.row}", s.before, s.after,
                       ENCODINGS.get(s.encoding, s.encoding)) for s in samples]


def conversion_counts(counts: dict[str, int]) -> str:
    """ "1 ô từ TCVN3 (ABC), 2 ô từ VNI" """
    return ", ".join(f"{n} ô từ {ENCODINGS.get(enc, enc)}" for enc, n in counts.items())


# Dates of people, kept as ISO text that may know only the year or month ("1968", "1968-03").
_PARTIAL_DATES = frozenset({"birth_date", "joined_date", "official_date"})


class PreviewModel(QAbstractTableModel):
    """The sheet's rows as the file shows them; a problem is red on its cell with its message."""

    def __init__(self, sheet: SheetPlan, extra: Sequence[Issue] = ()) -> None:
        super().__init__()
        self._sheet = sheet
        self._rows = list(sheet.preview)
        width = max([len(r.cells) for r in self._rows] + [c.index + 1 for c in sheet.columns] + [0])
        self._columns = {c.index: c for c in sheet.columns}
        self._width = width
        self._problems: dict[tuple[int, int], str] = {}
        name = sheet.column_of("full_name")
        self._read: dict[tuple[int, int], str] = {}
        for record in sheet.records:
            for field, column in record.columns.items():
                value = record.values.get(field)
                if isinstance(value, dt.date) or field in _PARTIAL_DATES and isinstance(value, str):
                    self._read[(record.row, column)] = dates.format_date(value)
                elif field in _SHOWN_AS_READ and isinstance(value, str):
                    self._read[(record.row, column)] = value
        for row in self._rows:
            for column, message in row.problems.items():
                self._problems[(row.row, column)] = message
        for issue in extra:
            if issue.place.sheet == sheet.name and issue.place.row is not None:
                column = issue.place.column if issue.place.column is not None else (name.index if name else 0)
                self._problems[(issue.place.row, column)] = issue.message

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._width

    def position(self, excel_row: int, column: int | None) -> tuple[int, int] | None:
        """(model row, model column) of an Excel row and column, when previewed."""
        for i, row in enumerate(self._rows):
            if row.row == excel_row:
                return i, column if column is not None and column < self._width else 0
        return None

    def problem(self, row: int, column: int) -> str | None:
        return self._problems.get((self._rows[row].row, column))

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        problem = self._problems.get((row.row, column))
        raw = row.cells[column] if column < len(row.cells) else ""
        read = self._read.get((row.row, column), raw)
        if role == DISPLAY:
            return read
        if role == TOOLTIP:
            if problem:
                return f"Dòng {row.row}, cột {self._column_name(column)}: {problem}"
            return f"{read} (trong tệp: {raw})" if read != raw else raw or None
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return PROBLEM_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if problem:
                return PROBLEM_TEXT
            mapped = self._columns.get(column)
            if mapped is None or mapped.field is None:
                return IGNORED_TEXT
        return None

    def _column_name(self, column: int) -> str:
        mapped = self._columns.get(column)
        letter = get_column_letter(column + 1)
        return f"{letter} ({mapped.header})" if mapped and mapped.header else letter

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == DISPLAY and 0 <= section < len(self._rows):
                return str(self._rows[section].row)
            if role == TOOLTIP and 0 <= section < len(self._rows):
                return f"Dòng {self._rows[section].row} trong tệp"
            return None
        if role not in (DISPLAY, TOOLTIP) or not 0 <= section < self._width:
            return None
        mapped = self._columns.get(section)
        target = mapped.label if mapped and mapped.field else "bỏ qua"
        if mapped and mapped.field and mapped.field.startswith(CRITERION_PREFIX):
            target = f"điểm «{mapped.label}»"
        return f"{self._column_name(section)}\n→ {target}"


class IssuesModel(_Table):
    """Errors or warnings, each with its sheet, row and column."""

    HEADERS = ("Trang", "Dòng", "Cột", "Nội dung")

    def __init__(self, issues: Sequence[Issue] = ()) -> None:
        super().__init__()
        self._issues: list[Issue] = []
        self.set_issues(issues)

    def set_issues(self, issues: Sequence[Issue]) -> None:
        self.beginResetModel()
        self._issues = list(issues)
        self._rows = [(
            i.place.sheet or "", str(i.place.row) if i.place.row is not None else "",
            (f"{i.place.column_letter} ({i.place.header})" if i.place.header else i.place.column_letter or ""),
            i.message,
        ) for i in self._issues]
        self.endResetModel()

    def issue(self, row: int) -> Issue:
        return self._issues[row]

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == TOOLTIP and index.isValid() and index.row() < len(self._issues):
            return str(self._issues[index.row()])
        return super().data(index, role)
