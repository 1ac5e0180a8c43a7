"""An encrypted data file (SQLCipher): unreadable without the passphrase, whole with it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import backup, encryption, integrity, restore
from desktop.core import db as dbmod
from desktop.core.backup import Moment
from desktop.core.errors import DamagedFileError, UserError

pytestmark = pytest.mark.skipif(not encryption.available(), reason="sqlcipher3 (sqlcipher3-wheels) is not installed")

PASSPHRASE = "Chi bộ Ba Đình 2026"


def _people(db) -> int:
    return int(db.execute("SELECT count(*) FROM people").fetchone()[0])


@pytest.fixture
def encrypted(demo_db, tmp_path) -> tuple[Path, int]:
    """An encrypted copy of the demo file and its number of people."""
    target = encryption.encrypt_copy(demo_db, tmp_path / "so.mahoa.sqlite", PASSPHRASE)
    return target, _people(demo_db)


def test_encrypted_file_has_no_sqlite_header_and_sqlite3_cannot_read_it(encrypted):
    path, _ = encrypted
    assert not path.read_bytes().startswith(b"SQLite format 3\x00")
    assert encryption.is_encrypted(path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM people").fetchone()
    conn.close()
    assert not list(path.parent.glob("*.snapshot*")) and not list(path.parent.glob("*.partial"))


def test_right_passphrase_opens_with_data_intact(encrypted, demo_db):
    path, people = encrypted
    # Typed with a decomposed "ộ" (another keyboard): NFC makes it the same key.
    import unicodedata
    db = dbmod.open_db(path, key=unicodedata.normalize("NFD", PASSPHRASE))
    try:
        assert _people(db) == people
        assert dbmod.schema_version(db) == dbmod.schema_version(demo_db)
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with db.atomic():  # sqlite-utils writes through the sqlcipher3 connection
            db["settings"].upsert({"key": "probe", "value": "x"}, pk="key")
        assert db.key == PASSPHRASE
    finally:
        dbmod.close_db(db)
    assert integrity.check_file(path, key=PASSPHRASE).ok


def test_wrong_passphrase_is_refused_in_vietnamese_and_file_unchanged(encrypted):
    path, _ = encrypted
    before = path.read_bytes()
    with pytest.raises(encryption.WrongKeyError) as caught:
        dbmod.open_db(path, key="mật khẩu sai")
    assert "Cụm mật khẩu không mở được" in caught.value.message
    with pytest.raises(encryption.KeyNeededError) as needed:
        dbmod.open_db(path)
    assert "được mã hóa" in needed.value.message
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_plain_files_ignore_a_key_and_random_bytes_are_not_taken_for_encrypted(empty_db, tmp_path):
    plain = empty_db.path
    assert plain is not None and not encryption.is_encrypted(plain)
    db = dbmod.open_db(plain, key="irrelevant", readonly=True)
    assert db.key is None
    db.close()
    odd = tmp_path / "odd.sqlite"
    odd.write_bytes(os.urandom(5000))
    assert not encryption.is_encrypted(odd)


def test_backups_of_an_encrypted_file_are_encrypted(encrypted):
    path, people = encrypted
    db = dbmod.open_db(path, key=PASSPHRASE)
    try:
        result = backup.backup_now(db, path, Moment.MANUAL)
        copy = backup.copy_to(db, path.with_name("copy.sqlite"))
    finally:
        dbmod.close_db(db)
    for made in (result.path, copy):
        assert made is not None and encryption.is_encrypted(made)
        assert not made.read_bytes().startswith(b"SQLite format 3")
    listed = backup.list_backups(path)
    assert listed and listed[0].encrypted and listed[0].people is None  # shown as "?"
    assert backup.list_backups(path, key=PASSPHRASE)[0].people == people
    assert backup.newest_good_backup(path, key=PASSPHRASE) is not None


def test_check_and_restore_work_with_the_passphrase(encrypted):
    path, people = encrypted
    report = integrity.check_file(path)
    assert report.first is not None and report.first.kind == integrity.ENCRYPTED
    assert integrity.check_file(path, key="sai").first.kind == integrity.ENCRYPTED
    assert integrity.check_file(path, key=PASSPHRASE).ok
    db = dbmod.open_db(path, key=PASSPHRASE)
    saved = backup.make_backup(db, path, Moment.MANUAL)
    db.execute("DELETE FROM audit_log")
    db.conn.commit()
    dbmod.close_db(db)
    with pytest.raises(UserError):
        restore.restore(path, saved, "thử khôi phục")
    result = restore.restore(path, saved, "thử khôi phục", key=PASSPHRASE)
    assert result.people == people and result.safety_backup is not None
    assert encryption.is_encrypted(path) and encryption.is_encrypted(result.safety_backup)
    db = dbmod.open_db(path, key=PASSPHRASE, readonly=True)
    assert _people(db) == people
    assert db.execute("SELECT count(*) FROM audit_log WHERE label LIKE 'Khôi phục%'").fetchone()[0] == 1
    db.close()


def test_restoring_a_plain_backup_into_an_encrypted_file_is_refused(encrypted, demo_db):
    path, _ = encrypted
    plain = backup.copy_to(demo_db, path.with_name("plain.sqlite"))
    with pytest.raises(UserError) as caught:
        restore.restore(path, plain, "thử", key=PASSPHRASE)
    assert "làm lộ dữ liệu" in caught.value.message


def test_decrypt_copy_gives_a_plain_file_any_sqlite_tool_reads(encrypted, tmp_path):
    path, people = encrypted
    plain = encryption.decrypt_copy(path, PASSPHRASE, tmp_path / "plain.sqlite")
    conn = sqlite3.connect(plain)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == people
    conn.close()
    db = dbmod.open_db(plain)
    assert integrity.check_file(plain).ok
    dbmod.close_db(db)


def _cli(*args: str, key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != encryption.KEY_ENV}
    if key is not None:
        env[encryption.KEY_ENV] = key
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_reads_the_passphrase_from_the_environment(encrypted):
    path, people = encrypted
    without = _cli("check", "--db", str(path), key=None)
    assert without.returncode == 2 and encryption.KEY_ENV in without.stderr
    wrong = _cli("check", "--db", str(path), key="sai bét")
    assert wrong.returncode == 2 and "Cụm mật khẩu không mở được" in wrong.stderr
    checked = _cli("check", "--db", str(path), key=PASSPHRASE)
    assert checked.returncode == 0, checked.stderr
    assert f"{people} người" in checked.stdout
    made = _cli("backup", "--db", str(path), key=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    copy = Path(made.stdout.splitlines()[0])
    assert encryption.is_encrypted(copy)
    assert _cli("score", "--db", str(path), "--year", "2026", key=None).returncode == 2
    restored = _cli("restore", "--db", str(path), str(copy), key=PASSPHRASE)
    assert restored.returncode == 0, restored.stderr


def test_a_plain_file_with_a_wiped_first_page_is_still_damaged_not_encrypted(demo_db, tmp_path):
    copy = backup.copy_to(demo_db, tmp_path / "wiped.sqlite")
    data = bytearray(copy.read_bytes())
    data[:4096] = b"\x00" * 4096
    copy.write_bytes(bytes(data))
    assert not encryption.is_encrypted(copy)
    assert integrity.check_file(copy).first.kind == integrity.NOT_SQLITE
    with pytest.raises(DamagedFileError):
        dbmod.open_db(copy)
