"""Criteria tables per form (2A/2B/2C) within one year's rule set (HD 43 §1)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from desktop.core import people, rules, units, yearend, years
from desktop.core.deeds import add_deed, update_deed
from desktop.core.errors import UserError
from desktop.core.rules import (
    CriteriaGroup,
    Criterion,
    FormCriteria,
    from_json,
    preset,
    to_json,
    validate,
)
from desktop.core.scoring import PersonYearInput, score_person, score_year

OLD_JSON = (  # stored by the program before per-form tables (a 366-2C year, note edited)
    '{"format": 1, "preset": "366-2C", "name": "Quy định 366-QĐ/TW, Phụ lục 5 (Mẫu 2C)", '
    '"uses_points": true, "levels": [{"code": "HTXSNV", "name": "Hoàn thành xuất sắc nhiệm vụ"}, '
    '{"code": "HTTNV", "name": "Hoàn thành tốt nhiệm vụ"}, {"code": "HTNV", '
    '"name": "Hoàn thành nhiệm vụ"}, {"code": "KHTNV", "name": "Không hoàn thành nhiệm vụ"}], '
    '"groups": [{"code": "chung", "name": "Tiêu chí chung", "max_points": 30}, {"code": "nhiem_vu", '
    '"name": "Kết quả thực hiện nhiệm vụ", "max_points": 70}], "criteria": [{"code": "chinh_tri", '
    '"name": "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", "group": "chung", '
    '"max_points": 20}, {"code": "tu_phe_binh", "name": "Tự phê bình và phê bình, khắc phục hạn chế, '
    'khuyết điểm", "group": "chung", "max_points": 10}, {"code": "nhiem_vu_chi_bo", '
    '"name": "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công", "group": "nhiem_vu", '
    '"max_points": 40}, {"code": "hoc_tap", "name": "Học tập, '
    'quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ", "group": "nhiem_vu", '
    '"max_points": 15}, {"code": "phong_trao", "name": "Nhiệm vụ đột xuất, '
    'phong trào ở địa phương (theo sức khỏe, độ tuổi)", "group": "nhiem_vu", "max_points": 15}], '
    '"task_group": "nhiem_vu", "thresholds": {"excellent": 90, "good": 70, "done": 50}, '
    '"excellence_conditions": ["all_tasks_done", "beyond_30", "shortcomings_fixed"], '
    '"failing_conditions": ["disciplined", "degraded"], "discipline_remedy_allowed": true, '
    '"not_rated_statuses": ["mien_sinh_hoat", "dinh_chi"], "min_party_months": 6, '
    '"caps": [{"flag": "long_sick_leave", "max_level": "HTNV", "enabled": false}], '
    '"quota": {"enabled": true, "percent": 20, "base": "HTTNV", "group": "org", '
    '"outstanding_percent": 25}, "titles": {"enabled": true, "advanced_name": "Lao động tiên tiến", '
    '"advanced_min_level": "HTTNV", "soldier_name": "Chiến sĩ thi đua cơ sở", '
    '"soldier_cap_enabled": false, "soldier_cap_percent": 15, "excellent_streak_years": 5, '
    '"council_vote_min_percent": 80}, "note": "Bảng của Tỉnh ủy, 2025.", '
    '"task_conditions": {"enabled": true, "late_max_percent": 20, "not_done_fail_percent": 50, '
    '"beyond_min_percent": 30, "gap_default_level": null}, "awards": {"enabled": true, '
    '"yearly_name": "Giấy khen của Đảng ủy cơ sở", '
    '"streak_name": "Giấy khen của Ban Thường vụ cấp ủy cấp trên trực tiếp của cơ sở", '
    '"collective_name": "Hoàn thành xuất sắc nhiệm vụ tiêu biểu"}, "sick_leave_note": true}'
)

# A province's table for leaders (2A): general 30 in three items, task results 70 in two.
TABLE_2A = FormCriteria(
    groups=(CriteriaGroup("chung", "Tiêu chí chung", 30), CriteriaGroup("nhiem_vu", "Kết quả thực hiện nhiệm vụ", 70)),
    criteria=(
        Criterion("chinh_tri", "Phẩm chất chính trị, đạo đức, lối sống", "chung", 15),
        Criterion("nguoi_dung_dau", "Trách nhiệm người đứng đầu, nêu gương", "chung", 10),
        Criterion("tu_phe_binh", "Tự phê bình và phê bình", "chung", 5),
        Criterion("chi_tieu", "Chỉ tiêu, nhiệm vụ của cơ quan, đơn vị phụ trách", "nhiem_vu", 50),
        Criterion("lanh_dao", "Năng lực lãnh đạo, quản lý", "nhiem_vu", 20),
    ),
)
MIXED = dataclasses.replace(preset("366-2C"), form_criteria={**preset("366-2C").form_criteria, "2A": TABLE_2A})


def person(form: str, points: dict[str, float], person_id: int = 1) -> PersonYearInput:
    return PersonYearInput(person_id=person_id, name=f"Người {person_id}", unit_id=2, unit_name="Chi bộ Xóm Đồng",
                           org_id=1, org_name="Đảng bộ xã La Bằng", joined_date="2010-05-19", points=points,
                           all_tasks_done=True, beyond_30=True, shortcomings_fixed=True, form=form)


def test_a_2a_and_a_2c_person_of_one_year_are_scored_on_their_own_tables() -> None:
    validate(MIXED)
    leader = person("2A", {"chinh_tri": 14, "nguoi_dung_dau": 9, "tu_phe_binh": 5, "chi_tieu": 45, "lanh_dao": 18})
    farmer = person("2C", {"chinh_tri": 18, "tu_phe_binh": 9, "nhiem_vu_chi_bo": 36, "hoc_tap": 14, "phong_trao": 14},
                    person_id=2)
    result = score_year(MIXED, [leader, farmer], 2025)
    by_id = {p.person.person_id: p for p in result.people}
    assert (by_id[1].total, by_id[1].proposed_level) == (91, "HTXSNV")
    assert set(by_id[1].points) == {"chinh_tri", "nguoi_dung_dau", "tu_phe_binh", "chi_tieu", "lanh_dao"}
    assert (by_id[2].total, by_id[2].proposed_level) == (91, "HTXSNV")
    assert set(by_id[2].points) == {"chinh_tri", "tu_phe_binh", "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"}
    # The same 2C points read on the 2A table: the 2C-only items do not count, and the reasons say why.
    crossed = score_person(MIXED, dataclasses.replace(farmer, form="2A"), 2025)
    assert crossed.total == 20  # chinh_tri 18 and tu_phe_binh 9 over the 2A maxima 15 and 5
    assert "Điểm tiêu chí “hoc_tap” không có trong bảng tiêu chí Mẫu 2A năm nay nên không được tính." in crossed.reasons
    # Each maximum is the form's: 14 on chinh_tri is within 2A's 15, 18 is over it and counted as 15.
    capped = score_person(MIXED, dataclasses.replace(leader, points={**leader.points, "chinh_tri": 18}), 2025)
    assert capped.points["chinh_tri"] == 15


def test_a_form_without_a_table_uses_the_default_and_thresholds_stay_the_years() -> None:
    strict = dataclasses.replace(MIXED, thresholds=rules.Thresholds(excellent=95, good=75, done=55))
    agency = person("2B", {"chung": 28, "nhiem_vu": 64})
    result = score_person(strict, agency, 2025)
    assert result.total == 92 and result.proposed_level == "HTTNV"
    assert strict.for_form("2B").criteria == strict.criteria
    assert strict.for_form("2A").thresholds == strict.thresholds
    assert [c.code for c in MIXED.criteria_for_forms(["2C", "2A", "2B"])] == [
        "chinh_tri", "nguoi_dung_dau", "tu_phe_binh", "chi_tieu", "lanh_dao",  # 2A first
        "chung", "nhiem_vu",  # 2B: the default table
        "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]  # 2C's own items not met before
    assert [c.code for c in MIXED.criteria_for_forms(["2C"])] == [
        "chinh_tri", "tu_phe_binh", "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]


def test_validate_names_the_form_whose_table_is_wrong() -> None:
    short = FormCriteria(groups=TABLE_2A.groups, criteria=TABLE_2A.criteria[:-1])
    with pytest.raises(UserError, match="Bảng tiêu chí Mẫu 2A: Các tiêu chí của nhóm “Kết quả thực hiện nhiệm vụ” "
                                        "cộng lại 50 điểm, phải bằng 70 điểm"):
        validate(dataclasses.replace(MIXED, form_criteria={"2A": short}))
    twice = FormCriteria(groups=TABLE_2A.groups, criteria=(*TABLE_2A.criteria[:-1],
                                                           Criterion("chi_tieu", "Lặp", "nhiem_vu", 20)))
    with pytest.raises(UserError, match="Bảng tiêu chí Mẫu 2B: Mã tiêu chí bị trùng"):
        validate(dataclasses.replace(MIXED, form_criteria={"2B": twice}))
    with pytest.raises(UserError, match="Mẫu “2D” không có"):
        validate(dataclasses.replace(MIXED, form_criteria={"2D": TABLE_2A}))
    lost = FormCriteria(groups=(CriteriaGroup("chung", "Tiêu chí chung", 100),),
                        criteria=(Criterion("chung", "Tiêu chí chung", "chung", 100),))
    with pytest.raises(UserError, match="Bảng tiêu chí Mẫu 2C: Nhóm kết quả thực hiện nhiệm vụ “nhiem_vu” không có"):
        validate(dataclasses.replace(MIXED, form_criteria={"2C": lost}))


def test_per_form_tables_round_trip_through_json_and_the_rule_set_file(tmp_path) -> None:
    assert from_json(to_json(MIXED)) == MIXED
    path = tmp_path / "bo-tieu-chi-tinh.json"
    rules.save_file(path, MIXED, 2025)
    assert rules.load_file(path) == (2025, MIXED)
    assert rules.import_text(rules.export_text(MIXED, 2026), "x.json") == (2026, MIXED)
    assert "form_criteria" not in to_json(preset("366"))  # no per-form key: written as before


def test_a_rule_set_stored_before_per_form_tables_loads_unchanged() -> None:
    old = from_json(OLD_JSON)
    assert old.form_criteria == {}
    assert [c.code for c in old.criteria] == ["chinh_tri", "tu_phe_binh", "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]
    assert old.note == "Bảng của Tỉnh ủy, 2025."
    # Everyone of every form keeps the five items it had.
    assert all(old.for_form(form).criteria == old.criteria for form in ("2A", "2B", "2C"))
    # Written again, it holds every value it held (later settings only add keys with their defaults).
    assert _holds(json.loads(to_json(old)), json.loads(OLD_JSON))


def _holds(new: object, old: object) -> bool:
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and _holds(new[k], v) for k, v in old.items())
    return new == old


def test_the_124_preset_is_unchanged() -> None:
    rules124 = preset("124")
    assert rules124.form_criteria == {} and rules124.criteria == () and not rules124.uses_points


@pytest.fixture
def mixed_year(db) -> dict[str, int]:
    root = units.add_unit(db, "Đảng bộ xã La Bằng", "dang_bo").inserted_id("units")
    dong = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo", root).inserted_id("units")
    ids = {"An": people.add_person(db, {"full_name": "Nguyễn Văn An", "unit_id": dong, "kind": "dang_vien",
                                       "joined_date": "19/05/2010", "position": "Bí thư chi bộ"}).inserted_id("people"),
           "Bình": people.add_person(db, {"full_name": "Trần Văn Bình", "unit_id": dong, "kind": "dang_vien",
                                         "joined_date": "19/05/2010"}).inserted_id("people")}
    years.ensure_year(db, 2025)
    rules.set_rules(db, 2025, MIXED)
    return ids


def test_set_points_takes_the_persons_form_table_and_refuses_another_forms_criterion(db, mixed_year) -> None:
    assert yearend.person_form(db, 2025, mixed_year["An"]) == "2A"
    yearend.set_points(db, 2025, mixed_year["An"], {"nguoi_dung_dau": 9, "lanh_dao": "18,5"})
    yearend.set_points(db, 2025, mixed_year["Bình"], {"hoc_tap": 14})
    with pytest.raises(UserError, match="Tiêu chí “hoc_tap” không thuộc bảng tiêu chí Mẫu 2A của Nguyễn Văn An "
                                        "năm 2025; các tiêu chí của Mẫu 2A: chinh_tri"):
        yearend.set_points(db, 2025, mixed_year["An"], {"chinh_tri": 10, "hoc_tap": 12})
    with pytest.raises(UserError, match="Điểm tiêu chí “Phẩm chất chính trị, đạo đức, lối sống” của Nguyễn Văn An "
                                        "phải từ 0 đến 15 \\(đã nhập 18\\)"):
        yearend.set_points(db, 2025, mixed_year["An"], {"chinh_tri": 18})
    with pytest.raises(UserError, match="Tiêu chí “lanh_dao” không thuộc bảng tiêu chí Mẫu 2C"):
        yearend.set_points(db, 2025, mixed_year["Bình"], {"lanh_dao": 10})
    assert sorted(db.execute("SELECT person_id, criterion, points FROM scores").fetchall()) == sorted([
        (mixed_year["An"], "nguoi_dung_dau", 9.0), (mixed_year["An"], "lanh_dao", 18.5),
        (mixed_year["Bình"], "hoc_tap", 14.0)])  # nothing of the refused calls written
    yearend.set_form(db, 2025, mixed_year["Bình"], "2A")  # a changed form opens its table
    yearend.set_points(db, 2025, mixed_year["Bình"], {"lanh_dao": 10})


def test_the_suggestion_fills_the_task_items_of_the_persons_form(db, mixed_year) -> None:
    for pid in mixed_year.values():
        deed = add_deed(db, 2025, {"content": "Nuôi gà thả vườn"}, person_id=pid).inserted_id("deeds")
        update_deed(db, deed, {"outcome": "vuot_muc"})
    leader = yearend.suggest_points(db, 2025, mixed_year["An"])
    farmer = yearend.suggest_points(db, 2025, mixed_year["Bình"])
    assert set(leader.by_criterion) == {"chi_tieu", "lanh_dao"} and leader.value == 70
    assert set(farmer.by_criterion) == {"nhiem_vu_chi_bo", "hoc_tap", "phong_trao"} and farmer.value == 70


def test_the_rules_line_names_each_forms_table() -> None:
    assert yearend.rules_summary(preset("366")) == (
        "Quy định 366-QĐ/TW: Tiêu chí chung 30, Kết quả thực hiện nhiệm vụ 70")
    assert yearend.rules_summary(preset("366-2C")) == (
        "Quy định 366-QĐ/TW, Phụ lục 5 (Mẫu 2C) — Mẫu 2C: Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ "
        "luật 20, Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm 10, Thực hiện nhiệm vụ đảng viên và nhiệm "
        "vụ chi bộ phân công 40, Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ 15, Nhiệm vụ "
        "đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi) 15; Mẫu 2A, 2B: Tiêu chí chung 30, Kết quả thực "
        "hiện nhiệm vụ 70")
