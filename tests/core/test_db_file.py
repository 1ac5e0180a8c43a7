import sqlite3

import pytest

from desktop.core import db as dbmod
from desktop.core.errors import DamagedFileError, NewerFileError, UserError
from desktop.core.schema import SCHEMA_VERSION


def test_new_file_runs_the_whole_migration_chain(tmp_path):
    db = dbmod.open_db(tmp_path / "a.sqlite", create=True)
    assert dbmod.schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reading_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy"):
        dbmod.open_db(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()


def test_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerFileError, match="phiên bản mới hơn"):
        dbmod.open_db(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_ours_is_refused(tmp_path):
    path = tmp_path / "list.sqlite"
    path.write_bytes(b"PK\x03\x04 not a database at all")
    with pytest.raises(DamagedFileError):
        dbmod.open_db(path)
    assert path.read_bytes() == b"PK\x03\x04 not a database at all"


def test_a_migration_step_is_whole_or_not_at_all(tmp_path):
    """sqlite3's executescript() would commit half a step; ours stays in the transaction."""
    from sqlite_utils import Database

    from desktop.core import schema

    db = Database(sqlite3.connect(tmp_path / "half.sqlite"))
    with pytest.raises(RuntimeError):
        with db.atomic():
            schema.execute_script(db, schema._V1)
            raise RuntimeError("power cut")
    assert db.table_names() == []
