"""The main window: navigation on the left, one screen at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, Qt, Signal, SignalInstance
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

from desktop.core import agenda, backup, encryption, years
from desktop.core import db as dbmod
from desktop.core.changes import Changed
from desktop.ui import workers
from desktop.ui.deeds.theme_dialog import ThemeDialog
from desktop.ui.files.backups_dialog import BackupsDialog
from desktop.ui.files.encryption_dialog import decrypt_file, encrypt_file
from desktop.ui.files.guarded_window import GuardedWindow
from desktop.ui.guide import GuideDialog
from desktop.ui.importing.import_wizard import export_template, start_import
from desktop.ui.operations import Operations
from desktop.ui.overview_view import OverviewView
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
        self.year = year or years.working_year(ops.db, ops.clock.today())
        self.guide: GuideDialog | None = None
        self.setWindowTitle(f"Sổ Làm theo Bác — {path.name}" + (" (chỉ đọc)" if ops.readonly else ""))

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(232)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        # Screens are built on first visit: start-up then costs one screen,
        # not seven (the year-end and rate figures of a big file take seconds).
        self.screens: list[QWidget | None] = [None] * len(SCREENS)
        # Screens built for an earlier working year: they follow it when next shown.
        self._year_behind: set[int] = set()
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

    def show_placed(self, available: QRect | None = None) -> None:
        """Show where it was left, within the screen's free area; maximised the first time."""
        available = available or self.screen().availableGeometry()
        place = self.prefs.window_place
        if place is None:
            self.setGeometry(_within(QRect(0, 0, 1280, 800), available))
            self.showMaximized()
            return
        self.setGeometry(_within(QRect(place["x"], place["y"], place["width"], place["height"]), available))
        if place.get("maximized"):
            self.showMaximized()
        else:
            self.show()

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
        today = self.ops.clock.today()
        choices = sorted(known | {today.year, self.year, today.year + 1 if today.month >= 11 else today.year})
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
        # The working year lives in the data file (one recorded change), not in this PC's prefs.
        if not self.ops.readonly and years.working_year(self.ops.db, self.ops.clock.today()) != year:
            self.ops.run(years.set_working_year, year)
        if self.year_box.currentData() != year:
            self._fill_years()
        # Only the screen on show follows now; the others when shown (a year of a big file
        # costs each screen a reading, Cuối năm a scoring).
        shown = self.stack.currentIndex()
        for row, screen in enumerate(self.screens):
            if screen is not None and hasattr(screen, "set_year"):
                if row == shown:
                    screen.set_year(year)
                else:
                    self._year_behind.add(row)

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
            if isinstance(built, OverviewView):
                built.go.connect(self.go_to)
        return built

    def go_to(self, screen: str) -> None:
        """Open what fixes an item of Tổng quan: a screen of the navigation, or the backups."""
        if screen == agenda.BACKUPS:
            self.show_backups()
        else:
            self.show_screen(screen)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.screens):
            screen = self.screen_at(row)
            self.stack.setCurrentWidget(screen)
            if row in self._year_behind and hasattr(screen, "set_year"):
                self._year_behind.discard(row)
                screen.set_year(self.year)

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
            action.triggered.connect(lambda _=False, row=number - 1: self.arrive_at(row))
            with_key_tip(action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        guide = help_menu.addAction("Hướng dẫn sử dụng")
        guide.setShortcut(QKeySequence(Qt.Key.Key_F1))
        guide.setToolTip("Hướng dẫn phần của màn hình đang mở (F1)")
        guide.triggered.connect(self.open_guide)
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

    def open_guide(self) -> GuideDialog:
        """The guide, at the section of the screen being used (each screen's section bears its title)."""
        if self.guide is None:
            self.guide = GuideDialog(self)
        self.guide.show()  # laid out first, so the section can be scrolled to the top
        self.guide.show_section(SCREENS[max(self.nav.currentRow(), 0)][0])
        self.guide.activateWindow()
        return self.guide

    def about(self) -> None:
        QMessageBox.about(self, "Sổ Làm theo Bác",
                          "Sổ Làm theo Bác — sổ theo dõi việc học tập và làm theo tư tưởng, đạo đức, "
                          "phong cách Hồ Chí Minh của chi bộ (Chỉ thị 05-CT/TW).\n\n"
                          f"Tệp dữ liệu: {self.path}\nChương trình không kết nối mạng.")

    def _on_changed(self, changed: Changed) -> None:
        if changed.years or changed.year_lock:
            self._fill_years()
        if changed.settings:  # an undo may have put another working year back
            stored = years.working_year(self.ops.db, self.ops.clock.today())
            if stored != self.year:
                self.set_year(stored)
        if self.ops.last_label:  # not the undo stack's top: chốt sổ is saved but not on the stack
            self.statusBar().showMessage(f"Đã lưu: {self.ops.last_label}", 5000)

    def arrive_at(self, row: int) -> None:
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
        place = self.normalGeometry() if self.isMaximized() else self.geometry()
        self.prefs.set_window_place(place.x(), place.y(), place.width(), place.height(), self.isMaximized())
        workers.stop_all()
        dbmod.close_db(self.ops.db)
        event.accept()


def _within(rect: QRect, available: QRect) -> QRect:
    """`rect` shrunk to `available` if bigger, then moved inside it."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    x = min(max(rect.x(), available.left()), available.right() + 1 - width)
    y = min(max(rect.y(), available.top()), available.bottom() + 1 - height)
    return QRect(x, y, width, height)
