"""Small charts painted with QPainter.

QtCharts would need PySide6-Addons, which is not installed and would add
tens of megabytes to the bundle for three simple charts; bars painted here
are enough for a glance and follow the window's font.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#b22222")
EMPTY = QColor("#efe7da")
TEXT = QColor("#333333")


class Bars(QWidget):
    """Horizontal bars: a label, a bar for a share (0..1) and its text; None draws no bar."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[tuple[str, float | None, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, float | None, str]]) -> None:
        self.rows = rows
        self.setToolTip("\n".join(f"{label}: {text}" for label, _share, text in rows))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(320, self._line() * (len(self.rows) + 1) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = self._line()
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        label_width = min(max((metrics.horizontalAdvance(r[0]) for r in self.rows), default=0) + 8,
                          self.width() // 2)
        value_width = max((metrics.horizontalAdvance(r[2]) for r in self.rows), default=0) + 8
        room = max(self.width() - label_width - value_width, 10)
        for n, (label, share, text) in enumerate(self.rows, start=1):
            top = n * line
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(TEXT)
            painter.drawText(QRectF(0, top, label_width, line), Qt.AlignmentFlag.AlignVCenter, shown)
            painter.fillRect(QRectF(label_width, top + 3, room, line - 6), EMPTY)
            if share is not None:
                painter.fillRect(QRectF(label_width, top + 3, room * max(0.0, min(share, 1.0)), line - 6), BAR)
            painter.drawText(QRectF(label_width + room + 4, top, value_width, line), Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


class Columns(QWidget):
    """Twelve columns, one per month, each a share (0..1) or None (not due yet)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.values: list[float | None] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[float | None]) -> None:
        self.values = values
        self.setToolTip("\n".join(f"Tháng {m}: {_pct(v)}" for m, v in enumerate(values, start=1) if v is not None))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() * 7)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = metrics.height() + 6
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        count = max(len(self.values), 1)
        width = self.width() / count
        top, bottom = line + metrics.height() + 2, self.height() - line
        height = max(bottom - top, 4)
        for n, value in enumerate(self.values):
            left = n * width
            painter.fillRect(QRectF(left + 3, top, width - 6, height), EMPTY)
            if value is not None:
                filled = height * max(0.0, min(value, 1.0))
                painter.fillRect(QRectF(left + 3, bottom - filled, width - 6, filled), BAR)
            if value is not None and metrics.horizontalAdvance("100") < width - 2:
                painter.drawText(QRectF(left, line, width, metrics.height()), Qt.AlignmentFlag.AlignCenter,
                                 f"{round(100 * value)}")
            painter.drawText(QRectF(left, bottom, width, line), Qt.AlignmentFlag.AlignCenter, f"T{n + 1}")
        painter.end()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%".replace(".", ",").replace(",0%", "%")
