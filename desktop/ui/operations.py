"""The one path every edit takes from the window to the file (as Anki's
CollectionOp): run a `core` call, show its error in one place, push the
change onto the undo stack, and announce what changed (`changes.Changed`,
in domain words) so each view refreshes only when the change concerns it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core import changes
from desktop.core.changes import Changed, ChangeSet
from desktop.core.clock import Clock
from desktop.core.datafile import DataFile
from desktop.core.errors import UserError


class _ChangeCommand(QUndoCommand):
    """A change already applied; undo/redo replay it through core."""

    def __init__(self, ops: Operations, changeset: ChangeSet) -> None:
        super().__init__(changeset.label)
        self._ops = ops
        self._changeset = changeset
        self._first = True

    def redo(self) -> None:
        if self._first:  # QUndoStack.push() calls redo(); the change is already done
            self._first = False
            return
        self._ops._replay(changes.redo, self._changeset)

    def undo(self) -> None:
        self._ops._replay(changes.undo, self._changeset)


class Operations(QObject):
    """Holds the open file's connection and its undo stack."""

    changed = Signal(Changed)  # what an edit, an undo or a redo changed
    failed = Signal(str)  # a Vietnamese message, already shown to the user

    def __init__(self, db: DataFile, parent_widget: QWidget | None = None, readonly: bool = False, *,
                 clock: Clock) -> None:
        super().__init__()
        self.db = db
        self.clock = clock  # the window's one clock: screens ask it for today
        db.clock = clock  # and core checks this file's edits against the same day
        self.readonly = readonly
        self.undo_stack = QUndoStack(self)
        self.last_label = ""  # what the latest edit, undo or redo did ("Chốt sổ năm 2026", "Hoàn tác: …")
        self._parent_widget = parent_widget

    def set_parent_widget(self, widget: QWidget) -> None:
        self._parent_widget = widget

    def show_error(self, message: str) -> None:
        self.failed.emit(message)
        if self._parent_widget is not None:
            QMessageBox.warning(self._parent_widget, "Không thực hiện được", message)

    def run(self, fn: Callable[..., ChangeSet | None], *args: Any, quiet: bool = False, **kwargs: Any) -> ChangeSet | None:
        """Run an edit; None when it failed (the user has been told).

        With quiet=True a UserError is re-raised instead of shown, for
        dialogs that show field-level messages themselves.
        """
        if self.readonly:
            self.show_error("Tệp đang mở ở chế độ chỉ đọc; không sửa được.")
            return None
        try:
            changeset = fn(self.db, *args, **kwargs)
        except UserError as exc:
            if quiet:
                raise
            self.show_error(exc.message)
            return None
        if changeset:
            self.last_label = changeset.label
            if changeset.undoable:
                self.undo_stack.push(_ChangeCommand(self, changeset))
            self.changed.emit(changeset.changed)
        return changeset

    def _replay(self, fn: Callable[[DataFile, ChangeSet], ChangeSet], changeset: ChangeSet) -> None:
        try:
            done = fn(self.db, changeset)
        except UserError as exc:
            self.show_error(exc.message)
            return
        self.last_label = done.label
        self.changed.emit(done.changed or changeset.changed)

    def adopt(self, changeset: ChangeSet) -> None:
        """A recorded change already committed on another connection (an
        import run by a worker): one undo step like any edit, and views refresh."""
        if changeset:
            self.undo_stack.push(_ChangeCommand(self, changeset))
            self.changed.emit(changeset.changed)

    def notify_external(self, changed: Changed) -> None:
        """A change made outside run() (an import in a worker): refresh, and
        clear undo history that may no longer apply."""
        self.undo_stack.clear()
        self.changed.emit(changed)
