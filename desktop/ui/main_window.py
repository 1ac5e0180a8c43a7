"""The main window: navigation on the left, one screen at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import backup, encryption, years
from desktop.core import db as dbmod
from desktop.core.changes import Changed
from desktop.ui import workers
from desktop.ui.deeds.theme_dialog import ThemeDialog
from desktop.ui.files.backups_dialog import BackupsDialog
from desktop.ui.files.encryption_dialog import decrypt_file, encrypt_file
from desktop.ui.files.guarded_window import GuardedWindow
from desktop.ui.importing.import_wizard import export_template, start_import
from desktop.ui.operations import Operations
from desktop.ui.prefs import Prefs
from desktop.ui.screens import SCREENS
from desktop.ui.widgets.basic import key_tips, undo_goes_to_program, with_key_tip
from desktop.ui.widgets.notice_banner import NoticeBanner


class HistoryAction(QAction):
    """Hoàn tác / Làm lại, named after the change they take back or do again
    ("Hoàn tác: Thêm việc “Quét ngõ” của Lê Văn Tám")."""

    def __init__(self, verb: str, keys: str, parent: QWidget) -> None:
        super().__init__(verb, parent)
        self.verb, self.keys = verb, keys
        self.setShortcut(QKeySequence(keys))

    def name(self, label: str) -> None:
        self.setText(f"{self.verb}: {label}".replace("&", "&&") if label else self.verb)
        self.setToolTip(f"{self.verb}: {label} ({self.keys})" if label else f"{self.verb} ({self.keys})")


class MainWindow(GuardedWindow):
    open_requested = Signal(str, bool, str)  # path, create, passphrase ("" unless just encrypted)
    new_requested = Signal()
    restore_requested = Signal(object, str)  # BackupInfo, reason

    def __init__(self, ops: Operations, path: Path, prefs: Prefs, year: int | None = None) -> None:
        super().__init__()
        self.ops = ops
        self.path = path
        self.prefs = prefs
        ops.set_parent_widget(self)
        self.year = year or prefs.working_year(path) or self._latest_year()
        self.setWindowTitle(f"Sổ Làm theo Bác — {path.name}" + (" (chỉ đọc)" if ops.readonly else ""))
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(232)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        # Screens are built on first visit: start-up then costs one screen,
        # not seven (the year-end and rate figures of a big file take seconds).
        self.screens: list[QWidget | None] = [None] * len(SCREENS)
        for number, (title, _build) in enumerate(SCREENS, start=1):
            self.nav.addItem(title)
            self.nav.item(number - 1).setToolTip(f"Alt+{number}")
            self.stack.addWidget(QWidget())
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = NoticeBanner()  # read-only, USB stick, backup notices (safety.py)
        column.addWidget(self.banner)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self._build_menus()
        self.status_label = QLabel(str(path))
        self.statusBar().addPermanentWidget(self.status_label)
        ops.changed.connect(self._on_changed)
        self.nav.setCurrentRow(1 if self.nav.count() > 1 else 0)

    def _latest_year(self) -> int:
        known = [y.year for y in years.list_years(self.ops.db)]
        today = dt.date.today().year
        return today if today in known or not known else max(known)

    # --- toolbar and menus ---------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Năm làm việc")
        bar.setObjectName("yearbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Năm làm việc: "))
        self.year_box = QComboBox()
        self.year_box.setObjectName("year")
        self._fill_years()
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        bar.addWidget(self.year_box)
        theme = QAction("Chuyên đề năm…", self)
        theme.triggered.connect(lambda: ThemeDialog(self.ops, self.year, self).exec())
        bar.addAction(theme)
        bar.addSeparator()
        stack = self.ops.undo_stack
        self.undo_action = self._history_action("Hoàn tác", "Ctrl+Z", stack.undo, stack.canUndoChanged,
                                                stack.undoTextChanged, stack.canUndo(), stack.undoText())
        self.redo_action = self._history_action("Làm lại", "Ctrl+Y", stack.redo, stack.canRedoChanged,
                                                stack.redoTextChanged, stack.canRedo(), stack.redoText())
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _history_action(self, verb: str, keys: str, slot: Callable[[], None], can_changed: SignalInstance,
                        text_changed: SignalInstance, can: bool, text: str) -> QAction:
        action = HistoryAction(verb, keys, self)
        action.triggered.connect(slot)
        can_changed.connect(action.setEnabled)
        text_changed.connect(action.name)  # a method of the action: disconnected when the window goes
        action.setEnabled(can)
        action.name(text)
        return action

    def _fill_years(self) -> None:
        known = {y.year for y in years.list_years(self.ops.db)}
        today = dt.date.today().year
        choices = sorted(known | {today, self.year, today + 1 if dt.date.today().month >= 11 else today})
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for value in choices:
            locked = years.is_locked(self.ops.db, value)
            self.year_box.addItem(f"{value}" + (" (đã chốt sổ)" if locked else ""), value)
        self.year_box.setCurrentIndex(self.year_box.findData(self.year))
        self.year_box.blockSignals(False)

    def _year_chosen(self) -> None:
        self.set_year(int(self.year_box.currentData()))

    def set_year(self, year: int) -> None:
        self.year = year
        self.prefs.set_working_year(self.path, year)
        if self.year_box.currentData() != year:
            self._fill_years()
        for screen in self.screens:
            if screen is not None and hasattr(screen, "set_year"):
                screen.set_year(year)

    def screen_at(self, row: int) -> QWidget:
        """The screen at `row` of the navigation, built on first use."""
        built = self.screens[row]
        if built is None:
            built = SCREENS[row][1](self.ops, self.year)
            key_tips(built)
            # Ctrl+Z in an empty or just committed text box is the program's Hoàn tác, not the box's.
            undo_goes_to_program(*built.findChildren(QLineEdit))
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, built)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.screens[row] = built
        return built

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.screens):
            self.stack.setCurrentWidget(self.screen_at(row))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        for text, keys, slot in [
            # Not Ctrl+N: that adds a person on the Đảng viên screen (one key, one action).
            ("Tạo tệp mới…", QKeySequence("Ctrl+Shift+N"), self.new_requested.emit),
            ("Mở tệp…", QKeySequence(QKeySequence.StandardKey.Open), self.open_file),
            ("Lưu bản sao…", QKeySequence("Ctrl+Shift+S"), self.save_copy),
            ("Sao lưu và khôi phục…", QKeySequence("Ctrl+Shift+B"), self.show_backups),
            ("Nhập từ Excel…", QKeySequence("Ctrl+I"), self.import_excel),
            ("Xuất mẫu nhập liệu…", QKeySequence(), self.export_template),
        ]:
            action = file_menu.addAction(text)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            with_key_tip(action)
        if encryption.available():
            encrypted = self.ops.db.key is not None
            self.encrypt_action = file_menu.addAction("Giải mã thành tệp thường…" if encrypted else "Mã hóa tệp…")
            self.encrypt_action.triggered.connect(self.decrypt_file if encrypted else self.encrypt_file)
        self.recent_menu = file_menu.addMenu("Tệp gần đây")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Thoát")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        with_key_tip(quit_action)
        edit_menu = self.menuBar().addMenu("&Sửa")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        view_menu = self.menuBar().addMenu("&Xem")
        for number, (title, _build) in enumerate(SCREENS, start=1):
            action = view_menu.addAction(title.replace("&", "&&"))  # "Đảng viên & quần chúng": no mnemonic
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.triggered.connect(lambda _=False, row=number - 1: self.go_to(row))
            with_key_tip(action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        help_menu.addAction("Giới thiệu").triggered.connect(self.about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.prefs.recent_files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_requested.emit(p, False, ""))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(chưa có)").setEnabled(False)

    # --- file actions -------------------------------------------------------------
    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Mở tệp dữ liệu", str(self.path.parent),
                                              "Tệp Sổ Làm theo Bác (*.sqlite *.db);;Mọi tệp (*)")
        if name:
            self.open_requested.emit(name, False, "")

    def save_copy(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Lưu bản sao", str(self.path.with_name(self.path.stem + "-ban-sao.sqlite")),
                                              "Tệp Sổ Làm theo Bác (*.sqlite)")
        if not name:
            return
        try:
            backup.copy_to(self.ops.db, Path(name))
        except OSError as exc:
            QMessageBox.warning(self, "Không lưu được", f"Không ghi được {name}: {exc.strerror or exc}.")
            return
        self.statusBar().showMessage(f"Đã lưu bản sao vào {name}", 8000)

    def encrypt_file(self) -> None:
        written = encrypt_file(self.ops, self.path, self)
        if written is not None:
            target, passphrase = written
            self.open_requested.emit(str(target), False, passphrase)  # opens without asking again

    def decrypt_file(self) -> None:
        target = decrypt_file(self.ops, self.path, self)
        if target is not None:
            self.open_requested.emit(str(target), False, "")

    def import_excel(self) -> None:
        start_import(self.ops, self.year, self)

    def export_template(self) -> None:
        export_template(self.ops.db, self.year, self)

    def show_backups(self) -> None:
        dialog = BackupsDialog(self.ops, self.path, self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_requested.emit(*dialog.chosen)

    def about(self) -> None:
        QMessageBox.about(self, "Sổ Làm theo Bác",
                          "Sổ Làm theo Bác — sổ theo dõi việc học tập và làm theo tư tưởng, đạo đức, "
                          "phong cách Hồ Chí Minh của chi bộ (Chỉ thị 05-CT/TW).\n\n"
                          f"Tệp dữ liệu: {self.path}\nChương trình không kết nối mạng.")

    def _on_changed(self, changed: Changed) -> None:
        if changed.years or changed.year_lock:
            self._fill_years()
        if self.ops.last_label:  # not the undo stack's top: chốt sổ is saved but not on the stack
            self.statusBar().showMessage(f"Đã lưu: {self.ops.last_label}", 5000)

    def go_to(self, row: int) -> None:
        """Alt+1…8: show the screen and put the cursor where its work starts (its
        `focus_start`, else its first field), not on the navigation list."""
        self.nav.setCurrentRow(row)
        screen = self.screen_at(row)
        start = getattr(screen, "focus_start", None)
        if callable(start):
            start()
            return
        candidate = screen.nextInFocusChain()
        while candidate is not screen and candidate is not None:
            if (screen.isAncestorOf(candidate) and candidate.isVisible() and candidate.isEnabled()
                    and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus):
                candidate.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            candidate = candidate.nextInFocusChain()

    def show_screen(self, title: str) -> QWidget:
        for i, (name, _build) in enumerate(SCREENS):
            if name == title:
                self.nav.setCurrentRow(i)
                return self.screen_at(i)
        raise KeyError(title)

    def closeEvent(self, event: QCloseEvent) -> None:
        workers.stop_all()
        dbmod.close_db(self.ops.db)
        event.accept()
