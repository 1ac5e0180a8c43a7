from PySide6.QtCore import Qt

from desktop.core import people, units, vntext
from desktop.core.people import PersonFilter
from desktop.ui.members.members_view import MembersView
from desktop.ui.members.person_dialog import PersonDialog
from tests.ui.typing import type_text


def _names(view):
    return [view.model.person(r).full_name for r in range(view.model.rowCount())]


def test_typing_a_name_without_diacritics_shows_the_right_rows(demo_ops, qtbot):
    view = MembersView(demo_ops)
    qtbot.addWidget(view)
    view.show()
    type_text(qtbot, view.search, "nguyen")
    shown = _names(view)
    assert shown, "the demo file has people named Nguyễn"
    assert all("nguyen" in vntext.fold(name) for name in shown)
    expected = people.count_people(demo_ops.db, PersonFilter(text="nguyen", status="active"))
    assert view.count_label.text() == f"{expected} người"


def test_the_list_is_in_vietnamese_order_of_given_names(demo_ops, qtbot):
    view = MembersView(demo_ops)
    qtbot.addWidget(view)
    shown = _names(view)
    assert shown == sorted(shown, key=vntext.name_sort_key)


def test_add_person_with_a_bad_date_shows_the_message_then_saves_when_fixed(ops, qtbot):
    view = MembersView(ops)
    qtbot.addWidget(view)
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    dialog = PersonDialog(ops, unit_id=unit)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    type_text(qtbot, form.widgets["full_name"], "Nguyễn Văn An")
    type_text(qtbot, form.widgets["birth_date"], "31/13/1980")
    type_text(qtbot, form.widgets["phone"], "912345678")
    dialog.save()
    error = form.errors["birth_date"]
    assert error.isVisible()
    assert "không phải ngày có thật" in error.text()
    assert people.count_people(ops.db, PersonFilter()) == 0
    form.widgets["birth_date"].clear()
    type_text(qtbot, form.widgets["birth_date"], "31/12/1980")
    with qtbot.waitSignal(ops.changed):
        dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _names(view) == ["Nguyễn Văn An"]
    stored = people.get_person(ops.db, dialog.saved_id)
    assert (stored.birth_date, stored.phone) == ("1980-12-31", "0912345678")


def test_enter_on_the_list_opens_the_selected_person(ops, qtbot, monkeypatch):
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    people.add_person(ops.db, {"full_name": "Lê An", "unit_id": unit})
    view = MembersView(ops)
    qtbot.addWidget(view)
    view.show()
    opened = []
    monkeypatch.setattr(PersonDialog, "exec", lambda self: opened.append(self.person.full_name))
    with qtbot.waitActive(view):
        view.activateWindow()
    view.view.setFocus()
    view.view.selectRow(0)
    qtbot.keyClick(view.view, Qt.Key.Key_Return)
    assert opened == ["Lê An"]


def test_a_new_person_defaults_to_a_chi_bo_not_the_dang_bo(ops, qtbot):
    root = units.find_by_name(ops.db, "Đảng bộ xã La Bằng")[0].id
    for wanted in (None, root):
        dialog = PersonDialog(ops, unit_id=wanted)
        qtbot.addWidget(dialog)
        chosen = units.get_unit(ops.db, dialog.form.choice("unit_id"))
        assert chosen.kind == "chi_bo" and chosen.parent_id == root
