"""`selftest --db F [--screenshots DIR] [--json]`: open the real window
offscreen, visit every screen, save one PNG each, open every dialog the
window can open (answering "no", so nothing is written); report keys bound
to two actions at once (`ambiguous_shortcuts`) and English words on buttons,
menus and titles (`english_texts`). Exit 0 only if every screen rendered
without an error or a Qt warning and both lists are empty."""

from __future__ import annotations

import argparse
import json
import os
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core import db as dbmod
    from desktop.core import demo
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from desktop.ui.operations import Operations
    from desktop.ui.prefs import Prefs
    from desktop.ui.screens import SCREENS
    from desktop.ui.walkthrough import ambiguous_shortcuts, english_texts, visit_dialogs

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
        demo.create_demo(db, members=150)
        db.close()
    app = make_app()
    window = MainWindow(Operations(dbmod.open_db(path)), path, Prefs(path.with_suffix(".prefs.json")))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    startup_s = process_age_s()
    shots: list[str] = []
    errors: list[str] = []
    ambiguous: set[str] = set()
    english: set[str] = set()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    for number, (title, _build) in enumerate(SCREENS, start=1):
        try:
            window.show_screen(title)
            app.processEvents()
            if args.screenshots:
                target = args.screenshots / f"{number:02d}-{_slug(title)}.png"
                if not window.grab().save(str(target)):
                    errors.append(f"{title}: không lưu được ảnh {target}")
                shots.append(str(target))
            ambiguous.update(ambiguous_shortcuts(window, title))
            english.update(english_texts(window, title))
        except Exception as exc:  # a screen that fails is what selftest reports
            errors.append(f"{title}: {exc!r}")

    def dialog_seen(name: str, dialog: QWidget) -> None:
        ambiguous.update(ambiguous_shortcuts(dialog, name))
        english.update(english_texts(dialog, name))

    try:
        visit_dialogs(window, dialog_seen)
    except Exception as exc:
        errors.append(f"hộp thoại: {exc!r}")
    window.close()
    QApplication.processEvents()
    ok = not errors and not warnings and not ambiguous and not english
    summary = {"ok": ok, "startup_s": round(startup_s, 3), "screens": len(SCREENS),
               "screenshots": shots, "errors": errors, "qt_warnings": warnings,
               "ambiguous_shortcuts": sorted(ambiguous), "english_texts": sorted(english)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"Mở cửa sổ sau {startup_s:.2f} giây; {len(SCREENS)} màn hình; "
              + ("không có lỗi." if ok else f"lỗi: {errors + warnings + sorted(ambiguous) + sorted(english)}"))
    return 0 if ok else 1


def _slug(title: str) -> str:
    from desktop.core.vntext import fold

    return "-".join(fold(title).replace("&", " ").split())
