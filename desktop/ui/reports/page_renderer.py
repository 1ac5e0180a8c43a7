"""Laying out and painting a report's pages in a process of its own.

Qt's text layout of a long report takes seconds (a đảng bộ of 1,500 people:
56 pages, 5 s) inside single calls that keep Python's global lock, so on a
worker thread it would still freeze the window. The pages are painted by a
child process instead (the program itself, `render-pages FOLDER`). It is
started before the report is built (its own start-up, a second, overlaps the
building), then reads the report (a pickled PrintJob) on its standard input,
lays out the report's beginning alone and shows page 1 from it (the count not
known yet), then writes the PDF and one PNG per page into FOLDER, saying each
on a line of its output:

    first page-first.png
    page 1 56 page-0001.png
    ...
    done report.pdf

The window's worker reads those lines and hands each page to the preview
as soon as it exists; cancelling kills the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from desktop.ui.reports.report_print import PageDone, PrintJob

PDF_NAME = "report.pdf"


def child_command(folder: Path) -> list[str]:
    """How to start the program again as the page painter (also from the Windows bundle)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "render-pages", str(folder)]
    return [sys.executable, "-m", "desktop", "render-pages", str(folder)]


def render_in_child(make_job: Callable[[], PrintJob], folder: Path, page_done: PageDone,
                    cancelled: Callable[[], bool]) -> Path | None:
    """Paint the job `make_job()` builds in a child process started first; each page goes to
    `page_done` as it is painted (page 1 first as a first look, with a count of 0: not known
    yet). Returns the PDF, or None when `cancelled()` said stop (the child is killed)."""
    folder.mkdir(parents=True, exist_ok=True)
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    said = folder / "messages.txt"  # a file, not a pipe: what it says can never fill up and block it
    with said.open("wb") as messages, subprocess.Popen(
            child_command(folder), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=messages,
            creationflags=flags, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}) as child:
        assert child.stdin is not None and child.stdout is not None
        # A page of a big report may take the child seconds: a cancel (closing the preview or
        # the window) kills it at once instead of waiting for its next line.
        threading.Thread(target=_kill_when_cancelled, args=(child, cancelled), daemon=True).start()
        try:
            try:
                child.stdin.write(pickle.dumps(make_job()))
                child.stdin.close()
            except BrokenPipeError:
                with contextlib.suppress(OSError):
                    child.stdin.close()
                if cancelled():  # killed while the report was being built or sent
                    return None
                raise
            for line in child.stdout:
                if cancelled():
                    return None
                words = line.decode("utf-8").split()
                if words[:1] == ["first"] and len(words) == 2:
                    page_done(0, 0, (folder / words[1]).read_bytes())
                elif words[:1] == ["page"] and len(words) == 4:
                    page_done(int(words[1]) - 1, int(words[2]), (folder / words[3]).read_bytes())
                elif words[:1] == ["done"] and len(words) == 2:
                    child.wait(30)
                    return folder / words[1]
            child.wait()
            if cancelled():
                return None
            problem = said.read_text("utf-8", "replace").strip()
            raise RuntimeError(f"the page painter stopped (exit {child.returncode}): {problem[-2000:]}")
        finally:
            if child.poll() is None:
                child.kill()


def _kill_when_cancelled(child: subprocess.Popen[bytes], cancelled: Callable[[], bool]) -> None:
    while child.poll() is None:
        if cancelled():
            child.kill()
            return
        time.sleep(0.1)


def run_child(folder: Path) -> int:
    """The child's side (`render-pages FOLDER`): read the job, paint, say each page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.reports.report_print import first_page, pdf_printer, render_report

    _app = QGuiApplication([sys.argv[0]])  # ready while the window still builds the report
    job = pickle.loads(sys.stdin.buffer.read())  # written by render_in_child of this program
    if not isinstance(job, PrintJob):
        raise TypeError("render-pages reads a PrintJob on its standard input")
    out = sys.stdout

    def say(name: str, png: bytes, line: str) -> None:
        part = folder / (name + ".part")
        part.write_bytes(png)
        os.replace(part, folder / name)
        out.write(line + "\n")
        out.flush()

    def page_done(number: int, count: int, png: bytes) -> None:
        name = f"page-{number + 1:04d}.png"
        say(name, png, f"page {number + 1} {count} {name}")

    if job.first_html:
        say("page-first.png", first_page(job), "first page-first.png")

    render_report(job, pdf_printer(folder / PDF_NAME, job.header, job.landscape), page_done)
    out.write(f"done {PDF_NAME}\n")
    out.flush()
    return 0
