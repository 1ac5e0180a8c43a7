"""Typing Vietnamese as a person would, key by key.

QTest.keyClicks aborts on characters outside Latin-1 (it maps each to a
key code); a Unikey user's keyboard sends the composed letter as the key
event's text, which is what this does for such characters.
"""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_text(qtbot, widget, text: str) -> None:
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)
