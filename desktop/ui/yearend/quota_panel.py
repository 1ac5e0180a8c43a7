"""Tỷ lệ xếp loại, thi đua: per grass-roots organisation, what the report to the higher committee counts.

One column per organisation (most files hold one), one row per figure, as
the year-end report lists them: rated, each level's count and share,
HTXSNV as % of rated and of HTTNV, the limit and whether it is exceeded,
then the emulation titles and their cap. The numbers come from
`core.scoring`; an exceeded limit is shown in red with its numbers and
nobody is demoted.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.rules import LEVEL_CODES, QUOTA_BASES, RuleSet, format_points
from desktop.core.scoring import OrgResult
from desktop.ui.widgets.basic import table_view

Index = QModelIndex | QPersistentModelIndex

_RED = QBrush(QColor("#b00020"))
_BOLD = QFont()
_BOLD.setBold(True)
WARNING_STYLE = "color: #b00020; font-weight: bold;"
OK_STYLE = "color: #1d5e1a;"


def _level_share(code: str, org: OrgResult) -> str:
    return f"{org.quota.counts[code]} ({_pct(org.quota.shares[code])})"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{format_points(value)}%"


def _limit(org: OrgResult) -> str:
    quota = org.quota
    if not quota.enabled:
        return "không áp dụng năm này"
    return f"{quota.allowed} người ({format_points(quota.limit_percent or 0)}% của {quota.base_count})"


def _status(org: OrgResult) -> str:
    quota = org.quota
    if not quota.enabled:
        return "—"
    if quota.exceeded:
        return f"Vượt chỉ tiêu: {quota.excellent} > {quota.allowed}"
    return "Trong giới hạn"


def _soldier_limit(org: OrgResult) -> str:
    titles = org.titles
    if titles.allowed is None:
        return "không áp dụng năm này"
    text = f"{titles.allowed} ({format_points(titles.cap_percent or 0)}% của {titles.advanced})"
    return text + (" — VƯỢT" if titles.exceeded else "")


def _summary(org: OrgResult) -> str:
    """One line for the strip under the tabs when nothing is exceeded."""
    quota = org.quota
    if not quota.rated:
        return f"{org.org_name}: Chưa có ai được xếp loại."
    shares = (f"HTXSNV {quota.excellent} = {_pct(quota.excellent_percent_of_rated)} số được xếp loại, "
              f"{_pct(quota.excellent_percent_of_good)} số HTTNV")
    limit = f"; tối đa {quota.allowed} người — trong giới hạn" if quota.enabled else ""
    return f"{org.org_name}: {quota.rated} người được xếp loại; {shares}{limit}."


def _no_warning(_org: OrgResult) -> str | None:
    return None


@dataclass(frozen=True)
class Figure:
    """One row: its label, its value for an organisation, and the warning when it is exceeded."""

    label: str
    value: Callable[[OrgResult], str]
    warning: Callable[[OrgResult], str | None] = _no_warning


def figures(rules: RuleSet) -> list[Figure]:
    """The rows, in the order the year-end report lists them."""
    rows = [
        Figure("Được xếp loại", lambda o: str(o.quota.rated)),
        Figure("Không xếp loại", lambda o: str(o.quota.not_rated)),
        Figure("Chưa chấm xong", lambda o: str(o.quota.pending)),
    ]
    rows += [Figure(rules.level_name(code), functools.partial(_level_share, code)) for code in LEVEL_CODES]
    rows += [
        Figure("HTXSNV so với số được xếp loại", lambda o: _pct(o.quota.excellent_percent_of_rated)),
        Figure("HTXSNV so với số HTTNV", lambda o: _pct(o.quota.excellent_percent_of_good)),
        Figure(f"Tối đa HTXSNV ({QUOTA_BASES[rules.quota.base]})", _limit),
        Figure("Tình trạng", _status, lambda o: o.quota.warning),
    ]
    if rules.titles.enabled:
        rows += [
            Figure(f"Đề nghị {rules.titles.advanced_name} (kể cả Chiến sĩ thi đua)", lambda o: str(o.titles.advanced)),
            Figure(f"Đề nghị {rules.titles.soldier_name}", lambda o: str(o.titles.soldier)),
            Figure(f"Tối đa {rules.titles.soldier_name}", _soldier_limit, lambda o: o.titles.warning),
            Figure(f"{rules.level_name('HTXSNV')} {rules.titles.excellent_streak_years} năm liền",
                   lambda o: str(len(o.titles.streak_names))),
        ]
    return rows


class QuotaModel(QAbstractTableModel):
    """Figures (rows) × grass-roots organisations (columns)."""

    def __init__(self) -> None:
        super().__init__()
        self._orgs: list[OrgResult] = []
        self._figures: list[Figure] = []

    def set_orgs(self, rules: RuleSet, orgs: list[OrgResult]) -> None:
        self.beginResetModel()
        self._figures, self._orgs = figures(rules), orgs
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._figures)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._orgs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._figures) or index.column() >= len(self._orgs):
            return None
        figure, org = self._figures[index.row()], self._orgs[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return figure.value(org)
        warning = figure.warning(org)
        if role == Qt.ItemDataRole.ForegroundRole and warning:
            return _RED
        if role == Qt.ItemDataRole.FontRole and warning:
            return _BOLD
        if role == Qt.ItemDataRole.ToolTipRole:
            return warning
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._orgs[section].org_name if section < len(self._orgs) else None
        return self._figures[section].label if section < len(self._figures) else None


class QuotaPanel(QWidget):
    """The figures tab; `strip` is the one-line summary or red warning the screen keeps under its tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuotaModel()
        self.view = table_view()
        self.view.setObjectName("quota")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.strip = QLabel()
        self.strip.setObjectName("quota_strip")
        self.strip.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("quota_notes")
        self.notes.setWordWrap(True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)

    def show_orgs(self, rules: RuleSet, orgs: list[OrgResult]) -> None:
        self.model.set_orgs(rules, orgs)
        warnings = [w for o in orgs for w in (o.quota.warning, o.titles.warning) if w]
        if warnings:
            self.strip.setText("\n".join(f"Vượt chỉ tiêu — {w}" for w in warnings))
            self.strip.setStyleSheet(WARNING_STYLE)
        else:
            self.strip.setText(" · ".join(_summary(o) for o in orgs[:3]))
            self.strip.setStyleSheet(OK_STYLE)
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, 230)
        # Warnings stay in the red line under the tabs; here the names behind the "năm liền" figure.
        notes = [f"★ {html.escape(org.org_name)} — {rules.level_name('HTXSNV')} "
                 f"{rules.titles.excellent_streak_years} năm liền: {html.escape(', '.join(org.titles.streak_names))}"
                 for org in orgs if org.titles.streak_names]
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))
