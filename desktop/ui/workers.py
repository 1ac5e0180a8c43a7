"""Long work off the GUI thread: a function, its own connection, progress, cancel.

    worker = Worker(lambda job: importer.apply(job.db, plan, progress=job.progress,
                                               cancelled=job.cancelled),
                    file=ops.db)
    worker.succeeded.connect(show_summary)   # the function's return value
    worker.failed.connect(show_message)      # a Vietnamese message, ready to show
    worker.cancelled.connect(say_stopped)    # the function stopped at the user's request
    follow_with_progress(worker, parent, "Đang nhập…")   # a cancellable QProgressDialog
    worker.start()

The function gets a `Job`: `job.db` is a connection of its own (sqlite
connections belong to the thread that made them), opened from the window's
data file with `desktop.core.db.reopen` (same key, the file's lock shared)
and closed when the function returns; `job.progress(done, total, text)` moves the
bar (and, when `text` is given, replaces the dialog's label); `job.cancelled()` says the user pressed Dừng, and `job.checkpoint()`
stops the function there (it raises `Cancelled`). A function that returns
normally after a cancel (the importer rolls back and says so in its result)
still reports `succeeded`.

Every signal reaches the GUI thread (queued), so slots may touch widgets.
Errors are sorted as elsewhere in the program: a `UserError` or an Excel
error carries its own message; an environment fault (disk full, file busy,
stick pulled out) gets crashlog's explanation; anything else is a bug,
logged, with a short message that says so. Exactly one of succeeded, failed,
cancelled is emitted, then `finished`.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.core import crashlog
from desktop.core import db as dbmod
from desktop.core.datafile import DataFile
from desktop.core.errors import UserError
from desktop.excel.errors import ExcelUserError

# Workers still running, so none is garbage-collected under its thread.
_RUNNING: set[Worker] = set()


def running() -> bool:
    """Whether some worker has not ended yet (its result may still be on its way)."""
    return bool(_RUNNING)


def stop_all(ms: int = 15_000) -> None:
    """Closing the file: ask every running worker to stop and wait for it,
    so no thread still holds a connection (or a half-written export)."""
    running = list(_RUNNING)
    for worker in running:
        worker.cancel()
    for worker in running:
        worker.wait(ms)


_PAUSED = 0  # readings running with the cyclic garbage collector paused
_PAUSED_LOCK = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a worker reads a big file.

    Scoring 20,000 people makes millions of objects, and every full collection
    it sets off (0.15–0.2 s each, twenty of them) holds the interpreter's lock,
    so the window froze for as long however little it had to do. Reference
    counting still frees what the reading drops; the collector runs again once
    the last paused reading ends.
    """
    global _PAUSED
    with _PAUSED_LOCK:
        _PAUSED += 1
        gc.disable()
    try:
        yield
    finally:
        with _PAUSED_LOCK:
            _PAUSED -= 1
            if _PAUSED == 0:
                gc.enable()


class Cancelled(Exception):
    """Raised by `Job.checkpoint()` to stop the function after the user cancelled."""


class Job:
    """What the background function sees: its connection, progress and cancel."""

    def __init__(self, db: DataFile | None, stop: threading.Event,
                 report: Callable[[int, int, str], None]) -> None:
        self._db = db
        self._stop = stop
        self._report = report

    @property
    def db(self) -> DataFile:
        if self._db is None:
            raise RuntimeError("this worker was started without a file")
        return self._db

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._report(done, total, text)

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def checkpoint(self) -> None:
        if self._stop.is_set():
            raise Cancelled

    def step(self, done: int, total: int, text: str = "") -> None:
        """Progress, then stop here if cancelled: for engines whose progress hook may raise."""
        self.progress(done, total, text)
        self.checkpoint()


class _Thread(QThread):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class Worker(QObject):
    """Runs `fn(job)` once on its own QThread; see the module docstring."""

    progressed = Signal(int, int, str)  # done, total, and a label ("" keeps the last one)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()
    # Emitted on the worker thread, delivered queued to this object (GUI thread).
    _reported = Signal(int, int, str)
    _ended = Signal(str, object)

    def __init__(self, fn: Callable[[Job], Any], *, file: DataFile | None = None,
                 readonly: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._file = file
        self._readonly = readonly
        self._stop = threading.Event()
        self._thread = _Thread(self._work)
        self._shown_percent = -1
        self._shown_text = ""
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        self.done = False

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        _RUNNING.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the function to stop; it does so at its next check."""
        self._stop.set()

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the thread ended (closing the program); True when it did."""
        return self._thread.wait(ms)

    # --- on the worker thread --------------------------------------------------------
    def _work(self) -> None:
        db: DataFile | None = None
        try:
            if self._file is not None:
                db = dbmod.reopen(self._file, readonly=self._readonly)
            result = self._fn(Job(db, self._stop, self._report))
        except Cancelled:
            self._ended.emit("cancelled", None)
        except Exception as exc:  # sorted into the user's, the environment's, or a bug
            self._ended.emit("failed", self._message(exc))
        else:
            self._ended.emit("succeeded", result)
        finally:
            if db is not None:
                dbmod.close_db(db)

    def _report(self, done: int, total: int, text: str) -> None:
        # One signal per percent (or new label) at most: a 100,000-row import must not flood the GUI's queue.
        percent = done * 100 // total if total > 0 else 0
        if percent != self._shown_percent or done >= total or (text and text != self._shown_text):
            self._shown_percent = percent
            self._shown_text = text or self._shown_text
            self._reported.emit(done, total, text)

    def _message(self, exc: Exception) -> str:
        if isinstance(exc, UserError | ExcelUserError):
            return exc.message
        explained = crashlog.environment_problem(exc, self._file.path if self._file is not None else None)
        if explained:
            return explained
        logging.getLogger(crashlog.LOGGER_NAME).error("unexpected error in background work", exc_info=exc)
        return crashlog.unexpected_error_message()

    # --- on the GUI thread -------------------------------------------------------------
    @Slot(int, int, str)
    def _on_reported(self, done: int, total: int, text: str) -> None:
        if not self.done:
            self.progressed.emit(done, total, text)

    @Slot(str, object)
    def _on_ended(self, outcome: str, payload: object) -> None:
        self._thread.wait()
        self.done = True
        _RUNNING.discard(self)
        if outcome == "succeeded":
            self.succeeded.emit(payload)
        elif outcome == "failed":
            self.failed.emit(payload)
        else:
            self.cancelled.emit()
        self.finished.emit()


def follow_with_progress(worker: Worker, parent: QWidget | None, label: str, *,
                         title: str = "Xin chờ", cancellable: bool = True,
                         stopping: str = "Đang dừng, chưa ghi gì…") -> QProgressDialog:
    """A modal progress dialog that follows `worker` and closes when it ends.

    Its Dừng button (or Esc) asks the worker to cancel; the dialog stays up,
    saying so, until the function has actually stopped, so the window is
    never used while a half-done change is being rolled back.
    """
    dialog = QProgressDialog(label, "Dừng (Esc)", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    if not cancellable:
        dialog.setCancelButton(None)

    def moved(done: int, total: int, text: str) -> None:
        if not worker.cancel_requested:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            if text:
                dialog.setLabelText(text)

    def cancel() -> None:
        if worker.done:
            return
        worker.cancel()
        dialog.setLabelText(stopping)
        dialog.setRange(0, 0)
        QTimer.singleShot(0, lambda: None if worker.done else dialog.show())

    def close() -> None:
        dialog.canceled.disconnect(cancel)
        dialog.hide()
        dialog.deleteLater()
        if parent is not None:
            parent.window().activateWindow()  # keyboard focus back where the user was

    worker.progressed.connect(moved)
    dialog.canceled.connect(cancel)
    worker.finished.connect(close)
    dialog.show()
    return dialog
