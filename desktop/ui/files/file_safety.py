"""Keeping the secretary's data safe while a file is open in the window.

The glue between the window and core's safety pieces (issue 6): opening a
file runs the quick check and never writes to a damaged file (offering the
newest good backup instead); a file another program writes opens read-only
with a banner naming who holds it; a file on a shared folder or a USB stick
gets a warning; backups are made on open, every 10 minutes while the file
keeps changing and on close; an unexpected error shows a short Vietnamese
dialog, goes to the rotating log, and the program keeps running.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core import backup, crashlog, encryption, filelock, paths, restore
from desktop.core import db as dbmod
from desktop.core.backup import BackupInfo, BackupPolicy, BackupResult, Moment
from desktop.core.changes import Changed
from desktop.core.datafile import DataFile
from desktop.core.errors import DamagedFileError, UserError
from desktop.ui import workers
from desktop.ui.files.guarded_window import GuardedWindow
from desktop.ui.files.password_dialog import IdleLock, ask_passphrase
from desktop.ui.widgets.ask import ask
from desktop.ui.workers import Job, Worker, follow_with_progress

log = logging.getLogger("desktop")

# Above this size a backup runs in a worker thread so the window never
# freezes; below it the copy takes well under a second on an old PC.
BIG_FILE_BYTES = 30 * 1024 * 1024
# How often the window asks whether a periodic backup is due (the policy
# itself says every 10 minutes while the file keeps changing).
BACKUP_CHECK_MS = 60_000
DAMAGED_REASON = "Tệp bị hỏng khi mở; khôi phục bản sao lưu tốt gần nhất"

def when_text(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M ngày %d/%m/%Y")


# --- work off the GUI thread ----------------------------------------------------
def run_and_wait(parent: QWidget | None, label: str, fn: Callable[[Job], Any],
                 file: DataFile | None = None) -> Any:
    """Run `fn` on a worker (workers.py) while the window stays responsive; its result.

    Raises UserError with the worker's Vietnamese message when it failed.
    The progress dialog has no Dừng button: a backup or a restore is one
    SQLite step that cannot be stopped half-way (and must not be).
    """
    worker = Worker(fn, file=file, readonly=file is not None)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    worker.succeeded.connect(lambda result: outcome.setdefault("result", result))
    worker.failed.connect(lambda message: outcome.setdefault("error", message))
    worker.finished.connect(loop.quit)
    follow_with_progress(worker, parent, label, cancellable=False)
    worker.start()
    loop.exec()
    if "error" in outcome:
        raise UserError(outcome["error"])
    return outcome.get("result")


def big_file(path: Path) -> bool:
    """Whether backing the file up takes long enough to need a worker thread."""
    total = 0
    for extra in ("", "-wal"):
        try:
            total += path.with_name(path.name + extra).stat().st_size
        except OSError:
            pass
    return total > BIG_FILE_BYTES


# --- opening a file ----------------------------------------------------------------
def open_checked(path: Path, parent: QWidget | None, *, create: bool = False,
                 take_over: bool = False, key: str | None = None) -> dbmod.OpenedFile | None:
    """Open for the window: checked, locked (or read-only), never writing a damaged file.

    None when the file cannot be opened; the user has been told why. An
    encrypted file asks its passphrase (again after a wrong one) unless
    `key` opens it.
    """
    while True:
        try:
            return dbmod.open_file(path, create=create, take_over=take_over, key=key)
        except (encryption.KeyNeededError, encryption.WrongKeyError) as exc:
            wrong = exc.message if isinstance(exc, encryption.WrongKeyError) else None
            key = ask_passphrase(path, parent, wrong)
            if key is None:
                return None
        except DamagedFileError as exc:
            return offer_newest_backup(path, exc.message, parent, key)
        except UserError as exc:
            QMessageBox.critical(parent, "Không mở được tệp", exc.message)
            return None


def offer_newest_backup(path: Path, problem: str, parent: QWidget | None,
                        key: str | None = None) -> dbmod.OpenedFile | None:
    """Explain a damaged file and offer to put its newest good backup in its place
    (an encrypted file's with the passphrase `key` it was opened with)."""
    good = backup.newest_good_backup(path, key=key)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Tệp dữ liệu bị hỏng")
    box.setInformativeText(f"Chi tiết: {problem}")  # a Details button would be in English
    intro = (f"Tệp “{path.name}” bị hỏng nên chương trình không mở để ghi: ghi vào tệp hỏng có thể làm mất "
             "thêm dữ liệu. Tệp thường hỏng do mất điện hoặc rút USB khi đang ghi.")
    if good is None:
        box.setText(f"{intro}\n\nKhông tìm thấy bản sao lưu còn tốt của tệp này trong thư mục "
                    f"{paths.backups_dir()}. Nếu có bản sao lưu trên USB hay trên máy khác, "
                    "hãy mở bản đó bằng Tệp → Mở tệp…")
        box.exec()
        return None
    people = f", {good.people} người" if good.people is not None else ""
    box.setText(
        f"{intro}\n\nBản sao lưu tốt gần nhất: lúc {when_text(good.made_at)} ({good.reason_label}{people}).\n\n"
        "Bấm “Khôi phục bản sao lưu này” để đưa bản đó vào thay. Tệp hỏng được giữ lại bên cạnh "
        f"(tên bắt đầu bằng “{path.stem}.hong-”), không bị xóa. Những gì sửa sau lúc sao lưu sẽ không có "
        "trong bản khôi phục."
    )
    accept = box.addButton("Khôi phục bản sao lưu này", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Không, để sau", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    if box.clickedButton() is not accept:
        return None
    if restore_with_progress(parent, path, good, DAMAGED_REASON, key) is None:
        return None
    try:
        return dbmod.open_file(path, key=key)
    except UserError as exc:
        QMessageBox.critical(parent, "Không mở được tệp", exc.message)
        return None


def restore_with_progress(parent: QWidget | None, path: Path, chosen: BackupInfo,
                          reason: str, key: str | None = None) -> restore.RestoreResult | None:
    """Put a backup back (in a worker), then say what happened; None if it failed."""
    try:
        result: restore.RestoreResult = run_and_wait(
            parent, f"Đang khôi phục bản sao lưu lúc {when_text(chosen.made_at)}…",
            lambda _job: restore.restore(path, chosen.path, reason, key=key))
    except UserError as exc:
        QMessageBox.warning(parent, "Không khôi phục được", exc.message)
        return None
    kept = (f"Trạng thái trước khi khôi phục được sao lưu ở {result.safety_backup.name}."
            if result.safety_backup else
            f"Tệp hỏng được giữ lại ở {result.set_aside.name}." if result.set_aside else "")
    QMessageBox.information(parent, "Đã khôi phục",
                            f"Đã khôi phục bản sao lưu lúc {when_text(chosen.made_at)}: {result.people} người. {kept}")
    return result


# --- while the file is open ----------------------------------------------------------
class AutoBackup(QObject):
    """Backups on open and close if the file changed, and every 10 minutes while it changes."""

    finished = Signal(object)  # BackupResult, after each backup (tests wait on it)
    settled = Signal()  # a backup ended, made or failed

    def __init__(self, window: GuardedWindow, policy: BackupPolicy = backup.DEFAULT_POLICY) -> None:
        super().__init__(window)
        self.window = window
        self.policy = policy
        self.dirty = False
        self.running = False
        self.last_backup: dt.datetime | None = None
        window.ops.changed.connect(self._mark_dirty)
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.tick)

    @property
    def path(self) -> Path:
        return self.window.path

    def _mark_dirty(self, _changed: Changed) -> None:
        self.dirty = True

    def start(self) -> None:
        """The backup on open (if the file changed since the last one), then the timer."""
        self.last_backup = self.window.ops.clock.now()
        self._run(Moment.OPEN)
        self.timer.start()

    def tick(self, now: dt.datetime | None = None) -> None:
        now = now or self.window.ops.clock.now()
        if not self.running and self.policy.due(now, self.last_backup, self.dirty):
            self.last_backup = now
            self._run(Moment.PERIODIC)

    def stop_and_back_up(self) -> None:
        """The backup on close: waits for it, in a worker when the file is big."""
        self.timer.stop()
        while self.running:  # a periodic one is still copying in a worker: let it finish first
            loop = QEventLoop()
            self.settled.connect(loop.quit)
            loop.exec()
        now = self.window.ops.clock.now()
        try:
            if big_file(self.path):
                result = run_and_wait(self.window, "Đang sao lưu trước khi đóng tệp…",
                                      lambda job: backup.backup_for(job.db, self.path, Moment.CLOSE, now=now),
                                      self.window.ops.db)
            else:
                result = backup.backup_for(self.window.ops.db, self.path, Moment.CLOSE, now=now)
        except UserError as exc:
            self._tell_close_failed(exc.message)
            return
        except Exception as exc:  # closing must go on; the data in the file is whole
            self._tell_close_failed(_explain(exc, self.path))
            return
        self.finished.emit(result)

    def _tell_close_failed(self, message: str) -> None:
        QMessageBox.warning(self.window, "Không sao lưu được khi đóng tệp",
                            f"{message}\n\nDữ liệu đã lưu trong tệp vẫn còn nguyên; lần mở sau chương trình "
                            "sẽ sao lưu lại.")

    def _run(self, moment: Moment) -> None:
        self.dirty = False
        self.running = True
        now = self.window.ops.clock.now()
        if big_file(self.path):
            self.window.statusBar().showMessage("Đang sao lưu…")
            worker = Worker(lambda job: backup.backup_for(job.db, self.path, moment, now=now),
                            file=self.window.ops.db, readonly=True)
            worker.succeeded.connect(self._done)
            worker.failed.connect(self._failed)
            worker.start()
            return
        try:
            result = backup.backup_for(self.window.ops.db, self.path, moment, now=now)
        except Exception as exc:  # a backup that fails must never stop the work
            self._failed(_explain(exc, self.path))
            return
        self._done(result)

    def _done(self, result: BackupResult) -> None:
        self.running = False
        self.window.banner.remove("backup_failed")
        if result.path is not None:
            self.window.statusBar().showMessage(f"Đã sao lưu lúc {self.window.ops.clock.now():%H:%M}", 8000)
        for number, notice in enumerate(result.notices):
            self.window.banner.add(f"backup_notice_{number}", notice, "info")
        self.finished.emit(result)
        self.settled.emit()

    def _failed(self, message: str) -> None:
        self.running = False
        self.dirty = True  # try again at the next tick
        self.window.banner.add(
            "backup_failed",
            f"Không sao lưu tự động được. {message} Chương trình sẽ thử lại sau ít phút.", "warning")
        self.settled.emit()


def _explain(exc: Exception, path: Path) -> str:
    """The environment's fault in plain words, or a logged bug (as workers.py sorts them)."""
    explained = crashlog.environment_problem(exc, path)
    if explained:
        return explained
    log.error("backup failed", exc_info=exc)
    return crashlog.unexpected_error_message()


class FileGuard(QObject):
    """Everything that keeps an open file safe, attached to its window."""

    reopen_requested = Signal(bool)  # take over the lock

    def __init__(self, window: GuardedWindow, opened: dbmod.OpenedFile) -> None:
        super().__init__(window)
        self.window = window
        self.opened = opened
        self.closed = False
        self.backups = AutoBackup(window) if not opened.readonly else None
        self.idle = IdleLock(window, opened.db, opened.path, window.ops.clock)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(int(filelock.HEARTBEAT_EVERY.total_seconds() * 1000))
        self.heartbeat.timeout.connect(self.refresh_lock)
        window.installEventFilter(self)
        self._show_notices()

    @property
    def path(self) -> Path:
        return self.opened.path

    def _show_notices(self) -> None:
        notices = list(self.opened.notices)
        if self.opened.readonly and notices:
            action = ("Mở để ghi…", self.ask_take_over) if self.opened.locked_by is not None else None
            self.window.banner.add("readonly", notices.pop(0), "error", action, closable=False)
        for number, notice in enumerate(notices):
            self.window.banner.add(f"location_{number}", notice, "warning")

    def start(self) -> None:
        """Begin the file's safety routine once the window is shown."""
        if self.backups is not None:
            self.backups.start()
            self.heartbeat.start()

    def refresh_lock(self) -> None:
        lock = self.opened.db.lock
        if lock is None or lock.refresh():
            return
        # Someone took the file over (they judged this PC gone): stop writing.
        self.heartbeat.stop()
        if self.backups is not None:
            self.backups.timer.stop()
            self.backups = None
        self.window.ops.readonly = True
        if "(chỉ đọc)" not in self.window.windowTitle():
            self.window.setWindowTitle(self.window.windowTitle() + " (chỉ đọc)")
        holder = filelock.holder(self.path, lock)
        who = f" ({holder.user} trên máy {holder.host})" if holder else ""
        self.window.banner.add(
            "readonly",
            f"Một chương trình khác{who} đã giành quyền ghi tệp này. Từ giờ cửa sổ này chỉ đọc: những gì "
            "bạn đã lưu trước đó vẫn còn trong tệp. Muốn sửa tiếp, hãy đóng rồi mở lại tệp khi người kia "
            "đã đóng.", "error", closable=False)

    def ask_take_over(self) -> None:
        holder = filelock.holder(self.path, self.opened.db.lock)
        if holder is not None:
            if not ask(
                self.window, "Giành quyền ghi",
                f"Tệp vẫn đang được “{holder.user}” trên máy “{holder.host}” giữ để ghi. Chỉ giành quyền ghi "
                "khi chắc chắn máy đó đã tắt hoặc đã đóng chương trình; nếu không, công việc của hai người "
                "sẽ ghi đè lên nhau.",
                "Giành quyền ghi", "Để chỉ đọc", warning=True):
                return
        self.reopen_requested.emit(holder is not None)

    def shutdown(self, back_up: bool = True) -> None:
        """Stop the timers, make the backup on close, give the file and its lock back."""
        if self.closed:
            return
        self.closed = True
        workers.stop_all()
        self.heartbeat.stop()
        self.idle.stop()
        if self.backups is not None and back_up:
            self.backups.stop_and_back_up()
        elif self.backups is not None:
            self.backups.timer.stop()
        dbmod.close_db(self.opened.db)

    def restore(self, chosen: BackupInfo, reason: str) -> bool:
        """Close the file (no close backup: restore keeps the current state itself) and restore."""
        self.shutdown(back_up=False)
        return restore_with_progress(self.window, self.path, chosen, reason, self.opened.db.key) is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False


# --- unexpected errors -----------------------------------------------------------------
class ErrorReporter(QObject):
    """Shows the crash log's short message on the GUI thread, one dialog at a time."""

    report = Signal(str)

    def __init__(self, parent_widget: Callable[[], QWidget | None], log_path: Path) -> None:
        super().__init__(QApplication.instance())
        self.parent_widget = parent_widget
        self.log_path = log_path
        self.showing = False
        self.report.connect(self.show)

    def show(self, message: str) -> None:
        if self.showing:  # an error repeating (e.g. while painting) is logged, not shown again
            return
        self.showing = True
        try:
            QMessageBox.critical(self.parent_widget(), "Lỗi ngoài dự kiến", message)
        finally:
            self.showing = False


def install_exception_hook(parent_widget: Callable[[], QWidget | None]) -> ErrorReporter:
    """Route unexpected errors of every thread to the log and a short dialog."""
    log_path = crashlog.setup_logging()
    reporter = ErrorReporter(parent_widget, log_path)
    crashlog.install_excepthook(reporter.report.emit, log_path)
    return reporter
