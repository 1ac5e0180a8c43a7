"""Table model of the Cuối năm grid, and the combo-box delegate of its choice columns.

The grid's columns follow the year's rule set: one per criterion (or the
level entered by hand in a year rated without points; with people of
several forms, the union of their forms' criteria, a cell outside a
person's form greyed and not editable), the flags the rules
read, then the total, the proposed and final levels, the emulation title
and the "5 năm liền" mark. Every number, level and reason comes from
`core.scoring`; edits are handed to a callback that the view runs through
the operations layer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.rules import LEVEL_CODES, RuleSet, format_points
from desktop.core.scoring import (
    PENDING,
    TITLE_ADVANCED,
    TITLE_NONE,
    TITLE_SOLDIER,
    PersonScore,
    title_name,
)
from desktop.core.yearend import FLAG_LABELS, TASK_FIELDS, task_counts

Index = QModelIndex | QPersistentModelIndex

NAME, UNIT, CRITERION, MANUAL, FLAG, TOTAL, PROPOSED, FINAL, TITLE, STREAK, TASK, QUARTERS, FORM = (
    "name", "unit", "criterion", "manual", "flag", "total", "proposed", "final", "title", "streak", "task",
    "quarters", "form")
QUARTER_MARKS = {"tot": "T", "dat": "Đ", "chua_dat": "C", None: "–"}
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1  # [(label, value)] offered by a choice column's editor

# Short two-line headers; the full wording is the header's tooltip.
FLAG_HEADERS = {
    "disciplined": "Kỷ\nluật", "discipline_remedied": "Tự\nkhắc\nphục\nKL", "degraded": "Suy\nthoái",
    "all_tasks_done": "Hoàn\nthành\n100%", "beyond_30": "Vượt\n≥ 30%", "shortcomings_fixed": "Khắc\nphục\nhạn\nchế",
    "initiative": "Sáng\nkiến", "long_sick_leave": "Ốm\ndài\nngày,\nthai\nsản",
    "temporary_attendance": "Sinh\nhoạt\ntạm\nthời",
}
TASK_HEADERS = {
    "tasks_assigned": "Số\nviệc\ngiao", "tasks_on_time": "Đúng\nhạn", "tasks_late": "Trễ\nhạn",
    "tasks_not_done": "Không\nHT", "tasks_beyond": "Vượt\nmức",
}
COMMITTEE_TEXT = "cấp ủy QĐ"
# (background, text) per level, best first: green, blue, neutral, orange-red.
LEVEL_COLOURS: dict[str, tuple[str | None, str]] = {
    "HTXSNV": ("#cdebc5", "#1d5e1a"),
    "HTTNV": ("#dbe9f7", "#174a7c"),
    "HTNV": (None, "#202020"),
    "KHTNV": ("#f9c4a8", "#9a2a00"),
}
OVERRIDE_MARK = "✎"
STREAK_MARK = "★"
_GREY = QBrush(QColor("#8a8a8a"))
_NOT_IN_FORM = QBrush(QColor("#e4e4e4"))  # a criterion the person's form does not have
_BOLD = QFont()
_BOLD.setBold(True)
_ITALIC = QFont()
_ITALIC.setItalic(True)


def level_brushes(level: str | None) -> tuple[QBrush | None, QBrush | None]:
    if level not in LEVEL_COLOURS:
        return None, None
    background, text = LEVEL_COLOURS[level]
    return (QBrush(QColor(background)) if background else None), QBrush(QColor(text))


def abbreviation(name: str) -> str:
    """Initials as secretaries write titles: "Lao động tiên tiến" → "LĐTT"."""
    return "".join(word[0] for word in name.split()).upper()


def _header_lines(text: str, maxima: str) -> str:
    """A criterion's name wrapped short, its maximum below, so its column stays narrow."""
    return "\n".join([*textwrap.wrap(text, 10), f"(tối đa {maxima})"])


@dataclass(frozen=True)
class Column:
    kind: str
    key: str = ""
    header: str = ""
    tooltip: str = ""


def grid_columns(rules: RuleSet, flags: tuple[str, ...], forms: tuple[str, ...] = ()) -> list[Column]:
    """The grid's columns for people of `forms` (their criteria tables' union)."""
    columns = [Column(NAME, header="Họ và tên")]
    if rules.uses_points and any(f in rules.form_criteria for f in forms):
        columns.append(Column(FORM, header="Mẫu", tooltip="Mẫu kiểm điểm (2A, 2B, 2C): bảng tiêu chí của người này; "
                                                           "ô xám là tiêu chí không thuộc mẫu của họ"))
    if rules.uses_points:
        columns += [Column(CRITERION, c.code, _header_lines(c.name, rules.maxima_text(c.code, forms)),
                           f"{c.name}: gõ số điểm từ 0 đến {rules.maxima_text(c.code, forms)}, Enter để lưu; "
                           "Delete để xóa điểm") for c in rules.criteria_for_forms(forms)]
    else:
        columns.append(Column(MANUAL, header="Mức chi bộ\nxếp loại",
                              tooltip=f"{rules.name}: không chấm điểm. Gõ X: HTXSNV, T: HTTNV, H: HTNV, K: KHTNV; "
                                      "Delete để xóa; Enter để chọn trong danh sách"))
    if rules.uses_points:
        columns.append(Column(TOTAL, header="Tổng\nđiểm", tooltip="Tổng điểm các tiêu chí"))
    columns.append(Column(QUARTERS, header="Quý\nI II III IV",
                          tooltip="Đánh giá quý (T: Tốt, Đ: Đạt, C: Chưa đạt, –: chưa đánh giá), tính từ đánh giá "
                                  "tháng hoặc chi bộ ghi; sửa ở khung bên dưới"))
    # The levels come right after the points, so they stay in view on a
    # 1024-px screen; the flags that refine them follow.
    columns += [
        Column(PROPOSED, header="Đề\nxuất", tooltip="Mức đề xuất theo quy định của năm; lý do ở khung bên dưới"),
        Column(FINAL, header="Quyết\nđịnh",
               tooltip=f"Mức cấp có thẩm quyền quyết định; Enter hoặc Ctrl+L để đổi (khác đề xuất thì cần lý do, "
                       f"đánh dấu {OVERRIDE_MARK})"),
    ]
    if rules.task_conditions.enabled:
        columns += [Column(TASK, key, TASK_HEADERS[key],
                           f"{label}: đếm từ kết quả các việc đăng ký; gõ số rồi Enter để sửa, "
                           "Delete để trở về số đếm từ việc đăng ký")
                    for key, label in TASK_FIELDS.items()]
    columns += [Column(FLAG, flag, FLAG_HEADERS[flag], f"{FLAG_LABELS[flag]} (Space để đánh dấu hoặc bỏ)")
                for flag in flags]
    if rules.titles.enabled:
        columns.append(Column(TITLE, header="Thi\nđua",
                              tooltip=f"Đề nghị danh hiệu thi đua — {abbreviation(rules.titles.advanced_name)}: "
                                      f"{rules.titles.advanced_name}; "
                                      f"{abbreviation(rules.titles.soldier_name)}: {rules.titles.soldier_name}. "
                                      "Gõ để chọn khác đề xuất"))
        span = rules.titles.excellent_streak_years
        columns.append(Column(STREAK, header=f"{span} năm\nliền",
                              tooltip=f"{STREAK_MARK}: {rules.level_name('HTXSNV')} {span} năm liền"))
    # Last, so that on a narrow screen the levels stay in view; hidden when one chi bộ is shown.
    columns.append(Column(UNIT, header="Chi bộ"))
    return columns


# The edit callback: (person, column, value) → True when stored.
EditFn = Callable[[PersonScore, Column, Any], bool]


class YearEndModel(QAbstractTableModel):
    """One row per đảng viên to be rated (a chi bộ 10–150, a đảng bộ cơ sở up to ~1,500)."""

    def __init__(self, edit: EditFn) -> None:
        super().__init__()
        self._edit = edit
        self._rows: list[PersonScore] = []
        self.rules: RuleSet | None = None
        self.columns: list[Column] = []
        self.read_only = False
        self._form_codes: dict[str, frozenset[str]] = {}  # form → codes of its criteria table

    def set_rows(self, rules: RuleSet, flags: tuple[str, ...], rows: list[PersonScore]) -> bool:
        """Show new rows; True when the model was reset (other people or columns).

        After an edit the same people come back and only the cells are
        updated, so the view keeps its current cell and selection.
        """
        forms = tuple(sorted({r.person.form for r in rows}))
        columns = grid_columns(rules, flags, forms)
        self._form_codes = {f: frozenset(c.code for c in rules.for_form(f).criteria) for f in forms}
        same = columns == self.columns and [r.person.person_id for r in rows] == self.person_ids()
        if same:
            self.rules, self._rows = rules, rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(columns) - 1))
            return False
        self.beginResetModel()
        self.rules, self.columns, self._rows = rules, columns, rows
        self.endResetModel()
        return True

    def person_ids(self) -> list[int]:
        return [r.person.person_id for r in self._rows]

    def score(self, row: int) -> PersonScore | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, person_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.person.person_id == person_id:
                return i
        return None

    def in_form(self, score: PersonScore, column: Column) -> bool:
        """False for a criterion column the person's form's table does not have."""
        return column.kind != CRITERION or column.key in self._form_codes.get(score.person.form, frozenset())

    def column(self, number: int) -> Column | None:
        return self.columns[number] if 0 <= number < len(self.columns) else None

    def column_of(self, kind: str, key: str = "") -> int | None:
        for i, c in enumerate(self.columns):
            if c.kind == kind and (not key or c.key == key):
                return i
        return None

    # --- Qt model contract -------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        score, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(score, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == FLAG:
            on = bool(getattr(score.person, column.key))
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(score, column)
        if role == CHOICES_ROLE:
            return self._choices(column)
        if role == Qt.ItemDataRole.BackgroundRole and not self.in_form(score, column):
            return _NOT_IN_FORM
        level = self._level_of(score, column)
        if role == Qt.ItemDataRole.BackgroundRole and level:
            return level_brushes(level)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if level:
                return level_brushes(level)[1]
            if column.kind in (PROPOSED, FINAL) and score.status == PENDING:
                return _GREY
        if role == Qt.ItemDataRole.FontRole:
            if level and column.kind != MANUAL:
                return _BOLD
            if score.status == PENDING and column.kind in (PROPOSED, FINAL):
                return _ITALIC
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind not in (NAME, UNIT):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return score.person.person_id
        return None

    @staticmethod
    def _level_of(score: PersonScore, column: Column) -> str | None:
        if column.kind == PROPOSED:
            return score.proposed_level
        if column.kind == FINAL:
            return score.final_level
        if column.kind == MANUAL:
            return score.person.manual_level
        return None

    def _text(self, score: PersonScore, column: Column, editing: bool) -> str:
        p = score.person
        if column.kind == NAME:
            return p.name
        if column.kind == UNIT:
            return p.unit_name
        if column.kind == FORM:
            return p.form
        if column.kind == CRITERION:
            value = p.points.get(column.key)
            return "" if value is None or not self.in_form(score, column) else format_points(value)
        if column.kind == MANUAL:
            return p.manual_level or ("" if editing else "—")
        if column.kind == TOTAL:
            return "" if score.total is None else format_points(score.total)
        if column.kind == QUARTERS:
            return " ".join(QUARTER_MARKS[level] for level in p.quarters) if p.quarters else "– – – –"
        if column.kind == TASK:
            value = task_counts(p.tasks)[column.key]
            return "" if value is None else str(value)
        if column.kind == PROPOSED:
            return score.proposed_level or (COMMITTEE_TEXT if score.committee_decides else "chưa chấm")
        if column.kind == FINAL:
            if score.final_level is None:
                return COMMITTEE_TEXT if score.committee_decides else "chưa chấm"
            return f"{score.final_level} {OVERRIDE_MARK}" if score.overridden else score.final_level
        if column.kind == TITLE:
            if editing:
                return p.title or ""
            return abbreviation(title_name(self.rules, score.title) or "") if self.rules and score.title else ""
        if column.kind == STREAK:
            return STREAK_MARK if score.excellent_streak else ""
        return ""

    def _tooltip(self, score: PersonScore, column: Column) -> str | None:
        rules = self.rules
        if rules is None:
            return None
        if column.kind in (PROPOSED, FINAL, TOTAL):
            return "\n".join(score.reasons)
        if column.kind == TITLE:
            return score.title_reason or "Không đề nghị danh hiệu thi đua."
        if column.kind == MANUAL and score.person.manual_level:
            return rules.level_name(score.person.manual_level)
        if not self.in_form(score, column):
            return f"Tiêu chí này không thuộc bảng tiêu chí Mẫu {score.person.form} của {score.person.name}."
        return column.tooltip or None

    def _choices(self, column: Column) -> list[tuple[str, str | None]] | None:
        rules = self.rules
        if rules is None:
            return None
        if column.kind == MANUAL:
            return [("(chưa xếp loại)", None), *((f"{code} — {rules.level_name(code)}", code) for code in LEVEL_CODES)]
        if column.kind == TITLE:
            titles = rules.titles
            return [("Theo đề xuất", None),
                    (f"{abbreviation(titles.advanced_name)} — {titles.advanced_name}", TITLE_ADVANCED),
                    (f"{abbreviation(titles.soldier_name)} — {titles.soldier_name}", TITLE_SOLDIER),
                    ("Không đề nghị danh hiệu", TITLE_NONE)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        column = self.column(index.column()) if index.isValid() else None
        if column is None or self.read_only:
            return base
        if index.row() < len(self._rows) and not self.in_form(self._rows[index.row()], column):
            return base
        if column.kind in (CRITERION, MANUAL, TITLE, TASK):
            return base | Qt.ItemFlag.ItemIsEditable
        if column.kind == FLAG:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        column = self.column(index.column()) if index.isValid() else None
        if column is None or index.row() >= len(self._rows) or self.read_only:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == FLAG:
            state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
            return self._edit(self._rows[index.row()], column, state == Qt.CheckState.Checked)
        if not self.in_form(self._rows[index.row()], column):
            return False
        if role == Qt.ItemDataRole.EditRole and column.kind in (CRITERION, MANUAL, TITLE, TASK):
            return self._edit(self._rows[index.row()], column, value)
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        column = self.column(section)
        if column is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        return None


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for the columns whose model offers choices (CHOICES_ROLE)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        for label, value in choices:
            box.addItem(label, value)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole) or None
            editor.setCurrentIndex(0 if value is None else max(editor.findData(value), 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, QComboBox):  # the full level names need more room than the cell
            editor.setMinimumWidth(max(option.rect.width(), editor.sizeHint().width()))
