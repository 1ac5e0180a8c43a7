"""The year (people × 12 months) and quarter tabs of the monthly reviews."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.reviews import REVIEW_LEVELS, QuarterRow, YearRow
from desktop.ui.reviews.review_year_model import (
    COMMENDED_MARK,
    REMINDED_MARK,
    QuarterReviewModel,
    YearReviewModel,
)
from desktop.ui.reviews.reviews_model import LEVEL_COLOURS, LEVEL_LETTERS
from desktop.ui.widgets.basic import fit_columns, table_view


def legend_chip(level: str, text: str) -> QLabel:
    """A small label in a level's colours, for the legends."""
    background, colour = LEVEL_COLOURS[level]
    chip = QLabel(text)
    chip.setStyleSheet(f"background: {background or '#ffffff'}; color: {colour}; font-weight: bold; "
                       "border: 1px solid #c8c8c8; border-radius: 3px; padding: 2px 8px;")
    chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return chip


class YearTab(QWidget):
    """Every person's twelve months; double-click (or Enter) a month to open it."""

    def __init__(self, open_month: Callable[[int, int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_month = open_month
        self.model = YearReviewModel()
        self.view = table_view()
        self.view.setObjectName("review_year")
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.setModel(self.model)
        self.view.activated.connect(self._activated)
        legend = QHBoxLayout()
        for level, label in REVIEW_LEVELS.items():
            legend.addWidget(legend_chip(level, f"{LEVEL_LETTERS[level]} = {label}"))
        marks = QLabel(f"{COMMENDED_MARK} biểu dương · {REMINDED_MARK} nhắc nhở · ô xám: không có trong danh sách "
                       "tháng đó · Enter hoặc nhấp đúp vào một tháng để mở tháng đó")
        marks.setWordWrap(True)
        legend.addWidget(marks, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(legend)
        layout.addWidget(self.view, 1)

    def show_year(self, rows: list[YearRow]) -> None:
        self.model.set_rows(rows)
        self.view.setColumnHidden(1, len({r.unit_name for r in rows}) <= 1)
        fit_columns(self.view, 240)
        for column in range(2, 14):  # room for "140/150" in the totals row, no more
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), 44))

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        month = self.model.month_of(index.column())
        if row is not None:
            self._open_month(row.person_id, month or 1)


class QuarterTab(QWidget):
    """Per person the level of each quarter, with how many months of each level."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuarterReviewModel()
        self.view = table_view()
        self.view.setObjectName("review_quarters")
        self.view.setModel(self.model)
        note = QLabel("Mức của quý là mức có nhiều tháng nhất trong quý (bằng nhau thì lấy mức thấp hơn); "
                      "trong ngoặc: số tháng Tốt (T), Đạt (Đ), Chưa đạt (C). Chi bộ đánh giá theo quý chỉ cần ghi "
                      "một tháng của quý.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)

    def show_year(self, rows: list[QuarterRow]) -> None:
        self.model.set_rows(rows)
        self.view.setColumnHidden(1, len({r.unit_name for r in rows}) <= 1)
        fit_columns(self.view, 240)
