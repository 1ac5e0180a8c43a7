"""First run without a file: the secretary names the committee and its chi bộ."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core import db as dbmod
from desktop.core import paths, settings, units
from desktop.core.clock import SystemClock
from desktop.ui.app import Session
from desktop.ui.files import first_run
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
    type_text(qtbot, dialog.signer, "Hoàng Văn Thụ")
    dialog.role.setCurrentText("Phó Bí thư")
    # The file goes to a visible folder, named in full before it is made.
    assert dialog.where.text() == str(paths.default_db_path())
    _click(qtbot, dialog, "Tạo sổ mới")
    assert dialog.choice == "new"
    session = Session(Prefs(tmp_path / "prefs.json"), SystemClock())
    assert session.handle_first_run(dialog)
    window = session.window
    qtbot.addWidget(window)
    assert window.path == paths.default_db_path()
    names = [u.name for u in units.list_units(window.ops.db)]
    assert names == ["Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
    stored = settings.get_all(window.ops.db)
    assert (stored["signer_name"], stored["signer_role"]) == ("Hoàng Văn Thụ", "PHÓ BÍ THƯ")
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


def test_first_run_proposes_the_documents_folder_and_another_name_when_taken(qtbot, monkeypatch, tmp_path,
                                                                                  clock):
    monkeypatch.delenv("SOLAMTHEOBAC_HOME")
    monkeypatch.setattr(first_run.paths.platformdirs, "user_documents_dir", lambda: str(tmp_path / "Documents"))
    taken = tmp_path / "Documents" / "Sổ Làm theo Bác" / "so-lam-theo-bac.sqlite"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"")
    dialog = FirstRunDialog(today=clock.today())
    qtbot.addWidget(dialog)
    assert dialog.where.text() == str(taken.with_name("so-lam-theo-bac-2.sqlite"))
    chosen = tmp_path / "USB" / "chi-bo-xom-dong"
    monkeypatch.setattr(first_run.QFileDialog, "getSaveFileName", lambda *_a: (str(chosen), ""))
    _click(qtbot, dialog, "Chọn nơi khác…")
    assert dialog.where.text() == str(chosen) + ".sqlite"
