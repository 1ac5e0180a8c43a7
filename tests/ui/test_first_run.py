"""First run without a file: the secretary names the committee and its chi bộ."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core import db as dbmod
from desktop.core import paths, units
from desktop.core.clock import SystemClock
from desktop.ui.app import Session
from desktop.ui.files.first_run import FirstRunDialog
from desktop.ui.prefs import Prefs
from tests.ui.typing import type_text

pytestmark = pytest.mark.date_sensitive  # a new file starts on the clock's year


def _click(qtbot, dialog, text):
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_run_creates_the_file_with_the_committee_and_its_chi_bo(qtbot, tmp_path, clock):
    dialog = FirstRunDialog(today=clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.committee, "Đảng bộ xã La Bằng")
    type_text(qtbot, dialog.place, "La Bằng")
    dialog.branches.setPlainText("Chi bộ Xóm Đồng\nChi bộ Xóm Bãi\n")
    _click(qtbot, dialog, "Tạo sổ mới")
    assert dialog.choice == "new"
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert session.handle_first_run(dialog)
    window = session.window
    qtbot.addWidget(window)
    assert window.path == paths.default_db_path()
    names = [u.name for u in units.list_units(window.ops.db)]
    assert names == ["Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
    window.close()
    reopened = dbmod.open_db(paths.default_db_path())
    assert units.find_by_name(reopened, "Chi bộ Xóm Đồng")
    dbmod.close_db(reopened)


def test_first_run_without_a_name_says_what_is_missing(qtbot, clock):
    dialog = FirstRunDialog(today=clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    _click(qtbot, dialog, "Tạo sổ mới")
    assert dialog.choice is None
    assert "tên đảng bộ" in dialog.form.errors["committee"].text()
