"""Only the screen on show follows a year change or an edit; the others catch up when shown."""

from __future__ import annotations

from desktop.core import reviews, units, yearend
from desktop.core.reviews import ReviewEdit
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs


def _window(ops, qtbot, tmp_path) -> MainWindow:
    window = MainWindow(ops, tmp_path / "so.sqlite", Prefs(tmp_path / "prefs.json"), year=2026)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_screen_shown_after_a_year_change_shows_the_new_year(demo_ops, qtbot, tmp_path) -> None:
    window = _window(demo_ops, qtbot, tmp_path)
    yearend = window.show_screen("Cuối năm")
    reviews_screen = window.show_screen("Đánh giá hằng tháng")
    window.set_year(2025)
    assert reviews_screen.year == 2025
    assert "2025" in reviews_screen.heading.text()
    assert yearend.year == 2026, "the hidden screen waits until it is shown"
    assert window.show_screen("Cuối năm") is yearend
    assert yearend.year == 2025
    assert yearend.heading.text().endswith("2025")


def test_an_edit_reaches_a_hidden_screen_when_it_is_shown(demo_ops, qtbot, tmp_path) -> None:
    window = _window(demo_ops, qtbot, tmp_path)
    grid = window.show_screen("Đánh giá hằng tháng")
    window.show_screen("Tổng quan")
    branch = grid.unit_id
    person = reviews.month_grid(demo_ops.db, 2026, grid.month, branch)[0].person_id
    level = "chua_dat"
    demo_ops.run(reviews.set_reviews, 2026, grid.month, [ReviewEdit(person, level=level)])
    row = grid.model.row_of(person)
    assert row is not None and grid.model.review(row).level != level
    window.show_screen("Đánh giá hằng tháng")
    assert grid.model.review(grid.model.row_of(person)).level == level
    assert branch in [u.id for u in units.list_units(demo_ops.db)]


def test_typing_a_point_rescores_the_person_and_their_quota(demo_ops, qtbot, tmp_path) -> None:
    window = _window(demo_ops, qtbot, tmp_path)
    view = window.show_screen("Cuối năm")
    view.unit_box.setCurrentIndex(0)  # the whole file
    column = view.model.column_of("criterion", view.rules.criteria[0].code)
    score = view.model.score(0)
    assert column is not None and score is not None
    top = view.rules.criteria[0].max_points
    assert view.model.setData(view.model.index(0, column), top)
    assert view.model.score(0).points.get(view.rules.criteria[0].code) == top
    fresh = yearend.score(demo_ops.db, 2026)
    assert view.organisations == [o for r in fresh for o in r.organisations]
    assert [p for r in fresh for p in r.people if p.person.person_id == score.person.person_id][0] == \
        view.model.score(0)


def test_a_big_organisation_is_scored_on_a_worker_then_shown(demo_ops, qtbot, monkeypatch) -> None:
    from desktop.ui.yearend import yearend_view

    monkeypatch.setattr(yearend_view, "WORKER_SCORING_ABOVE", 0)
    view = yearend_view.YearEndView(demo_ops, 2026)
    qtbot.addWidget(view)
    view.show()
    assert view.heading.text().endswith("đang tính điểm…")
    assert view.model.rowCount() == 0, "nothing to type into while scoring"
    qtbot.waitUntil(lambda: not view.heading.text().endswith("đang tính điểm…"), timeout=60_000)
    shown = {view.model.score(r).person.person_id for r in range(view.model.rowCount())}
    unit_ids = set(units.subtree_ids(demo_ops.db, view.unit_id))
    expected = {p.person.person_id for r in yearend.score(demo_ops.db, 2026) for p in r.people
                if p.person.unit_id in unit_ids and p.person.kind == "dang_vien" and p.status != "not_rated"}
    assert shown and shown == expected
