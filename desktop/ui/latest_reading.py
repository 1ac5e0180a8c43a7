"""A screen's reading of a big file, off the GUI thread, where only the latest request is shown.

    self.reading = LatestReading(self, ops, self._show)
    self.reading.ask(lambda db, checkpoint: agenda.at_a_glance(db, year, today, checkpoint=checkpoint))
    self.reading.loading                                               # True until shown

`ask` returns at once and runs the function on a worker (`desktop.ui.workers.Worker`,
its own read-only connection, and the worker's checkpoint: closing the window
stops a long reading there) and hands its result to `show` on the GUI thread. A
request made while one is still being read (the year or the unit changed,
an edit landed) overtakes it: the older result is dropped when it arrives,
never shown, and the latest request is read next. Only one worker per screen
runs at a time, so quick changes do not pile up readings of a big file.
The reading runs with the garbage collector paused (`core.collector.collector_paused`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desktop.core.collector import collector_paused
from desktop.core.datafile import DataFile
from desktop.ui.operations import Operations
from desktop.ui.workers import Job, Worker

Read = Callable[[DataFile, Callable[[], None]], Any]


class LatestReading(QObject):
    """Reads on a worker and shows the latest request's result only (see the module docstring)."""

    def __init__(self, parent: QObject, ops: Operations, show: Callable[[Any], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._show = show
        self._failed = failed
        self._wanted = 0  # requests made; a result of an older one is dropped
        self._next: Read | None = None  # the latest request, not started yet
        self._worker: Worker | None = None

    @property
    def loading(self) -> bool:
        """A request is being read or waits to be (its result not shown yet)."""
        return self._worker is not None or self._next is not None

    def ask(self, read: Read) -> None:
        self._wanted += 1
        self._next = read
        if self._worker is None:
            self._start()

    def drop(self) -> None:
        """Forget what is being read (the screen was shown from a quick reading instead)."""
        self._wanted += 1
        self._next = None

    def _start(self) -> None:
        read, self._next = self._next, None
        if read is None:
            return
        wanted = self._wanted

        def succeeded(result: Any) -> None:
            if wanted == self._wanted:
                self._show(result)

        def failed(message: str) -> None:
            if wanted == self._wanted:
                (self._failed or self._ops.show_error)(message)

        def cancelled() -> None:
            self._next = None  # the window is closing: nothing more is read

        def ended() -> None:
            self._worker = None
            self._start()  # a later request, if one came while this was read

        def work(job: Job) -> Any:
            with collector_paused():
                return read(job.db, job.checkpoint)

        # Writable when the file is: the earlier years' levels a reading scores are stored (core.yearend).
        self._worker = Worker(work, file=self._ops.db, readonly=self._ops.readonly or self._ops.db.lock is None)
        self._worker.succeeded.connect(succeeded)
        self._worker.failed.connect(failed)
        self._worker.cancelled.connect(cancelled)
        self._worker.finished.connect(ended)
        self._worker.start()
