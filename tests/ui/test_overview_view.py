"""Tổng quan: the year-end calendar (days left, who has no points or no level)."""

from __future__ import annotations

import datetime as dt

from desktop.core import people, units, yearend
from desktop.ui.overview_view import OverviewView


def test_the_calendar_shows_days_left_and_who_is_not_rated_yet(ops, qtbot) -> None:
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id
    ids = [people.add_person(ops.db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                      "joined_date": "19/05/2010"}).inserted_id("people")
           for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    view = OverviewView(ops, 2026, today=lambda: dt.date(2026, 12, 10))
    qtbot.addWidget(view)
    view.show()
    text = view.calendar.text()
    assert "Xếp loại cuối năm 2026 (10/12/2026): còn 21 ngày đến hạn 31/12/2026." in text
    assert "Chưa chấm điểm: 2/2 người (Nguyễn Văn An, Trần Thị Bình)." in text
    ops.run(yearend.set_points, 2026, ids[0], {"chung": 25, "nhiem_vu": 50}, quiet=True)
    text = view.calendar.text()
    assert "Chưa chấm điểm: 1/2 người (Trần Thị Bình)." in text
    assert "Chưa có mức xếp loại: 1/2 người (Trần Thị Bình)." in text


def test_the_calendar_is_hidden_outside_the_rating_season(ops, qtbot) -> None:
    view = OverviewView(ops, 2026, today=lambda: dt.date(2026, 5, 4))
    qtbot.addWidget(view)
    view.show()
    assert not view.calendar.isVisible()
