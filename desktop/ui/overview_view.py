"""Tổng quan: the year at a glance, and what to do next — each a click away from its screen."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import agenda, people, yearend
from desktop.core.people import PersonFilter
from desktop.core.rules import DEFAULT_LEVEL_NAMES
from desktop.ui.latest_reading import LatestReading
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import heading, table_view
from desktop.ui.widgets.charts import Bars, Columns
from desktop.ui.widgets.list_model import Index, ListModel

# A file of more people than this is read on a worker: the agenda scores the whole year
# (seconds at 20,000 people); a smaller one is read at once, with no "đang tải" flicker.
WORKER_ABOVE = 500

_DONE = QBrush(QColor("#2e7d32"))
_TODO = QBrush(QColor("#8b4500"))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "–"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%".replace(".", ",")


class BranchMonthModel(ListModel[agenda.BranchMonth]):
    """This month's reviews per chi bộ: reviewed / due, and who is still missing."""

    HEADERS = ["Chi bộ", "Đã đánh giá", "Chưa đánh giá"]
    NUMBERED = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        branch = self.row(index.row())
        if branch is None:
            return None
        missing = ", ".join(branch.missing)
        if role == Qt.ItemDataRole.DisplayRole:
            return (branch.name, f"{branch.reviewed}/{branch.due}", missing or "đủ")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Chưa đánh giá: {missing}" if missing else f"{branch.name}: đã đánh giá đủ"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return _TODO if missing else _DONE
        return None


class OverviewView(QWidget):
    title = "Tổng quan"
    go = Signal(str)  # the navigation title of the screen that fixes an item (or agenda.BACKUPS)

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self._stale = True
        self.reading = LatestReading(self, ops, self._show, self._not_read)
        self._shown_year: int | None = None  # the year whose figures are on screen
        self.heading = heading(self.title)
        self.theme = QLabel()
        self.theme.setWordWrap(True)
        self.theme.setObjectName("theme")
        self.calendar = QLabel()
        self.calendar.setObjectName("rating_calendar")
        self.calendar.setWordWrap(True)
        self.cards = QGridLayout()
        self.cards.setSpacing(8)

        self.todo = QListWidget()
        self.todo.setObjectName("todo")
        self.todo.setWordWrap(True)
        self.todo.setToolTip("Nhấp hoặc Enter: mở màn hình để làm việc này")
        self.todo.itemActivated.connect(self._open_item)
        self.todo.itemClicked.connect(self._open_item)
        self.month_title = QLabel()
        self.month_title.setObjectName("month_title")
        self.month_model = BranchMonthModel(self)
        self.month_table = table_view()
        self.month_table.setObjectName("month_table")
        self.month_table.setModel(self.month_model)
        self.month_table.verticalHeader().hide()
        self.month_table.setWordWrap(False)
        header = self.month_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.month_table.activated.connect(lambda _index: self.go.emit(agenda.REVIEWS))
        self.month_table.clicked.connect(lambda _index: self.go.emit(agenda.REVIEWS))
        self.rates_chart = Bars("Tỷ lệ đăng ký theo chi bộ")
        self.levels_chart = Bars("Xếp loại đảng viên")
        self.coverage_chart = Columns("Tỷ lệ đã đánh giá hằng tháng (%)")

        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Việc cần làm</b> (nhấp hoặc Enter để mở màn hình tương ứng)"))
        left.addWidget(self.todo, 2)
        left.addWidget(self.month_title)
        left.addWidget(self.month_table, 1)
        right = QVBoxLayout()
        for chart in (self.rates_chart, self.levels_chart, self.coverage_chart):
            right.addWidget(chart)
        right.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.heading)
        inner.addWidget(self.theme)
        inner.addWidget(self.calendar)
        inner.addLayout(self.cards)
        inner.addLayout(columns, 1)
        scroll = QScrollArea()  # a small screen scrolls the page rather than squeezing it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ops.changed.connect(lambda _changed: self._changed())

    def set_year(self, year: int) -> None:
        self.year = year
        self._changed()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _card(self, row: int, col: int, title: str, value: str, detail: str) -> None:
        frame = QFrame()
        frame.setObjectName("card")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.setContentsMargins(8, 4, 8, 4)
        caption = QLabel(title)
        number = QLabel(value)
        number.setObjectName("big")
        number.setAlignment(Qt.AlignmentFlag.AlignLeft)
        note = QLabel(detail)
        note.setWordWrap(True)
        for w in (caption, number, note):
            box.addWidget(w)
        self.cards.addWidget(frame, row, col)

    def refresh(self) -> None:
        """Read the year's figures and show them: at once for a small file, on a worker for a big one
        (the screen says "đang tải…" meanwhile and stays usable)."""
        self._stale = False
        year, today, path = self.year, self.ops.clock.today(), self.ops.db.path
        if people.count_people(self.ops.db, PersonFilter()) <= WORKER_ABOVE:
            self.reading.drop()
            self._show(agenda.at_a_glance(self.ops.db, year, today, path))
            return
        self.heading.setText(f"Tổng quan năm {year} — đang tải…")
        if self._shown_year != year:
            self._clear()
        self.reading.ask(lambda db, checkpoint: agenda.at_a_glance(db, year, today, path, checkpoint))

    def _not_read(self, message: str) -> None:
        self.heading.setText(f"Tổng quan năm {self.year} — chưa đọc được số liệu")
        self.ops.show_error(message)

    def _clear(self) -> None:
        """Another year's figures are not shown while this year's are read."""
        self._remove_cards()
        self.theme.setText("")
        self.calendar.hide()
        self.todo.clear()
        self.todo.addItem("Đang tải số liệu…")
        self.month_title.setText("")
        self.month_model.set_rows([])
        for chart in (self.rates_chart, self.levels_chart):
            chart.set_rows([])
        self.coverage_chart.set_values([])
        self._shown_year = None

    def _remove_cards(self) -> None:
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _show(self, glance: agenda.Glance) -> None:
        o = glance.summary
        self._shown_year = o.year
        self.heading.setText(f"Tổng quan năm {o.year}" + (" — đã chốt sổ" if o.locked else ""))
        self.theme.setText(f"<b>Chuyên đề năm {o.year}:</b> "
                           f"{o.theme or '(chưa ghi — bấm “Chuyên đề năm…” trên thanh công cụ)'}")
        self._remove_cards()
        self._card(0, 0, "Đảng viên", str(o.members),
                   f"{o.official} chính thức, {o.probationary} dự bị; {o.exempt} miễn sinh hoạt, {o.suspended} đình chỉ")
        self._card(0, 1, "Quần chúng", str(o.masses), "cùng học tập và làm theo Bác")
        self._card(0, 2, "Đảng viên đã đăng ký", f"{o.members_registered}/{o.members}",
                   f"tỷ lệ {_pct(o.members_registered, o.members)}")
        self._card(0, 3, "Quần chúng đã đăng ký", f"{o.masses_registered}/{o.masses}",
                   f"tỷ lệ {_pct(o.masses_registered, o.masses)}")
        self._card(0, 4, "Việc đăng ký", str(o.individual_deeds + o.collective_deeds),
                   f"{o.individual_deeds} cá nhân, {o.collective_deeds} tập thể, {o.models} mô hình"
                   + (f"; {o.left} người đã ra khỏi danh sách" if o.left else ""))
        self._show_calendar(glance.calendar)
        self._show_agenda(glance.agenda)

    def _show_calendar(self, found: yearend.RatingCalendar | None) -> None:
        """Days left before the year-end deadline, and who still has no points or no level."""
        if found is None:
            self.calendar.hide()  # outside the rating season (agenda.in_rating_season)
            return
        today = self.ops.clock.today()
        lines = [f"<b>{found.describe(today)}</b>"]
        for label, names in (("Chưa chấm điểm", found.no_points), ("Chưa có mức xếp loại", found.no_level)):
            if names:
                shown = html.escape(", ".join(names[:8])) + ("…" if len(names) > 8 else "")
                lines.append(f"{label}: {len(names)}/{found.to_rate} người ({shown}).")
        if not found.no_level and found.to_rate:
            lines.append(f"Đã xếp loại đủ {found.to_rate} người.")
        self.calendar.setText("<br>".join(lines))
        self.calendar.show()

    def _show_agenda(self, found: agenda.Agenda) -> None:
        self.todo.clear()
        for entry in found.items:
            item = QListWidgetItem(("✓ " if entry.done else "⚠ ") + entry.text)
            item.setData(Qt.ItemDataRole.UserRole, entry.screen)
            item.setForeground(_DONE if entry.done else _TODO)
            self.todo.addItem(item)
        if not found.items:
            self.todo.addItem("Chưa có việc gì cần làm thêm.")
        if found.month is None:
            self.month_title.setText(f"<b>Năm {found.year} chưa bắt đầu</b>: chưa đến kỳ đánh giá hằng tháng.")
        else:
            self.month_title.setText(f"<b>Đánh giá tháng {found.month}/{found.year}</b> theo chi bộ "
                                     "(nhấp để mở màn hình đánh giá)")
        self.month_model.set_rows(found.branches)
        # The chart's title says "chi bộ": the bars need only the rest of the name.
        self.rates_chart.set_rows([(name.removeprefix("Chi bộ "), rate, _share(rate))
                                   for name, rate in found.registration_rates])
        rated = sum(found.levels.values())
        self.levels_chart.set_rows([(code, count / rated if rated else None,
                                     f"{count} ({_share(count / rated)})" if rated else "0")
                                    for code, count in found.levels.items()])
        self.levels_chart.setToolTip("\n".join(f"{DEFAULT_LEVEL_NAMES[code]}: {count}"
                                               for code, count in found.levels.items()))
        self.coverage_chart.set_values(found.coverage)

    def _open_item(self, item: QListWidgetItem) -> None:
        screen = item.data(Qt.ItemDataRole.UserRole)
        if screen:
            self.go.emit(screen)
