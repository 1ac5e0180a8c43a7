"""Cuối năm: scoring some grass-roots organisations gives their part of the whole file's scoring."""

from __future__ import annotations

from desktop.core import people, units, yearend, years

FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


def _second_organisation(db) -> tuple[int, list[int]]:
    """A chi bộ cơ sở of its own (at the top of the tree) with two scored members."""
    unit = units.add_unit(db, "Chi bộ Trường học", "chi_bo").inserted_id("units")
    ids = []
    for name in ("Lê Văn Cường", "Phạm Thị Dung"):
        ids.append(people.add_person(db, {
            "full_name": name, "unit_id": unit, "kind": "dang_vien", "joined_date": "19/05/2010",
        }).inserted_id("people"))
    yearend.set_points(db, 2026, ids[0], {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(db, 2026, ids[0], FULL)
    return unit, ids


def test_scoring_one_organisation_equals_its_part_of_the_whole_file(demo_db) -> None:
    unit, _ids = _second_organisation(demo_db)
    full = yearend.score(demo_db, 2026)
    assert len(full) == 2
    for org_id in (r.organisations[0].org_id for r in full):
        [alone] = yearend.score(demo_db, 2026, org_ids=[org_id])
        assert alone == next(r for r in full if r.organisations[0].org_id == org_id)
    assert yearend.organisations_of(demo_db, unit) == [unit]


def test_a_branch_inside_a_dang_bo_co_so_brings_the_whole_dang_bo(demo_db) -> None:
    _second_organisation(demo_db)
    branch = next(u for u in units.list_units(demo_db) if u.kind == "chi_bo" and u.parent_id is not None)
    [org_id] = yearend.organisations_of(demo_db, branch.id)
    assert org_id == branch.parent_id
    listed = {i.person_id for i in yearend.year_inputs(demo_db, 2026, org_ids=[org_id])}
    everyone = {i.person_id for i in yearend.year_inputs(demo_db, 2026) if i.org_id == org_id}
    assert listed == everyone


def test_history_loaded_once_gives_the_same_five_year_marks(demo_db) -> None:
    _unit, ids = _second_organisation(demo_db)
    for year in range(2022, 2025):  # rated by hand (Quy định 124)
        years.ensure_year(demo_db, year)
        yearend.set_manual_level(demo_db, year, ids[0], "HTXSNV")
    yearend.set_points(demo_db, 2025, ids[0], {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(demo_db, 2025, ids[0], FULL)
    history = yearend.history_before(demo_db, 2026)
    assert history[ids[0]] == {2022: "HTXSNV", 2023: "HTXSNV", 2024: "HTXSNV", 2025: "HTXSNV"}
    assert yearend.score(demo_db, 2026, history=history) == yearend.score(demo_db, 2026)
    marked = {p.person.person_id for r in yearend.score(demo_db, 2026, history=history)
              for p in r.people if p.excellent_streak}
    assert ids[0] in marked
