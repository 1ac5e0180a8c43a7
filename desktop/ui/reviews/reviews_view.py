"""Đánh giá hằng tháng: the month grid filled by keyboard, the meeting, year and quarter views.

In the grid T, Đ (or D) and C set the level of the selected rows, B and N
toggle commended and reminded, Delete clears the level, Enter moves down,
typing in Ghi chú writes a note, Ctrl+V pastes a block copied from Excel.
Each key press, paste or button is one call of `core.reviews` through the
operations layer, hence one undo step.
"""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import dates, reviews, units, vntext, years
from desktop.core.changes import Changed
from desktop.core.errors import UserError
from desktop.core.reviews import ReviewEdit, ReviewRow
from desktop.ui.members.person_dialog import unit_choices
from desktop.ui.operations import Operations
from desktop.ui.reviews.meeting_dialog import MeetingDialog
from desktop.ui.reviews.review_paste import block_to_edits
from desktop.ui.reviews.review_year_tabs import QuarterTab, YearTab, legend_chip
from desktop.ui.reviews.reviews_model import (
    COMMENDED,
    LEVEL,
    LEVEL_LETTERS,
    NOTE,
    REMINDED,
    UNIT,
    MonthReviewModel,
)
from desktop.ui.widgets.basic import fit_columns, heading, move_down, shortcut, table_view
from desktop.ui.widgets.when_shown import WhenShown

# Tables whose change can alter what this screen shows.
_LEVEL_KEYS = {"t": "tot", "d": "dat", "c": "chua_dat"}
_NOTICE_STYLE = "background: #fff3c4; border: 1px solid #e0c060; padding: 6px; color: #5a4500;"
_DONE_STYLE = "color: #1d5e1a;"
_MISSING_STYLE = "color: #9a4a00;"


def default_month(year: int, today: dt.date) -> int:
    """The month a secretary most likely opens: this month, or the last/first of another year."""
    return today.month if year == today.year else 12 if year < today.year else 1


class ReviewsView(QWidget):
    title = "Đánh giá hằng tháng"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self.locked = False
        self.heading = heading(self.title)
        self.month_box = QComboBox()
        self.month_box.setObjectName("month")
        self.month_box.addItems([f"Tháng {m}" for m in range(1, 13)])
        self.month_box.setToolTip("Đổi tháng: PageUp / PageDown hoặc Ctrl+← / Ctrl+→")
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("review_unit")
        # A long chi bộ name must not push the window past a 1024-px screen.
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.setMinimumContentsLength(14)
        self.deeds_toggle = QCheckBox("Tiến độ việc đăng ký (Ctrl+J)")
        self.deeds_toggle.setToolTip("Hiện thêm một cột cho mỗi việc đã đăng ký, để ghi tiến độ trong tháng")
        meeting_button = QPushButton("Buổi sinh hoạt, điểm danh… (Ctrl+M)")
        meeting_button.clicked.connect(self.open_meeting)
        self.notice = QLabel()
        self.notice.setObjectName("locked_notice")
        self.notice.setStyleSheet(_NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.model = MonthReviewModel(self._edit_cell)
        self.grid = table_view()
        self.grid.setObjectName("review_grid")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setModel(self.model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.grid.installEventFilter(self)
        self.grid.itemDelegate().closeEditor.connect(self._editor_closed)
        self.coverage = QLabel()
        self.coverage.setObjectName("coverage")
        self.coverage.setWordWrap(True)
        self.coverage.setToolTip("F3: đến người chưa đánh giá tiếp theo")
        self.meeting_line = QLabel()
        self.meeting_line.setObjectName("meeting_line")
        self.meeting_line.setWordWrap(True)
        self.mark_button = QPushButton("Đánh dấu Đạt cho mọi người chưa đánh giá (Ctrl+Shift+D)")
        self.mark_button.clicked.connect(self.mark_unmarked)

        top = QHBoxLayout()
        top.addWidget(QLabel("Tháng:"))
        top.addWidget(self.month_box)
        top.addWidget(QLabel("Đơn vị:"))
        top.addWidget(self.unit_box, 1)
        top.addWidget(self.deeds_toggle)
        legend = QHBoxLayout()
        for level in ("tot", "dat", "chua_dat"):
            legend.addWidget(legend_chip(level, f"{reviews.REVIEW_LEVELS[level]} ({LEVEL_LETTERS[level]})"))
        key_help = QLabel("B: biểu dương · N: nhắc nhở · Delete: xóa mức · Enter: xuống dòng · "
                          "gõ ở cột Ghi chú để ghi · Ctrl+V: dán khối chép từ Excel")
        key_help.setWordWrap(True)
        legend.addWidget(key_help, 1)
        month_page = QWidget()
        month_layout = QVBoxLayout(month_page)
        month_layout.setContentsMargins(0, 4, 0, 0)
        month_layout.addLayout(legend)
        month_layout.addWidget(self.grid, 1)
        # Each button sits beside the line it acts on; the top row then fits a 1024-px screen.
        coverage_row = QHBoxLayout()
        coverage_row.addWidget(self.coverage, 1)
        coverage_row.addWidget(self.mark_button)
        month_layout.addLayout(coverage_row)
        meeting_row = QHBoxLayout()
        meeting_row.addWidget(self.meeting_line, 1)
        meeting_row.addWidget(meeting_button)
        month_layout.addLayout(meeting_row)
        self.year_tab = YearTab(self._open_month)
        self.quarter_tab = QuarterTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(month_page, "Tháng")
        self.tabs.addTab(self.year_tab, "Cả năm (12 tháng)")
        self.tabs.addTab(self.quarter_tab, "Theo quý")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

        for keys, step in (("PgUp", -1), ("Ctrl+Left", -1), ("PgDown", 1), ("Ctrl+Right", 1)):
            shortcut(self, keys, functools.partial(self.step_month, step))
        shortcut(self, "Ctrl+Shift+D", self.mark_unmarked)
        shortcut(self, "Ctrl+M", self.open_meeting)
        shortcut(self, "Ctrl+J", self.deeds_toggle.toggle)
        shortcut(self.grid, "Ctrl+V", self.paste)
        shortcut(self.grid, "F3", self.next_unreviewed)
        self._fill_units()
        self.month_box.setCurrentIndex(default_month(year, self.ops.clock.today()) - 1)
        self.month_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.unit_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.deeds_toggle.toggled.connect(lambda _on: self.refresh())
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab())
        self.reload = WhenShown(self, self.refresh)
        ops.changed.connect(self._on_changed)
        self.set_year(year)

    # --- state -------------------------------------------------------------
    @property
    def month(self) -> int:
        return self.month_box.currentIndex() + 1

    @property
    def unit_id(self) -> int | None:
        value = self.unit_box.currentData()
        return None if value is None else int(value)

    def _fill_units(self) -> None:
        current = self.unit_box.currentData()
        if current is None:
            branches = [u.id for u in units.list_units(self.ops.db) if u.kind == "chi_bo"]
            current = branches[0] if branches else None
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        for label, value in unit_choices(self.ops):
            self.unit_box.addItem(label, value)
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(current), 0))
        self.unit_box.blockSignals(False)

    def focus_start(self) -> None:
        """Arriving here (Alt+4): the cursor on the grid's current cell, so a key marks it at once."""
        if not self.grid.currentIndex().isValid() and self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0, LEVEL))
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_year(self, year: int) -> None:
        self.year = year
        self.month_box.blockSignals(True)
        self.month_box.setCurrentIndex(default_month(year, self.ops.clock.today()) - 1)
        self.month_box.blockSignals(False)
        self.refresh()

    def step_month(self, step: int) -> None:
        self.month_box.setCurrentIndex(min(max(self.month_box.currentIndex() + step, 0), 11))

    def _on_changed(self, changed: Changed) -> None:
        if changed.units:
            self._fill_units()
        if (changed.reviews or changed.meetings or changed.people or changed.units or changed.deeds
                or changed.years or changed.year_lock):
            self.reload()

    def refresh(self) -> None:
        """Reload the month (keeping the current cell on the same person) and the open tab."""
        self.locked = years.is_locked(self.ops.db, self.year) or self.ops.readonly
        self.heading.setText(f"{self.title} — tháng {self.month}/{self.year}" + (" (đã chốt sổ)" if self.locked else ""))
        self.notice.setVisible(self.locked)
        self.notice.setText(
            "Tệp đang mở ở chế độ chỉ đọc: chỉ xem, không sửa được." if self.ops.readonly else
            f"Năm {self.year} đã chốt sổ: màn hình này chỉ để xem. Muốn sửa, hãy mở khóa năm ở màn hình "
            "Cuối năm (việc mở khóa được ghi nhật ký).")
        self.model.read_only = self.locked
        self.mark_button.setEnabled(not self.locked)
        if self.unit_id is None:
            self.model.set_rows([])
            return
        current, column = self._current_person(), max(self.grid.currentIndex().column(), LEVEL)
        rows = reviews.month_grid(self.ops.db, self.year, self.month, self.unit_id,
                                  with_deeds=self.deeds_toggle.isChecked())
        if self.model.set_rows(rows, deed_columns=self.deeds_toggle.isChecked()):
            # One chi bộ shown: its name on every row is noise.
            self.grid.setColumnHidden(UNIT, len({r.unit_id for r in rows}) <= 1)
            fit_columns(self.grid, 260)
            row = self.model.row_of(current) if current is not None else None
            if rows:
                self.grid.setCurrentIndex(self.model.index(row or 0, min(column, self.model.columnCount() - 1)))
        self._show_coverage(rows)
        self._show_meeting()
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        if self.unit_id is None:
            return
        if self.tabs.currentWidget() is self.year_tab:
            self.year_tab.show_year(reviews.year_grid(self.ops.db, self.year, self.unit_id))
        elif self.tabs.currentWidget() is self.quarter_tab:
            self.quarter_tab.show_year(reviews.quarter_grid(self.ops.db, self.year, self.unit_id))

    def _show_coverage(self, rows: list[ReviewRow]) -> None:
        cover = reviews.coverage_of(self.year, self.month, rows)
        if not cover.expected:
            self.coverage.setText(f"Tháng {self.month}/{self.year}: không có ai cần đánh giá trong đơn vị này.")
            self.coverage.setStyleSheet("")
            return
        self.coverage.setText(cover.text)
        self.coverage.setStyleSheet(_MISSING_STYLE if cover.missing_ids or cover.mixed else _DONE_STYLE)

    def _show_meeting(self) -> None:
        assert self.unit_id is not None
        unit = units.get_unit(self.ops.db, self.unit_id)
        meeting = reviews.get_meeting(self.ops.db, self.unit_id, self.year, self.month)
        if meeting is None:
            self.meeting_line.setText(f"Chưa ghi buổi sinh hoạt tháng {self.month} của {unit.name} (Ctrl+M để ghi).")
            return
        held = f"ngày {dates.format_date(meeting.held_on)}" if meeting.held_on else "chưa ghi ngày"
        roll_call = reviews.meeting_attendance(reviews.month_grid(self.ops.db, self.year, self.month, self.unit_id))
        counts = roll_call.text if meeting.attendance else "chưa điểm danh"
        self.meeting_line.setText(f"Buổi sinh hoạt {unit.name}: {held} — {counts}.")

    # --- editing -------------------------------------------------------------
    def _current_person(self) -> int | None:
        review = self.model.review(self.grid.currentIndex().row())
        return review.person_id if review else None

    def selected_reviews(self) -> list[ReviewRow]:
        rows = sorted({i.row() for i in self.grid.selectionModel().selectedIndexes()})
        if not rows and self.grid.currentIndex().isValid():
            rows = [self.grid.currentIndex().row()]
        return [r for row in rows if (r := self.model.review(row))]

    def _apply(self, edits: list[ReviewEdit]) -> bool:
        if not edits:
            return False
        if self.locked:
            self.notice.show()
            QApplication.beep()
            return False
        return self.ops.run(reviews.set_reviews, self.year, self.month, edits) is not None

    def set_level(self, level: str | None) -> None:
        self._apply([ReviewEdit(r.person_id, level=level) for r in self.selected_reviews()])

    def toggle(self, column: int) -> None:
        chosen = self.selected_reviews()
        if column == COMMENDED:
            on = not all(r.commended for r in chosen)
            self._apply([ReviewEdit(r.person_id, commended=on) for r in chosen])
        else:
            on = not all(r.reminded for r in chosen)
            self._apply([ReviewEdit(r.person_id, reminded=on) for r in chosen])

    def _edit_cell(self, review: ReviewRow, column: int, value: object) -> bool:
        text = None if value is None else str(value)
        if column == NOTE:
            return self._apply([ReviewEdit(review.person_id, note=text)])
        deed = self.model.deed_at(self.model.row_of(review.person_id) or 0, column)
        return deed is not None and self._apply([ReviewEdit(review.person_id, progress={deed.deed_id: text})])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._grid_key(event)
        return super().eventFilter(watched, event)

    def _grid_key(self, event: QKeyEvent) -> bool:
        """True when the key was a command of the grid (not passed on to the table)."""
        key, current = event.key(), self.grid.currentIndex()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        # Keys an open editor did not take (Enter) reach the grid too; the editor's close handles them.
        if not plain or self.grid.state() == QAbstractItemView.State.EditingState:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            move_down(self.grid)
            return True
        in_text = self.model.is_text_column(current.column())
        if key == Qt.Key.Key_Delete:
            if in_text and self.model.flags(current) & Qt.ItemFlag.ItemIsEditable:
                self.model.setData(current, "")
            else:
                self.set_level(None)
            return True
        letter = vntext.fold(event.text()).strip()
        if in_text or len(letter) != 1:
            return False
        if letter in _LEVEL_KEYS:
            self.set_level(_LEVEL_KEYS[letter])
            return True
        if letter in ("b", "n"):
            self.toggle(COMMENDED if letter == "b" else REMINDED)
            return True
        return False

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            move_down(self.grid)

    def paste(self) -> None:
        current = self.grid.currentIndex()
        if not current.isValid():
            return
        shown = [r for row in range(self.model.rowCount()) if (r := self.model.review(row))]
        try:
            edits = block_to_edits(QGuiApplication.clipboard().text(), shown, current.row(), current.column())
        except UserError as exc:
            self.ops.show_error(exc.message)
            return
        if self._apply(edits):
            block = QItemSelection(current, self.model.index(current.row() + len(edits) - 1, current.column()))
            self.grid.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def mark_unmarked(self) -> None:
        if self.locked or self.unit_id is None:
            QApplication.beep()
            return
        self.ops.run(reviews.mark_unmarked, self.year, self.month, self.unit_id)

    def next_unreviewed(self) -> None:
        start = self.grid.currentIndex().row()
        count = self.model.rowCount()
        for step in range(1, count + 1):
            row = (start + step) % count
            review = self.model.review(row)
            if review and review.expected and review.level is None:
                self.grid.setCurrentIndex(self.model.index(row, LEVEL))
                return

    def open_meeting(self) -> None:
        if self.unit_id is None:
            return
        MeetingDialog(self.ops, self.unit_id, self.year, self.month, self).exec()

    def _open_month(self, person_id: int, month: int) -> None:
        """From the year view: the month's grid, on that person's level."""
        self.tabs.setCurrentIndex(0)
        self.month_box.setCurrentIndex(month - 1)
        row = self.model.row_of(person_id)
        if row is not None:
            self.grid.setCurrentIndex(self.model.index(row, LEVEL))
            self.grid.scrollTo(self.model.index(row, LEVEL))
        self.grid.setFocus()

    def select_person(self, person_id: int) -> QModelIndex:
        """Put the current cell on a person's level (for tests and jumps from other screens)."""
        row = self.model.row_of(person_id)
        if row is None:
            return QModelIndex()
        index = self.model.index(row, LEVEL)
        self.grid.setCurrentIndex(index)
        return index
