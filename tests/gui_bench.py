"""The window on a big file: the longest GUI-thread stall of each action a
secretary takes (switching screens, changing year or unit, typing a point,
marking a month, opening a dialog, print preview, sorting a column).

    python -m tests.gui_bench --db /tmp/big/p20000.sqlite [--json] [--only preview]

Works on a copy of the file (the actions edit it). Not a test: no figure is
asserted anywhere; `dev.py bench` calls `walk()` and puts the figures beside
their baselines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

YEAR_SCREENS = ("Tổng quan", "Đăng ký làm theo Bác", "Đánh giá hằng tháng", "Cuối năm", "Báo cáo")


def walk(path: Path, only: str = "", year: int | None = None, skip: str = "",
         today: dt.date = dt.date(2026, 11, 23)) -> dict[str, float]:
    """Open `path` (a copy of it) in the real window on `today` and return {action: longest stall in ms}."""
    import shiboken6
    from PySide6.QtWidgets import QDialog

    from desktop.core import db as dbmod
    from desktop.core import units
    from desktop.core.clock import FixedClock
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from desktop.ui.operations import Operations
    from desktop.ui.prefs import Prefs
    from desktop.ui.watchdog import StallWatchdog

    folder = Path(tempfile.mkdtemp(prefix="gui-bench-"))
    copy = folder / path.name
    shutil.copy(path, copy)
    # Dialogs are shown, not run modally, so the walk goes on while one is open.
    opened: list[QDialog] = []
    titles: list[str] = []
    first_page: list[float] = []

    def show_instead(dialog: QDialog) -> int:
        opened.append(dialog)
        titles.append(dialog.windowTitle())
        painted = getattr(dialog, "page_painted", None)
        if painted is not None:  # the preview that shows pages as a worker paints them
            painted.connect(lambda number, *_: first_page.append(time.perf_counter()) if number == 0 else None)
        dialog.show()
        return 0

    QDialog.exec = show_instead  # type: ignore[method-assign, assignment]
    app = make_app()
    dog = StallWatchdog()
    figures: dict[str, float] = {}

    def measure(name: str, action: Callable[[], object], until: Callable[[], bool] | None = None) -> None:
        if (only and only not in name) or (skip and skip in name):
            return
        with dog.measure() as stall:
            action()
            dog.settle(until=until)
        figures[name] = round(stall.longest_ms, 1)
        for dialog in opened:
            if shiboken6.isValid(dialog):
                dialog.close()
                dialog.deleteLater()
        opened.clear()
        print(f"{figures[name]:9.1f} ms  {name}", file=sys.stderr, flush=True)
        app.processEvents()

    window: MainWindow | None = None

    def open_window() -> None:
        nonlocal window
        window = MainWindow(Operations(dbmod.open_db(copy), clock=FixedClock.on(today)), copy, Prefs(copy.with_suffix(".prefs.json")), year)
        window.show()

    try:
        measure("open window", open_window) if not only else open_window()
        assert window is not None
        w = window
        app.processEvents()
        for title in YEAR_SCREENS + ("Đảng viên & quần chúng",):
            measure(f"first visit: {title}", lambda t=title: w.show_screen(t))  # type: ignore[misc]
        if only:
            for title in YEAR_SCREENS + ("Đảng viên & quần chúng",):
                w.show_screen(title)
            dog.settle()
        for title in YEAR_SCREENS:
            measure(f"switch to: {title}", lambda t=title: w.show_screen(t))  # type: ignore[misc]

        members = w.show_screen("Đảng viên & quần chúng")
        measure("sort Đảng viên by unit", lambda: members.view.sortByColumn(1, members.view.horizontalHeader()
                                                                          .sortIndicatorOrder()))
        measure("open person dialog", lambda: (members.view.setCurrentIndex(members.model.index(0, 0)),
                                               members.edit()))

        reviews = w.show_screen("Đánh giá hằng tháng")
        branches = [u.id for u in units.list_units(w.ops.db) if u.kind == "chi_bo"]
        other = branches[-1] if len(branches) > 1 else branches[0]
        measure("change unit: Đánh giá", lambda: reviews.unit_box.setCurrentIndex(reviews.unit_box.findData(other)))
        measure("mark a month", lambda: (reviews.grid.setCurrentIndex(reviews.model.index(0, 2)),
                                         reviews.set_level("tot")))

        yearend = w.show_screen("Cuối năm")
        measure("change unit: Cuối năm",
                lambda: yearend.unit_box.setCurrentIndex(yearend.unit_box.findData(other)))

        def type_point() -> None:
            column = yearend.model.column_of("criterion", yearend.rules.criteria[0].code)
            if column is not None:
                yearend.model.setData(yearend.model.index(0, column), 10)

        measure("type a point", type_point)
        measure("open level dialog", lambda: (yearend.grid.setCurrentIndex(yearend.model.index(0, 0)),
                                              yearend.change_level()))

        reviews_screen = w.show_screen("Báo cáo")
        shown_year = w.year
        measure("change year (on Báo cáo)", lambda: w.set_year(shown_year - 1))
        w.show_screen("Cuối năm")
        measure("change year (on Cuối năm)", lambda: w.set_year(shown_year))
        w.show_screen("Báo cáo")
        measure("switch after year change: Cuối năm", lambda: w.show_screen("Cuối năm"))
        w.show_screen("Báo cáo")
        reviews_screen.report_box.setCurrentIndex(reviews_screen.report_box.findData("year-end"))

        def preview_shown() -> bool:
            return any("Xem trước" in t for t in titles)

        started = time.perf_counter()
        measure("print preview (year-end)", reviews_screen.preview, until=preview_shown)
        if first_page:
            figures["print preview: first page shown after"] = round((first_page[0] - started) * 1000, 1)
        if "print preview (year-end)" in figures:
            figures["print preview: every page after"] = round((time.perf_counter() - started) * 1000, 1)
    finally:
        if window is not None:
            window.close()
        app.processEvents()
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--skip", default="", help="leave out the actions whose name contains this")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--today", type=lambda text: dt.datetime.strptime(text, "%d/%m/%Y").date(),
                        default=dt.date(2026, 11, 23), help="the day the window works on (dd/mm/yyyy)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    figures = walk(args.db, args.only, args.year, args.skip, args.today)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for name, ms in figures.items():
            print(f"{ms:9.1f} ms  {name}")
        print(f"({time.perf_counter() - start:.1f} s in all)")


if __name__ == "__main__":
    main()
