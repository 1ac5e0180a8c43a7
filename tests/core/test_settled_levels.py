"""Earlier years' levels are stored when scored and read back, never stale (schema v4, issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core import changes, integrity, people, reviews, units, yearend, years
from desktop.core import db as dbmod

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


def _members(db) -> list[int]:
    """Two members of a chi bộ cơ sở rated HTXSNV by hand in 2022–2024 and scored in 2025."""
    unit = units.add_unit(db, "Chi bộ Trường học", "chi_bo").inserted_id("units")
    ids = [people.add_person(db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                  "joined_date": "19/05/2010"}).inserted_id("people")
           for name in ("Lê Văn Cường", "Phạm Thị Dung")]
    for year in range(2022, 2025):
        years.ensure_year(db, year)
        yearend.set_manual_level(db, year, ids[0], "HTXSNV")
    yearend.set_points(db, 2025, ids[0], {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(db, 2025, ids[0], FULL)
    return ids


def _settled(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT year FROM settled_years ORDER BY year").fetchall()]


def _fresh(db, year: int) -> yearend.History:
    """The history scored again from the inputs, whatever is stored."""
    with db.atomic():
        saved = db.execute("SELECT year FROM settled_years").fetchall()
        db.execute("DELETE FROM settled_years")
    try:
        return yearend.history_before(db, year)
    finally:
        with db.atomic():
            db.execute("DELETE FROM settled_years")
            db.conn.executemany("INSERT INTO settled_years (year) VALUES (?)", saved)


def _no_scoring(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("scored again although its levels are stored")
    monkeypatch.setattr(yearend, "score_year", refuse)


def test_stored_levels_are_read_back_and_equal_a_fresh_scoring(demo_db, monkeypatch) -> None:
    ids = _members(demo_db)
    yearend.set_points(demo_db, 2026, ids[0], {"chung": 29, "nhiem_vu": 66})
    yearend.set_flags(demo_db, 2026, ids[0], FULL)
    scored = yearend.history_before(demo_db, 2026)
    assert scored[ids[0]] == {2022: "HTXSNV", 2023: "HTXSNV", 2024: "HTXSNV", 2025: "HTXSNV"}
    assert _settled(demo_db) == [2022, 2023, 2024, 2025]
    assert _fresh(demo_db, 2026) == scored
    full = yearend.score(demo_db, 2026, history=scored)
    real_score_year = yearend.score_year
    _no_scoring(monkeypatch)
    assert yearend.history_before(demo_db, 2026) == scored
    monkeypatch.setattr(yearend, "score_year", real_score_year)
    assert yearend.score(demo_db, 2026) == full
    marked = {p.person.person_id for r in full for p in r.people if p.excellent_streak}
    assert ids[0] in marked


def test_an_edit_of_an_earlier_year_is_seen_and_its_undo_too(demo_db) -> None:
    ids = _members(demo_db)
    before = yearend.history_before(demo_db, 2026)
    assert ids[1] not in before
    yearend.set_points(demo_db, 2025, ids[1], {"chung": 29, "nhiem_vu": 66})
    change = yearend.set_flags(demo_db, 2025, ids[1], FULL)
    assert _settled(demo_db) == [2022, 2023, 2024]  # only the edited year is dropped
    after = yearend.history_before(demo_db, 2026)
    assert after[ids[1]] == {2025: "HTXSNV"}
    assert after == _fresh(demo_db, 2026)
    changes.undo(demo_db, change)
    assert 2025 not in _settled(demo_db)
    undone = yearend.history_before(demo_db, 2026)
    assert undone == _fresh(demo_db, 2026)
    assert undone.get(ids[1], {}).get(2025) != "HTXSNV"


def test_an_edit_of_the_year_shown_keeps_the_earlier_years(demo_db) -> None:
    ids = _members(demo_db)
    yearend.history_before(demo_db, 2026)
    yearend.set_points(demo_db, 2026, ids[1], {"chung": 20})
    reviews.set_reviews(demo_db, 2026, 3, [reviews.ReviewEdit(ids[1], level="tot")])
    assert _settled(demo_db) == [2022, 2023, 2024, 2025]


def test_a_change_of_the_list_drops_every_year(demo_db) -> None:
    ids = _members(demo_db)
    yearend.history_before(demo_db, 2026)
    people.update_person(demo_db, ids[0], {"phone": "0912345678"})  # not read by scoring
    assert _settled(demo_db) == [2022, 2023, 2024, 2025]
    people.update_person(demo_db, ids[0], {"position": "Bí thư chi bộ"})  # chooses the form
    assert _settled(demo_db) == []
    assert yearend.history_before(demo_db, 2026) == _fresh(demo_db, 2026)


def test_locking_and_reopening_a_year_keep_its_levels(demo_db) -> None:
    ids = _members(demo_db)
    scored = yearend.history_before(demo_db, 2026)
    years.lock_year(demo_db, 2025)
    assert _settled(demo_db) == [2022, 2023, 2024, 2025]
    years.unlock_year(demo_db, 2025, "Sửa sai điểm của một đồng chí")
    assert _settled(demo_db) == [2022, 2023, 2024, 2025]
    assert yearend.history_before(demo_db, 2026) == scored == _fresh(demo_db, 2026)
    yearend.set_final_level(demo_db, 2025, ids[1], "HTTNV", "Chi bộ họp xét lại")
    assert yearend.history_before(demo_db, 2026)[ids[1]] == {2025: "HTTNV"}


def test_levels_scored_while_another_connection_wrote_are_not_stored(demo_db, monkeypatch) -> None:
    ids = _members(demo_db)
    other = dbmod.reopen(demo_db)
    real = yearend.score_year
    written: list[int] = []

    def score_while_editing(rules, inputs, year):
        result = real(rules, inputs, year)
        if year == 2024 and not written:  # an edit lands while 2024 is being scored
            yearend.set_manual_level(other, 2024, ids[1], "HTTNV")
            written.append(year)
        return result

    monkeypatch.setattr(yearend, "score_year", score_while_editing)
    try:
        history = yearend.history_before(demo_db, 2026)
    finally:
        dbmod.close_db(other)
    assert 2024 not in _settled(demo_db)
    assert ids[1] not in history or 2024 not in history[ids[1]]  # the reading began before the edit
    assert yearend.history_before(demo_db, 2026)[ids[1]][2024] == "HTTNV"


def test_a_read_only_file_scores_and_stores_nothing(demo_db) -> None:
    _members(demo_db)
    path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    expected = _fresh(demo_db, 2026)
    reader = dbmod.open_db(path, readonly=True)
    try:
        assert yearend.history_before(reader, 2026) == expected
    finally:
        dbmod.close_db(reader)
    assert _settled(demo_db) == []


def test_v3_file_upgrades_to_v4_with_nothing_stored_yet(tmp_path) -> None:
    path = tmp_path / "so.sqlite"
    shutil.copy(FIXTURES / "schema_v3.sqlite", path)
    db = dbmod.open_db(path)
    try:
        assert dbmod.schema_version(db) == 4
        assert _settled(db) == []
        year = db.execute("SELECT max(year) FROM years").fetchone()[0]
        history = yearend.history_before(db, year + 1)
        assert year in _settled(db)
        assert history == _fresh(db, year + 1)
        person = db.execute("SELECT id FROM people WHERE kind = 'dang_vien' LIMIT 1").fetchone()[0]
        yearend.set_final_level(db, year, person, "KHTNV", "Bị kỷ luật")
        assert _settled(db) == []
        assert yearend.history_before(db, year + 1)[person][year] == "KHTNV"
        with pytest.raises(Exception, match="CHECK"), db.atomic():
            db.execute("INSERT INTO settled_levels (year, person_id, level) VALUES (2020, 1, 'XYZ')")
    finally:
        dbmod.close_db(db)
    assert integrity.check_file(path).ok
