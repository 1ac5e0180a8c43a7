"""Small shared pieces of the window."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)


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


# Rows measured for a column's width besides those on screen (Qt's default, 1,000, costs 0.1 s
# at every fit of a list of a few hundred rows; 50 costs a fifth of that).
FIT_ROWS = 50


def fit_columns(view: QTableView, max_width: int = 280) -> None:
    """Widths from the header, the rows on screen and the first FIT_ROWS rows, capped so no column hogs the row."""
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
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


# The key a button's label names: "Xóa (Delete)", "Thêm người (Ctrl+N)", "Dùng gợi ý (Ctrl+G)".
KEY_IN_LABEL = re.compile(r"\(((?:Ctrl|Shift|Alt)\+[^()]+|Delete|Enter|Esc|F\d+)\)")


def label_key(button: QAbstractButton) -> str | None:
    """The key that presses `button`: the one its label names, else its Alt mnemonic."""
    named = KEY_IN_LABEL.search(button.text())
    if named:
        return named.group(1)
    mnemonic = re.search(r"&([^&\s])", button.text().replace("&&", ""))
    return f"Alt+{mnemonic.group(1).upper()}" if mnemonic else None


def key_tips(root: QWidget) -> None:
    """Every button under `root` whose key is known says it in its tooltip too
    ("Thêm đảng viên hoặc quần chúng (Ctrl+N)"), as the menus do."""
    for button in root.findChildren(QAbstractButton):
        key = label_key(button)
        tip = button.toolTip()
        if key and key not in tip:
            plain = KEY_IN_LABEL.sub("", button.text()).replace("&", "").strip()
            button.setToolTip(f"{tip or plain} ({key})")


class _ProgramUndoFirst(QObject):
    """Ctrl+Z / Ctrl+Y in a text box with nothing of its own to take back (empty, or
    just committed) go to the program's undo, not to the box."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            own = ((event.matches(QKeySequence.StandardKey.Undo) and watched.isUndoAvailable())
                   or (event.matches(QKeySequence.StandardKey.Redo) and watched.isRedoAvailable()))
            if (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)) \
                    and (not own or not watched.text()):
                event.ignore()  # not the box's: the window's Hoàn tác / Làm lại shortcut takes it
                return True
        return False


def undo_goes_to_program(*edits: QLineEdit) -> None:
    """Let the program's undo have Ctrl+Z in these boxes when they have nothing of their own to undo."""
    for edit in edits:
        edit.installEventFilter(_ProgramUndoFirst(edit))

