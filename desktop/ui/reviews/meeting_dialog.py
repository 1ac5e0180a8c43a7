"""Buổi sinh hoạt chi bộ of a month: date, note and who attended (Ctrl+M)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import dates, reviews, units, years
from desktop.core.errors import UserError
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import fit_columns, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE, FieldForm, date_edit
from desktop.ui.widgets.list_model import Index, ListModel

# Keys 1–4 in the list, in this order.
PRESENCE_KEYS = list(reviews.PRESENCE_LABELS)
_ABSENT = {"vang_co_ly_do": QBrush(QColor("#fbe7b0")), "vang_khong_ly_do": QBrush(QColor("#f9c4a8"))}
_GREY = QBrush(QColor("#8a8a8a"))


class AttendanceModel(ListModel[tuple[int, str]]):
    """Người trong danh sách tháng và điểm danh của họ (not stored until saved)."""

    HEADERS = ["Họ và tên", "Điểm danh"]

    def __init__(self) -> None:
        super().__init__()
        self.presence: dict[int, str] = {}

    def set_people(self, people: list[tuple[int, str]], presence: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows = people
        self.presence = dict(presence)
        self.endResetModel()

    def person_id(self, row: int) -> int:
        return self._rows[row][0]

    def set_presence(self, rows: list[int], presence: str) -> None:
        for row in rows:
            self.presence[self._rows[row][0]] = presence
            self.dataChanged.emit(self.index(row, 0), self.index(row, 1))

    def count(self, presence: str) -> int:
        return sum(1 for value in self.presence.values() if value == presence)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        person_id, name = self._rows[index.row()]
        presence = self.presence.get(person_id, "co_mat")
        if role == Qt.ItemDataRole.DisplayRole:
            return name if index.column() == 0 else reviews.PRESENCE_LABELS[presence]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            return _ABSENT.get(presence)
        if role == Qt.ItemDataRole.ForegroundRole and presence == "mien":
            return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return "1: Có mặt · 2: Vắng có lý do · 3: Vắng không lý do · 4: Miễn"
        return None


class MeetingDialog(QDialog):
    """Record or correct the month's meeting of one unit; one undo step on save."""

    def __init__(self, ops: Operations, unit_id: int, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.unit_id, self.year, self.month = ops, unit_id, year, month
        unit = units.get_unit(ops.db, unit_id)
        self.locked = years.is_locked(ops.db, year) or ops.readonly
        self.setWindowTitle(f"Buổi sinh hoạt tháng {month}/{year} — {unit.name}")
        self.setMinimumSize(560, 600)
        form = self.form = FieldForm()
        self.held_on = date_edit()
        self.note = QLineEdit()
        form.add("held_on", "Ngày họp", self.held_on)
        form.add("note", "Ghi chú", self.note)
        self.note.setPlaceholderText("Nội dung chính, chuyên đề đã sinh hoạt…")
        self.thematic = QCheckBox("Sinh hoạt chuyên đề (Chỉ thị 50-CT/TW: ít nhất mỗi quý một lần)")
        self.thematic.setObjectName("thematic")
        form.addRow("", self.thematic)
        self.model = AttendanceModel()
        self.view = table_view()
        self.view.setObjectName("attendance")
        self.view.setModel(self.model)
        self.view.installEventFilter(self)
        self.counts = QLabel()
        self.counts.setObjectName("attendance_counts")
        self.counts.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("meeting_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Lưu (Ctrl+S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.locked:
            notice = QLabel(f"Năm {year} đã chốt sổ (hoặc tệp mở chỉ đọc): chỉ xem, không sửa được.")
            notice.setObjectName("locked_notice")
            layout.addWidget(notice)
        layout.addLayout(form)
        hint = QLabel("Điểm danh: chọn người (Shift/Ctrl để chọn nhiều) rồi bấm 1 Có mặt · 2 Vắng có lý do · "
                      "3 Vắng không lý do · 4 Miễn")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        shortcut(self, "Ctrl+S", self.save)
        for widget in (self.held_on, self.note, self.thematic, self.save_button):
            widget.setEnabled(not self.locked)
        self._load()

    def _load(self) -> None:
        meeting = reviews.get_meeting(self.ops.db, self.unit_id, self.year, self.month)
        rows = reviews.month_grid(self.ops.db, self.year, self.month, self.unit_id)
        stored = meeting.attendance if meeting else {}
        # Nobody marked yet: everyone present, except those exempt or suspended that month.
        presence = {r.person_id: stored.get(r.person_id, "co_mat" if r.expected else "mien") for r in rows}
        self.model.set_people([(r.person_id, r.full_name) for r in rows], presence)
        self.kinds = {r.person_id: r.kind for r in rows}
        if meeting:
            self.held_on.setText(dates.format_date(meeting.held_on))
            self.note.setText(meeting.note or "")
            self.thematic.setChecked(meeting.thematic)
        fit_columns(self.view, 320)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 1))
        self._show_counts()

    def _show_counts(self) -> None:
        seen = reviews.count_attendance([(self.kinds[pid], presence) for pid, presence in self.model.presence.items()
                                         if pid in self.kinds])
        self.counts.setText(seen.text[:1].upper() + seen.text[1:] + f" — tổng {self.model.rowCount()} người")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress and not self.locked:
            assert isinstance(event, QKeyEvent)
            keys = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if event.key() in keys and plain:
                self.mark_selected(PRESENCE_KEYS[keys[Qt.Key(event.key())]])
                return True
        return super().eventFilter(watched, event)

    def mark_selected(self, presence: str) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        self.model.set_presence(rows, presence)
        self._show_counts()

    def save(self) -> None:
        if self.locked:
            return
        try:
            self.ops.run(reviews.save_meeting, self.unit_id, self.year, self.month,
                         self.held_on.text().strip() or None, self.note.text(), dict(self.model.presence),
                         thematic=self.thematic.isChecked(), quiet=True)
        except UserError as exc:
            if exc.message.startswith("Ngày họp"):
                self.form.show_errors({"held_on": exc.message})
                self.error.hide()
            else:
                self.form.show_errors({})
                self.error.setText(exc.message)
                self.error.show()
            return
        self.accept()
