"""Year-end scoring, on cases worked by hand and by property tests."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.rules import LEVEL_CODES, preset
from desktop.core.scoring import (
    NOT_RATED,
    PENDING,
    TITLE_ADVANCED,
    TITLE_NONE,
    TITLE_SOLDIER,
    PersonYearInput,
    score_person,
    score_year,
)

R366 = preset("366")
R124 = preset("124")
ALL_CONDITIONS = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}
NO_FACTS = ("Chưa có số liệu nhiệm vụ (số nhiệm vụ được giao): chưa kiểm tra được điều kiện hoàn thành nhiệm vụ "
            "của các mức; hãy nhập hoặc ghi kết quả các việc đăng ký.")


def member(chung: float | None = None, nhiem_vu: float | None = None, person_id: int = 1, **values) -> PersonYearInput:
    points = {k: v for k, v in (("chung", chung), ("nhiem_vu", nhiem_vu)) if v is not None}
    base = {"person_id": person_id, "name": f"Người {person_id}", "unit_id": 2, "unit_name": "Chi bộ Xóm Đồng",
            "org_id": 1, "org_name": "Đảng bộ xã La Bằng", "joined_date": "2010-05-19", "points": points}
    return PersonYearInput(**{**base, **values})


@pytest.mark.parametrize(("chung", "nhiem_vu", "total", "level"), [
    (20, 29.5, 49.5, "KHTNV"),
    (20, 30, 50, "HTNV"),
    (20, 49.9, 69.9, "HTNV"),
    (29.9, 40.1, 70, "HTTNV"),   # decimal sum must not fall to 69.999…
    (20, 50, 70, "HTTNV"),
    (20, 69.9, 89.9, "HTTNV"),
    (20, 70, 90, "HTXSNV"),
])
def test_threshold_edges(chung, nhiem_vu, total, level) -> None:
    result = score_person(R366, member(chung, nhiem_vu, **ALL_CONDITIONS), 2025)
    assert result.total == total
    assert result.proposed_level == result.final_level == level


def test_reasons_name_the_threshold() -> None:
    assert score_person(R366, member(20, 29.5), 2025).reasons == [
        "Tổng 49,5 điểm, dưới 50 điểm: Không hoàn thành nhiệm vụ."]
    assert score_person(R366, member(20, 49.9), 2025).reasons == [
        "Tổng 69,9 điểm, từ 50 đến dưới 70 điểm: Hoàn thành nhiệm vụ.", NO_FACTS]
    assert score_person(R366, member(25, 50), 2025).reasons == [
        "Tổng 75 điểm, từ 70 đến dưới 90 điểm: Hoàn thành tốt nhiệm vụ.", NO_FACTS]
    excellent = score_person(R366, member(28, 66, **ALL_CONDITIONS), 2025)
    assert excellent.reasons[0] == "Tổng 94 điểm, từ 90 điểm trở lên."
    assert excellent.reasons[1].endswith(": Hoàn thành xuất sắc nhiệm vụ.")


@pytest.mark.parametrize(("missing", "said"), [
    ("all_tasks_done", "chưa hoàn thành 100% chỉ tiêu, nhiệm vụ"),
    ("beyond_30", "chưa có ít nhất 30% chỉ tiêu, nhiệm vụ hoàn thành vượt mức"),
    ("shortcomings_fixed", "chưa khắc phục xong hạn chế, khuyết điểm"),
])
def test_ninety_points_failing_an_excellence_condition_is_httnv_and_says_which(missing, said) -> None:
    result = score_person(R366, member(28, 67, **{**ALL_CONDITIONS, missing: False}), 2025)
    assert result.final_level == "HTTNV"
    assert any(said in reason and "Xếp Hoàn thành tốt nhiệm vụ" in reason for reason in result.reasons)


def test_discipline_gives_khtnv_whatever_the_points() -> None:
    result = score_person(R366, member(30, 70, disciplined=True, **ALL_CONDITIONS), 2025)
    assert result.final_level == "KHTNV"
    assert "Bị thi hành kỷ luật trong năm: xếp Không hoàn thành nhiệm vụ." in result.reasons


def test_discipline_self_detected_and_remedied_does_not_force_khtnv() -> None:
    result = score_person(R366, member(25, 50, disciplined=True, discipline_remedied=True), 2025)
    assert result.final_level == "HTTNV"
    assert any("tự phát hiện và khắc phục" in reason for reason in result.reasons)


def test_degraded_gives_khtnv() -> None:
    result = score_person(R366, member(25, 60, degraded=True), 2025)
    assert result.final_level == "KHTNV"
    assert any("suy thoái" in reason for reason in result.reasons)


def test_long_sick_leave_cap_is_optional() -> None:
    person = member(25, 55, long_sick_leave=True)
    assert score_person(R366, person, 2025).final_level == "HTTNV"
    capped = dataclasses.replace(R366, caps=(dataclasses.replace(R366.caps[0], enabled=True),))
    result = score_person(capped, person, 2025)
    assert result.final_level == "HTNV"
    assert ("Nghỉ ốm dài ngày hoặc nghỉ thai sản: tối đa Hoàn thành nhiệm vụ theo quy định của năm."
            in result.reasons)


@pytest.mark.parametrize(("values", "said"), [
    ({"status": "mien_sinh_hoat"}, "miễn công tác và sinh hoạt đảng"),
    ({"status": "dinh_chi"}, "đình chỉ sinh hoạt"),
    ({"joined_date": "2025-07-01"}, "Vào Đảng ngày 01/07/2025, chưa đủ 6 tháng tính đến 31/12/2025"),
    ({"kind": "quan_chung", "joined_date": None}, "Quần chúng: không xếp loại chất lượng đảng viên."),
])
def test_not_rated_cases_get_no_level_and_say_why(values, said) -> None:
    result = score_person(R366, member(28, 66, **ALL_CONDITIONS, **values), 2025)
    assert result.status == NOT_RATED
    assert result.final_level is None and result.proposed_level is None
    assert said in result.reasons[0]


def test_admitted_six_months_before_year_end_is_rated() -> None:
    assert score_person(R366, member(25, 50, joined_date="2025-06-30"), 2025).final_level == "HTTNV"


def test_member_without_points_waits_to_be_scored() -> None:
    result = score_person(R366, member(), 2025)
    assert result.status == PENDING and result.final_level is None
    assert result.reasons == ["Chưa chấm điểm: hãy nhập điểm các tiêu chí."]


def test_missing_criterion_counts_zero_and_is_named() -> None:
    result = score_person(R366, member(nhiem_vu=65), 2025)
    assert result.final_level == "HTNV"
    assert "Chưa nhập điểm tiêu chí: Tiêu chí chung (tạm tính 0 điểm)." in result.reasons


def test_override_keeps_the_proposal_and_shows_the_reason() -> None:
    result = score_person(R366, member(25, 50, final_level="HTNV", override_reason="Nghị quyết số 12-NQ/ĐU"), 2025)
    assert result.proposed_level == "HTTNV"
    assert result.final_level == "HTNV" and result.overridden
    assert any("Nghị quyết số 12-NQ/ĐU" in reason for reason in result.reasons)


def test_rule_set_124_uses_the_level_entered_by_hand() -> None:
    assert score_person(R124, member(manual_level="HTTNV"), 2024).final_level == "HTTNV"
    pending = score_person(R124, member(), 2024)
    assert pending.status == PENDING
    assert score_person(R124, member(manual_level="HTXSNV", disciplined=True), 2024).final_level == "KHTNV"


def quota_case(excellent: int, good: int, done: int = 0) -> list[PersonYearInput]:
    people = [member(28, 66, i, **ALL_CONDITIONS) for i in range(excellent)]
    people += [member(25, 50, 100 + i) for i in range(good)]
    people += [member(20, 40, 200 + i) for i in range(done)]
    return people


def test_quota_worked_example_10_good_3_excellent_allows_2() -> None:
    result = score_year(R366, quota_case(excellent=3, good=10), 2025)
    quota = result.organisations[0].quota
    assert (quota.rated, quota.excellent, quota.good, quota.allowed) == (13, 3, 10, 2)
    assert quota.exceeded
    assert quota.excellent_percent_of_rated == 23.1
    assert quota.excellent_percent_of_good == 30.0
    assert quota.shares["HTTNV"] == 76.9
    assert quota.warning == (
        "Đảng bộ xã La Bằng: 3 người Hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa 2 người "
        "(20% của 10 người — số được xếp loại Hoàn thành tốt nhiệm vụ). "
        "Cấp ủy cần xem xét lại; chương trình không tự hạ mức."
    )
    # a warning, never a silent demotion
    assert sum(p.final_level == "HTXSNV" for p in result.people) == 3


def test_quota_within_limit_has_no_warning() -> None:
    quota = score_year(R366, quota_case(excellent=2, good=10, done=1), 2025).organisations[0].quota
    assert not quota.exceeded and quota.warning is None


def test_quota_base_can_be_httnv_and_above_or_switched_off() -> None:
    above = dataclasses.replace(R366, quota=dataclasses.replace(R366.quota, base="HTTNV_and_above"))
    quota = score_year(above, quota_case(excellent=3, good=12), 2025).organisations[0].quota
    assert (quota.base_count, quota.allowed, quota.exceeded) == (15, 3, False)
    off = dataclasses.replace(R366, quota=dataclasses.replace(R366.quota, enabled=False))
    quota = score_year(off, quota_case(excellent=5, good=5), 2025).organisations[0].quota
    assert quota.allowed is None and not quota.exceeded


def test_quota_is_checked_per_organisation() -> None:
    people = quota_case(excellent=3, good=10)
    people += [dataclasses.replace(p, person_id=p.person_id + 1000, org_id=9, org_name="Chi bộ Công an")
               for p in quota_case(excellent=1, good=10)]
    orgs = {o.org_name: o.quota for o in score_year(R366, people, 2025).organisations}
    assert orgs["Đảng bộ xã La Bằng"].exceeded
    assert not orgs["Chi bộ Công an"].exceeded


def test_the_not_rated_are_not_counted_in_the_quota() -> None:
    people = quota_case(excellent=2, good=10) + [member(28, 66, 300, status="mien_sinh_hoat")]
    quota = score_year(R366, people, 2025).organisations[0].quota
    assert (quota.rated, quota.not_rated) == (12, 1)


def test_emulation_titles_follow_the_level_and_initiative() -> None:
    good, excellent, inventive, ordinary = (
        score_person(R366, member(25, 50), 2025),
        score_person(R366, member(28, 66, **ALL_CONDITIONS), 2025),
        score_person(R366, member(25, 50, initiative=True), 2025),
        score_person(R366, member(20, 40), 2025),
    )
    assert good.title == TITLE_ADVANCED
    assert excellent.title == TITLE_SOLDIER
    assert inventive.title == TITLE_SOLDIER
    assert "có sáng kiến được công nhận" in (inventive.title_reason or "")
    assert ordinary.title is None


def test_a_decided_title_replaces_the_proposal() -> None:
    result = score_person(R366, member(28, 66, title=TITLE_NONE, **ALL_CONDITIONS), 2025)
    assert result.proposed_title == TITLE_SOLDIER and result.title is None


def test_soldier_cap_is_off_by_default_and_a_province_may_set_15_percent() -> None:
    people = quota_case(excellent=2, good=10)
    assert score_year(R366, people, 2025).organisations[0].titles.allowed is None  # the 2022 law dropped it
    capped = dataclasses.replace(R366, titles=dataclasses.replace(R366.titles, soldier_cap_enabled=True))
    titles = score_year(capped, people, 2025).organisations[0].titles
    assert (titles.advanced, titles.soldier, titles.allowed, titles.exceeded) == (12, 2, 1, True)
    assert "vượt mức tối đa 1" in (titles.warning or "")


def test_five_years_running_excellent_is_marked() -> None:
    history = {2021: "HTXSNV", 2022: "HTXSNV", 2023: "HTXSNV", 2024: "HTXSNV"}
    result = score_person(R366, member(28, 66, history=history, **ALL_CONDITIONS), 2025)
    assert result.excellent_streak
    assert "Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2021–2025)." in result.reasons
    broken = score_person(R366, member(28, 66, history={**history, 2022: "HTTNV"}, **ALL_CONDITIONS), 2025)
    assert not broken.excellent_streak


points_st = st.integers(0, 300).map(lambda n: n / 10), st.integers(0, 700).map(lambda n: n / 10)
flags_st = st.fixed_dictionaries({k: st.booleans() for k in (
    "all_tasks_done", "beyond_30", "shortcomings_fixed", "degraded", "initiative", "long_sick_leave",
    "discipline_remedied")})
level_st = st.none() | st.sampled_from(LEVEL_CODES)


def _rank(level: str | None) -> int:
    return LEVEL_CODES.index(level) if level else len(LEVEL_CODES)


@given(*points_st, st.integers(0, 300), st.integers(0, 300), flags_st, st.booleans())
def test_more_points_never_lower_the_level(chung, nhiem_vu, more_a, more_b, flags, disciplined) -> None:
    lower = member(chung, nhiem_vu, disciplined=disciplined, **flags)
    higher = member(min(30, chung + more_a / 10), min(70, nhiem_vu + more_b / 10), disciplined=disciplined, **flags)
    assert _rank(score_person(R366, higher, 2025).proposed_level) <= _rank(score_person(R366, lower, 2025).proposed_level)


@given(st.none() | points_st[0], st.none() | points_st[1], flags_st, level_st, st.sampled_from([R366, R124]))
def test_discipline_not_remedied_always_gives_khtnv(chung, nhiem_vu, flags, manual, rules) -> None:
    person = member(chung, nhiem_vu, manual_level=manual, disciplined=True, **{**flags, "discipline_remedied": False})
    result = score_person(rules, person, 2025)
    assert result.proposed_level == result.final_level == "KHTNV"


@given(*points_st, flags_st, level_st,
       st.sampled_from([{"status": "mien_sinh_hoat"}, {"status": "dinh_chi"}, {"kind": "quan_chung"},
                        {"joined_date": "2025-11-02"}]))
def test_the_not_rated_never_get_a_level(chung, nhiem_vu, flags, decided, case) -> None:
    result = score_person(R366, member(chung, nhiem_vu, final_level=decided, **flags, **case), 2025)
    assert result.status == NOT_RATED
    assert result.final_level is None and result.title is None


@given(st.none() | points_st[0], st.none() | points_st[1], flags_st, st.booleans(), level_st, level_st,
       st.sampled_from([R366, R124]))
def test_every_rated_person_has_a_reason(chung, nhiem_vu, flags, disciplined, manual, decided, rules) -> None:
    person = member(chung, nhiem_vu, disciplined=disciplined, manual_level=manual, final_level=decided,
                    override_reason="Quyết định của Đảng ủy", **flags)
    result = score_person(rules, person, 2025)
    assert result.reasons
    if result.final_level is not None:
        assert result.final_level in LEVEL_CODES
