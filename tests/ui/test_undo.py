from PySide6.QtCore import Qt

from desktop.core import people, units
from desktop.core.people import PersonFilter
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs


def test_ctrl_z_and_ctrl_y_undo_and_redo_an_edit(ops, qtbot, tmp_path):
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    members = window.show_screen("Đảng viên & quần chúng")
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ops.run(people.add_person, {"full_name": "Lê Văn Tám", "unit_id": unit})
    assert members.model.rowCount() == 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert people.count_people(ops.db, PersonFilter()) == 0
    assert members.model.rowCount() == 0
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert members.model.rowCount() == 1
    assert window.undo_action.text() == "Hoàn tác Thêm đảng viên Lê Văn Tám"


def test_switching_the_working_year_updates_the_deeds_screen(ops, qtbot, tmp_path):
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    screen = window.show_screen("Đăng ký làm theo Bác")
    window.set_year(2027)
    assert "2027" in screen.heading.text()
