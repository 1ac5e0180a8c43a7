"""The year of reviews an export reads: counted in one pass, the same lines as the screen's month grids."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from sqlite_utils import Database

from desktop.core import people, reviews, units
from desktop.core.review_year import MonthCounts, MonthMark, review_year
from desktop.core.reviews import ReviewEdit, ReviewRow


def _file_with_every_kind_of_history(db: Database) -> dict[str, int]:
    """Two chi bộ; people who stay, leave, arrive, leave and come back, are exempt for a while,
    die, or carry a stored status without any history; reviews and meetings in several months."""
    dong = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    bai = units.add_unit(db, "Chi bộ Xóm Bãi", "chi_bo").inserted_id("units")
    ids: dict[str, int] = {}
    for name, unit in (("Nguyễn Văn An", dong), ("Trần Văn Bình", dong), ("Lê Thị Cúc", dong),
                       ("Phạm Văn Dũng", bai), ("Đỗ Thị Hà", bai), ("Vũ Văn Khải", bai), ("Bùi Thị Lan", bai)):
        ids[name.split()[-1]] = people.add_person(db, {"full_name": name, "unit_id": unit}).inserted_id("people")
    people.add_person(db, {"full_name": "Hoàng Văn Minh", "unit_id": bai, "kind": "quan_chung"})
    people.change_status(db, ids["Bình"], "chuyen_di", "15/06/2025")
    people.change_status(db, ids["Cúc"], "chuyen_den", "10/09/2025")
    people.change_status(db, ids["Dũng"], "mien_sinh_hoat", "01/03/2025")
    people.change_status(db, ids["Dũng"], "dang_sinh_hoat", "31/05/2025")
    people.change_status(db, ids["Hà"], "chuyen_di", "01/04/2025")
    people.change_status(db, ids["Hà"], "chuyen_den", "20/08/2025")
    people.change_status(db, ids["Khải"], "tu_tran", "31/10/2025")
    for month in (1, 2, 6, 9, 11):
        reviews.set_reviews(db, 2025, month, [
            ReviewEdit(ids["An"], level="tot", commended=month == 2),
            ReviewEdit(ids["Lan"], level="dat", reminded=month == 6, note="ghi chú"),
        ])
    reviews.set_reviews(db, 2025, 5, [ReviewEdit(ids["Bình"], level="chua_dat")])
    reviews.save_meeting(db, dong, 2025, 6, "05/06/2025", None, {ids["An"]: "co_mat", ids["Bình"]: "vang_co_ly_do"})
    reviews.save_meeting(db, bai, 2025, 6, "07/06/2025", None, {ids["Lan"]: "vang_khong_ly_do"})
    return ids


def _grid_counts(month: int, grid: list[ReviewRow]) -> MonthCounts:
    """What the screen shows under a month's grid: its coverage, levels, marks and roll call."""
    seen = reviews.meeting_attendance(grid)
    return MonthCounts(
        month, due=sum(r.expected for r in grid), done=sum(r.expected and r.level is not None for r in grid),
        tot=sum(r.level == "tot" for r in grid), dat=sum(r.level == "dat" for r in grid),
        chua_dat=sum(r.level == "chua_dat" for r in grid), commended=sum(r.commended for r in grid),
        reminded=sum(r.reminded for r in grid), present=seen.present, excused=seen.excused,
        unexcused=seen.unexcused, masses_present=seen.masses_present)


def _assert_same_as_the_month_grids(db: Database, year: int, due: int) -> None:
    """review_year against reviews.month_grid of every month (the Đánh giá screen's lines)."""
    counted = review_year(db, year, due)
    grids = [reviews.month_grid(db, year, m, None) for m in range(1, due + 1)]
    by_person = {p.person_id: p for p in counted.people}
    assert set(by_person) == {r.person_id for grid in grids for r in grid}
    for month, grid in enumerate(grids, start=1):
        for r in grid:
            assert by_person[r.person_id].marks[month - 1] == MonthMark(r.level, r.commended, r.reminded, r.expected)
            assert (by_person[r.person_id].full_name, by_person[r.person_id].unit_name) == (r.full_name, r.unit_name)
        listed = {r.person_id for r in grid}
        assert all(p.marks[month - 1] is None for p in counted.people if p.person_id not in listed)
        meetings = db.execute("SELECT count(*), coalesce(sum(thematic), 0) FROM meetings WHERE year = ? AND month = ?",
                              [year, month]).fetchone()
        expected = _grid_counts(month, grid)
        assert counted.months[month - 1] == dataclasses.replace(expected, meetings=meetings[0], thematic=meetings[1])
    units_of_people: Counter[int] = Counter()
    for unit_id in {r.unit_id for grid in grids for r in grid}:
        rows = [r for grid in grids for r in grid if r.unit_id == unit_id]
        assert counted.units[unit_id] == _grid_counts(0, rows)
        units_of_people[unit_id] += 1
    assert set(counted.units) == set(units_of_people)


def test_the_year_in_one_pass_counts_the_month_grids_lines(db: Database) -> None:
    """People who stay, leave, arrive, leave and come back, are exempt for a while, die."""
    _file_with_every_kind_of_history(db)
    for due in (0, 5, 12):
        _assert_same_as_the_month_grids(db, 2025, due)


@pytest.mark.today("2026-12-20")
def test_the_demo_files_year_counts_the_month_grids_lines(demo_db: Database) -> None:
    _assert_same_as_the_month_grids(demo_db, 2026, 12)


def test_the_year_lists_each_person_once_by_unit_then_name(db: Database) -> None:
    ids = _file_with_every_kind_of_history(db)
    year = review_year(db, 2025, 11)
    # Xóm Bãi comes before Xóm Đồng in the unit tree; names by the given name.
    assert [p.full_name.split()[-1] for p in year.people] == ["Dũng", "Hà", "Khải", "Lan", "Minh", "An", "Bình", "Cúc"]
    hà = next(p for p in year.people if p.person_id == ids["Hà"])
    # A history that ends with arriving: on the list from the arrival (people._listed_on).
    assert sorted(hà.months) == [8, 9, 10, 11]
    khải = next(p for p in year.people if p.person_id == ids["Khải"])
    assert sorted(khải.months) == list(range(1, 11))  # died on 31/10: listed in October still
    assert year.months[5].present == 1 and year.months[5].unexcused == 1
    assert year.total.done == sum(mark is not None and mark.level is not None for p in year.people for mark in p.marks)
    assert len(year.months) == 11
