"""Year end: stored points and flags, decisions, suggestions, locking."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop.core import changes, people, quarters, reviews, units, yearend, years
from desktop.core.deeds import add_deed, person_deeds, update_deed
from desktop.core.errors import LockedYearError, UserError
from desktop.core.reviews import ReviewEdit

FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


@pytest.fixture
def commune(db) -> dict[str, int]:
    """Đảng bộ xã with two chi bộ; An and Bình are members, Chi is quần chúng."""
    root = units.add_unit(db, "Đảng bộ xã La Bằng", "dang_bo").inserted_id("units")
    dong = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo", root).inserted_id("units")
    bai = units.add_unit(db, "Chi bộ Xóm Bãi", "chi_bo", root).inserted_id("units")
    ids = {"root": root, "dong": dong, "bai": bai}
    for key, name, unit, kind in (("An", "Nguyễn Văn An", dong, "dang_vien"), ("Bình", "Trần Văn Bình", bai, "dang_vien"),
                                  ("Chi", "Lê Thị Chi", dong, "quan_chung")):
        raw = {"full_name": name, "unit_id": unit, "kind": kind}
        if kind == "dang_vien":
            raw["joined_date"] = "19/05/2010"
        ids[key] = people.add_person(db, raw).inserted_id("people")
    years.ensure_year(db, 2025)
    return ids


def level_of(db, year: int, person_id: int) -> str | None:
    for result in yearend.score(db, year):
        for p in result.people:
            if p.person.person_id == person_id:
                return p.final_level
    raise AssertionError("not listed")


def test_stored_points_and_flags_give_the_level(db, commune) -> None:
    yearend.set_points(db, 2025, commune["An"], {"chung": 28, "nhiem_vu": "64,5"})
    yearend.set_flags(db, 2025, commune["An"], FULL)
    assert level_of(db, 2025, commune["An"]) == "HTXSNV"
    yearend.set_flags(db, 2025, commune["An"], {"beyond_30": False})
    assert level_of(db, 2025, commune["An"]) == "HTTNV"


def test_points_over_the_maximum_are_refused_naming_criterion_and_maximum(db, commune) -> None:
    with pytest.raises(UserError, match="Điểm tiêu chí “Tiêu chí chung” của Nguyễn Văn An phải từ 0 đến 30 \\(đã nhập 31\\)"):
        yearend.set_points(db, 2025, commune["An"], {"chung": 31, "nhiem_vu": 60})
    assert db.execute("SELECT count(*) FROM scores").fetchone()[0] == 0  # nothing written


def test_points_by_criterion_name_and_clearing(db, commune) -> None:
    yearend.set_points(db, 2025, commune["An"], {"kết quả thực hiện nhiệm vụ": 60})
    assert db.execute("SELECT criterion, points FROM scores").fetchall() == [("nhiem_vu", 60.0)]
    yearend.set_points(db, 2025, commune["An"], {"nhiem_vu": ""})
    assert db.execute("SELECT count(*) FROM scores").fetchone()[0] == 0


def test_unknown_criterion_and_non_number_are_explained(db, commune) -> None:
    with pytest.raises(UserError, match="các tiêu chí: chung \\(Tiêu chí chung\\)"):
        yearend.set_points(db, 2025, commune["An"], {"dao_duc": 10})
    with pytest.raises(UserError, match="“hai mươi” không phải số điểm"):
        yearend.set_points(db, 2025, commune["An"], {"chung": "hai mươi"})


def test_masses_are_not_scored(db, commune) -> None:
    with pytest.raises(UserError, match="Lê Thị Chi là quần chúng"):
        yearend.set_points(db, 2025, commune["Chi"], {"chung": 20})


def test_year_without_points_asks_for_a_level(db, commune) -> None:
    years.ensure_year(db, 2024)
    with pytest.raises(UserError, match="Quy định 124-QĐ/TW: xếp loại không chấm điểm"):
        yearend.set_points(db, 2024, commune["An"], {"chung": 20})
    yearend.set_manual_level(db, 2024, commune["An"], "HTTNV")
    assert level_of(db, 2024, commune["An"]) == "HTTNV"


def test_override_away_from_the_proposal_needs_a_reason_kept_in_the_audit_log(db, commune) -> None:
    yearend.set_points(db, 2025, commune["An"], {"chung": 25, "nhiem_vu": 50})
    with pytest.raises(UserError, match="khác mức đề xuất \\(Hoàn thành tốt nhiệm vụ\\) nên cần ghi rõ lý do"):
        yearend.set_final_level(db, 2025, commune["An"], "HTNV", "  ")
    change = yearend.set_final_level(db, 2025, commune["An"], "HTNV", "Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2025")
    assert level_of(db, 2025, commune["An"]) == "HTNV"
    logged = db.execute("SELECT label, reason, after FROM audit_log WHERE table_name = 'year_results' "
                        "ORDER BY id DESC LIMIT 1").fetchone()
    assert logged[1] == "Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2025"
    assert json.loads(logged[2])["final_level"] == "HTNV"
    changes.undo(db, change)
    assert level_of(db, 2025, commune["An"]) == "HTTNV"


def test_choosing_the_proposed_level_needs_no_reason_and_clears_an_override(db, commune) -> None:
    yearend.set_points(db, 2025, commune["An"], {"chung": 25, "nhiem_vu": 50})
    yearend.set_final_level(db, 2025, commune["An"], "HTNV", "Quyết định của Đảng ủy")
    yearend.set_final_level(db, 2025, commune["An"], "HTTNV")
    row = db.execute("SELECT final_level, override_reason FROM year_results").fetchone()
    assert row == (None, None)


def test_not_rated_person_cannot_be_given_a_level(db, commune) -> None:
    people.change_status(db, commune["Bình"], "mien_sinh_hoat", "01/03/2025")
    with pytest.raises(UserError, match="Trần Văn Bình không thuộc diện xếp loại năm 2025"):
        yearend.set_final_level(db, 2025, commune["Bình"], "HTTNV", "lý do")


def test_status_at_year_end_decides_not_rated_even_if_it_changed_later(db, commune) -> None:
    people.change_status(db, commune["Bình"], "dinh_chi", "01/03/2025")
    people.change_status(db, commune["Bình"], "dang_sinh_hoat", "01/02/2026")
    result = {p.person.person_id: p for r in yearend.score(db, 2025) for p in r.people}
    assert result[commune["Bình"]].status == "not_rated"
    assert "đình chỉ" in result[commune["Bình"]].reasons[0]


def test_writes_on_a_locked_year_raise_locked_year_error(db, commune) -> None:
    years.lock_year(db, 2025)
    with pytest.raises(LockedYearError):
        yearend.set_points(db, 2025, commune["An"], {"chung": 20})
    with pytest.raises(LockedYearError):
        yearend.set_flags(db, 2025, commune["An"], {"disciplined": True})
    with pytest.raises(LockedYearError):
        yearend.set_final_level(db, 2025, commune["An"], "HTNV", "lý do")
    with pytest.raises(LockedYearError):
        yearend.set_title(db, 2025, commune["An"], "khong")


def test_one_organisation_per_dang_bo_co_so(db, commune) -> None:
    results = yearend.score(db, 2025)
    assert [r.organisations[0].org_name for r in results] == ["Đảng bộ xã La Bằng"]
    assert {p.person.unit_name for p in results[0].people} == {"Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"}


def test_chi_bo_directly_under_a_higher_committee_is_its_own_organisation(db) -> None:
    province = units.add_unit(db, "Đảng bộ Khối cơ quan", "dang_bo").inserted_id("units")
    commune = units.add_unit(db, "Đảng bộ xã La Bằng", "dang_bo", province).inserted_id("units")
    village = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo", commune).inserted_id("units")
    school = units.add_unit(db, "Chi bộ Trường THCS", "chi_bo", province).inserted_id("units")
    orgs = yearend.organisations(db)
    assert orgs[village].name == "Đảng bộ xã La Bằng"
    assert orgs[school].name == "Chi bộ Trường THCS"


def test_suggestion_follows_the_documented_formula(db, commune) -> None:
    for outcome in ("vuot_muc", "hoan_thanh", "hoan_thanh", None):
        add_deed(db, 2025, {"content": f"Việc {outcome}"}, person_id=commune["An"])
        deed = person_deeds(db, 2025, commune["An"])[-1]
        update_deed(db, deed.id, {"outcome": outcome})
    for month in range(1, 11):
        reviews.set_reviews(db, 2025, month, [ReviewEdit(commune["An"], level="tot" if month <= 4 else "dat")])
    suggestion = yearend.suggest_points(db, 2025, commune["An"])
    # deeds (100 + 90 + 90) / 3 = 93.3 %; quarters: I Tốt (3 months), II Tốt+Đạt+Đạt = 86.7 % → Đạt (3),
    # III Đạt (3), IV Đạt (1 month): (100×3 + 80×3 + 80×3 + 80×1) / 10 = 86 %;
    # mean 89.67 % × 70 = 62.77 → 63 to the half point
    assert suggestion.value == 63
    assert suggestion.by_criterion == {"nhiem_vu": 63}
    assert suggestion.all_tasks_done is None  # one deed has no result yet
    assert suggestion.beyond_30 is True  # 1 of 3 assessed deeds beyond the target
    assert "Việc đăng ký: 1 vượt mức (100%), 2 hoàn thành (90%) → 93,3%" in suggestion.explanation
    assert "1 việc chưa có kết quả, không tính" in suggestion.explanation
    assert ("Đánh giá quý (theo số tháng được đánh giá): quý I Tốt (3 tháng), quý II Đạt (3 tháng), "
            "quý III Đạt (3 tháng), quý IV Đạt (1 tháng) → 86%") in suggestion.explanation
    assert "≈ 63 điểm" in suggestion.explanation


def test_no_suggestion_without_deeds_or_reviews(db, commune) -> None:
    suggestion = yearend.suggest_points(db, 2025, commune["Bình"])
    assert suggestion.value is None
    assert "chưa có kết quả" in suggestion.explanation


def test_one_reviewed_month_is_not_enough_data(db, commune) -> None:
    reviews.set_reviews(db, 2025, 1, [ReviewEdit(commune["Bình"], level="tot")])
    suggestion = yearend.suggest_points(db, 2025, commune["Bình"])
    assert suggestion.value is None  # not a 70/70 suggestion
    assert "mới có 1 tháng được đánh giá, chưa đủ dữ liệu" in suggestion.explanation
    reviews.set_reviews(db, 2025, 2, [ReviewEdit(commune["Bình"], level="dat")])
    # Q1: (100 + 80) / 2 = 90 % → Tốt, over 2 months: enough to suggest
    assert yearend.suggest_points(db, 2025, commune["Bình"]).value == 70


def test_quarters_are_derived_stored_and_weigh_by_the_months_reviewed(db, commune) -> None:
    binh = commune["Bình"]
    for month, level in ((1, "tot"), (2, "dat"), (3, "chua_dat"), (4, "chua_dat"), (5, "dat")):
        reviews.set_reviews(db, 2025, month, [ReviewEdit(binh, level=level)])
    found = quarters.quarters_of(db, 2025)[binh]
    # Q1 (100 + 80 + 40) / 3 = 73.3 % → Đạt; Q2 (40 + 80) / 2 = 60 % → Chưa đạt
    assert [(q.level, q.months_reviewed, q.stored) for q in found] == [
        ("dat", 3, False), ("chua_dat", 2, False), (None, 0, False), (None, 0, False)]
    quarters.set_quarter(db, 2025, binh, 2, "dat")  # the chi bộ's own assessment
    found = quarters.quarters_of(db, 2025)[binh]
    assert (found[1].level, found[1].stored) == ("dat", True)
    share, months = quarters.weighted_share(found)
    assert (share, months) == (Decimal("0.8"), 5)
    quarters.set_quarter(db, 2025, binh, 2, None)
    assert quarters.quarters_of(db, 2025)[binh][1].level == "chua_dat"
    with pytest.raises(UserError, match="Quý 5 không có"):
        quarters.set_quarter(db, 2025, binh, 5, "tot")


def test_five_years_excellent_across_rule_sets_is_marked(db, commune) -> None:
    for year in range(2021, 2025):
        years.ensure_year(db, year)
        yearend.set_manual_level(db, year, commune["An"], "HTXSNV")
    yearend.set_points(db, 2025, commune["An"], {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(db, 2025, commune["An"], FULL)
    result = yearend.score(db, 2025)[0]
    assert result.organisations[0].titles.streak_names == ["Nguyễn Văn An"]


def test_people_who_left_before_year_end_are_not_scored(db, commune) -> None:
    people.change_status(db, commune["Bình"], "chuyen_di", "15/06/2025")
    listed = [p.person.person_id for r in yearend.score(db, 2025) for p in r.people]
    assert commune["Bình"] not in listed and commune["An"] in listed
