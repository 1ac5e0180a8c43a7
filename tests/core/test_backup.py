"""Backups: made only when something changed, consistent, thinned, listed, restored."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import audit, backup, filelock, integrity, paths, people, units
from desktop.core import db as dbmod
from desktop.core import settings as file_settings
from desktop.core.backup import BackupPolicy, Moment, backups_to_delete
from desktop.core.errors import DamagedFileError, UserError
from desktop.core.restore import restore

pytestmark = pytest.mark.date_sensitive  # backups are named and thinned by the clock's moment

NOW = dt.datetime(2026, 11, 23, 15, 30)


@pytest.fixture
def data_file(tmp_path: Path):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    unit = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    people.add_person(db, {"full_name": "Nguyễn Văn An", "unit_id": unit})
    yield db, path, unit
    dbmod.close_db(db)


def _people_in(path: Path) -> int:
    conn = integrity.connect_readonly(path)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


# --- making backups -------------------------------------------------------

def test_no_second_backup_when_nothing_changed(data_file):
    db, path, _ = data_file
    first = backup.backup_if_changed(db, path, Moment.OPEN)
    again = backup.backup_if_changed(db, path, Moment.CLOSE)
    assert first.path is not None and first.path.exists()
    assert again.path is None
    assert len(backup.list_backups(path)) == 1


def test_an_edit_since_the_last_backup_makes_a_new_one_holding_it(data_file):
    db, path, unit = data_file
    backup.backup_if_changed(db, path, Moment.OPEN)
    people.add_person(db, {"full_name": "Trần Thị Bình", "unit_id": unit})
    assert backup.changed_since_backup(db, path)
    made = backup.backup_if_changed(db, path, Moment.PERIODIC)
    assert made.path is not None
    assert _people_in(made.path) == 2
    assert not backup.changed_since_backup(db, path)


def test_backup_is_one_sound_file_any_sqlite_tool_can_open(data_file):
    db, path, _ = data_file
    made = backup.backup_now(db, path, Moment.MANUAL).path
    assert made is not None
    assert not made.with_name(made.name + "-wal").exists()
    assert integrity.check_file(made).ok
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert made.parent == paths.backups_dir()


def test_backups_before_risky_work_are_made_even_without_changes(data_file):
    db, path, _ = data_file
    backup.backup_for(db, path, Moment.OPEN)
    for moment in (Moment.IMPORT, Moment.UNLOCK, Moment.RESTORE, Moment.MIGRATION):
        assert backup.backup_for(db, path, moment).path is not None
    assert backup.backup_for(db, path, Moment.CLOSE).path is None
    reasons = {info.reason_label for info in backup.list_backups(path)}
    assert {"Trước khi nhập Excel", "Trước khi mở khóa năm", "Khi mở tệp"} <= reasons


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(data_file):
    db, path, _ = data_file
    one = backup.make_backup(db, path, Moment.MANUAL, when=NOW)
    two = backup.make_backup(db, path, Moment.MANUAL, when=NOW)
    assert one != two and one.exists() and two.exists()
    assert [info.path for info in backup.list_backups(path)] == [two, one]


def test_policy_backs_up_every_ten_minutes_only_while_the_file_changes():
    policy = BackupPolicy()
    last = NOW
    assert not policy.due(NOW + dt.timedelta(hours=3), last, changed=False)
    assert not policy.due(NOW + dt.timedelta(minutes=9), last, changed=True)
    assert policy.due(NOW + dt.timedelta(minutes=10), last, changed=True)
    assert policy.due(NOW, None, changed=True)
    assert policy.due(NOW - dt.timedelta(hours=1), last, changed=True)  # clock set back


def test_second_place_gets_its_own_copy(data_file, tmp_path):
    db, path, _ = data_file
    stick = tmp_path / "usb"
    stick.mkdir()
    file_settings.put(db, {"second_backup_dir": str(stick)})
    made = backup.backup_now(db, path, Moment.MANUAL)
    assert made.second_path is not None and made.second_path.parent == stick
    assert integrity.check_file(made.second_path).ok
    assert made.notices == []


def test_missing_second_place_is_skipped_with_a_notice(data_file, tmp_path):
    db, path, _ = data_file
    file_settings.put(db, {"second_backup_dir": str(tmp_path / "usb-not-plugged")})
    made = backup.backup_now(db, path, Moment.MANUAL)
    assert made.path is not None and made.path.exists()
    assert made.second_path is None
    assert len(made.notices) == 1 and "USB chưa cắm" in made.notices[0]
    assert not (tmp_path / "usb-not-plugged").exists()


# --- thinning ---------------------------------------------------------------

def _reference_kept(made: list[dt.datetime], now: dt.datetime) -> set[int]:
    """The rule written out plainly, to check the implementation against."""
    kept = set(sorted(range(len(made)), key=lambda i: made[i], reverse=True)[:10])
    today = now.date()

    def newest(indexes: list[int]) -> None:
        if indexes:
            kept.add(max(indexes, key=lambda i: made[i]))

    for back in range(7):
        day = today - dt.timedelta(days=back)
        newest([i for i, t in enumerate(made) if t.date() == day])
    monday = today - dt.timedelta(days=today.weekday())
    for back in range(8):
        start = monday - dt.timedelta(weeks=back)
        newest([i for i, t in enumerate(made) if start <= t.date() < start + dt.timedelta(days=7)])
    year, month = today.year, today.month
    for _ in range(12):
        newest([i for i, t in enumerate(made) if (t.year, t.month) == (year, month)])
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return kept


moments = st.lists(
    st.datetimes(min_value=dt.datetime(2024, 6, 1), max_value=NOW), max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(made=moments)
def test_thinning_keeps_exactly_what_the_rule_says(made):
    doomed = backups_to_delete(made, NOW)
    assert set(range(len(made))) - doomed == _reference_kept(made, NOW)


@settings(max_examples=150, deadline=None)
@given(made=moments, later=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=500)))
def test_thinning_after_each_backup_equals_thinning_once(made, later):
    """Thinning runs after every backup; a backup it spared must not be needed
    later after one it deleted: the result equals one thinning at the end."""
    made = sorted(set(made))
    kept: list[dt.datetime] = []
    for moment in made:
        kept.append(moment)
        doomed = backups_to_delete(kept, moment)
        kept = [t for i, t in enumerate(kept) if i not in doomed]
    end = NOW + later
    doomed = backups_to_delete(kept, end)
    incremental = {t for i, t in enumerate(kept) if i not in doomed}
    doomed_once = backups_to_delete(made, end)
    once = {t for i, t in enumerate(made) if i not in doomed_once}
    assert incremental == once


def test_two_years_of_work_leave_at_most_37_backups_spread_over_a_year():
    made = []
    moment = NOW - dt.timedelta(days=730)
    while moment <= NOW:  # a backup every 10 minutes of a working day
        if 8 <= moment.hour < 17:
            made.append(moment)
        moment += dt.timedelta(minutes=10)
    doomed = backups_to_delete(made, NOW)
    kept = sorted(t for i, t in enumerate(made) if i not in doomed)
    assert len(kept) <= 10 + 7 + 8 + 12
    assert kept[-1] == made[-1]
    assert {t.date() for t in kept} >= {NOW.date() - dt.timedelta(days=d) for d in range(7)}
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and (NOW.year - 1, NOW.month + 1) in months
    assert kept[0] >= NOW - dt.timedelta(days=366)


def test_thinning_touches_only_this_files_backups(data_file, tmp_path):
    db, path, _ = data_file
    folder = paths.backups_dir()
    for day in range(40):
        backup.make_backup(db, path, Moment.PERIODIC, when=NOW - dt.timedelta(days=day, hours=1))
    other = folder / "khac.20200101-000000.thu-cong.sqlite"
    other.write_bytes(b"another file's backup")
    note = folder / "ghi-chu.txt"
    note.write_text("của người dùng")
    deleted = backup.thin_folder(path, folder, NOW)
    assert deleted and all(p.name.startswith("so.") for p in deleted)
    assert other.exists() and note.exists()
    assert len(backup.list_backups(path)) == 40 - len(deleted)


# --- listing and choosing ----------------------------------------------------

def test_list_shows_date_size_people_and_reason_newest_first(data_file):
    db, path, unit = data_file
    backup.make_backup(db, path, Moment.OPEN, when=NOW - dt.timedelta(hours=2))
    people.add_person(db, {"full_name": "Trần Thị Bình", "unit_id": unit})
    backup.make_backup(db, path, Moment.IMPORT, when=NOW)
    listed = backup.list_backups(path)
    assert [(b.made_at, b.people, b.reason_label) for b in listed] == [
        (NOW, 2, "Trước khi nhập Excel"),
        (NOW - dt.timedelta(hours=2), 1, "Khi mở tệp"),
    ]
    assert all(b.size > 0 for b in listed)


def test_newest_good_backup_skips_a_damaged_one(data_file):
    db, path, _ = data_file
    good = backup.make_backup(db, path, Moment.OPEN, when=NOW - dt.timedelta(days=1))
    bad = backup.make_backup(db, path, Moment.CLOSE, when=NOW)
    data = bytearray(bad.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xff" * 4096
    bad.write_bytes(bytes(data))
    assert backup.newest_good_backup(path).path == good


# --- restore -----------------------------------------------------------------

def test_restore_puts_the_old_state_back_and_keeps_the_current_one(data_file):
    db, path, unit = data_file
    old = backup.make_backup(db, path, Moment.MANUAL, when=NOW - dt.timedelta(hours=1))
    people.add_person(db, {"full_name": "Trần Thị Bình", "unit_id": unit})
    dbmod.close_db(db)
    result = restore(path, old, "Nhập nhầm tệp của chi bộ khác")
    assert result.people == 1
    assert result.safety_backup is not None and _people_in(result.safety_backup) == 2
    reopened = dbmod.open_db(path)
    try:
        assert people.count_people(reopened, people.PersonFilter()) == 1
        entry = audit.query(reopened, table="file")[0]
        assert entry.reason == "Nhập nhầm tệp của chi bộ khác"
        assert "Khôi phục" in entry.description and "2 → 1" in entry.description
    finally:
        dbmod.close_db(reopened)


def test_restore_requires_a_reason(data_file):
    db, path, _ = data_file
    old = backup.make_backup(db, path, Moment.MANUAL)
    with pytest.raises(UserError, match="lý do"):
        restore(path, old, "   ")


def test_a_damaged_backup_is_never_restored(data_file):
    db, path, _ = data_file
    bad = backup.make_backup(db, path, Moment.MANUAL)
    bad.write_bytes(bad.read_bytes()[:6000])
    dbmod.close_db(db)
    before = path.read_bytes()
    with pytest.raises(DamagedFileError, match="Không khôi phục"):
        restore(path, bad, "thử")
    assert path.read_bytes() == before


def test_restoring_over_a_damaged_file_moves_it_aside_instead_of_deleting(data_file):
    db, path, _ = data_file
    good = backup.make_backup(db, path, Moment.MANUAL)
    dbmod.close_db(db)
    damaged = b"SQLite format 3\x00" + b"\x00" * 5000
    path.write_bytes(damaged)
    result = restore(path, good, "Tệp hỏng sau khi mất điện")
    assert result.safety_backup is None
    assert result.set_aside is not None and result.set_aside.read_bytes() == damaged
    assert integrity.check_file(path).ok and _people_in(path) == 1


def test_restore_is_refused_while_another_program_writes_the_file(data_file):
    db, path, _ = data_file
    old = backup.make_backup(db, path, Moment.MANUAL)
    dbmod.close_db(db)
    now = dt.datetime.now().isoformat(sep=" ")
    filelock.lock_path(path).write_text(json.dumps(
        {"host": "may-van-phong", "pid": 1, "user": "thu", "since": now, "heartbeat": now}
    ))
    with pytest.raises(filelock.FileInUseError, match="may-van-phong"):
        restore(path, old, "thử")


def test_unlocking_a_year_and_importing_back_up_the_file_first(tmp_path):
    from desktop.core import newfile, years

    db = dbmod.open_db(tmp_path / "so.sqlite", create=True)
    newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng"], 2026)
    years.lock_year(db, 2026)
    years.unlock_year(db, 2026, "Sửa sai sót")
    reasons = [b.reason for b in backup.list_backups(tmp_path / "so.sqlite")]
    assert backup.Moment.UNLOCK in reasons
    assert backup.backup_before(dbmod.open_memory(), backup.Moment.IMPORT) is None
    dbmod.close_db(db)


def test_a_backup_holds_what_is_still_in_the_wal_even_while_a_reader_keeps_it(data_file):
    db, path, unit = data_file
    people.add_person(db, {"full_name": "Trần Thị Bình", "unit_id": unit})
    assert Path(f"{path}-wal").stat().st_size  # the edit is in the WAL, not yet in the main file
    quiet = backup.make_backup(db, path, Moment.MANUAL, when=NOW)  # copied as a file, WAL moved in first
    people.add_person(db, {"full_name": "Lê Văn Cường", "unit_id": unit})
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM people").fetchone()  # an older snapshot: the WAL cannot be emptied
    people.add_person(db, {"full_name": "Phạm Thị Dung", "unit_id": unit})
    try:
        busy = backup.make_backup(db, path, Moment.MANUAL, when=NOW)  # through the backup API instead
    finally:
        reader.close()
    assert (_people_in(quiet), _people_in(busy)) == (2, 4)
    for made in (quiet, busy):
        assert integrity.check_file(made).ok and not Path(f"{made}-wal").exists()
        conn = sqlite3.connect(made)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000  # the file's own wait, put back
