"""The open data file: its connection and what belongs to this one opening.

A `DataFile` is the sqlite-utils `Database` the program works on, with the
things that belong to this opening of the file declared as typed fields:
where it lives, the passphrase it was opened with, the write lock it holds,
the recording an edit is running in, and the clock (filled by the window or
the command line). Two files opened in one process each keep their own; no
module keeps a table of keys or locks by path.

Why a subclass and not a wrapper with a `.db` inside: every core, excel and
command function takes the file as a `Database` and calls sqlite-utils on it
(`db["people"]`, `db.atomic()`, `db.execute`). A subclass keeps all of them
working unchanged and mypy-checked, while `of(db)` gives the typed fields
where a function needs them. Files are only made by `db.open_db`,
`db.open_memory` and `db.reopen`, so a bare `Database` reaching a recording
is a programming error, reported as such.
"""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop.core.clock import Clock, SystemClock

if TYPE_CHECKING:
    from desktop.core.filelock import Lock


class DataFile(Database):
    """A data file opened by this program (see the module docstring)."""

    path: Path | None  # None in memory
    key: str | None  # the passphrase of an encrypted file, None for a plain one
    lock: Lock | None  # the write lock this opening shares (None: read-only or in memory)
    # The recording an edit is running in: a changes.Recorder, owned and typed by
    # changes.recording (typed object here so the two modules do not import each other).
    recorder: object | None
    clock: Clock  # the clock edits of this file are checked against (the PC's; the opener may hand its own)

    def __init__(
        self, conn: sqlite3.Connection | None = None, *, path: Path | None = None,
        key: str | None = None, lock: Lock | None = None,
    ) -> None:
        if conn is None:
            super().__init__(memory=True)
        else:
            super().__init__(conn)
        self.path = path
        self.key = key
        self.lock = lock
        self.recorder = None
        self.clock = SystemClock()
        # The lock is given back when the file goes away even if close() is forgotten.
        self._release = weakref.finalize(self, lock.release) if lock is not None else None

    def close(self) -> None:
        """Close the connection and give this opening's share of the lock back."""
        super().close()
        if self._release is not None:
            self._release()


def of(db: Database) -> DataFile:
    """`db` as the DataFile it is; a TypeError for a bare sqlite-utils Database."""
    if not isinstance(db, DataFile):
        raise TypeError("open data files with desktop.core.db (open_db, open_memory, reopen), not Database()")
    return db
