"""Backups: consistent snapshots of the data file, kept and thinned.

A plain copy of a file in WAL mode can miss committed pages still in the
-wal file, and a copy taken mid-write is torn; so the file is copied as it
is only with its WAL checkpointed and emptied and its write lock held
(`_copy_quiet_file`), and otherwise through SQLite's backup API, which
copies a consistent snapshot. Backups go to the backups folder beside the
user data and, when set in Cài đặt, to a second place (a USB stick), which
is skipped with a notice when it is not plugged in.

When (the window and the commands call these; see `BackupPolicy`):
on open and on close when the file changed since the last backup, every 10
minutes while it keeps changing, and always before a migration, an import,
a restore and a year unlock, so the list shows "Trước khi nhập Excel" etc.

A backup is named `<file stem>.<yyyymmdd-hhmmss>[-n].<moment>.sqlite`, so the
list can be read without opening each file and thinning never touches a
file it did not make. Backups of files with the same name share a list.

Backups of an encrypted file (encryption.py) are encrypted with the same
key, copied between sqlcipher3 connections: no plaintext copy is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from desktop.core import clock, datafile, encryption, integrity, paths, settings


class Moment(StrEnum):
    """Why a backup was made; the value is the part of the file name that says it."""

    OPEN = "mo-tep"
    PERIODIC = "dinh-ky"
    CLOSE = "dong-tep"
    MIGRATION = "truoc-nang-cap"
    IMPORT = "truoc-nhap"
    RESTORE = "truoc-khoi-phuc"
    UNLOCK = "truoc-mo-khoa"
    MANUAL = "thu-cong"


MOMENT_LABELS = {
    Moment.OPEN: "Khi mở tệp",
    Moment.PERIODIC: "Tự động khi đang làm việc",
    Moment.CLOSE: "Khi đóng tệp",
    Moment.MIGRATION: "Trước khi nâng cấp tệp",
    Moment.IMPORT: "Trước khi nhập Excel",
    Moment.RESTORE: "Trước khi khôi phục",
    Moment.UNLOCK: "Trước khi mở khóa năm",
    Moment.MANUAL: "Sao lưu thủ công",
}

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<reason>[a-z0-9-]+)\.sqlite$")
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupPolicy:
    """When to back up. Moments before risky work always back up; the others
    only when the file changed, and while working at most every `interval`."""

    interval: dt.timedelta = dt.timedelta(minutes=10)
    unconditional: frozenset[Moment] = frozenset(
        {Moment.MIGRATION, Moment.IMPORT, Moment.RESTORE, Moment.UNLOCK, Moment.MANUAL}
    )

    def due(self, now: dt.datetime, last_backup: dt.datetime | None, changed: bool) -> bool:
        """Whether the periodic backup should run now (the window asks every minute)."""
        if not changed:
            return False
        return last_backup is None or now - last_backup >= self.interval or now < last_backup


DEFAULT_POLICY = BackupPolicy()


@dataclass
class BackupResult:
    """What a backup did: its path (None when skipped: nothing changed), the
    copy in the second place, notices for the user, backups thinned away."""

    path: Path | None
    second_path: Path | None = None
    notices: list[str] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    size: int
    people: int | None  # None: the backup cannot be read (or is encrypted and no key was given)
    reason: str
    encrypted: bool = False

    @property
    def reason_label(self) -> str:
        try:
            return MOMENT_LABELS[Moment(self.reason)]
        except ValueError:
            return self.reason


def backup_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    return f"{db_path.stem}.{(when or clock.SystemClock().now()).strftime(STAMP)}.{reason}.sqlite"


def _free_name(folder: Path, db_path: Path, reason: str, when: dt.datetime) -> Path:
    target = folder / backup_name(db_path, reason, when)
    n = 1
    while target.exists():
        target = folder / f"{db_path.stem}.{when.strftime(STAMP)}-{n}.{reason}.sqlite"
        n += 1
    return target


def _snapshot(source: sqlite3.Connection, target: Path, key: str | None = None) -> Path:
    """Write a consistent snapshot to `target`, atomically renamed into place.

    The copy is switched to the rollback journal so it is one self-contained
    file that any SQLite tool can open, even from a read-only stick. With
    `key` (the source is encrypted) the copy is encrypted with it.
    """
    if key is not None:
        return encryption.snapshot_encrypted(source, target, key)
    if type(source).__module__.startswith("sqlcipher3"):
        raise ValueError("an encrypted file must be backed up with its key, never as plaintext")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{partial}{extra}").unlink(missing_ok=True)
    copied = _copy_quiet_file(source, partial)
    dest = sqlite3.connect(str(partial))
    try:
        if not copied:
            source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    partial.replace(target)
    return target


def _checkpointed(source: sqlite3.Connection) -> bool:
    """Move the WAL into the main file and empty it, without waiting for
    readers still on an older snapshot (then False: the WAL must stay)."""
    waiting = source.execute("PRAGMA busy_timeout").fetchone()[0]
    source.execute("PRAGMA busy_timeout = 0")
    try:
        return not source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        source.execute(f"PRAGMA busy_timeout = {int(waiting)}")


def _copy_quiet_file(source: sqlite3.Connection, partial: Path) -> bool:
    """Copy the file itself when that copy is a consistent snapshot; whether it did.

    It is when everything committed is in the main file (the WAL, if any,
    checkpointed into it and emptied) and nobody can write while it is
    copied (this connection holds the write lock). Then a file copy, at disk
    speed, equals what the backup API copies page by page (three times
    slower on a 100,000-person file). Otherwise (a transaction open, a
    reader keeping the WAL, a read-only or in-memory source) it copies nothing.
    """
    row = source.execute("PRAGMA database_list").fetchone()
    if source.in_transaction or not row or not row[2]:
        return False
    path = Path(row[2])
    wal = Path(f"{path}-wal")
    try:
        if source.execute("PRAGMA journal_mode").fetchone()[0] == "wal" and not _checkpointed(source):
            return False
        source.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        return False  # a read-only connection, or another program writing: the backup API then
    try:
        if wal.exists() and wal.stat().st_size:
            return False
        shutil.copyfile(path, partial)
        with partial.open("rb+") as copy:
            os.fsync(copy.fileno())
        return True
    finally:
        source.execute("ROLLBACK")


def copy_to(db: Database, target: Path) -> Path:
    """A consistent snapshot of `db` written to `target` (the `backup -o FILE` case)."""
    return _snapshot(db.conn, target, datafile.of(db).key)


def make_backup(
    db: Database, db_path: Path, reason: str, folder: Path | None = None, when: dt.datetime | None = None,
) -> Path:
    """One dated backup of `db` in `folder` (the backups folder); no thinning."""
    if not re.fullmatch(r"[a-z0-9-]+", reason):
        raise ValueError(f"backup reason must be a file-name slug: {reason!r}")
    folder = folder or paths.backups_dir()
    return _snapshot(db.conn, _free_name(folder, db_path, reason, when or clock.SystemClock().now()),
                     datafile.of(db).key)


def fingerprint(conn: sqlite3.Connection) -> str:
    """A cheap summary that changes whenever the content does.

    Every recorded edit adds audit rows; unrecorded bulk writes (demo,
    migrations) change row counts or the highest rowid; a migration changes
    user_version and the list of schema objects (not schema_version: the
    backup API bumps it in the copy). Computed the same way on a backup, so
    "changed since the last backup" needs no state outside the files.
    """
    parts = [str(conn.execute("PRAGMA user_version").fetchone()[0]),
             str(conn.execute("SELECT group_concat(name) FROM sqlite_master").fetchone()[0])]
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        if sql.upper().startswith("CREATE VIRTUAL") or "WITHOUT ROWID" in sql.upper():
            continue
        count, top = conn.execute(f"SELECT count(*), max(rowid) FROM [{name}]").fetchone()
        parts.append(f"{name}:{count}:{top}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _backups_of(db_path: Path, folder: Path) -> list[tuple[Path, dt.datetime, str]]:
    """(path, made_at, reason) of each backup of `db_path` in `folder`, newest first.

    Backups made within one second are told apart by their number in the
    name (a microsecond of made_at) and then by the time the file was written.
    """
    if not folder.is_dir():
        return []
    found: list[tuple[int, Path, dt.datetime, str]] = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["stem"] != db_path.stem:
            continue
        made = dt.datetime.strptime(match["stamp"], STAMP) + dt.timedelta(microseconds=int(match["n"] or 0))
        try:
            written = path.stat().st_mtime_ns
        except OSError:
            continue
        found.append((written, path, made, match["reason"]))
    found.sort(key=lambda item: (item[2], item[0]), reverse=True)
    return [(path, made, reason) for _, path, made, reason in found]


def last_backup_at(db_path: Path, folder: Path | None = None) -> dt.datetime | None:
    """When the newest backup of `db_path` was made (None: never), without opening any backup."""
    found = _backups_of(db_path, folder or paths.backups_dir())
    return found[0][1] if found else None


def changed_since_backup(db: Database, db_path: Path, folder: Path | None = None) -> bool:
    """Whether `db` differs from its newest backup (True when there is none)."""
    backups = _backups_of(db_path, folder or paths.backups_dir())
    if not backups:
        return True
    try:
        newest = integrity.connect_readonly(backups[0][0], datafile.of(db).key)
        try:
            return fingerprint(newest) != fingerprint(db.conn)
        finally:
            newest.close()
    except encryption.READ_ERRORS:
        return True  # the newest backup is unreadable: make a good one


def backups_to_delete(made: Sequence[dt.datetime], now: dt.datetime) -> set[int]:
    """Thinning, as a pure function: indexes of the backups to delete.

    Kept: the 10 newest; the newest of each of the last 7 calendar days
    (today included); of each of the last 8 weeks (Monday to Sunday); of each
    of the last 12 calendar months. Buckets are calendar-anchored, so a kept
    backup stays kept until its bucket leaves the window: thinning after
    every backup gives the same result as thinning once at the end.
    """
    order = sorted(range(len(made)), key=lambda i: made[i], reverse=True)
    keep = set(order[:10])
    today = now.date()
    this_monday = today - dt.timedelta(days=today.weekday())
    month_now = today.year * 12 + today.month - 1
    newest_in: dict[tuple[str, object], int] = {}
    for i in order:  # newest first: the first seen in a bucket is its newest
        day = made[i].date()
        monday = day - dt.timedelta(days=day.weekday())
        buckets: list[tuple[str, object]] = []
        if 0 <= (today - day).days < 7:
            buckets.append(("day", day))
        if 0 <= (this_monday - monday).days // 7 < 8:
            buckets.append(("week", monday))
        if 0 <= month_now - (day.year * 12 + day.month - 1) < 12:
            buckets.append(("month", (day.year, day.month)))
        for bucket in buckets:
            newest_in.setdefault(bucket, i)
    keep.update(newest_in.values())
    return set(range(len(made))) - keep


def thin_folder(db_path: Path, folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups of `db_path` in `folder` that thinning does not keep."""
    backups = _backups_of(db_path, folder)
    doomed = backups_to_delete([made for _, made, _ in backups], now or clock.SystemClock().now())
    deleted = []
    for index in sorted(doomed):
        path = backups[index][0]
        try:
            path.unlink()
            deleted.append(path)
        except OSError:
            pass  # in use by a viewer, or a read-only stick: try again next time
    return deleted


def second_place(db: Database) -> Path | None:
    """The second backup folder set in Cài đặt (e.g. a USB stick), or None."""
    value = settings.get(db, "second_backup_dir")
    return Path(value) if value else None


def backup_now(
    db: Database, db_path: Path, reason: str, *, now: dt.datetime | None = None,
) -> BackupResult:
    """Back up to the backups folder and the second place, then thin both."""
    now = now or clock.SystemClock().now()
    folder = paths.backups_dir()
    result = BackupResult(make_backup(db, db_path, reason, folder, now))
    result.deleted += thin_folder(db_path, folder, now)
    second = second_place(db)
    if second is None:
        return result
    if not second.is_dir():
        result.notices.append(
            f"Không thấy nơi sao lưu thứ hai {second} (ổ USB chưa cắm?). "
            f"Lần này bản sao lưu chỉ nằm trong {folder}; hãy cắm ổ rồi sao lưu lại."
        )
        return result
    try:
        key = datafile.of(db).key
        source = integrity.connect_readonly(result.path, key)  # type: ignore[arg-type]
        try:
            result.second_path = _snapshot(source, _free_name(second, db_path, reason, now), key)
        finally:
            source.close()
        result.deleted += thin_folder(db_path, second, now)
    except encryption.WRITE_ERRORS as exc:
        result.notices.append(
            f"Không ghi được bản sao lưu vào nơi thứ hai {second}: {exc}. "
            "Ổ có thể đầy hoặc đang chống ghi; bản sao lưu trên máy vẫn được lưu."
        )
    return result


def backup_if_changed(
    db: Database, db_path: Path, reason: str, *, now: dt.datetime | None = None,
) -> BackupResult:
    """Back up unless nothing changed since the newest backup (then path is None)."""
    if not changed_since_backup(db, db_path):
        return BackupResult(None)
    return backup_now(db, db_path, reason, now=now)


def backup_for(
    db: Database, db_path: Path, moment: Moment, policy: BackupPolicy = DEFAULT_POLICY,
    *, now: dt.datetime | None = None,
) -> BackupResult:
    """The backup a moment calls for: always before risky work, else if changed."""
    if moment in policy.unconditional:
        return backup_now(db, db_path, moment, now=now)
    return backup_if_changed(db, db_path, moment, now=now)


def backup_before(db: Database, moment: Moment) -> BackupResult | None:
    """The backup risky work (an import, an unlock) makes of the open file first.

    None for a database that is not a file (in memory) or a file still empty.
    """
    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return None
    db_path = Path(row[2])
    if not db.execute("SELECT 1 FROM people LIMIT 1").fetchone() and not db.execute(
        "SELECT 1 FROM units LIMIT 1"
    ).fetchone():
        return None
    return backup_for(db, db_path, moment)


def _people_in(path: Path, key: str | None) -> int | None:
    try:
        conn = integrity.connect_readonly(path, key)
        try:
            return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
        finally:
            conn.close()
    except encryption.READ_ERRORS:
        return None


def list_backups(db_path: Path, folder: Path | None = None, key: str | None = None) -> list[BackupInfo]:
    """The backups of a data file, newest first, with their people count.

    Encrypted backups are read with `key` (the data file's); without it
    their people count is None.
    """
    infos = []
    for path, made, reason in _backups_of(db_path, folder or paths.backups_dir()):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        encrypted = encryption.is_encrypted(path)
        people = _people_in(path, key if encrypted else None) if not encrypted or key else None
        infos.append(BackupInfo(path, made.replace(microsecond=0), size, people, reason, encrypted))
    return infos


@contextmanager
def reading(info: BackupInfo, key: str | None) -> Iterator[datafile.DataFile]:
    """A backup opened read-only to look into (an encrypted one with the data file's `key`)."""
    key = key if info.encrypted else None
    conn = integrity.connect_readonly(info.path, key)
    try:
        yield datafile.DataFile(conn, path=info.path, key=key)
    finally:
        conn.close()


def newest_good_backup(db_path: Path, folder: Path | None = None, key: str | None = None) -> BackupInfo | None:
    """The newest backup that passes the full check, for the window to offer
    (encrypted ones only with `key`)."""
    for info in list_backups(db_path, folder, key):
        if info.people is not None and integrity.check_file(info.path, key=key if info.encrypted else None).ok:
            return info
    return None

