"""Tổng quan says what to do next, and each item opens the screen that does it (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import deeds, people, units, yearend, years
from desktop.core.reviews import ReviewEdit, set_reviews
from desktop.ui import overview_view
from desktop.ui.main_window import MainWindow
from desktop.ui.overview_view import OverviewView
from desktop.ui.prefs import Prefs
from desktop.ui.widgets.charts import Bars, Columns


def add_people(ops) -> dict[str, int]:
    dong = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = {}
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        ids[name.split()[-1]] = people.add_person(ops.db, {"full_name": name, "unit_id": dong, "kind": "dang_vien",
                                                           "joined_date": "19/05/2010"}).inserted_id("people")
    return ids


def todo_texts(view: OverviewView) -> list[str]:
    return [view.todo.item(n).text() for n in range(view.todo.count())]


@pytest.mark.today("2026-11-20")
def test_the_overview_lists_who_is_missing_and_follows_edits(ops, qtbot) -> None:
    ids = add_people(ops)
    view = OverviewView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    texts = todo_texts(view)
    assert "⚠ Đánh giá tháng 11/2026: còn 2/2 người chưa được đánh giá (Nguyễn Văn An, Trần Thị Bình)." in texts
    assert any(t.startswith("⚠ 2 người chưa đăng ký việc làm theo Bác năm 2026") for t in texts)
    assert any("còn 41 ngày đến hạn xếp loại 31/12/2026" in t for t in texts)
    assert view.month_model.index(0, 0).data() == "Chi bộ Xóm Đồng"
    assert view.month_model.index(0, 1).data() == "0/2"

    ops.run(set_reviews, 2026, 11, [ReviewEdit(ids["An"], level="dat"), ReviewEdit(ids["Bình"], level="tot")])
    ops.run(deeds.add_deed, 2026, {"content": "Giữ đường làng sạch", "due_date": "01/10/2026"},
            person_id=ids["An"])
    texts = todo_texts(view)
    assert "✓ Đánh giá tháng 11/2026: đã đánh giá đủ 2 người." in texts
    assert "⚠ 1 việc đã quá thời hạn mà chưa ghi kết quả: Nguyễn Văn An: Giữ đường làng sạch." in texts
    assert view.month_model.index(0, 2).data() == "đủ"
    rates = view.findChild(Bars)
    assert ("Xóm Đồng", 0.5, "50,0%") in rates.rows
    assert view.findChild(Columns).values[10] == 1.0


@pytest.mark.today("2026-11-20")
def test_enter_on_an_item_opens_the_screen_that_fixes_it(ops, qtbot, tmp_path) -> None:
    add_people(ops)
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    overview = window.show_screen("Tổng quan")
    row = next(n for n in range(overview.todo.count()) if "chưa đăng ký" in overview.todo.item(n).text())
    overview.todo.setFocus()
    overview.todo.setCurrentRow(row)
    qtbot.keyClick(overview.todo, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.screen_at(2)  # Đăng ký làm theo Bác


@pytest.mark.today("2026-11-20")
def test_a_click_on_a_chi_bo_of_the_month_opens_the_monthly_review(ops, qtbot, tmp_path) -> None:
    add_people(ops)
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    overview = window.show_screen("Tổng quan")
    table = overview.month_table
    cell = table.visualRect(overview.month_model.index(0, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.stack.currentWidget() is window.screen_at(3)  # Đánh giá hằng tháng


@pytest.mark.today("2026-12-10")
def test_the_calendar_shows_days_left_and_who_is_not_rated_yet(ops, qtbot) -> None:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = [people.add_person(ops.db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                      "joined_date": "19/05/2010"}).inserted_id("people")
           for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    view = OverviewView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    text = view.calendar.text()
    assert "Xếp loại cuối năm 2026 (10/12/2026): còn 21 ngày đến hạn 31/12/2026." in text
    assert "Chưa chấm điểm: 2/2 người (Nguyễn Văn An, Trần Thị Bình)." in text
    ops.run(yearend.set_points, 2026, ids[0], {"chung": 25, "nhiem_vu": 50}, quiet=True)
    text = view.calendar.text()
    assert "Chưa chấm điểm: 1/2 người (Trần Thị Bình)." in text
    assert "Chưa có mức xếp loại: 1/2 người (Trần Thị Bình)." in text


@pytest.mark.today("2026-05-04")
def test_the_calendar_is_hidden_outside_the_rating_season(ops, qtbot) -> None:
    view = OverviewView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    assert not view.calendar.isVisible()


@pytest.mark.today("2026-11-20")
def test_a_big_file_is_read_on_a_worker_and_shown_when_read(ops, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(overview_view, "WORKER_ABOVE", 0)  # this small file read as a big one is
    add_people(ops)
    ops.run(years.set_theme, 2026, "Học Bác về tinh thần tự lực")
    view = OverviewView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    assert view.heading.text() == "Tổng quan năm 2026 — đang tải…"
    assert todo_texts(view) == ["Đang tải số liệu…"]
    qtbot.waitUntil(lambda: not view.reading.loading)
    assert view.heading.text() == "Tổng quan năm 2026"
    assert "Học Bác về tinh thần tự lực" in view.theme.text()
    assert "⚠ Đánh giá tháng 11/2026: còn 2/2 người chưa được đánh giá (Nguyễn Văn An, Trần Thị Bình)." in todo_texts(view)
    assert "còn 41 ngày đến hạn 31/12/2026" in view.calendar.text()
    assert view.month_model.index(0, 1).data() == "0/2"


@pytest.mark.today("2026-11-20")
def test_a_reading_overtaken_by_a_year_change_is_not_shown(ops, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(overview_view, "WORKER_ABOVE", 0)
    add_people(ops)
    ops.run(years.set_theme, 2025, "Chuyên đề năm trước")
    shown: list[int] = []
    show = OverviewView._show
    monkeypatch.setattr(OverviewView, "_show", lambda view, glance: (shown.append(glance.summary.year),
                                                                      show(view, glance)))
    view = OverviewView(ops, 2026)
    qtbot.addWidget(view)
    view.show()  # 2026 is being read …
    view.set_year(2025)  # … when the secretary picks 2025
    assert view.heading.text() == "Tổng quan năm 2025 — đang tải…"
    assert todo_texts(view) == ["Đang tải số liệu…"]
    qtbot.waitUntil(lambda: not view.reading.loading and bool(shown))
    assert shown == [2025]  # the 2026 reading ended after the change: dropped, never on screen
    assert view.heading.text() == "Tổng quan năm 2025"
    assert "Chuyên đề năm trước" in view.theme.text()
    assert not view.calendar.isVisible()  # 20/11/2026 is not 2025's rating season
