from PySide6.QtCore import Qt

from desktop.core import deeds, people, units
from desktop.core.changes import Changed
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
    assert window.undo_action.text() == "Hoàn tác: Thêm đảng viên Lê Văn Tám"


def test_switching_the_working_year_updates_the_deeds_screen(ops, qtbot, tmp_path):
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    screen = window.show_screen("Đăng ký làm theo Bác")
    window.set_year(2027)
    assert "2027" in screen.heading.text()


def test_views_refresh_only_for_what_concerns_them(ops, qtbot, tmp_path, monkeypatch):
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    members = window.show_screen("Đảng viên & quần chúng")
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    pid = ops.run(people.add_person, {"full_name": "Lê Văn Tám", "unit_id": unit}).inserted_id("people")
    deed = ops.run(deeds.add_deed, 2026, {"content": "Giữ vệ sinh đường làng"}, person_id=pid).inserted_id("deeds")
    reloads: list[int] = []
    real_reload = members.model.reload
    monkeypatch.setattr(members.model, "reload", lambda: (reloads.append(1), real_reload()))
    announced: list[Changed] = []
    ops.changed.connect(announced.append)

    ops.run(deeds.update_deed, deed, {"content": "Quét ngõ mỗi sáng"})
    assert announced[-1] == Changed(deeds=True) and not reloads  # the list of people did not change
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(announced) == 2 and announced[-1] == Changed(deeds=True) and not reloads
    assert deeds.person_deeds(ops.db, 2026, pid)[0].content == "Giữ vệ sinh đường làng"

    ops.run(people.update_person, pid, {"position": "Bí thư"})
    assert announced[-1] == Changed(people=True) and reloads == [1]
    assert members.model.index(0, 0).isValid()
