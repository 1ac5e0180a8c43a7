"""Upgrading the released schema v1 to v2 (the 2025 rules, issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core import db as dbmod
from desktop.core import integrity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "so.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", path)
    before = _counts(path)
    db = dbmod.open_db(path)
    yield db, before, path
    dbmod.close_db(db)


def _counts(path: Path) -> dict[str, int]:
    import sqlite3
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("people", "deeds", "deed_progress", "reviews", "scores", "year_results")}
    finally:
        conn.close()


def test_v1_upgrade_keeps_every_row_and_accepts_late_deeds(upgraded):
    db, before, path = upgraded
    assert {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before} == before
    deed_id = db.execute("SELECT id FROM deeds WHERE person_id IS NOT NULL LIMIT 1").fetchone()[0]
    with db.atomic():
        db.execute("UPDATE deeds SET outcome = 'tre_han' WHERE id = ?", [deed_id])
    assert db.execute("SELECT outcome FROM deeds WHERE id = ?", [deed_id]).fetchone()[0] == "tre_han"
    with pytest.raises(Exception, match="CHECK"), db.atomic():
        db.execute("UPDATE deeds SET outcome = 'tam_hoan' WHERE id = ?", [deed_id])
    columns = {c.name for c in db["year_results"].columns}
    assert {"tasks_assigned", "tasks_on_time", "tasks_late", "tasks_not_done", "tasks_beyond",
            "form", "temporary_attendance", "attendance_comment", "council_vote"} <= columns
    assert "review_date" in {c.name for c in db["years"].columns}
    assert db["quarter_results"].exists() and db["unit_years"].exists()
    dbmod.close_db(db)
    assert integrity.check_file(path).ok
