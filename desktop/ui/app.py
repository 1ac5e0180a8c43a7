"""Starting the window: which file to open, first run, switching files."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.core import db as dbmod
from desktop.core import demo, newfile, paths
from desktop.core.backup import BackupInfo
from desktop.core.clock import Clock
from desktop.core.errors import UserError
from desktop.ui import qt_vietnamese
from desktop.ui.files import file_safety as safety
from desktop.ui.files.first_run import FirstRunDialog
from desktop.ui.files.password_dialog import unlock_on_open
from desktop.ui.main_window import MainWindow
from desktop.ui.operations import Operations
from desktop.ui.prefs import Prefs
from desktop.ui.resources import RESOURCES

# In the PyInstaller bundle the resources sit beside the program (sys._MEIPASS).


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Sổ Làm theo Bác")
    app.setOrganizationName("SoLamTheoBac")
    qt_vietnamese.install(app)  # Qt's own buttons and menus ("OK", "Cancel", "Copy"…) in Vietnamese
    style = RESOURCES / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


class Session:
    """The open file and its window; File → Open replaces both."""

    def __init__(self, prefs: Prefs, clock: Clock) -> None:
        self.prefs = prefs
        self.clock = clock
        self.window: MainWindow | None = None
        self.guard: safety.FileGuard | None = None

    def _writing(self, path: Path) -> bool:
        """Whether `path` is the file this window has open for writing (it holds the lock)."""
        guard = self.guard
        return (guard is not None and not guard.closed and guard.opened.db.lock is not None
                and guard.path.resolve() == path.resolve())

    def open(self, path: Path, create: bool = False, take_over: bool = False, key: str | None = None) -> bool:
        if self._writing(path) and not take_over and self.window is not None:
            # Already open here (Tệp gần đây, Mở tệp…): a second opening would meet this window's own lock.
            self.window.activateWindow()
            return True
        # Checked (a damaged file is never written), locked or read-only, passphrase and password asked.
        opened = safety.open_checked(path, self.window, create=create, take_over=take_over, key=key)
        if opened is None:
            return False
        if not unlock_on_open(opened.db, path, self.window):
            opened.close()
            return False
        window = MainWindow(Operations(opened.db, readonly=opened.readonly, clock=self.clock), path, self.prefs)
        guard = safety.FileGuard(window, opened)
        guard.reopen_requested.connect(lambda take: self.open(path, take_over=take, key=opened.db.key))
        window.restore_requested.connect(lambda chosen, reason: self.restore(guard, chosen, reason))
        window.open_requested.connect(lambda p, c, k: self.open(Path(p), c, key=k or None))
        window.new_requested.connect(self.create_new)
        self.prefs.add_recent(path)
        old, self.window, self.guard = self.window, window, guard
        window.show_placed()
        guard.start()
        if old is not None:
            old.close()
        return True

    def restore(self, guard: safety.FileGuard, chosen: BackupInfo, reason: str) -> bool:
        """Put a backup back into the open file, then reopen it (restored or, if that
        failed, as it was: a restore is whole or not at all)."""
        guard.restore(chosen, reason)
        if self.open(guard.path, key=guard.opened.db.key):
            return True
        guard.window.close()
        return False

    def create_new(self) -> None:
        dialog = FirstRunDialog(self.window, today=self.clock.today())
        if dialog.exec():
            self.handle_first_run(dialog)

    def handle_first_run(self, dialog: FirstRunDialog) -> bool:
        if dialog.choice == "open":
            name, _ = QFileDialog.getOpenFileName(self.window, "Mở tệp dữ liệu", str(paths.data_dir()),
                                                  "Tệp Sổ Làm theo Bác (*.sqlite *.db);;Mọi tệp (*)")
            return bool(name) and self.open(Path(name))
        if dialog.choice == "demo":
            path = paths.data_dir() / "du-lieu-mau.sqlite"
            if not path.exists():
                db = dbmod.open_db(path, create=True)
                demo.create_demo(db, members=150, today=self.clock.today())
                dbmod.close_db(db)
            return self.open(path)
        if dialog.choice == "new":
            v = dialog.values
            target = Path(str(v["path"]))
            if target.exists():
                QMessageBox.warning(self.window, "Không tạo được",
                                    f"Đã có tệp {target}. Hãy chọn nơi khác hoặc tên khác để không ghi đè lên nó.")
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            db = dbmod.open_db(target, create=True)
            try:
                newfile.initialise(db, str(v["committee"]), list(v["branches"]), int(v["year"]),  # type: ignore[call-overload]
                                   superior_name=str(v["superior"]), place=str(v["place"]),
                                   signer_name=str(v["signer_name"]), signer_role=str(v["signer_role"]))
            except UserError as exc:
                dbmod.close_db(db)
                # A file that could not be set up is not left behind (it did not exist before).
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
                QMessageBox.warning(self.window, "Không tạo được", exc.message)
                return False
            dbmod.close_db(db)
            return self.open(target)
        return False


def run_app(db_arg: str | None, clock: Clock) -> int:
    app = make_app()
    prefs = Prefs()
    session = Session(prefs, clock)
    safety.install_exception_hook(lambda: session.window)
    if db_arg:
        opened = session.open(Path(db_arg), create=True)
    else:
        candidates = [Path(p) for p in prefs.recent_files[:1]] + [paths.default_db_path()]
        existing = next((p for p in candidates if p.exists()), None)
        if existing is not None:
            opened = session.open(existing)
        else:
            dialog = FirstRunDialog(today=clock.today())
            opened = bool(dialog.exec()) and session.handle_first_run(dialog)
    if not opened:
        return 1
    return app.exec()
