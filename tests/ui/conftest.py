from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.ui.operations import Operations


@pytest.fixture
def ops(branch_db, qtbot, clock):
    return Operations(branch_db, clock=clock)


@pytest.fixture
def demo_ops(demo_db, qtbot, clock):
    return Operations(demo_db, clock=clock)


@pytest.fixture
def messages(ops, monkeypatch) -> list[str]:
    """Messages the window would show in a box (the box itself is not opened)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: QMessageBox.StandardButton.Ok)
    ops.set_parent_widget(None)
    ops.failed.connect(shown.append)
    return shown
