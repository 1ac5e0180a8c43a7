"""Nhật ký thay đổi: who changed what, when, from what to what, and why.

A lazy table over core.audit.query (a window of rows at a time, newest
first), filtered by person, kind of record, date range (dd/mm/yyyy) and
words; the selected change is shown field by field, before → after.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.core import audit, dates, people
from desktop.core.audit import AuditEntry
from desktop.core.changes import Changed
from desktop.core.people import PersonFilter
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import fit_columns, heading, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE, date_edit
from desktop.ui.widgets.paged_model import PagedModel

Index = QModelIndex | QPersistentModelIndex
PERSON_CHOICES = 15


def changes_text(entry: AuditEntry) -> str:
    """The field changes on one line: "Điện thoại: 0912… → 0987…; Chức vụ: …"."""
    if entry.action in ("update", "file"):
        return "; ".join(f"{c.label}: {c.before} → {c.after}" for c in entry.changes)
    return "; ".join(f"{c.label}: {c.before if entry.action == 'delete' else c.after}" for c in entry.changes)


# (header, value getter)
COLUMNS: list[tuple[str, Any]] = [
    ("Lúc", lambda e: e.when),
    ("Người sửa", lambda e: e.user),
    ("Việc", lambda e: e.label),
    ("Thay đổi", lambda e: f"{e.action_label} {e.table_label.lower()}" + (f": {e.subject}" if e.subject else "")),
    ("Lý do", lambda e: e.reason or ""),
    ("Trước → sau", changes_text),  # last: it stretches, and the full text is below
]
WHAT_COLUMN = 3
REASON_COLUMN = 4
CHANGES_COLUMN = 5


class AuditModel(PagedModel[AuditEntry]):
    """The audit log, newest first, loaded a page at a time as the view scrolls."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self._filters: dict[str, Any] = {}
        self.reload()

    def set_filters(self, **filters: Any) -> None:
        """person_id, table, since, until, text: as core.audit.query takes them."""
        if filters != self._filters:
            self._filters = filters
            self.reload()

    def _count(self) -> int:
        return audit.count(self._db, **self._filters)

    def _page(self, offset: int, limit: int) -> list[AuditEntry]:
        return audit.query(self._db, **self._filters, offset=offset, limit=limit)

    def entry(self, row: int) -> AuditEntry | None:
        return self.row(row)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.description
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return str(section + 1)


def entry_html(entry: AuditEntry) -> str:
    """The selected change in full: who, when, what, a before/after table, the reason."""
    e = html.escape
    parts = [f"<p><b>{e(entry.label)}</b><br>{e(entry.when)} — người sửa: {e(entry.user)}"
             f"<br>{e(entry.action_label)} {e(entry.table_label.lower())}"
             + (f": {e(entry.subject)}" if entry.subject else "") + "</p>"]
    if entry.changes:
        two = entry.action in ("update", "file")
        head = "<tr><th align=left>Mục</th><th align=left>Trước</th><th align=left>Sau</th></tr>" if two else \
            "<tr><th align=left>Mục</th><th align=left>Giá trị</th></tr>"
        rows = []
        for c in entry.changes:
            if two:
                rows.append(f"<tr><td>{e(c.label)}</td><td>{e(c.before)}</td><td>→ {e(c.after)}</td></tr>")
            else:
                rows.append(f"<tr><td>{e(c.label)}</td>"
                            f"<td>{e(c.before if entry.action == 'delete' else c.after)}</td></tr>")
        parts.append(f"<table cellspacing=0 cellpadding=3>{head}{''.join(rows)}</table>")
    if entry.reason:
        parts.append(f"<p><b>Lý do:</b> {e(entry.reason)}</p>")
    return "".join(parts)


class AuditView(QWidget):
    title = "Nhật ký thay đổi"

    def __init__(self, ops: Operations, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = AuditModel(ops.db)
        self._stale = False
        self._person_ids: dict[str, int] = {}
        self.person_id: int | None = None

        self.person = QLineEdit()
        self.person.setObjectName("person")
        self.person.setPlaceholderText("Lọc theo người: gõ tên (Ctrl+F)")
        self.person.setClearButtonEnabled(True)
        self.person_choices = QStringListModel(self)
        completer = QCompleter(self.person_choices, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._person_chosen)  # type: ignore[index]  # the text overload
        self.person.setCompleter(completer)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.since = date_edit("Từ ngày")
        self.since.setObjectName("since")
        self.since.setToolTip("Từ ngày (dd/mm/yyyy), để trống: từ đầu")
        self.until = date_edit("Đến ngày")
        self.until.setObjectName("until")
        self.until.setToolTip("Đến hết ngày (dd/mm/yyyy), để trống: đến nay")
        for edit in (self.since, self.until):
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.words = QLineEdit()
        self.words.setObjectName("words")
        self.words.setPlaceholderText("Tìm chữ (việc, người sửa, lý do)")
        self.words.setClearButtonEnabled(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.view = table_view()
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setPlaceholderText("Chọn một dòng để xem đủ: trước → sau và lý do.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        filters = QHBoxLayout()
        filters.addWidget(self.person, 3)
        filters.addWidget(self.kind, 2)
        filters.addWidget(self.since)
        filters.addWidget(self.until)
        filters.addWidget(self.words, 3)
        status = QHBoxLayout()
        status.addWidget(self.message, 1)
        status.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(filters)
        layout.addLayout(status)
        layout.addWidget(split, 1)

        self.person.textEdited.connect(self._person_typed)
        self.kind.currentIndexChanged.connect(self.apply_filters)
        for edit in (self.since, self.until, self.words):
            edit.textChanged.connect(self.apply_filters)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        shortcut(self, "Ctrl+F", self.person.setFocus)
        ops.changed.connect(self._on_changed)
        self._fill_kinds()
        self.apply_filters()
        fit_columns(self.view, max_width=200)
        # "Trước → sau" takes what is left of the row; the pane below shows it whole.
        self.view.horizontalHeader().resizeSection(CHANGES_COLUMN, 120)

    # --- filters -------------------------------------------------------------------
    def focus_start(self) -> None:
        """Arriving here (Alt+7): the cursor in the person filter."""
        self.person.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _fill_kinds(self) -> None:
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("Mọi loại thay đổi", None)
        for table, label in audit.kinds_in_log(self.ops.db):
            self.kind.addItem(label, table)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.kind.blockSignals(False)

    def _person_typed(self, text: str) -> None:
        found = people.list_people(self.ops.db, PersonFilter(text=text), limit=PERSON_CHOICES) if text.strip() else []
        self._person_ids = {f"{p.full_name} — {p.unit_name}": p.id for p in found}
        self.person_choices.setStringList(list(self._person_ids))
        if found:
            self.person.completer().complete()  # the list just changed: show it now
        if text in self._person_ids:
            self.person_id = self._person_ids[text]
        elif len(found) == 1:
            self.person_id = found[0].id
        else:
            self.person_id = None
        self.apply_filters()

    def _person_chosen(self, text: str) -> None:
        self.person_id = self._person_ids.get(text)
        self.apply_filters()

    def _date(self, edit: QLineEdit, what: str) -> tuple[dt.date | None, str | None]:
        try:
            return dates.parse_date(edit.text()), None
        except ValueError as exc:
            return None, f"{what}: {exc}"

    def apply_filters(self) -> None:
        since, since_error = self._date(self.since, "Từ ngày")
        until, until_error = self._date(self.until, "Đến ngày")
        problems = [m for m in (since_error, until_error) if m]
        if since and until and since > until:
            problems.append("“Từ ngày” đang sau “Đến ngày”; hãy đổi lại.")
        typed = self.person.text().strip()
        if typed and self.person_id is None:
            problems.append(f"Không rõ người “{typed}”: hãy chọn một người trong danh sách hiện ra "
                            "(mũi tên xuống, Enter). Đang hiện thay đổi của mọi người.")
        self.message.setText(" ".join(problems))
        self.message.setStyleSheet(ERROR_STYLE if problems else "")
        self.model.set_filters(person_id=self.person_id, table=self.kind.currentData(),
                               since=since, until=until, text=self.words.text() or None)
        self.count_label.setText(f"{self.model.total} thay đổi")
        self._show_detail()

    # --- showing ------------------------------------------------------------------------
    def _show_detail(self, *_args: object) -> None:
        index = self.view.currentIndex()
        entry = self.model.entry(index.row()) if index.isValid() else None
        if entry is None:
            self.detail.clear()
        else:
            self.detail.setHtml(entry_html(entry))

    def refresh(self) -> None:
        self._stale = False
        self._fill_kinds()
        self.model.reload()
        self.count_label.setText(f"{self.model.total} thay đổi")
        self._show_detail()

    def _on_changed(self, _changed: Changed) -> None:
        # Every edit adds to the log; reload only when someone is looking.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
