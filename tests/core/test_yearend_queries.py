"""Year end: which flags a rule set asks for, and which criteria already hold points."""

from __future__ import annotations

from dataclasses import replace

from desktop.core import people, rules, units, yearend, years


def test_the_366_rules_ask_for_discipline_conditions_initiative_sick_leave_and_temporary_attendance() -> None:
    assert yearend.flags_in_use(rules.preset("366")) == (
        "disciplined", "discipline_remedied", "degraded", "all_tasks_done", "beyond_30",
        "shortcomings_fixed", "initiative", "long_sick_leave", "temporary_attendance")


def test_a_year_rated_by_hand_does_not_ask_for_the_excellence_conditions() -> None:
    assert yearend.flags_in_use(rules.preset("124")) == (
        "disciplined", "discipline_remedied", "degraded", "initiative")


def test_an_enabled_cap_and_titles_switched_off_change_the_flags_asked_for() -> None:
    base = rules.preset("366")
    edited = replace(base, caps=(rules.Cap("long_sick_leave", "HTNV", enabled=True),),
                     titles=replace(base.titles, enabled=False), discipline_remedy_allowed=False,
                     sick_leave_note=False)
    assert yearend.flags_in_use(edited) == (
        "disciplined", "degraded", "all_tasks_done", "beyond_30", "shortcomings_fixed", "long_sick_leave",
        "temporary_attendance")


def test_scored_criteria_counts_people_per_criterion_of_the_year(db) -> None:
    unit = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    ids = [people.add_person(db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                  "joined_date": "19/05/2010"}).inserted_id("people")
           for name in ("Nguyễn Văn An", "Trần Văn Bình")]
    years.ensure_year(db, 2025)
    years.ensure_year(db, 2026)
    yearend.set_points(db, 2025, ids[0], {"chung": 25, "nhiem_vu": 60})
    yearend.set_points(db, 2025, ids[1], {"chung": 27})
    yearend.set_points(db, 2026, ids[1], {"nhiem_vu": 50})
    assert yearend.scored_criteria(db, 2025) == {"chung": 2, "nhiem_vu": 1}
    assert yearend.scored_criteria(db, 2024) == {}
