"""What a new user meets, checked by machine: keys bound to two things at once
(`ambiguous_shortcuts`) and English words on buttons, menus and titles
(`english_texts`), in the main window's screens and in every dialog it can
open (`visit_dialogs`, which opens each one without changing the file).

Used by the GUI tests and by `selftest --json`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Qt's English as it would show on a button, a menu or a title (words as Qt capitalises them).
ENGLISH_WORDS = frozenset({
    "OK", "Cancel", "Yes", "No", "Save", "Close", "Apply", "Back", "Next", "Finish", "Undo", "Redo", "Cut",
    "Copy", "Paste", "Delete", "Help", "Open", "Reset", "Discard", "Retry", "Ignore", "Abort", "Commit",
    "Continue", "Done", "Browse", "Details", "Restore", "Defaults", "Folder", "Directory", "Look",
})
ENGLISH_PHRASES = ("Select All", "Show Details", "Go Back", "Save All", "Yes to", "No to")
_WORD = re.compile(r"[A-Za-z]+")


# A key named in a label, "Xóa (Delete)", "Thêm người (Ctrl+N)": the word printed on the key, not English.
_KEY_HINT = re.compile(r"\((?:(?:Ctrl|Shift|Alt|Delete|Del|Enter|Esc|Tab|Space|Home|End|PageUp|PageDown|F\d+"
                       r"|[A-Z0-9])[+ ,/]*)+\)")


def _plain(text: str) -> str:
    """A label as read: no mnemonic marks, no shortcut column of a menu entry."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def english_in(text: str) -> bool:
    plain = _KEY_HINT.sub("", _plain(text))
    return any(p in plain for p in ENGLISH_PHRASES) or any(w in ENGLISH_WORDS for w in _WORD.findall(plain))


def _menu_texts(menu: QMenu, trail: str) -> Iterator[str]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{trail} → {action.text()}"
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_texts(sub, f"{trail} → {action.text()}")


def shown_texts(top: QWidget) -> Iterator[str]:
    """The titles, button texts, tab names, group titles and menu entries a person sees in `top`."""
    if top.windowTitle():
        yield top.windowTitle()
    for button in top.findChildren(QAbstractButton):
        if button.text() and button.isVisibleTo(top):
            yield button.text()
    for bar in top.findChildren(QTabBar):
        if bar.isVisibleTo(top):
            yield from (bar.tabText(i) for i in range(bar.count()))
    for group in top.findChildren(QGroupBox):
        if group.title() and group.isVisibleTo(top):
            yield group.title()
    if isinstance(top, QMenu):
        yield from _menu_texts(top, top.title() or "menu")
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            yield action.text()
            sub = action.menu()
            if isinstance(sub, QMenu):
                yield from _menu_texts(sub, action.text())


def english_texts(top: QWidget, where: str = "") -> list[str]:
    """Each shown text of `top` holding an English word, prefixed with where it was seen."""
    prefix = f"{where}: " if where else ""
    return sorted({f"{prefix}{_plain(t)}" for t in shown_texts(top) if english_in(t)})


# --- keys -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Binding:
    keys: str  # portable text, "Ctrl+N"
    name: str  # what it does, as far as the window can say
    context: Qt.ShortcutContext
    widget: QWidget  # where it listens


def _describe(shortcut: QShortcut) -> str:
    parent = shortcut.parent()
    owner = getattr(parent, "title", None) if parent is not None else None
    label = owner if isinstance(owner, str) else type(parent).__name__
    return shortcut.whatsThis() or shortcut.objectName() or f"phím tắt của {label}"


def active_bindings(top: QWidget) -> list[Binding]:
    """Every enabled shortcut of `top` that can fire now (its widget shown)."""
    found: list[Binding] = []
    for shortcut in top.findChildren(QShortcut):
        widget = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(widget, QWidget) or not widget.isVisibleTo(top):
            continue
        for keys in shortcut.keys():
            found.append(Binding(keys.toString(QKeySequence.SequenceFormat.PortableText), _describe(shortcut),
                                 shortcut.context(), widget))
    actions = {id(a): a for a in top.findChildren(QAction)}
    for widget in [top, *top.findChildren(QWidget)]:
        actions.update({id(a): a for a in widget.actions()})
    for action in actions.values():
        if not action.isEnabled() or not action.shortcuts():
            continue
        context = action.shortcutContext()
        if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
            where = [top]
        else:
            where = [w for w in action.associatedObjects()
                     if isinstance(w, QWidget) and not isinstance(w, QMenu) and w.isVisibleTo(top)]
        for widget in where:
            for keys in action.shortcuts():
                found.append(Binding(keys.toString(QKeySequence.SequenceFormat.PortableText),
                                     _plain(action.text()), context, widget))
    return found


def _scope(binding: Binding, top: QWidget) -> tuple[str, QWidget]:
    if binding.context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
        return "window", top
    if binding.context == Qt.ShortcutContext.WidgetShortcut:
        return "widget", binding.widget
    return "subtree", binding.widget


def _within(widget: QWidget, root: QWidget) -> bool:
    return widget is root or root.isAncestorOf(widget)


def _overlap(a: tuple[str, QWidget], b: tuple[str, QWidget]) -> bool:
    """Whether one focused widget can wake both shortcuts."""
    (kind_a, wa), (kind_b, wb) = a, b
    if "window" in (kind_a, kind_b):
        return True
    if kind_a == "widget" and kind_b == "widget":
        return wa is wb
    if kind_a == "widget":
        return _within(wa, wb)
    if kind_b == "widget":
        return _within(wb, wa)
    return _within(wa, wb) or _within(wb, wa)


def ambiguous_shortcuts(top: QWidget, where: str = "") -> list[str]:
    """Keys bound to two things that can fire together in `top` as it is shown now."""
    bindings = active_bindings(top)
    prefix = f"{where}: " if where else ""
    found: set[str] = set()
    for i, a in enumerate(bindings):
        for b in bindings[i + 1:]:
            if a.keys == b.keys and a.keys and _overlap(_scope(a, top), _scope(b, top)):
                found.add(f"{prefix}{a.keys}: “{a.name}” và “{b.name}”")
    return sorted(found)


# --- every dialog the window opens --------------------------------------------------------------
@contextmanager
def _dialogs_caught(seen: Callable[[str, QWidget], None]) -> Iterator[None]:
    """While inside: a dialog that would wait for the user is checked and closed at once
    (as Esc would), message boxes and file pickers answer "no"; nothing is written."""
    saved: dict[tuple[type, str], Any] = {}
    missing = object()

    def patch(cls: type, name: str, value: Any) -> None:
        saved[(cls, name)] = cls.__dict__.get(name, missing)
        setattr(cls, name, value)

    def exec_(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        seen(f"QMessageBox “{dialog.windowTitle()}”" if isinstance(dialog, QMessageBox) else type(dialog).__name__,
             dialog)
        dialog.hide()
        return 0

    def box(icon: QMessageBox.Icon) -> Callable[..., QMessageBox.StandardButton]:
        def show(parent: QWidget | None, title: str, text: str,
                 buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
                 *_rest: object) -> QMessageBox.StandardButton:
            shown = QMessageBox(icon, title, text, buttons, parent)
            seen(f"QMessageBox “{title}”", shown)
            shown.deleteLater()
            return QMessageBox.StandardButton.NoButton
        return staticmethod(show)

    def no_file(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return "", ""

    patch(QDialog, "exec", exec_)
    patch(QMessageBox, "exec", exec_)
    for name, icon in (("warning", QMessageBox.Icon.Warning), ("information", QMessageBox.Icon.Information),
                       ("critical", QMessageBox.Icon.Critical), ("question", QMessageBox.Icon.Question)):
        patch(QMessageBox, name, box(icon))
    patch(QMessageBox, "about", staticmethod(lambda parent, title, text: seen(
        f"QMessageBox “{title}”", QMessageBox(QMessageBox.Icon.Information, title, text,
                                              QMessageBox.StandardButton.Ok, parent))))
    for name in ("getOpenFileName", "getSaveFileName"):
        patch(QFileDialog, name, staticmethod(no_file))
    patch(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: ""))
    try:
        yield
    finally:
        for (cls, name), value in saved.items():
            if value is missing:
                delattr(cls, name)
            else:
                setattr(cls, name, value)


def _standard_pieces(parent: QWidget, seen: Callable[[str, QWidget], None]) -> None:
    """Qt's own pieces the program shows: a message box's buttons, a text box's right-click
    menu, the file dialog when not native."""
    every = QMessageBox.StandardButton.NoButton
    for button in (QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
                   QMessageBox.StandardButton.No, QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Close,
                   QMessageBox.StandardButton.Apply, QMessageBox.StandardButton.Reset,
                   QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Help, QMessageBox.StandardButton.Open,
                   QMessageBox.StandardButton.Retry, QMessageBox.StandardButton.Ignore,
                   QMessageBox.StandardButton.Abort):
        every |= button
    box = QMessageBox(QMessageBox.Icon.Information, "Sổ Làm theo Bác", "…", every, parent)
    seen("QMessageBox (nút chuẩn)", box)
    box.deleteLater()
    for edit in (QLineEdit("chữ", parent), QTextEdit("chữ", parent)):
        menu = edit.createStandardContextMenu()
        seen(f"Menu chuột phải của {type(edit).__name__}", menu)
        menu.deleteLater()
        edit.deleteLater()
    picker = QFileDialog(parent, "Mở tệp dữ liệu")
    picker.setOption(QFileDialog.Option.DontUseNativeDialog)
    picker.show()
    QApplication.processEvents()
    seen("QFileDialog", picker)
    picker.hide()
    picker.deleteLater()


def visit_dialogs(window: Any, seen: Callable[[str, QWidget], None]) -> None:
    """Open every dialog the main window can open (menus, each screen's buttons, the
    questions it asks) and call `seen(name, dialog)` while each is shown; answers
    "no" to everything, so the file is not changed."""
    from desktop.core.backup import BackupInfo
    from desktop.ui.files.backups_dialog import RestoreConfirmDialog
    from desktop.ui.files.first_run import FirstRunDialog
    from desktop.ui.files.password_dialog import PassphrasePrompt, PasswordPrompt
    from desktop.ui.reports.print_preview import PrintPreview
    from desktop.ui.screens import SCREENS
    from desktop.ui.yearend.year_lock import UnlockDialog

    titles = [title for title, _build in SCREENS]

    def screen(title: str) -> Any:
        return window.show_screen(title)

    steps: list[Callable[[], object]] = [
        window.show_backups, window.import_excel, window.open_file, window.save_copy, window.about,
    ]
    if getattr(window, "encrypt_action", None) is not None:
        steps.append(window.encrypt_action.trigger)
    steps += [a.trigger for a in window.findChildren(QAction) if a.text() == "Chuyên đề năm…"]
    if "Đảng viên & quần chúng" in titles:
        def members() -> None:
            view = screen("Đảng viên & quần chúng")
            view.add()
            if view.model.rowCount():
                view.view.setCurrentIndex(view.model.index(0, 0))
                view.edit()
                view.change_status()
                view.delete()
            view.manage_units()
        steps.append(members)
    if "Đăng ký làm theo Bác" in titles:
        def deeds() -> None:
            view = screen("Đăng ký làm theo Bác")
            if view.people.rowCount():
                view.people_view.selectRow(0)
            view.copy_last_year()
        steps.append(deeds)
    if "Đánh giá hằng tháng" in titles:
        steps.append(lambda: screen("Đánh giá hằng tháng").open_meeting())
    if "Cuối năm" in titles:
        def year_end() -> None:
            view = screen("Cuối năm")
            view.edit_rules()
            if not view.locked:
                dialog = view.level_dialog()
                if dialog is not None:
                    dialog.exec()
                view.rate_collective()
                view.year_lock.lock()
        steps.append(year_end)
    if "Cài đặt" in titles:
        def settings() -> None:
            view = screen("Cài đặt")
            for name in ("password", "rules"):
                button = view.findChild(QAbstractButton, name)
                if button is not None:
                    button.click()
        steps.append(settings)

    with _dialogs_caught(seen):
        for step in steps:
            step()
            QApplication.processEvents()
        path = Path(window.path)
        for dialog in (UnlockDialog(window.ops, window.year, window),
                       FirstRunDialog(window, today=window.ops.clock.today()),
                       PasswordPrompt(window.ops.db, path, window), PassphrasePrompt(path, window),
                       RestoreConfirmDialog(BackupInfo(path, dt.datetime(2026, 1, 1, 8), 0, 0, "auto"), 0, window)):
            dialog.exec()
            dialog.deleteLater()
        guide = window.open_guide()  # F1: a window beside the program, not modal
        QApplication.processEvents()
        seen("GuideDialog", guide)
        guide.hide()
        preview = PrintPreview("Xem trước khi in", lambda: None, window)  # filled by a worker when used
        preview.show()
        QApplication.processEvents()
        seen("PrintPreview", preview)
        preview.close()
        preview.deleteLater()
        _standard_pieces(window, seen)
