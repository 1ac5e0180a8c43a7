"""Bộ tiêu chí xếp loại năm …: choose the year's preset and adjust it.

The form builds a `RuleSet` from what is on screen and asks `core.rules`
whether it is valid after every change, so the problems (in Vietnamese)
are visible before saving; saving is one recorded change (undoable).
The criteria table is edited per form (Mặc định, 2A, 2B, 2C: HD 43 §1 lets
the province set one per form); a form without its own table uses the
default one until "Chép từ bảng mặc định" gives it a copy to change.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import rules, vntext, yearend, years
from desktop.core.errors import UserError
from desktop.core.rules import (
    CAP_FLAGS,
    EXCELLENCE_CONDITIONS,
    FORMS,
    LEVEL_CODES,
    QUOTA_BASES,
    QUOTA_GROUPS,
    Cap,
    CriteriaGroup,
    Criterion,
    FormCriteria,
    RuleSet,
    TaskConditions,
    Thresholds,
    format_points,
)
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import fit_columns, table_view
from desktop.ui.widgets.form import ERROR_STYLE
from desktop.ui.widgets.list_model import Index, ListModel
from desktop.ui.yearend.yearend_model import CHOICES_ROLE, ChoiceDelegate

PRESET_LABELS = {"366": "Quy định 366-QĐ/TW (từ 2025): chấm điểm trên 100",
                 "366-2C": "Quy định 366-QĐ/TW, Phụ lục 5 (Mẫu 2C, chi bộ xã, thôn): chấm điểm trên 100",
                 "124": "Quy định 124-QĐ/TW (2023–2024): không chấm điểm, nhập mức"}
RULES_FILTER = "Tệp bộ tiêu chí (*.json)"
_OK_STYLE = "color: #1d5e1a;"
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
_NOTE_STYLE = "color: #9a4a00;"
CODE, NAME, GROUP, MAX = range(4)
DEFAULT_TABLE = ""  # the form picker's entry for the rule set's default criteria table


class CriteriaModel(ListModel[Criterion]):
    """The criteria of the rule set being edited: code, name, group, maximum."""

    HEADERS = ["Mã", "Tên tiêu chí", "Nhóm", "Điểm tối đa"]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[tuple[str, str]] = []  # (code, name)
        self.error = ""

    @property
    def criteria(self) -> list[Criterion]:
        return self._rows

    def set_criteria(self, criteria: list[Criterion], groups: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows, self.groups = criteria, groups
        self.endResetModel()

    def add(self, group: str) -> int:
        row = len(self.criteria)
        taken = {c.code for c in self.criteria}
        code = next(f"tc{n}" for n in range(1, len(taken) + 2) if f"tc{n}" not in taken)
        self.beginInsertRows(QModelIndex(), row, row)
        self.criteria.append(Criterion(code, "Tiêu chí mới", group, 0))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.criteria):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.criteria[row]
            self.endRemoveRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.criteria):
            return None
        criterion, column = self.criteria[index.row()], index.column()
        if role == CHOICES_ROLE and column == GROUP:
            return [(name, code) for code, name in self.groups]
        if role == Qt.ItemDataRole.EditRole:
            return [criterion.code, criterion.name, criterion.group, format_points(criterion.max_points)][column]
        if role == Qt.ItemDataRole.DisplayRole:
            group = dict(self.groups).get(criterion.group, criterion.group)
            return [criterion.code, criterion.name, group, format_points(criterion.max_points)][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MAX:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= len(self.criteria):
            return False
        criterion, column = self.criteria[index.row()], index.column()
        self.error = ""
        if column == CODE:
            changed = replace(criterion, code=vntext.clean(str(value or "")))
        elif column == NAME:
            changed = replace(criterion, name=vntext.clean(str(value or "")))
        elif column == GROUP:
            changed = replace(criterion, group=str(value))
        else:
            try:
                points = yearend.parse_points(value)
            except ValueError as exc:
                self.error = f"Điểm tối đa của tiêu chí “{criterion.name}”: {exc}"
                self.dataChanged.emit(index, index)
                return False
            changed = replace(criterion, max_points=points or 0)
        self.criteria[index.row()] = changed
        self.dataChanged.emit(index, index)
        return True


def _spin(top: float, decimals: int = 1, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, top)
    box.setDecimals(decimals)
    box.setSingleStep(0.5)
    box.setSuffix(suffix)
    box.setLocale(VIETNAMESE)  # 12,5 as secretaries write it, whatever the system's language
    return box


class RulesDialog(QDialog):
    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year = ops, year
        self.setWindowTitle(f"Bộ tiêu chí xếp loại năm {year}")
        self.resize(900, 640)
        self.locked = years.is_locked(ops.db, year) or ops.readonly
        self.scored = yearend.scored_criteria(ops.db, year)
        self.base: RuleSet = rules.rules_for_year(ops.db, year)

        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for code in rules.PRESETS:
            self.preset.addItem(PRESET_LABELS[code], code)
        self.name = QLineEdit()
        self.name.setObjectName("rules_name")
        self.criteria = CriteriaModel()
        self.table = table_view()
        self.table.setObjectName("criteria")
        self.table.setModel(self.criteria)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.groups_line = QLabel()
        self.groups_line.setObjectName("groups_line")
        self.groups_line.setWordWrap(True)
        # Criteria tables being edited: the default one and each form's own (lists the model edits in place).
        self.tables: dict[str, list[Criterion]] = {DEFAULT_TABLE: []}
        self.table_groups: dict[str, tuple[CriteriaGroup, ...]] = {}
        self.form_box = QComboBox()
        self.form_box.setObjectName("criteria_form")
        self.form_box.addItem("Mặc định (các mẫu không có bảng riêng)", DEFAULT_TABLE)
        for code, label in FORMS.items():
            self.form_box.addItem(label, code)
        self.form_box.setToolTip("Hướng dẫn 43-HD/BTCTW cho phép tỉnh đặt bảng điểm riêng cho từng mẫu 2A, 2B, 2C")
        self.form_box.currentIndexChanged.connect(lambda _i: self._show_table())
        self.form_line = QLabel()
        self.form_line.setObjectName("form_line")
        self.form_line.setWordWrap(True)
        self.copy_button = QPushButton("Chép từ bảng mặc định")
        self.copy_button.setObjectName("copy_default")
        self.copy_button.setToolTip("Tạo bảng tiêu chí riêng cho mẫu này, bắt đầu từ bảng mặc định")
        self.copy_button.clicked.connect(self.copy_default)
        self.drop_button = QPushButton("Dùng bảng mặc định")
        self.drop_button.setObjectName("drop_form_table")
        self.drop_button.setToolTip("Bỏ bảng riêng của mẫu này; người dùng mẫu này chấm theo bảng mặc định")
        self.drop_button.clicked.connect(self.drop_form_table)
        self.add_button = QPushButton("Thêm tiêu chí")
        self.add_button.setObjectName("add_criterion")
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button = QPushButton("Xóa tiêu chí đang chọn")
        self.remove_button.setObjectName("remove_criterion")
        self.remove_button.clicked.connect(self.remove_criterion)
        self.points_box = QGroupBox("Tiêu chí và điểm tối đa (chia nhỏ trong điểm tối đa của nhóm)")
        points_column = QVBoxLayout(self.points_box)
        form_row = QHBoxLayout()
        form_label = QLabel("Bảng tiêu chí &của:")
        form_label.setBuddy(self.form_box)
        form_row.addWidget(form_label)
        form_row.addWidget(self.form_box, 1)
        form_row.addWidget(self.copy_button)
        form_row.addWidget(self.drop_button)
        points_column.addLayout(form_row)
        points_column.addWidget(self.form_line)
        points_column.addWidget(self.table, 1)
        points_column.addWidget(self.groups_line)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch()
        points_column.addLayout(buttons_row)

        self.excellent, self.good, self.passing = _spin(1000), _spin(1000), _spin(1000)
        for threshold, key in ((self.excellent, "excellent"), (self.good, "good"), (self.passing, "done")):
            threshold.setObjectName(f"threshold_{key}")
        self.conditions = {key: QCheckBox(f"HTXSNV cần: {label}") for key, label in EXCELLENCE_CONDITIONS.items()}
        self.remedy = QCheckBox("Bị kỷ luật nhưng đã tự phát hiện, khắc phục thì không bắt buộc KHTNV")
        self.months = QSpinBox()
        self.months.setRange(0, 24)
        self.months.setSuffix(" tháng")
        self.quota_on = QCheckBox("Giới hạn tỷ lệ HTXSNV")
        self.quota_on.setObjectName("quota_on")
        self.quota_percent = _spin(100, suffix=" %")
        self.quota_percent.setObjectName("quota_percent")
        self.quota_base = QComboBox()
        for code, label in QUOTA_BASES.items():
            self.quota_base.addItem(label, code)
        self.titles_on = QCheckBox("Đề nghị danh hiệu thi đua theo mức xếp loại")
        self.soldier_cap_on = QCheckBox("Giới hạn tỷ lệ Chiến sĩ thi đua cơ sở")
        self.soldier_cap = _spin(100, suffix=" % số LĐTT")
        self.soldier_cap.setObjectName("soldier_cap")
        self.streak = QSpinBox()
        self.streak.setRange(1, 20)
        self.streak.setSuffix(" năm liền")
        self.caps: dict[str, tuple[QCheckBox, QComboBox]] = {}
        levels = QFormLayout()
        levels.addRow("HTXSNV từ (điểm):", self.excellent)
        levels.addRow("HTTNV từ (điểm):", self.good)
        levels.addRow("HTNV từ (điểm):", self.passing)
        for box in self.conditions.values():
            levels.addRow(box)
        levels.addRow(self.remedy)
        levels.addRow("Không xếp loại nếu vào Đảng chưa đủ:", self.months)
        self.tasks_on = QCheckBox("Điều kiện nhiệm vụ của từng mức (QĐ 366 Điều 11)")
        self.tasks_on.setObjectName("tasks_on")
        self.late_max, self.undone_max, self.beyond_min = _spin(100, suffix=" %"), _spin(100, suffix=" %"), \
            _spin(100, suffix=" %")
        self.late_max.setObjectName("late_max")
        self.gap_level = QComboBox()
        self.gap_level.setObjectName("gap_level")
        self.gap_level.addItem("Không đề xuất, cấp ủy quyết định", None)
        for code in LEVEL_CODES:
            self.gap_level.addItem(f"Tạm đề xuất {code}", code)
        levels.addRow(self.tasks_on)
        levels.addRow("HTNV: trễ hạn không quá:", self.late_max)
        levels.addRow("KHTNV: không hoàn thành quá:", self.undone_max)
        levels.addRow("HTXSNV: vượt mức ít nhất:", self.beyond_min)
        levels.addRow("Không mức nào đủ điều kiện:", self.gap_level)
        for flag, label in CAP_FLAGS.items():
            on, level = QCheckBox(f"{label.capitalize()}: tối đa"), QComboBox()
            for code in LEVEL_CODES:
                level.addItem(code, code)
            levels.addRow(on, level)
            self.caps[flag] = (on, level)
        self.levels_box = QGroupBox("Mức xếp loại: từ bao nhiêu điểm, cần điều kiện gì")
        self.levels_box.setLayout(levels)
        self.quota_group = QComboBox()
        self.quota_group.setObjectName("quota_group")
        for code, label in QUOTA_GROUPS.items():
            self.quota_group.addItem(f"Tính tỷ lệ {label}", code)
        self.outstanding_percent = _spin(100, suffix=" %")
        self.outstanding_percent.setObjectName("outstanding_percent")
        self.vote_min = _spin(100, suffix=" % Hội đồng")
        self.vote_min.setObjectName("vote_min")
        self.awards_on = QCheckBox("Đề nghị khen thưởng của Đảng (HD 06-HD/TW 2025)")
        self.awards_on.setObjectName("awards_on")
        self.streak_exemplary = QCheckBox("Tập thể “5 năm liền”: mỗi năm đều HTXSNV tiêu biểu (bỏ chọn: HTXSNV mỗi năm)")
        self.streak_exemplary.setObjectName("collective_streak_exemplary")
        self.streak_exemplary.setToolTip("Cách đọc Hướng dẫn 06-HD/TW về tập thể “Hoàn thành xuất sắc nhiệm vụ "
                                         "tiêu biểu 5 năm liền”; năm cuối luôn phải tiêu biểu")
        limits = QFormLayout()
        limits.addRow(self.quota_on)
        limits.addRow("Tối đa:", self.quota_percent)
        limits.addRow("của:", self.quota_base)
        limits.addRow("Nhóm:", self.quota_group)
        limits.addRow("Đơn vị tiêu biểu tối đa:", self.outstanding_percent)
        limits.addRow(self.titles_on)
        limits.addRow(self.soldier_cap_on)
        limits.addRow("Tối đa:", self.soldier_cap)
        limits.addRow("Ghi nhận HTXSNV:", self.streak)
        limits.addRow("CSTĐCS cần phiếu từ:", self.vote_min)
        limits.addRow(self.awards_on)
        limits.addRow(self.streak_exemplary)
        limits_box = QGroupBox("Tỷ lệ HTXSNV, danh hiệu thi đua và khen thưởng của Đảng")
        limits_box.setLayout(limits)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.scored_note = QLabel()
        self.scored_note.setObjectName("scored_note")
        self.scored_note.setWordWrap(True)
        self.scored_note.setStyleSheet(_NOTE_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Lưu bộ tiêu chí")
        self.save_button.setObjectName("save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        export_button = QPushButton("Xuất tệp bộ tiêu chí…")
        export_button.setObjectName("export_rules")
        export_button.setToolTip("Đảng ủy xuất bộ tiêu chí thành tệp để gửi cho các chi bộ")
        export_button.clicked.connect(self._ask_export)
        import_button = QPushButton("Nhập tệp bộ tiêu chí…")
        import_button.setObjectName("import_rules")
        import_button.setToolTip("Chi bộ nhập tệp bộ tiêu chí đảng ủy gửi (xem lại rồi bấm Lưu)")
        import_button.clicked.connect(self._ask_import)
        import_button.setEnabled(not self.locked)
        buttons.addButton(export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.notice = QLabel()
        self.notice.setObjectName("rules_notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)

        top = QFormLayout()
        top.addRow("Theo quy định:", self.preset)
        top.addRow("Tên bộ tiêu chí:", self.name)
        layout = QVBoxLayout(self)
        if self.locked:
            notice = QLabel(f"Năm {year} đã chốt sổ (hoặc tệp chỉ đọc): bộ tiêu chí chỉ để xem.")
            notice.setStyleSheet("background: #fff3c4; border: 1px solid #e0c060; padding: 6px; color: #5a4500;")
            layout.addWidget(notice)
        layout.addLayout(top)
        # Three pages (Ctrl+Tab moves between them): each part has the dialog's whole height on
        # a 768-px screen, and a page taller or wider than a small screen scrolls.
        self.pages = QTabWidget()
        self.pages.setObjectName("rules_pages")
        self.pages.addTab(self.points_box, "Tiêu chí và điểm tối đa")
        self.pages.addTab(_scrolling(self.levels_box), "Ngưỡng điểm và điều kiện")
        self.pages.addTab(_scrolling(limits_box), "Tỷ lệ, thi đua, khen thưởng")
        for index in range(self.pages.count()):
            self.pages.setTabToolTip(index, "Ctrl+Tab: sang trang sau; Ctrl+Shift+Tab: trang trước")
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.scored_note)
        layout.addWidget(self.notice)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

        self.load(self.base)
        self.preset.currentIndexChanged.connect(lambda _i: self.load(rules.preset(self.preset.currentData())))
        for signal in (self.name.textChanged, self.criteria.dataChanged, self.criteria.rowsInserted,
                       self.criteria.rowsRemoved, self.excellent.valueChanged, self.good.valueChanged,
                       self.passing.valueChanged, self.quota_percent.valueChanged, self.soldier_cap.valueChanged,
                       self.months.valueChanged, self.streak.valueChanged, self.quota_base.currentIndexChanged,
                       self.late_max.valueChanged, self.undone_max.valueChanged, self.beyond_min.valueChanged,
                       self.gap_level.currentIndexChanged, self.quota_group.currentIndexChanged,
                       self.outstanding_percent.valueChanged, self.vote_min.valueChanged):
            signal.connect(lambda *_: self.check())
        for box in (*self.conditions.values(), self.remedy, self.quota_on, self.titles_on, self.soldier_cap_on,
                    self.tasks_on, self.awards_on, self.streak_exemplary,
                    *(on for on, _level in self.caps.values())):
            box.toggled.connect(lambda *_: self.check())
        for _on, level in self.caps.values():
            level.currentIndexChanged.connect(lambda *_: self.check())

    def load(self, rule_set: RuleSet) -> None:
        """Show a rule set (the stored one, or a preset just chosen)."""
        self.base = rule_set
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(self.preset.findData(rule_set.preset), 0))
        self.preset.blockSignals(False)
        self.name.setText(rule_set.name)
        self.tables = {DEFAULT_TABLE: list(rule_set.criteria),
                       **{form: list(table.criteria) for form, table in rule_set.form_criteria.items()}}
        self.table_groups = {form: table.groups for form, table in rule_set.form_criteria.items()}
        self.form_box.blockSignals(True)
        self.form_box.setCurrentIndex(0)
        self.form_box.blockSignals(False)
        t = rule_set.thresholds
        self.excellent.setValue(t.excellent)
        self.good.setValue(t.good)
        self.passing.setValue(t.done)
        for key, box in self.conditions.items():
            box.setChecked(key in rule_set.excellence_conditions)
        self.remedy.setChecked(rule_set.discipline_remedy_allowed)
        self.months.setValue(rule_set.min_party_months)
        self.quota_on.setChecked(rule_set.quota.enabled)
        self.quota_percent.setValue(rule_set.quota.percent)
        self.quota_base.setCurrentIndex(max(self.quota_base.findData(rule_set.quota.base), 0))
        self.titles_on.setChecked(rule_set.titles.enabled)
        self.soldier_cap_on.setChecked(rule_set.titles.soldier_cap_enabled)
        self.soldier_cap.setValue(rule_set.titles.soldier_cap_percent)
        self.streak.setValue(rule_set.titles.excellent_streak_years)
        tasks = rule_set.task_conditions
        self.tasks_on.setChecked(tasks.enabled)
        self.late_max.setValue(tasks.late_max_percent)
        self.undone_max.setValue(tasks.not_done_fail_percent)
        self.beyond_min.setValue(tasks.beyond_min_percent)
        self.gap_level.setCurrentIndex(max(self.gap_level.findData(tasks.gap_default_level), 0)
                                       if tasks.gap_default_level else 0)
        self.quota_group.setCurrentIndex(max(self.quota_group.findData(rule_set.quota.group), 0))
        self.outstanding_percent.setValue(rule_set.quota.outstanding_percent)
        self.vote_min.setValue(rule_set.titles.council_vote_min_percent)
        self.awards_on.setChecked(rule_set.awards.enabled)
        self.streak_exemplary.setChecked(rule_set.awards.collective_streak_exemplary)
        for flag, (on, level) in self.caps.items():
            cap = next((c for c in rule_set.caps if c.flag == flag), None)
            on.setChecked(bool(cap and cap.enabled))
            level.setCurrentIndex(max(level.findData(cap.max_level if cap else "HTNV"), 0))
        for widget in (self.points_box, self.excellent, self.good, self.passing):
            widget.setEnabled(rule_set.uses_points and not self.locked)
        self._show_table()  # and check it

    def _form(self) -> str:
        return str(self.form_box.currentData() or DEFAULT_TABLE)

    def _show_table(self) -> None:
        """Show the chosen form's criteria table: its own, editable; else the default, to read."""
        form = self._form()
        own = form in self.tables
        shown = self.tables[form] if own else self.tables[DEFAULT_TABLE]
        groups = self.table_groups.get(form, self.base.groups) if own else self.base.groups
        self.criteria.set_criteria(shown, [(g.code, g.name) for g in groups])
        fit_columns(self.table, 320)
        self.table.setColumnWidth(NAME, max(self.table.columnWidth(NAME), 300))
        self.table.setColumnWidth(GROUP, max(self.table.columnWidth(GROUP), 220))
        editable = own and self.base.uses_points and not self.locked
        self.table.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.copy_button.setVisible(form != DEFAULT_TABLE and not own)
        self.copy_button.setEnabled(self.base.uses_points and not self.locked)
        self.drop_button.setVisible(form != DEFAULT_TABLE and own)
        self.drop_button.setEnabled(not self.locked)
        if form == DEFAULT_TABLE:
            with_own = [f for f in FORMS if f in self.tables]
            text = ("Bảng mặc định dùng cho mọi mẫu." if not with_own else
                    f"Bảng mặc định dùng cho các mẫu không có bảng riêng (đã có bảng riêng: "
                    f"{', '.join('Mẫu ' + f for f in with_own)}).")
        elif own:
            text = f"Mẫu {form} có bảng tiêu chí riêng; người dùng Mẫu {form} được chấm theo bảng này."
        else:
            text = (f"Mẫu {form} đang dùng bảng mặc định (hiện bên dưới, chỉ để xem). Bấm “Chép từ bảng mặc "
                    "định” để tạo bảng riêng cho mẫu này rồi sửa.")
        self.form_line.setText(text)
        self.check()

    def copy_default(self) -> None:
        """Give the chosen form its own table, a copy of the default one, and show it to edit."""
        form = self._form()
        if form == DEFAULT_TABLE or form in self.tables:
            return
        self.tables[form] = list(self.tables[DEFAULT_TABLE])
        self.table_groups[form] = self.base.groups
        self._show_table()
        self.table.setCurrentIndex(self.criteria.index(0, NAME))
        self.table.setFocus()

    def drop_form_table(self) -> None:
        """The chosen form goes back to the default table."""
        form = self._form()
        if form != DEFAULT_TABLE:
            self.tables.pop(form, None)
            self.table_groups.pop(form, None)
            self._show_table()

    def rule_set(self) -> RuleSet:
        """The rule set as it stands on screen."""
        base = self.base
        return replace(
            base,
            name=vntext.clean(self.name.text()),
            criteria=tuple(self.tables[DEFAULT_TABLE]),
            form_criteria={form: FormCriteria(self.table_groups.get(form, base.groups), tuple(self.tables[form]))
                           for form in FORMS if form in self.tables} if base.uses_points else {},
            thresholds=Thresholds(self.excellent.value(), self.good.value(), self.passing.value()),
            excellence_conditions=tuple(k for k, box in self.conditions.items() if box.isChecked()),
            discipline_remedy_allowed=self.remedy.isChecked(),
            min_party_months=self.months.value(),
            caps=tuple(Cap(flag, level.currentData(), on.isChecked()) for flag, (on, level) in self.caps.items()),
            quota=replace(base.quota, enabled=self.quota_on.isChecked(), percent=self.quota_percent.value(),
                          base=self.quota_base.currentData(), group=self.quota_group.currentData(),
                          outstanding_percent=self.outstanding_percent.value()),
            task_conditions=TaskConditions(self.tasks_on.isChecked(), self.late_max.value(), self.undone_max.value(),
                                           self.beyond_min.value(), self.gap_level.currentData()),
            awards=replace(base.awards, enabled=self.awards_on.isChecked(),
                           collective_streak_exemplary=self.streak_exemplary.isChecked()),
            titles=replace(base.titles, enabled=self.titles_on.isChecked(),
                           soldier_cap_enabled=self.soldier_cap_on.isChecked(),
                           soldier_cap_percent=self.soldier_cap.value(),
                           excellent_streak_years=self.streak.value(),
                           council_vote_min_percent=self.vote_min.value()),
        )

    def check(self) -> bool:
        """Show what core.rules says about the rule set on screen; True when valid."""
        rule_set = self.rule_set()
        self._show_groups(rule_set.for_form(self._form() or None))
        codes = {c.code for c in rule_set.criteria_for_forms(FORMS)} if rule_set.uses_points else set()
        dropped = [(code, n) for code, n in self.scored.items() if code not in codes]
        self.scored_note.setText(" ".join(
            f"Đã có điểm của {n} người theo tiêu chí mã “{code}”, không còn trong bộ này: số điểm đó vẫn giữ "
            "trong tệp nhưng không được tính (giữ mã cũ để tính tiếp)." for code, n in dropped))
        self.scored_note.setVisible(bool(dropped))
        problem = self.criteria.error
        if not problem:
            try:
                rules.validate(rule_set)
            except UserError as exc:
                problem = exc.message
        self.problems.setText(problem or "Bộ tiêu chí hợp lệ.")
        self.problems.setStyleSheet(ERROR_STYLE if problem else _OK_STYLE)
        self.save_button.setEnabled(not self.locked)
        return not problem

    def _show_groups(self, rule_set: RuleSet) -> None:
        if not rule_set.uses_points:
            self.groups_line.setText(f"{rule_set.name}: không chấm điểm; chi bộ nhập mức xếp loại cho từng người.")
            return
        parts = []
        for group in rule_set.groups:
            total = sum((Decimal(str(c.max_points)) for c in rule_set.criteria if c.group == group.code), Decimal(0))
            parts.append(f"{group.name}: tối đa {format_points(group.max_points)} điểm, "
                         f"các tiêu chí đang cộng {format_points(total)}")
        self.groups_line.setText("; ".join(parts) + ".")

    def add_criterion(self) -> None:
        group = self.base.task_group or (self.base.groups[0].code if self.base.groups else "")
        row = self.criteria.add(group)
        self.table.setCurrentIndex(self.criteria.index(row, NAME))
        self.table.setFocus()

    def remove_criterion(self) -> None:
        self.criteria.remove(self.table.currentIndex().row())

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Xuất tệp bộ tiêu chí", f"bo-tieu-chi-{self.year}.json",
                                              RULES_FILTER)
        if name:
            self.export_to(Path(name))

    def _ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Nhập tệp bộ tiêu chí", "", RULES_FILTER)
        if name:
            self.import_from(Path(name))

    def export_to(self, path: Path) -> bool:
        """Write the rule set on screen to a file; True when written."""
        if not self.check():
            return False
        try:
            rules.save_file(path, self.rule_set(), self.year)
        except UserError as exc:
            self._say(exc.message, error=True)
            return False
        self._say(f"Đã xuất bộ tiêu chí năm {self.year} ra tệp {path.name}.")
        return True

    def import_from(self, path: Path) -> bool:
        """Show a rule set file's rules (saved with Lưu, as one undoable change); True when read."""
        try:
            year, imported = rules.load_file(path)
        except UserError as exc:
            self._say(exc.message, error=True)
            return False
        self.load(imported)
        other = f" (tệp ghi năm {year})" if year and year != self.year else ""
        self._say(f"Đã đọc bộ tiêu chí “{imported.name}” từ tệp {path.name}{other}. "
                  "Bấm Lưu bộ tiêu chí để áp dụng cho năm này.")
        return True

    def _say(self, message: str, error: bool = False) -> None:
        self.notice.setText(message)
        self.notice.setStyleSheet(ERROR_STYLE if error else _OK_STYLE)
        self.notice.setVisible(True)

    def save(self) -> None:
        if not self.check():
            return
        try:
            done = self.ops.run(rules.set_rules, self.year, self.rule_set(), quiet=True)
        except UserError as exc:
            self.problems.setText(exc.message)
            self.problems.setStyleSheet(ERROR_STYLE)
            return
        if done is not None:
            self.accept()


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area
