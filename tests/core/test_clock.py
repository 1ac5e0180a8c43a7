"""The clock is an input: fixed clocks, the frozen test clock, two-digit years, the demo's day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from desktop.core import clock, dates, demo, newfile, settings, statistics, years
from desktop.core import db as dbmod


def test_a_fixed_clock_stays_where_it_was_set() -> None:
    fixed = clock.FixedClock.on(dt.date(2028, 2, 29))
    assert (fixed.today(), fixed.now()) == (dt.date(2028, 2, 29), dt.datetime(2028, 2, 29, 10, 0))
    assert clock.stamp(fixed.now()) == "2028-02-29 10:00:00"


@pytest.mark.today("2027-01-10")
def test_a_test_names_its_day_and_the_pc_clock_follows(today: dt.date) -> None:
    assert today == dt.date(2027, 1, 10)
    assert clock.SystemClock().today() == today
    assert dates.now_iso().startswith("2027-01-10 10:0")


@pytest.mark.parametrize(("typed", "year"), [
    ("05/03/00", 2000), ("05/03/26", 2026), ("05/03/29", 2029), ("05/03/30", 1930), ("05/03/80", 1980),
    ("5-3-99", 1999), ("05.03.1929", 1929), ("05/03/2031", 2031),
])
def test_two_digit_years_follow_excels_pivot(typed: str, year: int) -> None:
    assert dates.parse_date(typed) == dt.date(year, 3, 5)


@pytest.mark.today("2031-06-01")
def test_the_pivot_does_not_move_with_the_date() -> None:
    # With the old "not in the future" rule, 30 would have become 2030 from 2030 on.
    assert dates.parse_date("05/03/30") == dt.date(1930, 3, 5)
    assert dates.parse_date("05/03/29") == dt.date(2029, 3, 5)
    assert [dates.full_year(n) for n in (0, 29, 30, 99)] == [2000, 2029, 1930, 1999]


def _latest(db: Database, sql: str) -> str | None:
    return db.execute(sql).fetchone()[0]


@pytest.mark.date_sensitive
def test_nothing_in_the_demo_happens_after_its_day(tmp_path, today: dt.date) -> None:
    db = dbmod.open_db(tmp_path / "demo.sqlite", create=True)
    demo.create_demo(db, members=60, seed=7, today=today)
    assert settings.get(db, "working_year") == today.year
    held = _latest(db, "SELECT max(held_on) FROM meetings")
    assert held is None or held <= today.isoformat()
    last_review = db.execute("SELECT max(month) FROM reviews WHERE year = ?", [today.year]).fetchone()[0]
    assert last_review is None or last_review <= today.month
    for column in ("joined_date", "official_date", "status_date", "birth_date"):
        latest = _latest(db, f"SELECT max({column}) FROM people")
        assert latest is None or latest <= today.isoformat(), column
    # Every month due by that day has its meeting, except one whose day is still to come.
    due = statistics.months_due(today.year, today)
    months = {m for (m,) in db.execute("SELECT DISTINCT month FROM meetings").fetchall()}
    assert set(range(1, due)) <= months <= set(range(1, due + 1))
    db.close()


@pytest.mark.today("2026-12-01")
def test_on_the_first_of_a_month_its_meeting_is_still_to_come(tmp_path) -> None:
    db = dbmod.open_db(tmp_path / "demo.sqlite", create=True)
    demo.create_demo(db, members=40, seed=3, year=2026, today=dt.date(2026, 12, 1))
    assert not db.execute("SELECT 1 FROM meetings WHERE month = 12").fetchone()
    assert not db.execute("SELECT 1 FROM reviews WHERE month = 12").fetchone()
    assert db.execute("SELECT count(DISTINCT month) FROM meetings").fetchone()[0] == 11
    db.close()


def test_the_same_seed_and_day_make_the_same_file(tmp_path) -> None:
    made = []
    for name in ("a", "b"):
        db = dbmod.open_db(tmp_path / f"{name}.sqlite", create=True)
        demo.create_demo(db, members=40, seed=5, year=2026, today=dt.date(2026, 6, 15))
        made.append([db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                     for table in ("meetings", "reviews", "scores", "deeds")])
        db.close()
    assert made[0] == made[1]
    assert max(row[4] for row in made[0][0]) <= "2026-06-15"  # held_on


def test_the_working_year_is_kept_in_the_file(empty_db: Database, today: dt.date) -> None:
    newfile.initialise(empty_db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng"], 2025)
    assert years.working_year(empty_db, today) == 2025
    years.set_working_year(empty_db, 2026)
    assert settings.get(empty_db, "working_year") == 2026
    assert years.working_year(empty_db, today) == 2026


def test_without_a_stored_year_the_file_works_on_todays_or_its_latest_year(empty_db: Database) -> None:
    assert years.working_year(empty_db, dt.date(2027, 3, 1)) == 2027  # no year yet: today's
    years.ensure_year(empty_db, 2025)
    assert years.working_year(empty_db, dt.date(2027, 3, 1)) == 2025  # its latest year
    years.ensure_year(empty_db, 2027)
    assert years.working_year(empty_db, dt.date(2027, 3, 1)) == 2027
