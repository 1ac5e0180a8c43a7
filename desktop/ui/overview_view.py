"""Tổng quan: the year at a glance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core import overview
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import heading
from desktop.ui.widgets.when_shown import WhenShown


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "–"


class OverviewView(QWidget):
    title = "Tổng quan"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self.heading = heading(self.title)
        self.theme = QLabel()
        self.theme.setWordWrap(True)
        self.theme.setObjectName("theme")
        self.cards = QGridLayout()
        self.cards.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.theme)
        layout.addLayout(self.cards)
        layout.addStretch()
        self.reload = WhenShown(self, self.refresh)
        ops.changed.connect(lambda _changed: self.reload())
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
        if o.left:
            self._card(2, 0, "Đã ra khỏi danh sách", str(o.left), "chuyển đi, từ trần, ra khỏi Đảng (vẫn giữ lịch sử)")
