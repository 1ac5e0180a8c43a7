"""Shared fixtures: every test gets its own user folders and a fresh file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import demo, newfile


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
def demo_db(tmp_path: Path) -> Database:
    db = dbmod.open_db(tmp_path / "demo.sqlite", create=True)
    demo.create_demo(db, members=60, seed=7, year=2026)
    yield db
    db.close()
