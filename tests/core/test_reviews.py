"""Monthly reviews, meetings and attendance."""

from __future__ import annotations

import pytest

from desktop.core import changes, people, reviews, units, years
from desktop.core.deeds import add_deed, person_deeds
from desktop.core.errors import LockedYearError, UserError
from desktop.core.reviews import ReviewEdit


@pytest.fixture
def branch(db) -> dict[str, int]:
    """A chi bộ with An (stays), Bình (moves out 15/6/2025), Cúc (moves in 10/9/2025), Dũng (exempt)."""
    unit_id = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    ids = {}
    for name in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"):
        ids[name.split()[-1]] = people.add_person(db, {"full_name": name, "unit_id": unit_id}).inserted_id("people")
    people.change_status(db, ids["Bình"], "chuyen_di", "15/06/2025")
    people.change_status(db, ids["Cúc"], "chuyen_den", "10/09/2025")
    people.change_status(db, ids["Dũng"], "mien_sinh_hoat", "01/01/2024")
    return {"unit": unit_id, **ids}


def names(rows) -> list[str]:
    return [r.full_name.split()[-1] for r in rows]


def test_person_who_left_in_june_is_listed_for_may_and_june_but_not_july(db, branch) -> None:
    assert "Bình" in names(reviews.people_for_month(db, 2025, 5, branch["unit"]))
    assert "Bình" in names(reviews.people_for_month(db, 2025, 6, branch["unit"]))
    assert "Bình" not in names(reviews.people_for_month(db, 2025, 7, branch["unit"]))


def test_person_who_moved_in_is_listed_from_that_month(db, branch) -> None:
    assert "Cúc" not in names(reviews.people_for_month(db, 2025, 8, branch["unit"]))
    assert "Cúc" in names(reviews.people_for_month(db, 2025, 9, branch["unit"]))


def test_month_outside_1_12_is_refused(db, branch) -> None:
    with pytest.raises(UserError, match="Tháng 13 không hợp lệ"):
        reviews.month_grid(db, 2025, 13, branch["unit"])


@pytest.mark.parametrize(("text", "code"), [
    ("T", "tot"), ("Tốt", "tot"), ("tot", "tot"), (" TỐT ", "tot"),
    ("Đ", "dat"), ("D", "dat"), ("đạt", "dat"), ("Đạt", "dat"),
    ("C", "chua_dat"), ("Chưa đạt", "chua_dat"), ("chua dat", "chua_dat"), ("CĐ", "chua_dat"),
    ("", None), (None, None),
])
def test_review_level_is_read_from_what_people_type(text, code) -> None:
    assert reviews.parse_review_level(text) == code


def test_unknown_review_level_says_what_to_write() -> None:
    with pytest.raises(ValueError, match="Tốt \\(T\\), Đạt \\(Đ\\) hoặc Chưa đạt \\(C\\)"):
        reviews.parse_review_level("Khá")


@pytest.mark.parametrize(("text", "code"), [
    ("Có mặt", "co_mat"), ("x", "co_mat"), ("Vắng có lý do", "vang_co_ly_do"), ("P", "vang_co_ly_do"),
    ("Vắng không lý do", "vang_khong_ly_do"), ("K", "vang_khong_ly_do"), ("Miễn", "mien"),
])
def test_presence_is_read_from_what_people_type(text, code) -> None:
    assert reviews.parse_presence(text) == code


def test_batch_edit_is_one_change_and_undoes_as_one(db, branch) -> None:
    edits = [ReviewEdit(branch["An"], level="tot", commended=True),
             ReviewEdit(branch["Bình"], level="chua_dat", reminded=True, note="Chưa nộp đảng phí")]
    change = reviews.set_reviews(db, 2025, 5, edits)
    assert change.label == "Đánh giá tháng 5/2025 (2 người)"
    grid = {r.full_name: r for r in reviews.month_grid(db, 2025, 5, branch["unit"])}
    assert grid["Nguyễn Văn An"].level_label == "Tốt" and grid["Nguyễn Văn An"].commended
    assert grid["Trần Văn Bình"].reminded and grid["Trần Văn Bình"].note == "Chưa nộp đảng phí"
    changes.undo(db, change)
    assert all(r.level is None for r in reviews.month_grid(db, 2025, 5, branch["unit"]))
    changes.redo(db, change)
    assert reviews.coverage(db, 2025, 5, branch["unit"]).reviewed == 2


def test_edit_keeps_fields_it_does_not_name(db, branch) -> None:
    reviews.set_reviews(db, 2025, 3, [ReviewEdit(branch["An"], level="dat", note="Tốt việc xóm")])
    reviews.set_reviews(db, 2025, 3, [ReviewEdit(branch["An"], commended=True)])
    row = next(r for r in reviews.month_grid(db, 2025, 3, branch["unit"]) if r.person_id == branch["An"])
    assert (row.level, row.commended, row.note) == ("dat", True, "Tốt việc xóm")


def test_clearing_everything_removes_the_review(db, branch) -> None:
    reviews.set_reviews(db, 2025, 3, [ReviewEdit(branch["An"], level="dat")])
    reviews.set_reviews(db, 2025, 3, [ReviewEdit(branch["An"], level=None)])
    assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_review_for_a_month_after_leaving_is_refused(db, branch) -> None:
    with pytest.raises(UserError, match="Trần Văn Bình không có trong danh sách sinh hoạt tháng 7/2025"):
        reviews.set_reviews(db, 2025, 7, [ReviewEdit(branch["Bình"], level="dat")])


def test_mark_unmarked_fills_only_empty_rows_and_skips_the_exempt(db, branch) -> None:
    reviews.set_reviews(db, 2025, 10, [ReviewEdit(branch["An"], level="tot")])
    change = reviews.mark_unmarked(db, 2025, 10, branch["unit"])
    grid = {r.full_name.split()[-1]: r for r in reviews.month_grid(db, 2025, 10, branch["unit"])}
    assert grid["An"].level == "tot"
    assert grid["Cúc"].level == "dat"
    assert grid["Dũng"].level is None and not grid["Dũng"].expected
    assert "Bình" not in grid
    changes.undo(db, change)
    assert reviews.coverage(db, 2025, 10, branch["unit"]).reviewed == 1


def test_coverage_names_who_has_no_review(db, branch) -> None:
    reviews.set_reviews(db, 2025, 5, [ReviewEdit(branch["An"], level="dat")])
    cover = reviews.coverage(db, 2025, 5, branch["unit"])
    assert (cover.expected, cover.reviewed) == (2, 1)
    assert cover.text == "Tháng 5/2025: đã đánh giá 1/2 người; chưa đánh giá: Trần Văn Bình."


def test_year_grid_shows_twelve_months_and_counts_marks(db, branch) -> None:
    for month in (1, 2, 3):
        reviews.set_reviews(db, 2025, month, [
            ReviewEdit(branch["An"], level="tot", commended=True),
            ReviewEdit(branch["Bình"], level="chua_dat", reminded=month == 2),
        ])
    rows = {r.full_name.split()[-1]: r for r in reviews.year_grid(db, 2025, branch["unit"])}
    assert rows["An"].levels[:4] == ("tot", "tot", "tot", None)
    assert rows["An"].commended == 3 and rows["Bình"].reminded == 1
    assert rows["Bình"].listed == (True,) * 6 + (False,) * 6
    assert rows["Cúc"].listed == (False,) * 8 + (True,) * 4


def test_quarter_level_is_the_majority_and_a_tie_goes_lower(db, branch) -> None:
    reviews.set_reviews(db, 2025, 1, [ReviewEdit(branch["An"], level="tot")])
    reviews.set_reviews(db, 2025, 2, [ReviewEdit(branch["An"], level="dat")])
    reviews.set_reviews(db, 2025, 4, [ReviewEdit(branch["An"], level="tot")])
    reviews.set_reviews(db, 2025, 5, [ReviewEdit(branch["An"], level="tot")])
    reviews.set_reviews(db, 2025, 6, [ReviewEdit(branch["An"], level="chua_dat")])
    row = next(r for r in reviews.quarter_grid(db, 2025, branch["unit"]) if r.person_id == branch["An"])
    assert [q.level for q in row.quarters] == ["dat", "tot", None, None]


def test_meeting_with_attendance_is_saved_and_replaced(db, branch) -> None:
    reviews.save_meeting(db, branch["unit"], 2025, 5, "05/05/2025", "Sinh hoạt thường kỳ",
                         {branch["An"]: "co_mat", branch["Bình"]: "vang_co_ly_do", branch["Dũng"]: "mien"})
    meeting = reviews.get_meeting(db, branch["unit"], 2025, 5)
    assert meeting is not None and meeting.held_on == "2025-05-05"
    assert meeting.count("co_mat") == 1 and meeting.attendance[branch["Dũng"]] == "mien"
    reviews.save_meeting(db, branch["unit"], 2025, 5, "05/05/2025", None, {branch["An"]: "vang_khong_ly_do"})
    meeting = reviews.get_meeting(db, branch["unit"], 2025, 5)
    assert meeting is not None and meeting.attendance == {branch["An"]: "vang_khong_ly_do"}
    row = next(r for r in reviews.month_grid(db, 2025, 5, branch["unit"]) if r.person_id == branch["An"])
    assert row.presence == "vang_khong_ly_do"


def test_meeting_date_outside_its_month_is_refused(db, branch) -> None:
    with pytest.raises(UserError, match="Ngày họp 05/06/2025 không thuộc tháng 5/2025"):
        reviews.save_meeting(db, branch["unit"], 2025, 5, "05/06/2025", None, {})


def test_attendance_of_someone_who_left_is_refused(db, branch) -> None:
    with pytest.raises(UserError, match="Trần Văn Bình không thuộc danh sách Chi bộ Xóm Đồng tháng 8/2025"):
        reviews.save_meeting(db, branch["unit"], 2025, 8, None, None, {branch["Bình"]: "co_mat"})


def test_deed_progress_is_noted_with_the_review(db, branch) -> None:
    add_deed(db, 2025, {"content": "Trồng 50 m hàng rào xanh"}, person_id=branch["An"])
    deed = person_deeds(db, 2025, branch["An"])[0]
    reviews.set_reviews(db, 2025, 4, [ReviewEdit(branch["An"], level="dat", progress={deed.id: "Đã trồng 20 m"})])
    row = next(r for r in reviews.month_grid(db, 2025, 4, branch["unit"], with_deeds=True)
               if r.person_id == branch["An"])
    assert [(d.content, d.progress) for d in row.deeds] == [("Trồng 50 m hàng rào xanh", "Đã trồng 20 m")]


def test_locked_year_refuses_reviews_and_meetings(db, branch) -> None:
    years.ensure_year(db, 2025)
    years.lock_year(db, 2025)
    with pytest.raises(LockedYearError):
        reviews.set_reviews(db, 2025, 5, [ReviewEdit(branch["An"], level="dat")])
    with pytest.raises(LockedYearError):
        reviews.save_meeting(db, branch["unit"], 2025, 5, None, None, {branch["An"]: "co_mat"})


def test_year_view_totals_count_each_month(db, branch) -> None:
    reviews.set_reviews(db, 2025, 2, [
        ReviewEdit(branch["An"], level="tot", commended=True),
        ReviewEdit(branch["Bình"], level="chua_dat", reminded=True),
    ])
    reviews.set_reviews(db, 2025, 7, [ReviewEdit(branch["An"], level="dat", reminded=True)])
    rows = reviews.year_grid(db, 2025, branch["unit"])
    an = next(r for r in rows if r.person_id == branch["An"])
    assert an.commended_months[1] and an.reminded_months[6] and not an.commended_months[6]
    totals = reviews.month_totals(rows)
    feb, jul = totals[1], totals[6]
    assert (feb.listed, feb.reviewed, feb.commended, feb.reminded) == (3, 2, 1, 1)  # An, Bình, Dũng
    assert (jul.listed, jul.reviewed, jul.commended, jul.reminded) == (2, 1, 0, 1)  # Bình has left


def test_a_month_with_contradicting_marks_is_allowed_but_named(db, branch) -> None:
    reviews.set_reviews(db, 2025, 5, [ReviewEdit(branch["An"], level="dat", commended=True, reminded=True),
                                      ReviewEdit(branch["Bình"], level="tot", reminded=True)])
    rows = {r.full_name.split()[-1]: r for r in reviews.month_grid(db, 2025, 5, branch["unit"])}
    assert rows["An"].mixed == "vừa biểu dương vừa nhắc nhở"
    assert rows["Bình"].mixed == "xếp Tốt nhưng bị nhắc nhở"
    cover = reviews.coverage(db, 2025, 5, branch["unit"])
    assert cover.reviewed == 2
    assert cover.text == ("Tháng 5/2025: đã đánh giá 2/2 người. Cần xem lại: Nguyễn Văn An (vừa biểu dương "
                          "vừa nhắc nhở), Trần Văn Bình (xếp Tốt nhưng bị nhắc nhở).")


def test_meeting_attendance_counts_members_apart_from_invited_masses(db, branch) -> None:
    ha = people.add_person(db, {"full_name": "Đỗ Thị Hà", "unit_id": branch["unit"], "kind": "quan_chung"})
    ha_id = ha.inserted_id("people")
    reviews.save_meeting(db, branch["unit"], 2025, 5, "05/05/2025", None,
                         {branch["An"]: "co_mat", branch["Bình"]: "vang_co_ly_do", branch["Dũng"]: "mien",
                          ha_id: "co_mat"})
    seen = reviews.meeting_attendance(reviews.month_grid(db, 2025, 5, branch["unit"]))
    assert (seen.present, seen.excused, seen.unexcused, seen.masses_present) == (1, 1, 0, 1)
    assert seen.rate == 0.5
    assert seen.text == "đảng viên có mặt 1/2 (50%), vắng có lý do 1, miễn 1; quần chúng dự 1"
