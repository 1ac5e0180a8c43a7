"""Xếp loại tập thể…: the year rating of a chi bộ or đảng bộ, its award, the earlier years.

The committee decides the collective's level (QĐ 366-QĐ/TW); the dialog
stores it with "tiêu biểu" (offered only for HTXSNV), a short note and, for
the "5 năm liền" award, the levels of the earlier years a new file does not
hold. Beside the choice it shows what the rating draws on, the members'
levels this year, and the award the choice would propose. Saving is one
`core.collectives.set_rating` call through the operations layer (one undo).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import collectives
from desktop.core.collectives import Rating
from desktop.core.errors import UserError
from desktop.core.rules import LEVEL_CODES, RuleSet, rules_for_year
from desktop.core.scoring import YearScore
from desktop.ui.operations import Operations
from desktop.ui.yearend.level_dialog import error_label, save_cancel

SHORTCUT = "Ctrl+Shift+T"


def _level_box(rules: RuleSet, name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem(collectives.NOT_YET, None)
    for code in LEVEL_CODES:
        box.addItem(f"{code} — {rules.level_name(code)}", code)
    return box


class _YearRow(QWidget):
    """One earlier year of the run: its level and tiêu biểu."""

    def __init__(self, rules: RuleSet, year: int) -> None:
        super().__init__()
        self.year = year
        self.level = _level_box(rules, f"level_{year}")
        self.exemplary = QCheckBox(collectives.EXEMPLARY_LABEL)
        self.exemplary.setObjectName(f"exemplary_{year}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.level, 1)
        row.addWidget(self.exemplary)
        self.level.currentIndexChanged.connect(lambda _i: _only_for_excellent(self.level, self.exemplary))

    def show_rating(self, rating: Rating | None) -> None:
        rating = rating or Rating()
        self.level.setCurrentIndex(self.level.findData(rating.level))
        self.exemplary.setChecked(rating.exemplary)
        _only_for_excellent(self.level, self.exemplary)

    def rating(self) -> Rating:
        return Rating(self.level.currentData(), self.exemplary.isChecked())


def _only_for_excellent(level: QComboBox, exemplary: QCheckBox) -> None:
    """Tiêu biểu is the committee's pick among HTXSNV collectives: offered only there."""
    excellent = level.currentData() == "HTXSNV"
    if not excellent:
        exemplary.setChecked(False)
    exemplary.setEnabled(excellent)


class CollectiveDialog(QDialog):
    """The year rating of one đảng bộ or chi bộ (chosen in the dialog)."""

    def __init__(self, ops: Operations, year: int, unit_id: int | None,
                 scored: list[YearScore] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year = ops, year
        # The screen's scoring covers the unit it opened on; another unit is scored for itself.
        self.scored = {unit_id: scored} if scored is not None and unit_id is not None else {}
        self.rules = rules_for_year(ops.db, year)
        self._grass_roots = False
        self.setWindowTitle(f"{collectives.TITLE} năm {year}")
        self.setMinimumWidth(600)
        self.unit = QComboBox()
        self.unit.setObjectName("collective_unit")
        for unit in collectives.rated_units(ops.db):
            self.unit.addItem(unit.name, unit.id)
        self.unit.setCurrentIndex(max(self.unit.findData(unit_id), 0))
        self.level = _level_box(self.rules, "level")
        self.exemplary = QCheckBox(f"&{collectives.EXEMPLARY_LABEL} (cấp ủy chọn trong số tập thể HTXSNV)")
        self.exemplary.setToolTip(f"Chỉ tập thể {self.rules.level_name('HTXSNV')} mới được chọn là tiêu biểu")
        self.exemplary.setObjectName("exemplary")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(collectives.NOTE_MAX)
        self.note.setPlaceholderText("Ví dụ: Theo Quyết định số 20-QĐ/ĐU ngày 25/12/2025 của Ban Thường vụ Đảng ủy")
        self.figures = QLabel()
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.award = QLabel()
        self.award.setObjectName("award")
        self.award.setWordWrap(True)
        self.error = error_label()
        span = self.rules.titles.excellent_streak_years
        self.earlier = [_YearRow(self.rules, y) for y in range(year - span + 1, year)]

        form = QFormLayout()
        form.addRow("Tổ chức đả&ng:", self.unit)
        form.addRow(f"&Mức xếp loại năm {year}:", self.level)
        form.addRow("", self.exemplary)
        form.addRow("&Ghi chú:", self.note)
        figures_box = QGroupBox(f"Kết quả xếp loại đảng viên năm {year} (để cấp ủy tham khảo)")
        QVBoxLayout(figures_box).addWidget(self.figures)
        history_box = QGroupBox(f"Các năm trước (để xét “{span} năm liền”; tệp mới chưa có thì nhập tay)")
        history = QFormLayout(history_box)
        for row in self.earlier:
            history.addRow(f"Năm {row.year}:", row)
        buttons, self.save_button = save_cancel("Lưu")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(figures_box)
        layout.addWidget(history_box)
        layout.addWidget(self.award)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.level.currentIndexChanged.connect(lambda _i: self._update())
        self.exemplary.toggled.connect(lambda _on: self._update())
        for row in self.earlier:
            row.level.currentIndexChanged.connect(lambda _i: self._update())
            row.exemplary.toggled.connect(lambda _on: self._update())
        self.unit.currentIndexChanged.connect(lambda _i: self._load())
        self._load()
        self.level.setFocus()

    @property
    def unit_id(self) -> int | None:
        value = self.unit.currentData()
        return None if value is None else int(value)

    def _load(self) -> None:
        """Show the chosen collective's stored rating, earlier years and members' figures."""
        self.error.hide()
        if self.unit_id is None:
            self.figures.setText("Tệp chưa có chi bộ hay đảng bộ nào.")
            self.save_button.setEnabled(False)
            return
        found = collectives.collective(self.ops.db, self.year, self.unit_id, self.rules)
        self.level.setCurrentIndex(self.level.findData(found.rating.level))
        self.exemplary.setChecked(found.rating.exemplary)
        self.note.setText(found.rating.note)
        for row in self.earlier:
            row.show_rating(found.earlier.get(row.year))
        figures = collectives.member_figures(self.ops.db, self.year, self.unit_id,
                                             self.scored.get(self.unit_id))
        self.figures.setText("\n".join(figures.lines(self.rules)))
        self._grass_roots = collectives.is_grass_roots(self.ops.db, self.unit_id)
        self._update()

    def _rating(self) -> Rating:
        return Rating(self.level.currentData(), self.exemplary.isChecked(), self.note.text())

    def _update(self) -> None:
        _only_for_excellent(self.level, self.exemplary)
        earlier = {row.year: row.rating() for row in self.earlier}
        awards = collectives.proposals(self.rules, self.year, self._rating(), earlier,
                                       grass_roots=self._grass_roots)
        self.award.setText("Đề nghị khen thưởng: " + ("; ".join(awards) if awards else collectives.NO_AWARD))

    def save(self) -> None:
        if self.unit_id is None:
            return
        earlier = {row.year: row.rating() for row in self.earlier}
        try:
            done = self.ops.run(collectives.set_rating, self.year, self.unit_id, self._rating(), earlier, quiet=True)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if done is not None:
            self.accept()
