"""Small shared pieces of the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    return label


def table_view(parent: QWidget | None = None) -> QTableView:
    """A keyboard-friendly list: whole rows, one selection, sortable header."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setTabKeyNavigation(False)
    return view


def fit_columns(view: QTableView, max_width: int = 280) -> None:
    """Widths from the header and the loaded rows, capped so no column hogs the row."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column) + 12, max_width))


def move_down(view: QAbstractItemView) -> None:
    """To the cell below, as Excel does after Enter; stays put on the last row."""
    current = view.currentIndex()
    model = view.model()
    if current.isValid() and current.row() + 1 < model.rowCount():
        view.setCurrentIndex(model.index(current.row() + 1, current.column()))


def shortcut(widget: QWidget, keys: str | QKeySequence.StandardKey | Qt.Key, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QShortcut:
    sc = QShortcut(QKeySequence(keys), widget)
    sc.setContext(context)
    sc.activated.connect(slot)
    return sc


def with_key_tip(action: QAction) -> QAction:
    """The action's tooltip says its key ("Mở tệp… (Ctrl+O)"), as every button and menu entry should."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    action.setToolTip(f"{name} ({keys})" if keys else name)
    return action
