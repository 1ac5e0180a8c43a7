"""Cuối năm: points, flags and levels of every đảng viên, the quota, chốt sổ.

The grid is filled by keyboard: type a number in a criterion's column
(Enter stores it and goes down, Tab goes right), Space ticks a flag, Delete
clears, X/T/H/K set the level by hand in a year rated without points, Enter
or Ctrl+L on the levels opens the decision dialog (a level away from the
proposal needs a written reason). Every edit is one call of
`core.yearend` through the operations layer, hence one undo step; a core
refusal (a number over the maximum, a locked year) is shown under the grid
and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import collectives, dates, people, quarters, units, vntext, yearend
from desktop.core.changes import Changed, ChangeSet
from desktop.core.collector import collector_paused
from desktop.core.errors import UserError
from desktop.core.people import PersonFilter
from desktop.core.rules import RuleSet, rules_for_year
from desktop.core.scoring import NOT_RATED, OrgResult, PersonScore, YearScore
from desktop.ui.members.person_dialog import unit_choices
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import fit_columns, heading, move_down, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE, date_edit
from desktop.ui.widgets.when_shown import WhenShown
from desktop.ui.workers import Job, Worker
from desktop.ui.yearend.collective_dialog import SHORTCUT as COLLECTIVE_SHORTCUT
from desktop.ui.yearend.collective_dialog import CollectiveDialog
from desktop.ui.yearend.level_dialog import LevelDialog
from desktop.ui.yearend.not_rated_tab import NotRatedTab
from desktop.ui.yearend.quota_panel import QuotaPanel
from desktop.ui.yearend.rules_dialog import RulesDialog
from desktop.ui.yearend.year_lock import YearLock
from desktop.ui.yearend.yearend_detail import PersonDetail
from desktop.ui.yearend.yearend_model import (
    CRITERION,
    FINAL,
    FLAG,
    MANUAL,
    OVERRIDE_MARK,
    PROPOSED,
    TASK,
    TITLE,
    UNIT,
    ChoiceDelegate,
    Column,
    YearEndModel,
)

# What earlier years' final levels (the "5 năm liền" history) are made of.
_HISTORY = Changed(scores=True, years=True, year_lock=True, people=True, units=True)
# What this screen's own edits change, always in the year shown, so never the history's years.
_OWN_EDITS = Changed(scores=True, years=True, year_lock=True)
# Rare cases, kept to the panel's check boxes so the grid fits an office screen.
# Organisations of more people than this are scored on a worker (with the earlier years
# it looks back on, 1,500 people take half a second); smaller ones at once.
WORKER_SCORING_ABOVE = 500
KEEP_WHOLE_UP_TO = 25_000  # people scored; above, the screen keeps the unit shown and the quota tallies
_PANEL_ONLY_FLAGS = frozenset({"discipline_remedied", "degraded", "temporary_attendance"})
_MANUAL_KEYS = {"x": "HTXSNV", "t": "HTTNV", "h": "HTNV", "k": "KHTNV"}
_EDIT_KINDS = (CRITERION, MANUAL, FLAG, TITLE, TASK)


class YearEndView(QWidget):
    title = "Cuối năm"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year = ops, year
        self.locked = False
        self.rules: RuleSet = rules_for_year(ops.db, year)
        self.organisations: list[OrgResult] = []
        self._kept: set[int] = set()  # people whose suggestion the secretary chose to ignore
        self._edit_failed = False
        self._history: yearend.History | None = None  # earlier years' levels, loaded once per year
        self._own_edit = False
        # The last scoring of the organisations shown (year, their ids) and the person an
        # own edit touched: that edit rescores one person and their quota group, not the file.
        # (year, organisations, unit shown) → their scoring, cut down to the unit shown (the
        # organisations' quota and title tallies kept whole): a đảng bộ of 100,000 is not kept.
        self._scored: tuple[tuple[int, tuple[int, ...] | None, int | None], list[YearScore]] | None = None
        self._edited: int | None = None
        self._scoring: Worker | None = None  # scoring a big organisation, off the GUI thread
        self._stale = 0  # counts what made a running scoring out of date
        self.heading = heading(self.title)
        self.rules_line = QLabel()
        self.rules_line.setObjectName("rules_line")
        self.rules_line.setWordWrap(True)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("yearend_unit")
        rules_button = QPushButton("Bộ tiêu chí…")
        rules_button.setToolTip("Xem, sửa bộ tiêu chí xếp loại của năm (cũng có trong Cài đặt)")
        rules_button.clicked.connect(self.edit_rules)
        self.year_lock = YearLock(ops, self)
        self.lock_button, self.unlock_button = self.year_lock.lock_button, self.year_lock.unlock_button
        self.banner = self.year_lock.banner

        self.model = YearEndModel(self._edit)
        self.grid = table_view()
        self.grid.setObjectName("yearend_grid")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setTabKeyNavigation(True)
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(ChoiceDelegate(self.grid))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.grid.horizontalHeader().setStretchLastSection(False)
        self.grid.installEventFilter(self)
        self.grid.itemDelegate().closeEditor.connect(self._editor_closed)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self.grid.doubleClicked.connect(self._double_clicked)
        self.grid_error = QLabel()
        self.grid_error.setObjectName("grid_error")
        self.grid_error.setStyleSheet(ERROR_STYLE)
        self.grid_error.setWordWrap(True)
        self.grid_error.hide()
        self.key_help = QLabel()
        self.key_help.setWordWrap(True)
        self.detail = PersonDetail()
        self.detail.flag_clicked.connect(self._flag_clicked)
        self.detail.use_suggestion.connect(self.use_suggestion)
        self.detail.keep_points.connect(self.keep_points)
        self.detail.change_level.connect(self.change_level)
        self.detail.form_chosen.connect(self._form_chosen)
        self.detail.comment_edited.connect(self._comment_edited)
        self.detail.vote_edited.connect(self._vote_edited)
        self.detail.quarter_chosen.connect(self._quarter_chosen)
        self.review_date = date_edit()
        self.review_date.setObjectName("review_date")
        self.review_date.setToolTip("Ngày tính đủ 6 tháng tuổi Đảng khi xếp loại (để trống: ngày họp chi bộ "
                                    "tháng 12, nếu chưa có thì 31/12)")
        self.review_date.editingFinished.connect(self._review_date_edited)
        self.outstanding = QCheckBox("Đơn vị tiêu biểu (tỷ lệ HTXSNV 25%)")
        self.outstanding.setObjectName("outstanding_unit")
        self.outstanding.clicked.connect(self._outstanding_clicked)
        self.titles_switch = QCheckBox("Đề nghị danh hiệu thi đua")
        self.titles_switch.setObjectName("titles_switch")
        self.titles_switch.setToolTip("Mặc định: có cho đảng viên mẫu 2A, 2B; không cho mẫu 2C (nông dân, hưu trí…)")
        self.titles_switch.clicked.connect(self._titles_clicked)
        self.collective_button = QPushButton()
        self.collective_button.setObjectName("collective_button")
        self.collective_button.clicked.connect(self.rate_collective)

        grid_page = QWidget()
        grid_column = QVBoxLayout(grid_page)
        grid_column.setContentsMargins(0, 0, 0, 0)
        grid_column.addWidget(self.grid, 1)
        grid_column.addWidget(self.grid_error)
        grid_column.addWidget(self.key_help)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(grid_page)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(self.detail)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 190])
        self.splitter.setChildrenCollapsible(False)

        self.not_rated_tab = NotRatedTab()
        self.not_rated_model = self.not_rated_tab.model
        self.masses_line = self.not_rated_tab.masses_line
        self.quota_panel = QuotaPanel()

        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "Xếp loại đảng viên")
        self.tabs.addTab(self.not_rated_tab, "Không xếp loại")
        self.tabs.addTab(self.quota_panel, "Tỷ lệ xếp loại, thi đua")
        self.quota_strip = self.quota_panel.strip  # under the tabs, so a warning is never out of sight

        top = QHBoxLayout()
        top.addWidget(QLabel("Đơn vị:"))
        top.addWidget(self.unit_box, 1)
        top.addWidget(rules_button)
        top.addWidget(self.collective_button)
        top.addWidget(self.lock_button)
        top.addWidget(self.unlock_button)
        # The unit's year settings on a line of their own, so the screen fits 1024 px.
        unit_year = QHBoxLayout()
        unit_year.addWidget(self.outstanding)
        unit_year.addWidget(self.titles_switch)
        unit_year.addWidget(QLabel("Ngày xếp loại:"))
        unit_year.addWidget(self.review_date)
        unit_year.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.rules_line)
        layout.addLayout(top)
        layout.addLayout(unit_year)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.quota_strip)

        shortcut(self, "Ctrl+G", self.use_suggestion)
        shortcut(self, "Ctrl+L", self.change_level)
        shortcut(self, COLLECTIVE_SHORTCUT, self.rate_collective)
        self._fill_units()
        self.unit_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.reload = WhenShown(self, self.refresh)
        ops.changed.connect(self._on_changed)
        self.set_year(year)

    # --- state -------------------------------------------------------------
    @property
    def unit_id(self) -> int | None:
        value = self.unit_box.currentData()
        return None if value is None else int(value)

    def _fill_units(self) -> None:
        current = self.unit_box.currentData()
        if current is None and self.unit_box.count() == 0:
            # As on the monthly reviews screen: a secretary works on one chi bộ.
            branches = [u.id for u in units.list_units(self.ops.db) if u.kind == "chi_bo"]
            current = branches[0] if branches else None
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem("Tất cả đơn vị trong tệp", None)
        for label, value in unit_choices(self.ops):
            self.unit_box.addItem(label, value)
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(current), 0) if current is not None else 0)
        self.unit_box.blockSignals(False)

    def focus_start(self) -> None:
        """Arriving here (Alt+5): the cursor on the grid's current cell, so a key marks it at once."""
        if not self.grid.currentIndex().isValid() and self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0, self.model.column_of(CRITERION) or 0))
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_year(self, year: int) -> None:
        self.year = year
        self._kept.clear()
        self._history = None
        self.refresh()

    def _on_changed(self, changed: Changed) -> None:
        if changed.units:
            self._fill_units()
        own_edit = self._own_edit and changed <= _OWN_EDITS
        if not own_edit:
            self._scored = None
            self._stale += 1
        if not own_edit and (changed.scores or changed.years or changed.year_lock or changed.people
                             or changed.units):
            self._history = None  # an undo, another screen or another year may have changed it
        if (changed.scores or changed.years or changed.year_lock or changed.people or changed.units
                or changed.deeds or changed.reviews):
            self.reload()

    def refresh(self) -> None:
        """Score the year again and show it, keeping the current cell on the same person.

        Only the organisations the chosen unit belongs to are scored (whole,
        so their quotas are exact), with the earlier years' levels kept
        from the last time they were loaded.
        """
        db = self.ops.db
        self.locked = self.year_lock.show_year(self.year)
        self.rules = rules_for_year(db, self.year)
        flags = yearend.flags_in_use(self.rules)
        shown = None if self.unit_id is None else set(units.subtree_ids(db, self.unit_id))
        org_ids = None if self.unit_id is None else yearend.organisations_of(db, self.unit_id)
        results = self._score(org_ids, shown)
        if results is None:  # scored on a worker: nothing to type into until it is done
            self.heading.setText(f"{self.title} {self.year} — đang tính điểm…")
            self.model.set_rows(self.rules, (), [])
            self._show_detail()
            return
        listed = [p for r in results for p in r.people if shown is None or p.person.unit_id in shown]
        members = [p for p in listed if p.person.kind == "dang_vien"]
        rated = [p for p in members if p.status != NOT_RATED]
        not_rated = [p for p in members if p.status == NOT_RATED]
        orgs = {p.person.org_id for p in listed}
        self.organisations = [o for r in results for o in r.organisations if o.org_id in orgs]

        self.heading.setText(f"{self.title} {self.year}" + (" (đã chốt sổ)" if self.locked else ""))
        self.rules_line.setText(f"Năm {self.year}: {yearend.rules_summary(self.rules)}.")
        self.key_help.setText(self._key_help())
        person, column = self._current_person(), max(self.grid.currentIndex().column(), 0)
        self.model.read_only = self.locked
        self.detail.set_flags(tuple(f for f in flags if f in _PANEL_ONLY_FLAGS))
        # Same people after an edit: cells are updated in place and an open editor is left alone.
        if self.model.set_rows(self.rules, tuple(f for f in flags if f not in _PANEL_ONLY_FLAGS), rated):
            self._fit_grid(len({p.person.unit_id for p in rated}) <= 1)
            row = self.model.row_of(person) if person is not None else None
            if rated:
                first = self.model.column_of(CRITERION) or self.model.column_of(MANUAL) or 0
                keep = row is not None and column < self.model.columnCount()
                self.grid.setCurrentIndex(self.model.index(row or 0, column if keep else first))
        self._show_detail()
        self.not_rated_tab.show_people(not_rated, masses=len(listed) - len(members))
        self.tabs.setTabText(0, f"Xếp loại đảng viên ({len(rated)})")
        self.tabs.setTabText(1, f"Không xếp loại ({len(not_rated)})")
        self.quota_panel.show_orgs(self.rules, self.organisations)
        self._show_unit_marks()

    def _score(self, org_ids: list[int] | None, shown: set[int] | None) -> list[YearScore] | None:
        """The organisations' scoring, the people of the `shown` units only: kept from last
        time when nothing but this screen's own edit changed since (that person rescored,
        the quota from the organisation's tally), else scored again: here for a small file,
        on a worker for a big one (None until it is done; the screen then refreshes)."""
        whole = (self.year, None if org_ids is None else tuple(org_ids), None)
        edited, self._edited = self._edited, None
        if self._scored is not None and self._scored[0] in (whole, (*whole[:2], self.unit_id)):
            key = self._scored[0]
            if edited is None:
                return self._scored[1]
            again = yearend.rescore_person(self.ops.db, self.year, self._scored[1], edited, self._history)
            if again is not None:
                self._scored = (key, again)
                return again
        if self._scoring is not None:
            return None  # the running scoring refreshes the screen when it ends
        size = self._people_in(org_ids)
        # Up to KEEP_WHOLE_UP_TO people the organisations are kept whole (another chi bộ of them
        # is shown at once); above, only the unit shown, so a big file's scoring is not kept.
        cut = shown if size > KEEP_WHOLE_UP_TO else None
        key = whole if cut is None else (*whole[:2], self.unit_id)
        if size > WORKER_SCORING_ABOVE:
            self._score_on_worker(key, org_ids, cut)
            return None
        if self._history is None:
            self._history = yearend.history_before(self.ops.db, self.year)
        results = _shown_part(yearend.score(self.ops.db, self.year, org_ids=org_ids, history=self._history), cut)
        self._scored = (key, results)
        return results

    def _people_in(self, org_ids: list[int] | None) -> int:
        if org_ids is None:
            return people.count_people(self.ops.db, PersonFilter())
        return sum(people.count_people(self.ops.db, PersonFilter(unit_id=org)) for org in org_ids)

    def _score_on_worker(self, key: tuple[int, tuple[int, ...] | None, int | None], org_ids: list[int] | None,
                         shown: set[int] | None) -> None:
        year, history, stale = self.year, self._history, self._stale

        def work(job: Job) -> tuple[yearend.History, list[YearScore]]:
            with collector_paused():
                earlier = history if history is not None else yearend.history_before(job.db, year, job.checkpoint)
                return earlier, _shown_part(yearend.score(job.db, year, org_ids=org_ids, history=earlier), shown)

        def scored(result: tuple[yearend.History, list[YearScore]]) -> None:
            if stale == self._stale and year == self.year:
                self._history, self._scored = result[0], (key, result[1])

        def ended() -> None:
            stopped = self._scoring is not None and self._scoring.cancel_requested  # the window is closing
            self._scoring = None
            if not stopped:
                self.reload()

        # Writable when the file is: the earlier years' levels scored here are stored (core.yearend).
        self._scoring = Worker(work, file=self.ops.db, readonly=self.ops.readonly or self.ops.db.lock is None)
        self._scoring.succeeded.connect(scored)
        self._scoring.failed.connect(self.ops.show_error)
        self._scoring.failed.connect(lambda _message: setattr(self, "_scored", (key, [])))  # no retry loop
        self._scoring.finished.connect(ended)
        self._scoring.start()

    def _fit_grid(self, one_unit: bool) -> None:
        fit_columns(self.grid, 180)
        for number, column in enumerate(self.model.columns):
            if column.kind == FLAG:  # the header is wrapped; the cell holds a check box
                self.grid.setColumnWidth(number, min(self.grid.columnWidth(number), 56))
        unit = self.model.column_of(UNIT)
        if unit is not None:
            self.grid.setColumnHidden(unit, one_unit)

    def _key_help(self) -> str:
        if self.locked:
            return "Chỉ xem: năm đã chốt sổ hoặc tệp mở ở chế độ chỉ đọc."
        if self.rules.uses_points:
            return ("Gõ điểm (ví dụ 27,5) rồi Enter: lưu, xuống dòng · Tab: sang phải · Space: đánh dấu · "
                    f"Delete: xóa · Enter ở cột mức hoặc Ctrl+L: đổi mức quyết định ({OVERRIDE_MARK}: khác đề xuất) · "
                    "Ctrl+G: dùng điểm gợi ý")
        return ("X, T, H, K: mức HTXSNV, HTTNV, HTNV, KHTNV · Tab: sang phải · Space: đánh dấu · Delete: xóa · "
                f"Enter ở cột Quyết định hoặc Ctrl+L: đổi mức quyết định ({OVERRIDE_MARK}: khác đề xuất)")

    # --- the person under the cursor ------------------------------------------
    def _current_person(self) -> int | None:
        score = self.model.score(self.grid.currentIndex().row())
        return score.person.person_id if score else None

    def current_score(self) -> PersonScore | None:
        return self.model.score(self.grid.currentIndex().row())

    def _show_detail(self) -> None:
        score = self.current_score()
        if score is None:
            self.detail.clear()
            return
        suggestion = None
        if self.rules.uses_points:
            suggestion = yearend.suggest_points(self.ops.db, self.year, score.person.person_id)
        self.detail.show_person(self.rules, score, suggestion, score.person.person_id in self._kept, self.locked)
        person_id = score.person.person_id
        self.detail.show_quarters(quarters.quarters_of(self.ops.db, self.year, [person_id]).get(person_id, []),
                                  self.locked)

    def select_person(self, person_id: int, kind: str = CRITERION, key: str = "") -> QModelIndex:
        """Put the current cell on a person's column (for tests and jumps from other screens)."""
        row, column = self.model.row_of(person_id), self.model.column_of(kind, key)
        if row is None or column is None:
            return QModelIndex()
        index = self.model.index(row, column)
        self.grid.setCurrentIndex(index)
        return index

    # --- editing -------------------------------------------------------------
    def _run(self, fn: Callable[..., ChangeSet], *args: Any) -> bool:
        if self.locked:
            self._refuse()
            return False
        self._own_edit = True
        self._edited = args[1] if len(args) > 1 and isinstance(args[1], int) else None
        try:
            done = self.ops.run(fn, *args, quiet=True)
        except UserError as exc:
            self._edit_failed = True
            self._show_error(exc.message)
            return False
        finally:
            self._own_edit = False
        self._edit_failed = done is None
        self._show_error("")
        return done is not None

    def _show_error(self, message: str) -> None:
        self.grid_error.setText(message)
        self.grid_error.setVisible(bool(message))

    def _refuse(self) -> None:
        QApplication.beep()
        self.banner.show()
        self._show_error(self.banner.text())

    def _edit(self, score: PersonScore, column: Column, value: Any) -> bool:
        person_id = score.person.person_id
        if column.kind == CRITERION:
            return self._run(yearend.set_points, self.year, person_id, {column.key: value})
        if column.kind == FLAG:
            return self._run(yearend.set_flags, self.year, person_id, {column.key: bool(value)})
        if column.kind == TASK:
            return self._run(yearend.set_task_facts, self.year, person_id, {column.key: value})
        if column.kind == MANUAL:
            return self._run(yearend.set_manual_level, self.year, person_id, value or None)
        if column.kind == TITLE:
            return self._run(yearend.set_title, self.year, person_id, value or None)
        return False

    def _quarter_chosen(self, quarter: int, level: str | None) -> None:
        score = self.current_score()
        if score is not None and not self._run(quarters.set_quarter, self.year, score.person.person_id,
                                               quarter, level):
            self._show_detail()

    def _form_chosen(self, form: str | None) -> None:
        score = self.current_score()
        if score is not None and not self._run(yearend.set_form, self.year, score.person.person_id, form):
            self._show_detail()

    def _comment_edited(self, text: str) -> None:
        score = self.current_score()
        if score is not None:
            self._run(yearend.set_attendance_comment, self.year, score.person.person_id, text)

    def _vote_edited(self, text: str) -> None:
        score = self.current_score()
        if score is None:
            return
        try:
            percent = yearend.parse_points(text)
        except ValueError:
            self._show_error(f"“{text.strip()}” không phải tỷ lệ phiếu; hãy ghi số từ 0 đến 100, ví dụ 85.")
            return
        self._run(yearend.set_council_vote, self.year, score.person.person_id, percent)

    def _review_date_edited(self) -> None:
        text = self.review_date.text().strip()
        try:
            day = dates.parse_date(text) if text else None
        except ValueError as exc:
            self._show_error(f"Ngày xếp loại: {exc}")
            return
        stored = yearend.stored_review_date(self.ops.db, self.year)
        if day != stored:
            self._run(yearend.set_review_date, self.year, day)

    def _unit_org(self) -> int | None:
        if self.unit_id is None:
            return None
        return yearend.organisations(self.ops.db)[self.unit_id].id

    def _outstanding_clicked(self, on: bool) -> None:
        org = self._unit_org()
        if org is not None and not self._run(partial(yearend.set_unit_year, outstanding=on), self.year, org):
            self._show_unit_marks()

    def _titles_clicked(self, on: bool) -> None:
        if self.unit_id is not None and not self._run(partial(yearend.set_unit_year, titles_enabled=on),
                                                      self.year, self.unit_id):
            self._show_unit_marks()

    def _show_unit_marks(self) -> None:
        """The year settings and the chosen unit's marks, as stored."""
        db = self.ops.db
        stored = yearend.stored_review_date(db, self.year)
        self.review_date.setText(dates.format_date(stored) if stored else "")
        self.review_date.setEnabled(not self.locked)
        org = self._unit_org()
        marks = yearend.unit_marks(db, self.year)
        shown = self.unit_id is not None
        for box in (self.outstanding, self.titles_switch):
            box.setVisible(shown)
            box.setEnabled(shown and not self.locked)
        if org is not None and self.unit_id is not None:
            self.outstanding.setChecked(marks.get(org, (False, None))[0])
            switch = marks.get(self.unit_id, (False, None))[1]
            if switch is None:
                switch = marks.get(org, (False, None))[1]
            if switch is None:  # never chosen: show what the default gives the people on the grid
                rows = (self.model.score(i) for i in range(self.model.rowCount()))
                switch = any(row is not None and row.person.titles_apply for row in rows)
            self.titles_switch.setChecked(switch)
        self._show_collective()

    def _collective_unit(self) -> int | None:
        """The đảng bộ or chi bộ the Xếp loại tập thể dialog opens on: the chosen unit (a tổ
        đảng's chi bộ), or the first of the file when all units are shown."""
        if self.unit_id is None:
            found = collectives.rated_units(self.ops.db)
            return found[0].id if found else None
        unit = units.get_unit(self.ops.db, self.unit_id)
        return unit.parent_id if unit.kind == "to_dang" else unit.id

    def _show_collective(self) -> None:
        unit_id = self._collective_unit()
        level = None
        exemplary = False
        if unit_id is not None:
            rating = collectives.ratings(self.ops.db, unit_id, self.year, self.year).get(self.year)
            level, exemplary = (rating.level, rating.exemplary) if rating else (None, False)
        shown = f"{level}{', tiêu biểu' if exemplary else ''}" if level else "chưa có"
        self.collective_button.setText(f"Xếp loại tập thể ({shown})…")
        self.collective_button.setToolTip(
            f"Mức xếp loại năm {self.year} của chi bộ, đảng bộ, tiêu biểu, khen thưởng ({COLLECTIVE_SHORTCUT})")
        self.collective_button.setEnabled(unit_id is not None and not self.locked)

    def collective_dialog(self) -> CollectiveDialog:
        # The scoring kept covers the unit shown: a tổ đảng's chi bộ is scored by the dialog.
        shown = self._scored is not None and self._collective_unit() == self.unit_id
        scored = self._scored[1] if self._scored is not None and shown else None
        return CollectiveDialog(self.ops, self.year, self._collective_unit(), scored, self)

    def rate_collective(self) -> None:
        if self.locked:
            self._refuse()
            return
        if self._collective_unit() is not None:
            self.collective_dialog().exec()

    def _flag_clicked(self, key: str, on: bool) -> None:
        score = self.current_score()
        if score is not None and not self._run(yearend.set_flags, self.year, score.person.person_id, {key: on}):
            self._show_detail()  # put the box back as stored

    def use_suggestion(self) -> None:
        score = self.current_score()
        if score is None or not self.rules.uses_points:
            return
        suggestion = yearend.suggest_points(self.ops.db, self.year, score.person.person_id)
        if suggestion.value is None:
            self._show_error(suggestion.explanation)
            return
        self._kept.discard(score.person.person_id)
        self._run(yearend.set_points, self.year, score.person.person_id, dict(suggestion.by_criterion))

    def keep_points(self) -> None:
        score = self.current_score()
        if score is not None:
            self._kept.add(score.person.person_id)
            self._show_detail()

    def level_dialog(self) -> LevelDialog | None:
        score = self.current_score()
        if score is None:
            return None
        return LevelDialog(self.ops, self.year, self.rules, score, self)

    def change_level(self) -> None:
        if self.locked:
            self._refuse()
            return
        dialog = self.level_dialog()
        if dialog is not None:
            dialog.exec()

    def _double_clicked(self, index: QModelIndex) -> None:
        column = self.model.column(index.column())
        if column is not None and column.kind in (PROPOSED, FINAL):
            self.change_level()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._grid_key(event)
        return super().eventFilter(watched, event)

    def _grid_key(self, event: QKeyEvent) -> bool:
        """True when the key was a command of the grid (not passed on to the table)."""
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        if not plain or self.grid.state() == QAbstractItemView.State.EditingState:
            return False
        current = self.grid.currentIndex()
        score, column = self.model.score(current.row()), self.model.column(current.column())
        if score is None or column is None:
            return False
        key, text = event.key(), vntext.fold(event.text()).strip()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if column.kind in (PROPOSED, FINAL):
                self.change_level()
            elif column.kind in (MANUAL, TITLE) and self.locked:
                self._refuse()
            elif column.kind in (MANUAL, TITLE):
                self.grid.edit(current)
            elif key == Qt.Key.Key_F2:
                return False  # the table opens the cell's editor
            else:
                move_down(self.grid)
            return True
        typing = key in (Qt.Key.Key_Delete, Qt.Key.Key_Space) or bool(text)
        if self.locked and typing and column.kind in _EDIT_KINDS:
            self._refuse()
            return True
        if key == Qt.Key.Key_Delete and column.kind in (CRITERION, MANUAL, TITLE, TASK):
            if self.model.in_form(score, column):  # a greyed cell: not in the person's form, nothing to clear
                self._edit(score, column, None)
            return True
        if column.kind == MANUAL and text in _MANUAL_KEYS:
            self._edit(score, column, _MANUAL_KEYS[text])
            return True
        return False

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and not self._edit_failed:
            move_down(self.grid)
        self._edit_failed = False

    def edit_rules(self) -> None:
        RulesDialog(self.ops, self.year, self).exec()


def _shown_part(results: list[YearScore], shown: set[int] | None) -> list[YearScore]:
    return results if shown is None else [r.shown_part(shown) for r in results]
