from PySide6.QtCore import Qt

from desktop.core import deeds, people, units
from desktop.core.errors import UserError
from desktop.ui.deeds import deeds_view
from desktop.ui.deeds.deeds_view import DeedsView
from tests.ui.typing import type_text


def test_three_deeds_entered_with_enter_are_stored_in_order(ops, qtbot):
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    pid = people.add_person(ops.db, {"full_name": "Trần Thị Bình", "unit_id": unit}).inserted_id("people")
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    view.select_person(pid)
    panel = view.person_panel
    assert "Trần Thị Bình" in panel.owner_label.text()
    for text in ("Giữ gìn vệ sinh ngõ xóm", "Đọc sách về Bác mỗi tháng", "Không hút thuốc nơi công cộng"):
        type_text(qtbot, panel.content, text)
        qtbot.keyClick(panel.content, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 3
    assert panel.content.text() == "" and view.focusWidget() is panel.content
    assert [d.content for d in deeds.person_deeds(ops.db, 2026, pid)] == [
        "Giữ gìn vệ sinh ngõ xóm", "Đọc sách về Bác mỗi tháng", "Không hút thuốc nơi công cộng"]
    dong = next(r for r in view.rates._rows if r.unit_name == "Chi bộ Xóm Đồng")
    assert (dong.members_registered, dong.members) == (1, 1)


def test_a_long_deed_is_read_whole_on_wrapped_lines(ops, qtbot):
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    pid = people.add_person(ops.db, {"full_name": "Trần Thị Bình", "unit_id": unit}).inserted_id("people")
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.select_person(pid)
    panel = view.person_panel
    long_deed = ("Tham gia hiến đất, ngày công làm đường giao thông nông thôn và vận động "
                 "bà con trong xóm cùng làm")
    for text in ("Đọc sách về Bác", long_deed):
        type_text(qtbot, panel.content, text)
        qtbot.keyClick(panel.content, Qt.Key.Key_Return)
    table = panel.view
    qtbot.waitUntil(lambda: table.rowHeight(1) > table.rowHeight(0))  # the long one on several lines
    metrics = table.fontMetrics()
    shown = metrics.boundingRect(0, 0, table.columnWidth(0) - 8, 10_000, Qt.TextFlag.TextWordWrap, long_deed)
    assert table.rowHeight(1) >= shown.height()  # every line of it fits its row: nothing cut with "…"


def test_an_empty_deed_gives_a_message_and_adds_nothing(ops, qtbot):
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    pid = people.add_person(ops.db, {"full_name": "Lê An", "unit_id": unit}).inserted_id("people")
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    view.select_person(pid)
    type_text(qtbot, view.person_panel.due, "99/99/2026")
    qtbot.keyClick(view.person_panel.content, Qt.Key.Key_Return)
    assert view.person_panel.error.isVisible()
    assert "nội dung" in view.person_panel.error.text()
    assert deeds.person_deeds(ops.db, 2026, pid) == []


def test_marking_an_outcome_with_the_keyboard(ops, qtbot):
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    pid = people.add_person(ops.db, {"full_name": "Lê An", "unit_id": unit}).inserted_id("people")
    deeds.add_deed(ops.db, 2026, {"content": "Trồng cây"}, person_id=pid)
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.select_person(pid)
    panel = view.person_panel
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert deeds.person_deeds(ops.db, 2026, pid)[0].outcome == "hoan_thanh"
    assert panel.model.data(panel.model.index(0, 4)) == "Hoàn thành"


def rate_of(view: DeedsView, unit_name: str) -> tuple[str, str]:
    row = next(n for n, r in enumerate(view.rates._rows) if r.unit_name == unit_name)
    return view.rates.index(row, 1).data(), view.rates.index(row, 2).data()


def test_a_big_files_rates_are_read_on_a_worker_and_the_latest_year_wins(ops, qtbot, monkeypatch):
    monkeypatch.setattr(deeds_view, "WORKER_ABOVE", 0)  # this small file read as a big one is
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    an = people.add_person(ops.db, {"full_name": "Lê An", "unit_id": unit, "kind": "dang_vien"}).inserted_id("people")
    people.add_person(ops.db, {"full_name": "Lê Bình", "unit_id": unit, "kind": "dang_vien"})
    deeds.add_deed(ops.db, 2025, {"content": "Trồng cây"}, person_id=an)
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    assert view.rates_label.text().endswith("— đang tải…")
    assert view.rates.rowCount() == 0  # no other year's figures meanwhile
    view.set_year(2025)  # picked before 2026's rates were read: those are dropped
    qtbot.waitUntil(lambda: not view.reading.loading)
    assert view.rates_label.text().endswith("quần chúng riêng):")
    assert rate_of(view, "Chi bộ Xóm Đồng") == ("1/2", "50,0%")
    view.set_year(2026)
    qtbot.waitUntil(lambda: not view.reading.loading)
    assert rate_of(view, "Chi bộ Xóm Đồng") == ("0/2", "0,0%")


def test_rates_that_cannot_be_read_say_so_instead_of_loading_forever(ops, qtbot, messages, monkeypatch):
    monkeypatch.setattr(deeds_view, "WORKER_ABOVE", 0)
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    people.add_person(ops.db, {"full_name": "Lê An", "unit_id": unit})

    def unreadable(_db, _year):
        raise UserError("Tệp dữ liệu đang bận, hãy thử lại.")

    monkeypatch.setattr(deeds_view.deeds, "registration_rates", unreadable)
    view = DeedsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: not view.reading.loading)
    assert view.rates_label.text().endswith("— chưa đọc được")
    assert messages == ["Tệp dữ liệu đang bận, hãy thử lại."]
