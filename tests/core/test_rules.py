"""Year rule sets: presets, validation, storage per year."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core import changes, years
from desktop.core.errors import UserError
from desktop.core.rules import (
    LEVEL_CODES,
    Criterion,
    TaskConditions,
    Thresholds,
    from_json,
    load_file,
    preset,
    rules_for_year,
    save_file,
    set_rules,
    to_json,
    validate,
)


def test_preset_366_has_two_groups_of_30_and_70_points() -> None:
    rules = preset("366")
    assert rules.uses_points
    assert {(g.code, g.max_points) for g in rules.groups} == {("chung", 30), ("nhiem_vu", 70)}
    assert rules.max_total == 100
    assert (rules.thresholds.excellent, rules.thresholds.good, rules.thresholds.done) == (90, 70, 50)
    assert set(rules.excellence_conditions) == {"all_tasks_done", "beyond_30", "shortcomings_fixed"}
    assert rules.quota.enabled and rules.quota.percent == 20 and rules.quota.base == "HTTNV"
    assert rules.titles.soldier_cap_percent == 15 and not rules.titles.soldier_cap_enabled  # a setting, off
    assert not any(cap.enabled for cap in rules.caps)  # long sick leave cap is off by default
    validate(rules)


def test_preset_124_rates_without_points_but_checks_the_quota() -> None:
    rules = preset("124")
    assert not rules.uses_points and not rules.criteria
    assert rules.quota.enabled
    validate(rules)


def test_levels_carry_their_vietnamese_names() -> None:
    rules = preset("366")
    assert [level.code for level in rules.levels] == list(LEVEL_CODES)
    assert rules.level_name("HTXSNV") == "Hoàn thành xuất sắc nhiệm vụ"
    assert rules.level_name("KHTNV") == "Không hoàn thành nhiệm vụ"


def test_unknown_preset_is_a_user_error() -> None:
    with pytest.raises(UserError, match="366, 366-2C hoặc 124"):
        preset("2019")


def test_a_committee_may_split_a_group_within_its_maximum() -> None:
    rules = dataclasses.replace(preset("366"), criteria=(
        Criterion("ct", "Chính trị tư tưởng", "chung", 10),
        Criterion("dd", "Đạo đức, lối sống", "chung", 10),
        Criterion("pb", "Tự phê bình và phê bình", "chung", 10),
        Criterion("nhiem_vu", "Kết quả thực hiện nhiệm vụ", "nhiem_vu", 70),
    ))
    validate(rules)


def test_split_criteria_over_the_group_maximum_are_refused_with_the_numbers() -> None:
    rules = dataclasses.replace(preset("366"), criteria=(
        Criterion("ct", "Chính trị tư tưởng", "chung", 20),
        Criterion("dd", "Đạo đức, lối sống", "chung", 15),
        Criterion("nhiem_vu", "Kết quả thực hiện nhiệm vụ", "nhiem_vu", 70),
    ))
    with pytest.raises(UserError, match="“Tiêu chí chung” cộng lại 35 điểm, phải bằng 30"):
        validate(rules)


def test_duplicate_criterion_codes_and_unknown_groups_are_refused() -> None:
    rules = dataclasses.replace(preset("366"), criteria=(
        Criterion("a", "Một", "chung", 15),
        Criterion("a", "Hai", "chung", 15),
        Criterion("b", "Ba", "khac", 70),
    ))
    with pytest.raises(UserError) as caught:
        validate(rules)
    assert "trùng" in caught.value.message
    assert "nhóm “khac”" in caught.value.message


def test_thresholds_must_increase() -> None:
    rules = dataclasses.replace(preset("366"), thresholds=Thresholds(excellent=90, good=40, done=50))
    with pytest.raises(UserError, match="Ngưỡng điểm phải tăng dần"):
        validate(rules)


def test_quota_percent_outside_0_100_is_refused() -> None:
    rules = preset("366")
    bad = dataclasses.replace(rules, quota=dataclasses.replace(rules.quota, percent=120))
    with pytest.raises(UserError, match="từ 0 đến 100%"):
        validate(bad)


def test_json_round_trip_keeps_every_setting() -> None:
    rules = preset("366")
    edited = dataclasses.replace(rules, name="Quy định của Đảng bộ xã", quota=dataclasses.replace(
        rules.quota, base="HTTNV_and_above", percent=25))
    assert from_json(to_json(edited)) == edited
    assert "Đảng bộ xã" in to_json(edited)  # stored readable, not escaped


def test_default_rule_set_follows_the_year(db) -> None:
    assert rules_for_year(db, 2024).preset == "124"
    assert rules_for_year(db, 2023).preset == "124"
    assert rules_for_year(db, 2025).preset == "366"
    assert rules_for_year(db, 2026).preset == "366"


def test_stored_rule_set_is_per_year_and_undoable(db) -> None:
    years.ensure_year(db, 2025)
    rules = preset("366")
    custom = dataclasses.replace(rules, quota=dataclasses.replace(rules.quota, enabled=False))
    change = set_rules(db, 2025, custom)
    assert rules_for_year(db, 2025) == custom
    assert rules_for_year(db, 2026).quota.enabled  # other years keep their default
    changes.undo(db, change)
    assert rules_for_year(db, 2025).quota.enabled


def test_invalid_rule_set_is_not_stored(db) -> None:
    bad = dataclasses.replace(preset("366"), name=" ")
    with pytest.raises(UserError, match="cần có tên"):
        set_rules(db, 2025, bad)
    assert rules_for_year(db, 2025).name == "Quy định 366-QĐ/TW"


def test_damaged_stored_rules_say_what_to_do(db) -> None:
    years.ensure_year(db, 2025)
    db.execute("UPDATE years SET rules = '{\"preset\": 1}' WHERE year = 2025")
    with pytest.raises(UserError, match="chọn lại bộ quy định mẫu"):
        rules_for_year(db, 2025)


def test_phu_luc_5_preset_splits_30_and_70_into_the_form_2c_items() -> None:
    rules = preset("366-2C")
    validate(rules)
    by_group: dict[str, list[str]] = {}
    for criterion in rules.for_form("2C").criteria:
        by_group.setdefault(criterion.group, []).append(criterion.code)
    assert by_group == {"chung": ["chinh_tri", "tu_phe_binh"],
                        "nhiem_vu": ["nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]}
    assert rules.task_conditions.enabled and not rules.titles.soldier_cap_enabled
    # The texts split no item for 2A and 2B: they keep the 30 + 70 frame, and the notes say so.
    assert [c.code for c in rules.for_form("2A").criteria] == ["chung", "nhiem_vu"]
    assert rules.for_form("2B") == rules.for_form(None) and "Mẫu 2A, 2B dùng bảng mặc định" in rules.note


@pytest.mark.parametrize("preset_id", ["366", "366-2C", "124"])
def test_a_rule_set_file_from_the_dang_uy_imports_unchanged(tmp_path, preset_id) -> None:
    edited = dataclasses.replace(
        preset(preset_id), name="Bảng tiêu chí của Tỉnh ủy Thái Nguyên",
        task_conditions=TaskConditions(enabled=preset_id != "124", gap_default_level="HTNV"),
        quota=dataclasses.replace(preset(preset_id).quota, group="org_form", outstanding_percent=25))
    path = tmp_path / "bo-tieu-chi-2025.json"
    save_file(path, edited, 2025)
    assert load_file(path) == (2025, edited)


def test_a_file_that_is_not_a_rule_set_is_refused_by_name(tmp_path) -> None:
    path = tmp_path / "danh-sach.json"
    path.write_text('{"people": []}', encoding="utf-8")
    with pytest.raises(UserError, match="danh-sach.json không phải tệp bộ quy định"):
        load_file(path)
    broken = tmp_path / "hong.json"
    broken.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(UserError, match="Không đọc được tệp hong.json"):
        load_file(broken)
