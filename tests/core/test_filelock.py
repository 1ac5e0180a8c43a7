"""One writer at a time: a second program gets a read-only view with a notice."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core import db as dbmod
from desktop.core import filelock, location, people, units
from desktop.core.filelock import STALE_AFTER, Lock, LockedBy, acquire, lock_path
from tests.clock_helpers import on_the_test_clock

pytestmark = pytest.mark.date_sensitive  # lock heartbeats and staleness are measured from the clock's moment

HOLDER = textwrap.dedent("""
    import sys
    from desktop.core import db
    opened = db.open_db(sys.argv[1], create=True)
    print("ready", flush=True)
    sys.stdin.read()  # hold the file until the test closes our stdin
    db.close_db(opened)
""")


@pytest.fixture
def other_program(tmp_path: Path):
    """Another copy of the program with the file open for writing."""
    path = tmp_path / "so.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", on_the_test_clock(HOLDER), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ},
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield path, proc
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def _write_lock(path: Path, **info: object) -> None:
    lock_path(path).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def test_second_program_is_told_who_writes_the_file(other_program):
    path, proc = other_program
    found = acquire(path)
    assert isinstance(found, LockedBy)
    assert found.host == socket.gethostname() and found.pid == proc.pid
    assert found.since is not None and dt.datetime.now() - found.since < dt.timedelta(hours=1)
    assert "chỉ đọc" in found.notice and found.host in found.notice


def test_second_program_opens_read_only_and_cannot_write(other_program):
    path, _ = other_program
    with pytest.raises(filelock.FileInUseError, match="chế độ chỉ đọc"):
        dbmod.open_db(path)
    opened = dbmod.open_file(path)
    try:
        assert opened.readonly and opened.locked_by is not None
        assert "đang được" in opened.notices[0]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            opened.db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    finally:
        opened.close()


def test_the_first_program_keeps_its_lock_after_the_second_gave_up(other_program):
    path, _ = other_program
    dbmod.open_file(path).close()
    assert filelock.holder(path) is not None


def test_lock_of_a_killed_program_on_this_computer_is_taken_over(tmp_path):
    path = tmp_path / "so.sqlite"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    now = dt.datetime.now().isoformat(sep=" ")
    _write_lock(path, host=socket.gethostname(), pid=int(dead.stdout), user="thu", since=now, heartbeat=now)
    lock = acquire(path)
    assert isinstance(lock, Lock)
    assert json.loads(lock_path(path).read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock_path(path).exists()


def test_lock_from_another_computer_is_respected_until_its_heartbeat_is_old(tmp_path):
    path = tmp_path / "so.sqlite"
    now = dt.datetime(2026, 11, 23, 9, 0)
    stamp = now.isoformat(sep=" ")
    _write_lock(path, host="may-ke-toan", pid=4242, user="Hà", since=stamp, heartbeat=stamp)
    assert isinstance(acquire(path, now=now + dt.timedelta(minutes=30)), LockedBy)
    later = acquire(path, now=now + STALE_AFTER + dt.timedelta(minutes=1))
    assert isinstance(later, Lock)
    later.release()


def test_user_can_take_over_after_confirming_the_other_computer_is_off(tmp_path):
    path = tmp_path / "so.sqlite"
    stamp = dt.datetime.now().isoformat(sep=" ")
    _write_lock(path, host="may-ke-toan", pid=4242, user="Hà", since=stamp, heartbeat=stamp)
    with pytest.raises(filelock.FileInUseError):
        dbmod.open_db(path, create=True)
    db = dbmod.open_db(path, create=True, take_over=True)
    assert filelock.holder(path, db.lock) is None
    dbmod.close_db(db)


def test_a_holder_pushed_out_finds_out_on_its_next_heartbeat(tmp_path):
    path = tmp_path / "so.sqlite"
    lock = acquire(path)
    assert isinstance(lock, Lock)
    assert lock.refresh()
    stamp = dt.datetime.now().isoformat(sep=" ")
    _write_lock(path, host="may-ke-toan", pid=4242, user="Hà", since=stamp, heartbeat=stamp, token="khac")
    assert not lock.refresh()
    lock.release()
    assert lock_path(path).exists()  # not ours to remove


def test_a_half_written_lock_blocks_briefly_then_is_cleared(tmp_path):
    path = tmp_path / "so.sqlite"
    lock_path(path).write_text("{", encoding="utf-8")
    # The file system stamps real time; the test's clock is frozen: say the file was written now.
    now = dt.datetime.now().timestamp()
    os.utime(lock_path(path), (now, now))
    assert isinstance(acquire(path), LockedBy)
    old = dt.datetime.now() - dt.timedelta(minutes=5)
    os.utime(lock_path(path), (old.timestamp(), old.timestamp()))
    lock = acquire(path)
    assert isinstance(lock, Lock)
    lock.release()


def test_closing_the_file_gives_the_lock_back(tmp_path):
    path = tmp_path / "so.sqlite"
    first = dbmod.open_db(path, create=True)
    second = dbmod.reopen(first)  # a worker's own connection shares the lock
    dbmod.close_db(first)
    assert lock_path(path).exists()
    unit = units.add_unit(second, "Chi bộ Xóm Bãi", "chi_bo").inserted_id("units")
    people.add_person(second, {"full_name": "Lê Văn Tám", "unit_id": unit})
    dbmod.close_db(second)
    assert not lock_path(path).exists()


def test_refused_open_leaves_no_lock_behind(tmp_path):
    path = tmp_path / "so.sqlite"
    path.write_bytes(b"not a database, just text")
    with pytest.raises(Exception, match="không phải tệp dữ liệu"):
        dbmod.open_db(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.sqlite"]


def test_files_on_usb_or_network_get_a_warning(monkeypatch, tmp_path):
    path = tmp_path / "so.sqlite"
    assert location.warning_text(path) is None
    monkeypatch.setattr(location, "location_kind", lambda _path, _environ=None: "removable")
    assert "USB" in location.warning_text(path)
    monkeypatch.setattr(location, "location_kind", lambda _path, _environ=None: "network")
    assert "mạng" in location.warning_text(path)
    db = dbmod.open_db(path, create=True)  # the rollback journal, not WAL, on such paths
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    dbmod.close_db(db)


def test_write_protected_folder_opens_read_only_with_a_notice(tmp_path, monkeypatch):
    path = tmp_path / "so.sqlite"
    dbmod.close_db(dbmod.open_db(path, create=True))

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filelock, "_create", refuse)
    with pytest.raises(filelock.CannotWriteHereError, match="chống ghi"):
        dbmod.open_db(path)
    opened = dbmod.open_file(path)
    assert opened.readonly and "chép tệp vào thư mục Tài liệu" in opened.notices[0]
    opened.close()


@pytest.mark.parametrize(
    ("answer", "alive"),
    [
        ((False, 5, None), True),  # ERROR_ACCESS_DENIED: another account's process
        ((False, 87, None), False),  # ERROR_INVALID_PARAMETER: no such process
        ((True, 0, 259), True),  # STILL_ACTIVE
        ((True, 0, 0), False),  # exited, handle kept by someone
    ],
)
def test_windows_answers_about_a_process(answer, alive):
    assert filelock.windows_process_alive(*answer) is alive


@pytest.mark.parametrize(("answer", "taken_over"), [((False, 5, None), False), ((False, 87, None), True)])
def test_on_windows_another_accounts_live_lock_is_not_taken_over(tmp_path, monkeypatch, answer, taken_over):
    """User B on a shared PC must not take user A's open file (OpenProcess says access denied)."""
    path = tmp_path / "so.sqlite"
    now = dt.datetime.now().replace(microsecond=0)
    _write_lock(path, host=socket.gethostname(), pid=4242, user="An", since=now.isoformat(sep=" "),
                heartbeat=now.isoformat(sep=" "))
    monkeypatch.setattr(filelock, "_ON_WINDOWS", True)
    asked: list[int] = []
    monkeypatch.setattr(filelock, "_ask_windows", lambda pid: asked.append(pid) or answer)
    got = acquire(path, now=now)
    assert asked == [4242]
    if taken_over:
        assert isinstance(got, Lock)
        got.release()
    else:
        assert isinstance(got, LockedBy) and got.user == "An"
        assert json.loads(lock_path(path).read_text())["pid"] == 4242


def test_heartbeat_waits_out_a_scanner_holding_the_lock_file(tmp_path, monkeypatch):
    """Antivirus holds the lock file for a moment: the heartbeat's rename is retried, not lost."""
    from desktop.core import renames

    path = tmp_path / "Chi bộ Xóm Đồng 2026.sqlite"
    lock = acquire(path)
    real_replace = os.replace
    refusals = [PermissionError(13, "Access is denied")] * 2

    def held_then_free(src, dst):
        if refusals:
            raise refusals.pop()
        real_replace(src, dst)

    monkeypatch.setattr(renames.os, "replace", held_then_free)
    monkeypatch.setattr(renames, "DELAY_S", 0)
    later = dt.datetime(2026, 11, 23, 10, 5)
    assert lock.refresh(now=later)
    assert json.loads(lock_path(path).read_text())["heartbeat"] == "2026-11-23 10:05:00"
    assert not refusals
    lock.release()
