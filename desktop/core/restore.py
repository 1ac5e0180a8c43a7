"""Restoring a backup: the current state is kept first, then the backup's
pages are written into the data file with SQLite's backup API (one
transaction: a crash leaves either state whole, never a mix).

An encrypted file is restored from its encrypted backups with its key; a
plain file from plain backups. Mixing the two is refused: restoring a
plain backup into an encrypted file would leave the data unencrypted.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.core import clock, encryption, integrity
from desktop.core.accounts import current_user
from desktop.core.backup import STAMP, Moment, make_backup
from desktop.core.datafile import DataFile
from desktop.core.dates import now_iso
from desktop.core.errors import DamagedFileError, NewerFileError, UserError
from desktop.core.filelock import FileInUseError, LockedBy, acquire


@dataclass(frozen=True)
class RestoreResult:
    safety_backup: Path | None  # the state before restoring, backed up first
    set_aside: Path | None  # a damaged file moved aside instead (kept, not deleted)
    people: int


def _set_aside(db_path: Path, when: dt.datetime) -> Path:
    """Move a damaged file (and its journal files) aside: never delete user data."""
    aside = db_path.with_name(f"{db_path.stem}.hong-{when.strftime(STAMP)}{db_path.suffix}")
    for extra in ("", "-wal", "-shm", "-journal"):
        source = db_path.with_name(db_path.name + extra)
        if source.exists():
            source.replace(aside.with_name(aside.name + extra))
    return aside


def restore(
    db_path: Path, from_path: Path, reason: str, *, now: dt.datetime | None = None, key: str | None = None,
) -> RestoreResult:
    """Put a backup back as the data file, safely.

    The backup must pass the full check. The current state is backed up
    first; a current file too damaged to back up is moved aside instead.
    The backup's pages are then written into the data file with the backup
    API, in one transaction, so a crash leaves either state whole. The
    restored file's audit log records the restore and its reason. Close the
    file in the window first; the caller must not hold it open for writing.
    `key` (the passphrase the file was open with) opens an encrypted file.
    """
    now = now or clock.SystemClock().now()
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("Khôi phục bản sao lưu cần ghi rõ lý do (được ghi vào nhật ký).")
    encrypted = encryption.is_encrypted(from_path)
    if db_path.exists() and encrypted != encryption.is_encrypted(db_path):
        raise UserError(
            f"Không khôi phục được: bản sao lưu {from_path.name} "
            + ("được mã hóa còn tệp đang dùng thì không." if encrypted else
               "không mã hóa còn tệp đang dùng được mã hóa (khôi phục sẽ làm lộ dữ liệu).")
            + " Hãy mở bản sao lưu đó như một tệp riêng (Tệp → Mở tệp…).")
    key = key if encrypted else None
    report = integrity.check_file(from_path, key=key)
    if not report.ok:
        problem = report.first
        assert problem is not None
        if problem.kind == integrity.NEWER:
            raise NewerFileError(problem.message)
        if problem.kind == integrity.ENCRYPTED:
            raise encryption.KeyNeededError(problem.message)
        raise DamagedFileError(f"Không khôi phục từ {from_path.name} được. {problem.message}")
    if from_path.resolve() == db_path.resolve():
        raise UserError("Tệp sao lưu chính là tệp đang dùng; hãy chọn một bản sao lưu khác.")
    lock = acquire(db_path)
    if isinstance(lock, LockedBy):
        raise FileInUseError(db_path, lock)
    try:
        safety = aside = None
        before_people: int | None = None
        if db_path.exists():
            current = integrity.check_file(db_path, quick=True, foreign_keys=False, key=key)
            if current.ok or (current.first and current.first.kind == integrity.NO_SCHEMA):
                live = integrity.connect_readonly(db_path, key)
                try:
                    safety = make_backup(DataFile(live, path=db_path, key=key), db_path, Moment.RESTORE, when=now)
                finally:
                    live.close()
                before_people = current.people
            else:
                aside = _set_aside(db_path, now)
        source = integrity.connect_readonly(from_path, key)
        dest = (encryption.connect_encrypted(db_path, key) if db_path.exists() else encryption.new_encrypted(db_path, key)
                ) if key is not None else sqlite3.connect(str(db_path), timeout=5)
        try:
            source.backup(dest)
            _record_restore(dest, db_path, from_path, reason, before_people, report.people, safety)
        finally:
            dest.close()
            source.close()
    finally:
        lock.release()
    return RestoreResult(safety, aside, report.people or 0)


def _record_restore(
    conn: sqlite3.Connection, db_path: Path, from_path: Path, reason: str,
    before_people: int | None, after_people: int | None, safety: Path | None,
) -> None:
    # Keys read back by audit.py to tell the restore in the audit screen.
    before = {"people": before_people, "safety_backup": safety.name if safety else None}
    after = {"from_backup": from_path.name, "people": after_people}
    with conn:
        conn.execute(
            "INSERT INTO audit_log (at, user, label, table_name, row_id, before, after, reason) "
            "VALUES (?, ?, ?, 'file', NULL, ?, ?, ?)",
            [now_iso(), current_user(), f"Khôi phục từ bản sao lưu {from_path.name}",
             json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False), reason],
        )
