"""The window a file's safety routine attaches to (file_safety.py).

MainWindow is one; the safety pieces only need its notice banner, its
operations and the file's path, and must not import the main window (it
imports them).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from desktop.ui.operations import Operations
from desktop.ui.widgets.notice_banner import NoticeBanner


class GuardedWindow(QMainWindow):
    banner: NoticeBanner
    ops: Operations
    path: Path
