"""Shared fixtures: every test gets its own user folders, a frozen clock and a fresh file.

The clock is frozen for every test (time-machine) at DEFAULT_TODAY, 10:00, or at
the day in the environment variable SOLAMTHEOBAC_TEST_TODAY=YYYY-MM-DD (CI runs
the date-sensitive tests at several days that way). A test that needs one
particular day says so: `@pytest.mark.today("2027-01-10")`. Tests whose result
depends on today are marked `date_sensitive` and must pass on any day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import demo, newfile
from desktop.core.clock import FixedClock

DEFAULT_TODAY = dt.date(2026, 11, 23)
TODAY_ENV = "SOLAMTHEOBAC_TEST_TODAY"


def _test_day(request: pytest.FixtureRequest) -> dt.date:
    marker = request.node.get_closest_marker("today")
    if marker is not None:
        return dt.date.fromisoformat(marker.args[0])
    chosen = os.environ.get(TODAY_ENV, "").strip()
    return dt.date.fromisoformat(chosen) if chosen else DEFAULT_TODAY


# A test that asks for these gets something made on the frozen day, so its
# result depends on the day: it is date-sensitive without saying so itself.
_DATED_FIXTURES = {"today", "demo_db", "demo_ops"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _DATED_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("today"):
            item.add_marker(pytest.mark.date_sensitive)


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[FixedClock]:
    """The test's day at 10:00. The PC's clock is moved there too (time still
    runs, so waits end), and the program's clock for the test is this one."""
    fixed = FixedClock.on(_test_day(request))
    with time_machine.travel(fixed.moment.astimezone(), tick=True):
        yield fixed


@pytest.fixture
def today(clock: FixedClock) -> dt.date:
    return clock.today()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups, logs and preferences go to a temporary folder, never ~."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SOLAMTHEOBAC_HOME", str(home))
    return home


@pytest.fixture
def db():
    """A fresh in-memory file with the whole schema (pure core tests)."""
    database = dbmod.open_memory()
    yield database
    database.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    db = dbmod.open_db(tmp_path / "so.sqlite", create=True)
    yield db
    db.close()


@pytest.fixture
def branch_db(empty_db: Database) -> Database:
    """A đảng bộ with two chi bộ and the year 2026, no people yet."""
    newfile.initialise(empty_db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"], 2026,
                       superior_name="Đảng bộ tỉnh Thái Nguyên", place="La Bằng")
    return empty_db


@pytest.fixture
def demo_db(tmp_path: Path, today: dt.date) -> Database:
    db = dbmod.open_db(tmp_path / "demo.sqlite", create=True)
    demo.create_demo(db, members=60, seed=7, year=2026, today=today)
    yield db
    db.close()
