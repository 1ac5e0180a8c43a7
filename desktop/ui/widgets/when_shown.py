"""Refresh a screen when someone can see it.

A screen of the main window that is not on show (another screen is) costs
nothing when the year changes or an edit lands elsewhere: its refresh waits
until it is shown again, then runs once however many changes came in.

    self.reload = WhenShown(self, self.refresh)
    ops.changed.connect(lambda changed: self.reload())

A widget with no parent (a screen opened on its own, as tests do) is always
refreshed at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class WhenShown(QObject):
    """Calls `refresh` now if `widget` is on show, else at its next show (see the module docstring)."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self.pending = False
        widget.installEventFilter(self)

    def off_stage(self) -> bool:
        return self._widget.parentWidget() is not None and not self._widget.isVisible()

    def __call__(self) -> None:
        if self.off_stage():
            self.pending = True
        else:
            self.pending = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.pending:
            self.pending = False
            self._refresh()
        return False
