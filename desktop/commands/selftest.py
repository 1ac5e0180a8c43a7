"""`selftest --db F [--screenshots DIR] [--json]`: open the real window
offscreen, visit every screen, save one PNG each, open every dialog the
window can open (answering "no", so nothing is written); report keys bound
to two actions at once (`ambiguous_shortcuts`) and English words on buttons,
menus and titles (`english_texts`). With `--screen WxH` (default 1366x768)
every screen and dialog must fit that size with nothing cut off (`fits`, what
does not fit in `not_fitting`). `--json` also gives `longest_stall_ms`: the
longest the window stopped answering during the walk (a 10 ms timer's longest
gap, ui/watchdog.py), and the screen it happened on. Exit 0 only if every
screen rendered without an error or a Qt warning, everything fits, and both
lists are empty."""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path

from desktop.commands import add_db_argument, db_path


def process_age_s() -> float:
    """Seconds since this process started (Linux: from /proc; else since import)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - start / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT


_IMPORTED_AT = time.perf_counter()


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selftest", help="mở cửa sổ ẩn, chụp ảnh từng màn hình")
    add_db_argument(parser)
    parser.add_argument("--screenshots", type=Path, default=None, help="thư mục lưu ảnh PNG")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON ở dòng cuối")
    parser.add_argument("--screen", type=_screen_size, default=(1366, 768), metavar="RỘNGxCAO",
                        help="kích thước màn hình để kiểm tra mọi thứ vừa khít (mặc định 1366x768)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core import db as dbmod
    from desktop.core import demo
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from desktop.ui.operations import Operations
    from desktop.ui.prefs import Prefs
    from desktop.ui.screens import SCREENS
    from desktop.ui.walkthrough import ambiguous_shortcuts, english_texts, visit_dialogs
    from desktop.ui.watchdog import StallWatchdog
    from desktop.ui.widgets.fit import cut_off

    warnings: list[str] = []
    # The offscreen platform plugin says this about every top-level window.
    benign = ("This plugin does not support propagateSizeHints()",)
    # Qt on Linux under a non-UTF-8 locale (LANG=C) says it switched to UTF-8 itself.
    benign_start = ("Detected locale ",)

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if (kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and message not in benign
                and not message.startswith(benign_start)):
            warnings.append(message)

    qInstallMessageHandler(handler)
    path = db_path(args)
    if not path.exists():
        db = dbmod.open_db(path, create=True)
        demo.create_demo(db, members=150, today=args.clock.today())
        db.close()
    app = make_app()
    window = MainWindow(Operations(dbmod.open_db(path), clock=args.clock), path,
                        Prefs(path.with_suffix(".prefs.json")))
    width, height = args.screen
    window.resize(width, height)
    window.show()
    app.processEvents()
    startup_s = process_age_s()
    shots: list[str] = []
    errors: list[str] = []
    not_fitting: list[str] = []
    available = QSize(width, height)
    ambiguous: set[str] = set()
    english: set[str] = set()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    dog = StallWatchdog()
    stalls: dict[str, float] = {}
    for number, (title, _build) in enumerate(SCREENS, start=1):
        try:
            with dog.measure() as stall:
                window.show_screen(title)
                dog.settle()  # workers the screen started, and what they hand back
            stalls[title] = round(stall.longest_ms, 1)
            app.processEvents()  # a screen filled when shown lays out again once
            not_fitting += cut_off(window, available, title)
            if args.screenshots:
                target = args.screenshots / f"{number:02d}-{_slug(title)}.png"
                if not window.grab().save(str(target)):
                    errors.append(f"{title}: không lưu được ảnh {target}")
                shots.append(str(target))
            ambiguous.update(ambiguous_shortcuts(window, title))
            english.update(english_texts(window, title))
        except Exception as exc:  # a screen that fails is what selftest reports
            errors.append(f"{title}: {exc!r}")
    for dialog in dialogs_of(window):  # type: ignore[no-untyped-call]
        try:
            dialog.show()  # at the size it opens with, within the screen as the window manager keeps it
            dialog.resize(dialog.size().boundedTo(available))
            app.processEvents()
            not_fitting += cut_off(dialog, available)
        finally:
            dialog.close()
            dialog.deleteLater()

    def dialog_seen(name: str, dialog: QWidget) -> None:
        ambiguous.update(ambiguous_shortcuts(dialog, name))
        english.update(english_texts(dialog, name))
        if args.screenshots:  # each dialog as it opens, to be looked at like the screens
            target = args.screenshots / f"hop-thoai-{len(shots) + 1:02d}-{_slug(dialog.windowTitle() or name)}.png"
            if not dialog.grab().save(str(target)):
                errors.append(f"{name}: không lưu được ảnh {target}")
            shots.append(str(target))

    try:
        visit_dialogs(window, dialog_seen)
    except Exception as exc:
        errors.append(f"hộp thoại: {exc!r}")
    window.close()
    QApplication.processEvents()
    ok = not errors and not warnings and not not_fitting and not ambiguous and not english
    worst = max(stalls, key=lambda t: stalls[t]) if stalls else ""
    summary = {"ok": ok, "startup_s": round(startup_s, 3), "screens": len(SCREENS),
               "longest_stall_ms": stalls.get(worst, 0.0), "longest_stall_screen": worst,
               "stall_ms_by_screen": stalls,
               "screenshots": shots, "errors": errors, "qt_warnings": warnings,
               "screen": f"{width}x{height}", "fits": not not_fitting, "not_fitting": not_fitting,
               "ambiguous_shortcuts": sorted(ambiguous), "english_texts": sorted(english)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"Mở cửa sổ sau {startup_s:.2f} giây; {len(SCREENS)} màn hình; "
              + ("không có lỗi." if ok else f"lỗi: {errors + warnings + sorted(ambiguous) + sorted(english)}"))
        print(f"Màn hình {width}×{height}: " + ("mọi thứ vừa khít." if not not_fitting
                                                 else "bị cắt: " + "; ".join(not_fitting)))
    return 0 if ok else 1


def dialogs_of(window):  # noqa: ANN001, ANN201 (Qt is imported late, for start-up time)
    """One of each dialog the window opens, built on its open file (shown by the caller)."""
    from desktop.core import people, units
    from desktop.ui.deeds.theme_dialog import ThemeDialog
    from desktop.ui.files.backups_dialog import BackupsDialog
    from desktop.ui.files.first_run import FirstRunDialog
    from desktop.ui.guide import GuideDialog
    from desktop.ui.importing.import_wizard import ImportWizard
    from desktop.ui.members.person_dialog import PersonDialog
    from desktop.ui.members.status_dialog import StatusDialog
    from desktop.ui.members.units_dialog import UnitsDialog
    from desktop.ui.reviews.meeting_dialog import MeetingDialog
    from desktop.ui.yearend.rules_dialog import RulesDialog
    from desktop.ui.yearend.year_lock import UnlockDialog

    ops, year = window.ops, window.year
    yield PersonDialog(ops, parent=window)
    yield UnitsDialog(ops, window)
    first = people.list_people(ops.db, people.PersonFilter(), limit=1)
    if first:
        yield StatusDialog(ops, first[0], window)
    yield ThemeDialog(ops, year, window)
    branches = [u for u in units.list_units(ops.db) if u.kind == "chi_bo"]
    if branches:
        yield MeetingDialog(ops, branches[0].id, year, 1, window)
    yield RulesDialog(ops, year, window)
    yield BackupsDialog(ops, window.path, window)
    yield UnlockDialog(ops, year, window)
    yield FirstRunDialog(window, today=ops.clock.today())
    yield GuideDialog(window)
    yield ImportWizard(ops, year, window)
    level = window.show_screen("Cuối năm").level_dialog()
    if level is not None:
        yield level


def _screen_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải kích thước màn hình, ví dụ 1366x768") from None
    return width, height


def _slug(title: str) -> str:
    from desktop.core.vntext import fold

    return "-".join(re.findall(r"[\w.]+", fold(title)))
