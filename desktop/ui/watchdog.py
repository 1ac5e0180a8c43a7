"""How long the window stayed frozen: a 10 ms timer on the GUI thread that
notes the longest gap between its ticks.

    dog = StallWatchdog()
    with dog.measure() as stall:
        window.set_year(2024)
        dog.settle()              # let workers finish and queued slots run
    print(stall.longest_ms)

While the GUI thread is busy the timer cannot fire, so the longest gap
between two ticks (and between the last tick and the end of the
measurement) is the longest time a person would have seen the window stop
answering. `selftest --json` and `dev.py bench` read their stall figures
from here; no test asserts one (the machines are shared and noisy).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui import workers

TICK_MS = 10


@dataclass
class Stall:
    """The longest gap seen while one action ran, in milliseconds."""

    longest_ms: float = 0.0


class StallWatchdog(QObject):
    """A 10 ms timer measuring the longest gap between its ticks (see the module docstring)."""

    def __init__(self, tick_ms: int = TICK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._current: Stall | None = None
        self.longest_ms = 0.0  # over every measurement since this watchdog was made

    def _tick(self) -> None:
        now = time.perf_counter()
        self._note(now)
        self._last = now

    def _note(self, now: float) -> None:
        gap = (now - self._last) * 1000
        if self._current is not None and gap > self._current.longest_ms:
            self._current.longest_ms = gap
        self.longest_ms = max(self.longest_ms, gap)

    @contextmanager
    def measure(self) -> Iterator[Stall]:
        """The longest gap while the `with` body runs (the body itself blocks the GUI thread)."""
        stall = Stall()
        self._current = stall
        self._last = time.perf_counter()
        self._timer.start()
        try:
            yield stall
        finally:
            self._note(time.perf_counter())
            self._timer.stop()
            self._current = None

    def settle(self, quiet_ms: int = 60, limit_s: float = 120.0,
               until: Callable[[], bool] | None = None) -> None:
        """Run the event loop until no worker runs (and `until()` holds), then `quiet_ms` more,
        so slots queued by workers and deferred refreshes count in the measurement."""
        app = QApplication.instance()
        if app is None:
            return
        deadline = time.perf_counter() + limit_s
        loop = QEventLoop()
        while time.perf_counter() < deadline and (workers.running() or (until is not None and not until())):
            QTimer.singleShot(5, loop.quit)
            loop.exec()
        end = time.perf_counter() + quiet_ms / 1000
        while time.perf_counter() < end:
            QTimer.singleShot(5, loop.quit)
            loop.exec()
