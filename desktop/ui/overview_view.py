"""Tổng quan: the year at a glance."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core import overview, yearend
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import heading


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "–"


class OverviewView(QWidget):
    title = "Tổng quan"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self.today = today  # the clock is an input (core/clock.py will supply it)
        self.calendar = QLabel()
        self.calendar.setObjectName("rating_calendar")
        self.calendar.setWordWrap(True)
        self.heading = heading(self.title)
        self.theme = QLabel()
        self.theme.setWordWrap(True)
        self.theme.setObjectName("theme")
        self.cards = QGridLayout()
        self.cards.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.theme)
        layout.addWidget(self.calendar)
        layout.addLayout(self.cards)
        layout.addStretch()
        ops.changed.connect(lambda _changed: self.refresh())
        self.refresh()

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def _card(self, row: int, col: int, title: str, value: str, detail: str) -> None:
        frame = QFrame()
        frame.setObjectName("card")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
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
        o = overview.overview(self.ops.db, self.year)
        self.heading.setText(f"Tổng quan năm {o.year}" + (" — đã chốt sổ" if o.locked else ""))
        self.theme.setText(f"<b>Chuyên đề năm {o.year}:</b> {o.theme or '(chưa ghi — bấm “Chuyên đề năm…” trên thanh công cụ)'}")
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._card(0, 0, "Đảng viên", str(o.members),
                   f"{o.official} chính thức, {o.probationary} dự bị; {o.exempt} miễn sinh hoạt, {o.suspended} đình chỉ")
        self._card(0, 1, "Quần chúng", str(o.masses), "tham gia học tập và làm theo Bác")
        self._card(0, 2, "Đơn vị", str(o.units), f"{o.branches} chi bộ")
        self._card(1, 0, "Đảng viên đã đăng ký", f"{o.members_registered}/{o.members}",
                   f"tỷ lệ {_pct(o.members_registered, o.members)}")
        self._card(1, 1, "Quần chúng đã đăng ký", f"{o.masses_registered}/{o.masses}",
                   f"tỷ lệ {_pct(o.masses_registered, o.masses)}")
        self._card(1, 2, "Việc đăng ký", str(o.individual_deeds + o.collective_deeds),
                   f"{o.individual_deeds} việc cá nhân, {o.collective_deeds} việc tập thể, {o.models} mô hình")
        self._show_calendar()
        if o.left:
            self._card(2, 0, "Đã ra khỏi danh sách", str(o.left), "chuyển đi, từ trần, ra khỏi Đảng (vẫn giữ lịch sử)")

    def _show_calendar(self) -> None:
        """Days left before the year-end deadline, and who still has no points or no level."""
        today = self.today()
        if not dt.date(self.year, 10, 1) <= today <= dt.date(self.year + 1, 1, 31):
            self.calendar.hide()  # the rating season is November–December (to 15/01)
            return
        found = yearend.rating_calendar(self.ops.db, self.year, today)
        lines = [f"<b>{found.describe(today)}</b>"]
        for label, names in (("Chưa chấm điểm", found.no_points), ("Chưa có mức xếp loại", found.no_level)):
            if names:
                shown = html.escape(", ".join(names[:8])) + ("…" if len(names) > 8 else "")
                lines.append(f"{label}: {len(names)}/{found.to_rate} người ({shown}).")
        if not found.no_level and found.to_rate:
            lines.append(f"Đã xếp loại đủ {found.to_rate} người.")
        self.calendar.setText("<br>".join(lines))
        self.calendar.show()

