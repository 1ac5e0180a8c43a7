"""Every level's task conditions (QĐ 366-QĐ/TW Điều 11), worked by hand, at their edges and as properties."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.rules import LEVEL_CODES, TaskConditions, preset
from desktop.core.scoring import (
    PENDING,
    RATED,
    PersonYearInput,
    TaskFacts,
    score_person,
    score_year,
)

R366 = preset("366")
R124 = preset("124")


def member(total: float, tasks: TaskFacts | None, person_id: int = 1, **values) -> PersonYearInput:
    chung = min(total, 30)
    base = {"person_id": person_id, "name": f"Người {person_id}", "unit_id": 2, "unit_name": "Chi bộ Xóm Đồng",
            "org_id": 1, "org_name": "Đảng bộ xã La Bằng", "joined_date": "2010-05-19",
            "points": {"chung": chung, "nhiem_vu": total - chung}, "shortcomings_fixed": True, "tasks": tasks}
    return PersonYearInput(**{**base, **values})


def facts(assigned: int, on_time: int, late: int = 0, not_done: int = 0, beyond: int = 0) -> TaskFacts:
    return TaskFacts(assigned, on_time, late, not_done, beyond)


def test_all_conditions_held_is_excellent_and_the_conditions_are_listed() -> None:
    result = score_person(R366, member(94, facts(8, 8, beyond=3)), 2025)
    assert result.final_level == "HTXSNV"
    assert result.reasons[-1] == ("Điều kiện nhiệm vụ đủ (8 việc, 8 đúng hạn, 3 vượt mức): "
                                  "Hoàn thành xuất sắc nhiệm vụ.")
    assert all(check.held for check in result.conditions)
    assert {check.level for check in result.conditions} == {"KHTNV", "HTXSNV", "HTTNV", "HTNV"}


def test_beyond_requirement_below_30_percent_falls_to_good() -> None:
    result = score_person(R366, member(94, facts(8, 8, beyond=2)), 2025)
    assert result.final_level == "HTTNV"
    assert result.reasons[-1] == "94 điểm nhưng 2/8 việc vượt mức (25% < 30%): Hoàn thành tốt nhiệm vụ."


def test_shortcomings_not_fixed_falls_to_good() -> None:
    result = score_person(R366, member(94, facts(8, 8, beyond=3), shortcomings_fixed=False), 2025)
    assert result.final_level == "HTTNV"
    assert "chưa khắc phục xong hạn chế" in result.reasons[-1]


def test_one_late_task_keeps_91_points_at_done() -> None:
    result = score_person(R366, member(91, facts(8, 7, late=1, beyond=3)), 2025)
    assert result.final_level == "HTNV"
    assert result.reasons[-1] == "91 điểm nhưng 1/8 việc trễ hạn (12,5% ≤ 20%): Hoàn thành nhiệm vụ."


def test_exactly_20_percent_late_is_still_done() -> None:
    assert score_person(R366, member(91, facts(5, 4, late=1)), 2025).final_level == "HTNV"


def test_more_than_20_percent_late_is_left_to_the_committee() -> None:
    result = score_person(R366, member(91, facts(8, 6, late=2)), 2025)
    assert (result.proposed_level, result.final_level, result.status) == (None, None, PENDING)
    assert result.committee_decides
    assert result.reasons[-1] == (
        "91 điểm nhưng 2/8 việc trễ hạn (25% > 20%): không đủ điều kiện mức nào, cũng chưa quá 50% không hoàn "
        "thành; văn bản không quy định mức cho trường hợp này, cấp ủy xem xét, quyết định (ghi rõ lý do).")


def test_a_good_points_total_with_a_late_task_falls_to_done() -> None:
    result = score_person(R366, member(80, facts(10, 9, late=1)), 2025)
    assert result.final_level == "HTNV"
    assert result.reasons[-1] == "80 điểm nhưng 1/10 việc trễ hạn (10% ≤ 20%): Hoàn thành nhiệm vụ."


def test_exactly_half_not_done_is_the_gap_and_more_is_not_completed() -> None:
    gap = score_person(R366, member(80, facts(4, 2, not_done=2)), 2025)
    assert gap.final_level is None and gap.committee_decides
    failed = score_person(R366, member(80, facts(5, 2, not_done=3)), 2025)
    assert failed.final_level == "KHTNV" and not failed.committee_decides
    assert failed.reasons[-1] == "3/5 việc không hoàn thành (60%), quá 50%: Không hoàn thành nhiệm vụ."


def test_the_gap_may_have_a_default_in_the_rule_set() -> None:
    rules = dataclasses.replace(R366, task_conditions=TaskConditions(enabled=True, gap_default_level="HTNV"))
    result = score_person(rules, member(80, facts(4, 3, not_done=1)), 2025)
    assert result.final_level == "HTNV" and result.committee_decides
    assert result.reasons[-1] == "Theo bộ quy định của năm, tạm đề xuất Hoàn thành nhiệm vụ."


def test_the_committee_decides_the_gap_with_a_reason() -> None:
    decided = member(80, facts(4, 3, not_done=1), final_level="HTNV", override_reason="Nghị quyết chi bộ số 5")
    result = score_person(R366, decided, 2025)
    assert (result.final_level, result.status, result.overridden) == ("HTNV", RATED, True)
    assert not result.committee_decides


def test_unrecorded_deeds_are_named_and_not_counted() -> None:
    result = score_person(R366, member(80, TaskFacts(3, 3, 0, 0, 0, unrecorded=2)), 2025)
    assert result.final_level == "HTTNV"
    assert "2 việc đăng ký chưa ghi kết quả, chưa tính vào số liệu nhiệm vụ." in result.reasons


def test_counts_that_leave_tasks_unaccounted_ask_for_results() -> None:
    result = score_person(R366, member(80, facts(8, 6)), 2025)
    assert result.final_level is None
    assert result.reasons[-1].startswith("2/8 việc chưa ghi kết quả nên chưa đủ điều kiện mức nào")


def test_the_124_preset_keeps_its_rules() -> None:
    person = member(0, facts(8, 6, late=2), points={}, manual_level="HTTNV")
    result = score_person(R124, person, 2024)
    assert result.final_level == "HTTNV" and result.conditions == []


@pytest.mark.parametrize(("joined", "review", "rated"), [
    ("2025-06-30", None, True),           # 6 months to the day before 31/12 (30/12 ≤ 31/12)
    ("2025-07-01", None, False),
    ("2025-06-15", "2025-12-15", True),   # counted to the year-end meeting, to the day
    ("2025-06-16", "2025-12-15", False),
])
def test_six_months_count_to_the_review_date(joined, review, rated) -> None:
    result = score_person(R366, member(80, None, joined_date=joined, review_date=review), 2025)
    assert (result.status != "not_rated") is rated
    if not rated:
        shown = "15/12/2025" if review else "31/12/2025"
        assert f"chưa đủ 6 tháng tính đến {shown}" in result.reasons[0]


def test_sick_or_maternity_leave_and_temporary_attendance_are_named_without_a_cap() -> None:
    result = score_person(R366, member(80, facts(4, 4), long_sick_leave=True, temporary_attendance=True,
                                       attendance_comment="Chi bộ Tổ 3 nhận xét tốt"), 2025)
    assert result.final_level == "HTTNV"
    assert any("nghỉ thai sản: đánh giá trên kết quả công việc thực tế" in r for r in result.reasons)
    assert result.reasons[-1].endswith("Ý kiến: Chi bộ Tổ 3 nhận xét tốt.")


def quota_people(excellent: int, good: int, outstanding: bool = False, form: str = "2C") -> list[PersonYearInput]:
    people = [member(95, facts(3, 3, beyond=1), person_id=n, outstanding_unit=outstanding, form=form)
              for n in range(excellent)]
    people += [member(80, facts(3, 3), person_id=100 + n, outstanding_unit=outstanding, form=form)
               for n in range(good)]
    return people


def test_quota_is_20_percent_and_25_for_an_outstanding_unit() -> None:
    usual = score_year(R366, quota_people(excellent=2, good=8), 2025).organisations[0].quota
    assert (usual.allowed, usual.exceeded) == (1, True)
    assert "vượt mức tối đa 1 người (20% của 8 người" in (usual.warning or "")
    raised = score_year(R366, quota_people(excellent=2, good=8, outstanding=True), 2025).organisations[0].quota
    assert (raised.limit_percent, raised.allowed, raised.exceeded) == (25, 2, False)
    # never a demotion
    assert [p.final_level for p in score_year(R366, quota_people(2, 8), 2025).people][:2] == ["HTXSNV"] * 2


def test_quota_per_form_when_the_setting_groups_by_form() -> None:
    rules = dataclasses.replace(R366, quota=dataclasses.replace(R366.quota, group="org_form"))
    people = quota_people(excellent=1, good=1, form="2A") + [
        dataclasses.replace(p, person_id=p.person_id + 1000) for p in quota_people(excellent=0, good=8, form="2C")]
    quota = score_year(rules, people, 2025).organisations[0].quota
    assert quota.exceeded and quota.group_warnings == [
        "Đảng bộ xã La Bằng, mẫu 2A: 1 người Hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa 0 người (20% của 1 "
        "người — số được xếp loại Hoàn thành tốt nhiệm vụ). Cấp ủy cần xem xét lại; chương trình không tự hạ mức."]
    # the same people counted as one group fit: 1 of 9 is within 20%
    assert not score_year(R366, people, 2025).organisations[0].quota.exceeded


def test_soldier_title_needs_80_percent_of_the_council() -> None:
    excellent = member(95, facts(3, 3, beyond=1), council_vote=75)
    result = score_person(R366, excellent, 2025)
    assert result.title == "lao_dong_tien_tien"
    assert "biểu quyết 75% (dưới 80%)" in (result.title_reason or "")
    assert score_person(R366, dataclasses.replace(excellent, council_vote=80), 2025).title == "chien_si_thi_dua_co_so"
    assert score_person(R366, dataclasses.replace(excellent, titles_apply=False), 2025).title is None


def test_party_awards_for_the_year_and_five_years_running() -> None:
    history = {y: "HTXSNV" for y in range(2021, 2025)}
    result = score_person(R366, member(95, facts(3, 3, beyond=1), history=history), 2025)
    assert result.awards == [
        "Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ trong năm",
        "Giấy khen của Ban Thường vụ cấp ủy cấp trên trực tiếp của cơ sở: Hoàn thành xuất sắc nhiệm vụ 5 năm liền"]
    assert score_person(R366, member(80, facts(3, 3)), 2025).awards == []


# Best first; the committee's case (None) sits between HTNV and KHTNV.
ORDER = ["HTXSNV", "HTTNV", "HTNV", None, "KHTNV"]


@st.composite
def facts_st(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    on_time, late, not_done = (draw(st.integers(0, 6)) for _ in range(3))
    if on_time + late + not_done == 0:
        on_time = 1
    beyond = draw(st.integers(0, on_time + late))
    return on_time + late + not_done, on_time, late, not_done, beyond


@given(facts_st(), st.integers(0, 1000).map(lambda n: n / 10))
def test_a_late_task_never_raises_the_level(counts, total) -> None:
    n, on_time, late, not_done, beyond = counts
    before = score_person(R366, member(total, facts(n, on_time, late, not_done, beyond)), 2025).final_level
    if on_time:  # one task done on time becomes late
        later = facts(n, on_time - 1, late + 1, not_done, min(beyond, n - not_done))
        after = score_person(R366, member(total, later), 2025).final_level
        assert ORDER.index(after) >= ORDER.index(before)
    if not not_done:  # one more task, done late
        added = score_person(R366, member(total, facts(n + 1, on_time, late + 1, 0, beyond)), 2025).final_level
        assert ORDER.index(added) >= ORDER.index(before)


@given(facts_st(), st.integers(0, 1000).map(lambda n: n / 10), st.integers(0, 1000).map(lambda n: n / 10))
def test_more_points_never_lower_the_level_with_the_same_task_facts(counts, a, b) -> None:
    tasks = facts(*counts)
    low, high = sorted((a, b))
    level_low = score_person(R366, member(low, tasks), 2025).final_level
    level_high = score_person(R366, member(high, tasks), 2025).final_level
    assert ORDER.index(level_high) <= ORDER.index(level_low)


def test_level_codes_are_the_order_used_here() -> None:
    assert [c for c in ORDER if c] == list(LEVEL_CODES)
