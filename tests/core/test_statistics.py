"""The figures that go up to the higher committee, checked against counts made by hand."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from desktop.core import deeds, people, reviews, statistics, units, yearend
from desktop.core.reviews import ReviewEdit
from desktop.core.rules import Quota, rules_for_year
from desktop.core.scoring import quota_check

FEBRUARY = dt.date(2026, 2, 15)


def hand_made(db: Database) -> dict[str, int]:
    """Two chi bộ of the `branch_db` fixture filled so that every figure is known.

    Xóm Đồng: An (chính thức, HTXSNV), Bình (dự bị, admitted 08/2026: not rated),
    Cường (quần chúng, no deed). Xóm Bãi: Dũng (HTTNV), Hà (exempt), Lan
    (disciplined: KHTNV), Minh (no points yet), Giang (quần chúng), Ếch (moved
    out in 2025, a stray deed that must not count) and a collective model.
    """
    dong = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    bai = units.find_by_name(db, "Chi bộ Xóm Bãi")[0].id

    def person(name: str, unit: int, **extra: str) -> int:
        raw = {"full_name": name, "unit_id": unit, **extra}
        return people.add_person(db, raw).inserted_id("people")

    ids = {
        "an": person("Nguyễn Văn An", dong, membership="chinh_thuc", joined_date="01/02/2000"),
        "binh": person("Trần Thị Bình", dong, membership="du_bi", joined_date="01/08/2026"),
        "cuong": person("Lê Văn Cường", dong, kind="quan_chung"),
        "dung": person("Phạm Văn Dũng", bai, membership="chinh_thuc", joined_date="01/01/1990"),
        "ha": person("Đỗ Thị Hà", bai, membership="chinh_thuc", joined_date="01/01/1995"),
        "lan": person("Vũ Thị Lan", bai, membership="chinh_thuc", joined_date="01/01/2005"),
        "minh": person("Hoàng Văn Minh", bai, membership="chinh_thuc", joined_date="01/01/2010"),
        "giang": person("Bùi Thị Giang", bai, kind="quan_chung"),
        "ech": person("Mai Văn Ếch", bai, membership="chinh_thuc", joined_date="01/01/2001"),
    }
    people.change_status(db, ids["ha"], "mien_sinh_hoat", dt.date(2026, 1, 1))
    people.change_status(db, ids["ech"], "chuyen_di", dt.date(2025, 12, 1))
    for key, count in (("an", 2), ("binh", 1), ("dung", 1), ("giang", 1), ("ech", 1)):
        for n in range(count):
            deeds.add_deed(db, 2026, {"content": f"Việc {n + 1} của {key}"}, person_id=ids[key])
    deeds.add_deed(db, 2026, {"content": "Mô hình đường hoa", "collective": "Chi bộ", "is_model": True},
                   unit_id=bai)
    reviews.set_reviews(db, 2026, 1, [ReviewEdit(ids["an"], level="tot", commended=True),
                                      ReviewEdit(ids["dung"], level="chua_dat", reminded=True)])
    reviews.set_reviews(db, 2026, 2, [ReviewEdit(ids["an"], level="dat")])
    reviews.save_meeting(db, dong, 2026, 1, "05/01/2026", None, {
        ids["an"]: "co_mat", ids["binh"]: "vang_co_ly_do", ids["cuong"]: "vang_khong_ly_do"})
    yearend.set_points(db, 2026, ids["an"], {"chung": 28, "nhiem_vu": 65})
    yearend.set_flags(db, 2026, ids["an"], {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True})
    yearend.set_points(db, 2026, ids["dung"], {"chung": 20, "nhiem_vu": 55})
    yearend.set_flags(db, 2026, ids["lan"], {"disciplined": True})
    # Titles are off by default for members outside the state system (form 2C): both chi bộ switch them on.
    yearend.set_unit_year(db, 2026, dong, titles_enabled=True)
    yearend.set_unit_year(db, 2026, bai, titles_enabled=True)
    return ids


def test_figures_per_chi_bo_match_a_hand_count(branch_db: Database) -> None:
    hand_made(branch_db)
    stats = statistics.statistics(branch_db, 2026, "Đảng bộ xã La Bằng", today=FEBRUARY)
    bai, dong = stats.branches  # Vietnamese order: b before đ
    assert (bai.unit, dong.unit) == ("Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng")
    # registration: Ếch moved out, so neither he nor his deed counts
    assert (dong.members, dong.members_registered, dong.masses, dong.masses_registered) == (2, 2, 1, 0)
    assert (dong.individual_deeds, dong.collective_deeds, dong.models) == (3, 0, 0)
    assert (bai.members, bai.members_registered, bai.masses, bai.masses_registered) == (4, 1, 1, 1)
    assert (bai.individual_deeds, bai.collective_deeds, bai.models) == (2, 1, 1)
    # monthly, January and February: Hà is exempt, so not due
    assert stats.months_due == 2
    assert (dong.reviews_due, dong.reviews_done, bai.reviews_due, bai.reviews_done) == (6, 2, 8, 1)
    assert (dong.reviews_tot, dong.reviews_dat, bai.reviews_chua_dat) == (1, 1, 1)
    assert (dong.commended, dong.people_commended, bai.reminded, bai.people_reminded) == (1, 1, 1, 1)
    # the meeting's rate counts đảng viên: Cường (quần chúng, absent) is not in it
    assert (dong.meetings, dong.present, dong.absent_excused, dong.absent_unexcused) == (1, 1, 1, 0)
    assert dong.attendance_rate == 1 / 2 and bai.meetings == 0
    # year end
    assert (dong.year_members, dong.official, dong.probationary, dong.new_members) == (2, 1, 1, 1)
    assert (dong.rated, dong.htxsnv, dong.title_advanced, dong.title_soldier) == (1, 1, 1, 1)
    assert (bai.year_members, bai.official, bai.exempt, bai.pending) == (4, 4, 1, 1)
    assert (bai.rated, bai.httnv, bai.khtnv, bai.disciplined, bai.title_advanced) == (2, 1, 1, 1, 1)


def test_the_total_is_the_sum_and_shares_come_from_counts(branch_db: Database) -> None:
    hand_made(branch_db)
    stats = statistics.statistics(branch_db, 2026, "Đảng bộ xã La Bằng", today=FEBRUARY)
    total = stats.total
    assert total.unit == "Đảng bộ xã La Bằng"
    for key in statistics.Figures.counts():
        assert getattr(total, key) == sum(getattr(b, key) for b in stats.branches), key
    assert total.members_rate == 3 / 6 and total.masses_rate == 1 / 2
    assert total.coverage == 3 / 14
    assert total.level_share("HTXSNV") == 1 / 3 and total.excellent_of_good == 1.0


def test_one_excellent_member_against_one_good_exceeds_the_20_percent_quota(branch_db: Database) -> None:
    hand_made(branch_db)
    stats = statistics.statistics(branch_db, 2026, "Đảng bộ xã La Bằng", today=FEBRUARY)
    [quota] = stats.quotas
    assert (quota.org_name, quota.base_count, quota.allowed, quota.exceeded) == ("Đảng bộ xã La Bằng", 1, 0, True)
    assert "VƯỢT" in quota.text and "tối đa 20%" in quota.text


def test_quota_from_counts_agrees_with_scoring(demo_db: Database, today: dt.date) -> None:
    stats = statistics.statistics(demo_db, 2026, "Đảng bộ xã La Bằng", today)
    [result] = yearend.score(demo_db, 2026)
    expected = quota_check(rules_for_year(demo_db, 2026), result.people, result.organisations[0].org_name)
    [quota] = stats.quotas
    assert (quota.allowed, quota.excellent, quota.exceeded) == (expected.allowed, expected.excellent,
                                                                expected.exceeded)


def test_registration_agrees_with_the_deeds_screen(demo_db: Database, today: dt.date) -> None:
    stats = statistics.statistics(demo_db, 2026, "Đảng bộ xã La Bằng", today)
    rates = {r.unit_name: r for r in deeds.registration_rates(demo_db, 2026)}
    for branch in stats.branches:
        rate = rates[branch.unit]
        assert (branch.members, branch.members_registered, branch.masses, branch.masses_registered,
                branch.individual_deeds, branch.collective_deeds, branch.models) == (
            rate.members, rate.members_registered, rate.masses, rate.masses_registered,
            rate.individual_deeds, rate.collective_deeds, rate.models)


def test_a_year_without_data_gives_zeros_not_an_error(branch_db: Database) -> None:
    stats = statistics.statistics(branch_db, 2031, "Đảng bộ xã La Bằng", today=FEBRUARY)
    assert stats.months_due == 0
    assert all(getattr(stats.total, key) == 0 for key in statistics.Figures.counts())
    assert stats.total.coverage is None and stats.total.members_rate is None


def test_months_due_follow_the_calendar() -> None:
    assert statistics.months_due(2025, dt.date(2026, 3, 2)) == 12
    assert statistics.months_due(2026, dt.date(2026, 3, 2)) == 3
    assert statistics.months_due(2027, dt.date(2026, 3, 2)) == 0


def test_stored_rows_read_back_and_tolerate_other_versions() -> None:
    figures = statistics.Figures("Chi bộ Xóm Đồng", members=5, htxsnv=1)
    assert statistics.Figures.from_row(figures.as_row()) == figures
    older = statistics.Figures.from_row({"unit": "Chi bộ A", "members": 3, "a_new_count": 9})
    assert older.members == 3 and older.htxsnv == 0


def test_quota_on_the_base_of_good_and_above() -> None:
    counts = statistics.Figures("X", httnv=8, htxsnv=2)
    assert statistics.quota_status("X", counts, Quota(percent=20, base="HTTNV")).allowed == 1
    assert statistics.quota_status("X", counts, Quota(percent=20, base="HTTNV_and_above")).allowed == 2
    off = statistics.quota_status("X", counts, Quota(enabled=False))
    assert not off.exceeded and "không áp dụng" in off.text
