"""Optional password for opening a file in the program, and idle locking."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.core import access, audit
from desktop.core import db as dbmod
from desktop.core.errors import ValidationError


def test_file_without_password_opens_freely(empty_db):
    assert not access.has_password(empty_db)
    assert access.verify(empty_db, "")


def test_right_password_opens_and_wrong_one_does_not(empty_db):
    access.set_password(empty_db, "chibo@2026")
    assert access.has_password(empty_db)
    assert access.verify(empty_db, "chibo@2026")
    assert not access.verify(empty_db, "chibo@2025")
    assert not access.verify(empty_db, "")


def test_the_password_itself_is_never_in_the_file(tmp_path):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    access.set_password(db, "MậtKhẩuRấtRiêng")
    dbmod.close_db(db)
    raw = path.read_bytes()
    assert "MậtKhẩuRấtRiêng".encode() not in raw
    assert b"scrypt$" in raw


def test_vietnamese_password_typed_with_either_keyboard_matches(empty_db):
    typed_with_unikey = unicodedata.normalize("NFC", "Bác Hồ kính yêu")
    typed_with_windows = unicodedata.normalize("NFD", "Bác Hồ kính yêu")
    access.set_password(empty_db, typed_with_unikey)
    assert access.verify(empty_db, typed_with_windows)


def test_same_password_gives_a_different_hash_each_time():
    assert access.hash_password("chibo@2026") != access.hash_password("chibo@2026")


def test_too_short_password_is_refused_with_a_field_message(empty_db):
    with pytest.raises(ValidationError) as raised:
        access.set_password(empty_db, "123")
    assert "ít nhất 6 ký tự" in raised.value.fields["password"]
    assert not access.has_password(empty_db)


def test_clearing_the_password_opens_the_file_freely_again(empty_db):
    access.set_password(empty_db, "chibo@2026")
    access.clear_password(empty_db)
    assert not access.has_password(empty_db) and access.verify(empty_db, "bất kỳ")


def test_audit_log_records_the_change_but_hides_the_hash(empty_db):
    access.set_password(empty_db, "chibo@2026")
    entry = audit.query(empty_db, table="settings")[0]
    assert entry.label == "Đặt mật khẩu mở tệp"
    assert "scrypt" not in entry.description and "(đã ẩn)" in entry.description


def test_window_locks_after_the_idle_minutes_only_with_a_password(empty_db):
    start = dt.datetime(2026, 11, 23, 8, 0)
    access.set_idle_lock_minutes(empty_db, 15)
    assert not access.should_lock(empty_db, start, start + dt.timedelta(hours=2))  # no password
    access.set_password(empty_db, "chibo@2026")
    assert not access.should_lock(empty_db, start, start + dt.timedelta(minutes=14))
    assert access.should_lock(empty_db, start, start + dt.timedelta(minutes=15))
    access.set_idle_lock_minutes(empty_db, 0)
    assert not access.should_lock(empty_db, start, start + dt.timedelta(days=1))


def test_idle_minutes_out_of_range_are_refused(empty_db):
    with pytest.raises(ValidationError, match="từ 0"):
        access.set_idle_lock_minutes(empty_db, 10_000)


def test_the_note_says_plainly_that_the_file_is_not_encrypted():
    note = access.PROTECTION_NOTE
    assert "KHÔNG mã hóa" in note and "SQLite" in note and "bản sao lưu" in note
