"""Backups made with SQLite's backup API (never a plain file copy).

A plain copy of a file in WAL mode can miss committed pages still in the
-wal file; the backup API copies a consistent snapshot.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop.core import paths


def backup_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{db_path.stem}.{stamp}.{reason}.sqlite"


def copy_to(db: Database, target: Path) -> Path:
    """Write a consistent snapshot of `db` to `target` (atomically renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(str(partial))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    return target


def make_backup(db: Database, db_path: Path, reason: str, folder: Path | None = None) -> Path:
    """A dated backup of `db` in the backups folder; returns its path."""
    folder = folder or paths.backups_dir()
    return copy_to(db, folder / backup_name(db_path, reason))
