"""What a screen reads costs the unit it shows, and gives that unit's part of the whole file."""

from __future__ import annotations

from desktop.core import reviews, units, yearend
from desktop.core.reviews import ReviewEdit


def _branches(db) -> list[int]:
    return [u.id for u in units.list_units(db) if u.kind == "chi_bo"]


def test_month_grid_of_one_branch_is_the_whole_file_grid_filtered_to_it(demo_db) -> None:
    for month in (1, 6, 12):
        whole = reviews.month_grid(demo_db, 2026, month, None, with_deeds=True)
        for branch in _branches(demo_db):
            shown = set(units.subtree_ids(demo_db, branch))
            one = reviews.month_grid(demo_db, 2026, month, branch, with_deeds=True)
            assert one, "every demo chi bộ has people"
            assert one == [r for r in whole if r.unit_id in shown]


def test_coverage_of_a_grid_already_read_equals_reading_it_again(demo_db) -> None:
    branch = _branches(demo_db)[0]
    grid = reviews.month_grid(demo_db, 2026, 3, branch)
    assert reviews.coverage_of(2026, 3, grid) == reviews.coverage(demo_db, 2026, 3, branch)


def test_a_review_is_saved_reading_only_the_unit_of_the_person_reviewed(demo_db) -> None:
    branch = _branches(demo_db)[0]
    [first, *_] = reviews.month_grid(demo_db, 2026, 5, branch)
    reviews.set_reviews(demo_db, 2026, 5, [ReviewEdit(first.person_id, level="tot")])
    assert reviews.month_grid(demo_db, 2026, 5, branch)[0].level == "tot"


def test_rescoring_the_edited_person_equals_scoring_everything_again(demo_db) -> None:
    before = yearend.score(demo_db, 2026)
    person = next(p for r in before for p in r.people if p.person.kind == "dang_vien" and p.status != "not_rated")
    person_id = person.person.person_id
    yearend.set_points(demo_db, 2026, person_id, {"chung": 30, "nhiem_vu": 68})
    yearend.set_flags(demo_db, 2026, person_id, {"all_tasks_done": True, "beyond_30": True,
                                                   "shortcomings_fixed": True})
    again = yearend.rescore_person(demo_db, 2026, before, person_id)
    assert again == yearend.score(demo_db, 2026)
    assert again != before
    assert yearend.rescore_person(demo_db, 2026, [], person_id) is None


def test_a_chi_bo_kept_alone_is_rescored_with_the_whole_organisations_quota(demo_db) -> None:
    branch = _branches(demo_db)[0]
    shown = units.subtree_ids(demo_db, branch)
    kept = [r.shown_part(shown) for r in yearend.score(demo_db, 2026)]
    members = [p.person.person_id for r in kept for p in r.people if p.person.kind == "dang_vien"
               and p.status != "not_rated"]
    assert members and sum(len(r.people) for r in kept) < sum(len(r.people) for r in yearend.score(demo_db, 2026))
    excellent_before = next(o.quota.excellent for r in kept for o in r.organisations)
    for person_id in members[:4]:  # the organisation's counts move with each edit
        yearend.set_points(demo_db, 2026, person_id, {"chung": 30, "nhiem_vu": 68})
        yearend.set_flags(demo_db, 2026, person_id, {"all_tasks_done": True, "beyond_30": True,
                                                       "shortcomings_fixed": True})
        again = yearend.rescore_person(demo_db, 2026, kept, person_id)
        assert again is not None
        kept = again
        whole = [r.shown_part(shown) for r in yearend.score(demo_db, 2026)]
        assert kept == whole
    org_id = next(p.person.org_id for r in kept for p in r.people)
    quota = next(o.quota for r in kept for o in r.organisations if o.org_id == org_id)
    assert quota.excellent > excellent_before
    # …and it counts the whole organisation, not the chi bộ kept
    assert quota.rated > sum(1 for r in kept for p in r.people if p.final_level)
