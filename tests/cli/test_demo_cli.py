"""`demo --today dd/mm/yyyy`: a reproducible demo file, whatever the date is."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import settings
from desktop.core.db import close_db, open_db


def _contents(path: Path) -> list[list[tuple]]:
    db = open_db(path, readonly=True)
    try:
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("meetings", "reviews", "attendance", "scores")]
    finally:
        close_db(db)


def test_demo_today_makes_the_same_file_with_nothing_after_that_day(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for path in (first, second):
        assert main(["demo", "--db", str(path), "--members", "30", "--seed", "4", "--today", "05/07/2027"]) == 0
    assert "Đã tạo" in capsys.readouterr().out
    assert _contents(first) == _contents(second)
    db = open_db(first, readonly=True)
    assert settings.get(db, "working_year") == 2027  # the year of --today
    assert db.execute("SELECT max(held_on) FROM meetings").fetchone()[0] <= "2027-07-05"
    assert db.execute("SELECT max(month) FROM reviews").fetchone()[0] == 7
    close_db(db)


@pytest.mark.date_sensitive
def test_demo_without_today_follows_the_clock(tmp_path: Path, today) -> None:
    path = tmp_path / "so.sqlite"
    assert main(["demo", "--db", str(path), "--members", "20"]) == 0
    db = open_db(path, readonly=True)
    assert settings.get(db, "working_year") == today.year
    held = db.execute("SELECT max(held_on) FROM meetings").fetchone()[0]
    assert held is None or held <= today.isoformat()
    close_db(db)


def test_a_bad_today_says_how_to_write_it(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--db", str(tmp_path / "so.sqlite"), "--today", "31/02/2027"]) == 2
    error = capsys.readouterr().err
    assert "--today" in error and "không phải ngày có thật" in error
    assert not (tmp_path / "so.sqlite").exists()
