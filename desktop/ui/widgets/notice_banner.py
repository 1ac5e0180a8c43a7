"""Notices above the screens, in plain Vietnamese: the file is read-only (and
who holds it), it sits on a USB stick or a shared folder, a backup could not
be made. They stay until dealt with or hidden; none blocks the work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_COLOURS = {
    "error": "background: #fde2e1; border: 1px solid #b22222; color: #5c0000;",
    "warning": "background: #fff4cc; border: 1px solid #d4a017; color: #4a3800;",
    "info": "background: #e8f1fb; border: 1px solid #7aa7d8; color: #10304f;",
}


class NoticeBanner(QWidget):
    """Plain-language notices above the screens: read-only, USB stick, backups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, QFrame] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 0)
        self._layout.setSpacing(4)
        self.hide()

    def add(self, key: str, text: str, kind: str = "warning",
            action: tuple[str, Callable[[], None]] | None = None, closable: bool = True) -> QFrame:
        self.remove(key)
        frame = QFrame()
        frame.setObjectName(f"notice_{key}")
        frame.setStyleSheet(f"QFrame#notice_{key} {{ {_COLOURS[kind]} border-radius: 4px; }}"
                            " QLabel { border: none; background: transparent; }")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 6, 6)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        if action is not None:
            button = QPushButton(action[0])
            button.clicked.connect(action[1])
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        if closable:
            close = QPushButton("Ẩn")
            close.setToolTip("Ẩn thông báo này")
            close.clicked.connect(lambda: self.remove(key))
            row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._rows[key] = frame
        self._layout.addWidget(frame)
        self.show()
        return frame

    def remove(self, key: str) -> None:
        frame = self._rows.pop(key, None)
        if frame is not None:
            self._layout.removeWidget(frame)
            frame.deleteLater()
        self.setVisible(bool(self._rows))

    def text(self, key: str) -> str | None:
        frame = self._rows.get(key)
        label = frame.findChild(QLabel) if frame else None
        return label.text() if label else None

    def keys(self) -> list[str]:
        return list(self._rows)
