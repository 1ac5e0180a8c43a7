"""The window bench (`python -m tests.gui_bench`) still walks the window: run at a small size.

No figure is asserted (the machine decides them); what is checked is that every
action of the walk ran and that print preview showed page 1 before the last page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop.core import db as dbmod
from desktop.core import demo
from tests import gui_bench


@pytest.fixture
def restored(qapp, monkeypatch):
    """The walk shows dialogs instead of running them and styles the application: both undone after."""
    monkeypatch.setattr(QDialog, "exec", QDialog.exec)
    yield
    qapp.setStyleSheet("")


def test_the_window_bench_walks_every_action_on_a_small_file(tmp_path: Path, qtbot, restored,
                                                            today: dt.date) -> None:
    path = tmp_path / "demo.sqlite"
    made = dbmod.open_db(path, create=True)
    demo.create_demo(made, members=40, seed=3, year=today.year, today=today)
    dbmod.close_db(made)
    figures = gui_bench.walk(path, year=today.year, today=today)
    for action in ("open window", "first visit: Tổng quan", "first visit: Cuối năm", "change unit: Cuối năm",
                   "type a point", "change year (on Cuối năm)", "print preview (year-end)"):
        assert figures[action] >= 0, action
    assert 0 < figures["print preview: first page shown after"] <= figures["print preview: every page after"]
