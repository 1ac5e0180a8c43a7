"""The open data file keeps its own key, lock and recording: two files open in
one process never share them, and nothing remembers them by path."""

from __future__ import annotations

import importlib
import pkgutil
import weakref

import pytest
from sqlite_utils import Database

import desktop.core
from desktop.core import changes, encryption, filelock, people, units
from desktop.core import db as dbmod
from desktop.core.datafile import DataFile

PASSPHRASE = "Chi bộ Xóm Bãi 2026"


def _unit(db: Database) -> int:
    return units.add_unit(db, "Chi bộ Xóm Bãi", "chi_bo").inserted_id("units")


def test_two_files_open_at_once_keep_their_own_lock_and_recording(tmp_path):
    first = dbmod.open_db(tmp_path / "mot.sqlite", create=True)
    second = dbmod.open_db(tmp_path / "hai.sqlite", create=True)
    try:
        assert first.path == tmp_path / "mot.sqlite" and second.path == tmp_path / "hai.sqlite"
        assert first.lock is not None and second.lock is not None and first.lock is not second.lock
        assert first.key is None and second.key is None
        unit_one, unit_two = _unit(first), _unit(second)
        with changes.recording(first, "Nhập danh sách") as outer:
            people.add_person(first, {"full_name": "Lê An", "unit_id": unit_one})
            assert first.recorder is outer and second.recorder is None
            alone = people.add_person(second, {"full_name": "Trần Bình", "unit_id": unit_two})
        assert [c.table for c in alone.changes] == ["people"]  # its own change, not the first file's
        assert [c.table for c in outer.changeset.changes] == ["people"]
        assert first.recorder is None
    finally:
        dbmod.close_db(first)
    assert not filelock.lock_path(tmp_path / "mot.sqlite").exists(), "closing gives the lock back"
    assert filelock.lock_path(tmp_path / "hai.sqlite").exists(), "the other file keeps its lock"
    dbmod.close_db(second)
    assert not filelock.lock_path(tmp_path / "hai.sqlite").exists()


@pytest.mark.skipif(not encryption.available(), reason="sqlcipher3 (sqlcipher3-wheels) is not installed")
def test_an_encrypted_and_a_plain_file_keep_their_own_key(tmp_path):
    plain = dbmod.open_db(tmp_path / "so.sqlite", create=True)
    target = encryption.encrypt_copy(plain, tmp_path / "so.mahoa.sqlite", PASSPHRASE)
    locked = dbmod.open_db(target, key=PASSPHRASE)
    try:
        assert plain.key is None and locked.key == PASSPHRASE
        with pytest.raises(encryption.KeyNeededError):
            dbmod.open_db(target, readonly=True)  # nothing remembered the passphrase by path
        worker = dbmod.reopen(locked, readonly=True)
        assert worker.key == PASSPHRASE and worker.lock is None
        worker.close()
    finally:
        dbmod.close_db(locked)
        dbmod.close_db(plain)


def test_a_reopened_connection_shares_the_lock_until_the_last_one_closes(tmp_path):
    path = tmp_path / "so.sqlite"
    window = dbmod.open_db(path, create=True)
    worker = dbmod.reopen(window)
    assert worker.lock is window.lock and window.lock is not None and window.lock.shares == 2
    dbmod.close_db(worker)
    assert filelock.lock_path(path).exists() and window.lock.shares == 1
    dbmod.close_db(window)
    assert not filelock.lock_path(path).exists()
    dbmod.close_db(window)  # closing twice gives nothing back twice
    assert window.lock.shares == 0


def test_a_second_opening_in_the_same_program_is_refused_while_the_first_writes(tmp_path):
    path = tmp_path / "so.sqlite"
    window = dbmod.open_db(path, create=True)
    try:
        with pytest.raises(filelock.FileInUseError):
            dbmod.open_db(path)
        assert dbmod.open_file(path).readonly
    finally:
        dbmod.close_db(window)


def test_a_forgotten_file_gives_its_lock_back_when_it_goes_away(tmp_path):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    db.conn.close()
    gone = weakref.ref(db)
    del db
    assert gone() is None and not filelock.lock_path(path).exists()


def test_a_bare_sqlite_utils_database_cannot_record(tmp_path):
    with pytest.raises(TypeError, match="open_db"):
        with changes.recording(Database(memory=True), "Thêm"):
            pass
    memory = dbmod.open_memory()
    assert isinstance(memory, DataFile) and memory.path is None and memory.lock is None


def test_no_core_module_keeps_a_table_of_open_files():
    """Keys, locks and recordings belong to the DataFile; module-level mutable
    tables are constants (UPPER_CASE) that never hold a Lock or a key."""
    for info in pkgutil.iter_modules(desktop.core.__path__):
        module = importlib.import_module(f"desktop.core.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            if isinstance(value, dict | set | list | weakref.WeakKeyDictionary | weakref.WeakValueDictionary):
                assert name.lstrip("_").isupper(), f"desktop.core.{info.name}.{name} is a module-level table"
                held = value.values() if isinstance(value, dict) else value
                assert not any(isinstance(item, filelock.Lock | DataFile) for item in held)
