"""Opening the data file: checks, pragmas, migrations.

The file is the user's document. Opening never writes to a file that is not
ours, is damaged, or comes from a newer program version; upgrading backs the
file up first (SQLite's backup API) and runs each step in one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from desktop.core import backup, crashlog, encryption, filelock, integrity, location
from desktop.core.datafile import DataFile
from desktop.core.errors import DamagedFileError, NewerFileError, UserError
from desktop.core.readonly import readonly_uri
from desktop.core.schema import MIGRATIONS, SCHEMA_VERSION


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _connect(path: Path, readonly: bool, key: str | None = None) -> sqlite3.Connection:
    if key is not None:
        conn: sqlite3.Connection = encryption.connect_encrypted(path, key, readonly)
        return conn
    if readonly:
        return sqlite3.connect(readonly_uri(path), uri=True, timeout=5)
    return sqlite3.connect(str(path), timeout=5)


def configure(db: Database, path: Path, readonly: bool = False) -> None:
    """Foreign keys on; WAL on a local disk, rollback journal elsewhere."""
    db.execute("PRAGMA foreign_keys = ON")
    if readonly:
        return
    if location.is_fragile(path):
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
    else:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")


def migrate(db: Database, path: Path | None = None) -> None:
    """Run the steps this file has not had yet, each in one transaction."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise NewerFileError(
            f"Tệp {path.name if path else ''} được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {version}, phiên bản này hiểu đến {SCHEMA_VERSION}). "
            "Hãy cập nhật chương trình; tệp không bị thay đổi."
        )
    if version < SCHEMA_VERSION and version > 0 and path is not None:
        backup.make_backup(db, path, backup.Moment.MIGRATION)
    for step in range(version, SCHEMA_VERSION):
        with db.atomic():
            MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")


def _refuse_unusable(path: Path, structure: bool, key: str | None = None) -> None:
    """Raise before anything is written if the file is not one we may open.

    The checks read through a read-only connection (integrity.py), so a
    damaged, foreign or newer file is left exactly as it was.
    """
    report = integrity.check_file(path, quick=True, foreign_keys=False, structure=structure, key=key)
    problem = report.first
    if problem is None or problem.kind == integrity.NO_SCHEMA:
        return
    if problem.kind == integrity.NEWER:
        raise NewerFileError(problem.message)
    if problem.kind == integrity.ENCRYPTED:
        raise encryption.KeyNeededError(problem.message)
    if problem.kind in (integrity.MISSING, integrity.UNREADABLE):
        raise UserError(problem.message)
    raise DamagedFileError(problem.message)


def _create_file(path: Path) -> None:
    """A new file appears only whole: built beside, then renamed into place,
    so a crash during creation leaves no half-made file under the user's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    for extra in ("", "-wal", "-shm", "-journal"):
        partial.with_name(partial.name + extra).unlink(missing_ok=True)
    conn = sqlite3.connect(str(partial))
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        migrate(Database(conn))
    finally:
        conn.close()
    partial.replace(path)


def _take_lock(path: Path, take_over: bool) -> filelock.Lock:
    lock = filelock.acquire(path, force=take_over)
    if isinstance(lock, filelock.LockedBy):
        raise filelock.FileInUseError(path, lock)
    return lock


def key_for(path: Path, key: str | None) -> str | None:
    """The passphrase to open `path` with: None for a plain file; for an
    encrypted one the given key, checked.

    Raises KeyNeededError without one, WrongKeyError for a wrong one. The
    opened DataFile keeps a right one, so workers, backups and a restore of
    that file can open it too.
    """
    if not path.exists() or not encryption.is_encrypted(path):
        return None
    encryption.require()  # this build cannot open it at all: say so before asking a passphrase
    if key is None:
        raise encryption.KeyNeededError(encryption.key_needed_message(path))
    if not encryption.key_opens(path, key):
        raise encryption.WrongKeyError(encryption.wrong_key_message(path))
    return encryption.clean_key(key)


def open_db(
    path: Path | str, *, create: bool = False, readonly: bool = False, take_over: bool = False,
    key: str | None = None,
) -> DataFile:
    """Open (or, with create=True, create) a data file, upgraded and ready.

    A writing open takes the file's lock (filelock.py) and raises
    FileInUseError when another program has it (take_over=True takes it
    after the user confirmed); it also runs SQLite's quick check when
    `integrity.page_check_on_open` calls for it (small, not closed cleanly,
    on a fragile folder, or cut short), so a damaged file is refused before
    anything is written. Raises UserError
    subclasses for a missing, empty, foreign, damaged or newer file.
    Close with `close_db` to give the lock back.

    An encrypted file (encryption.py) opens with `key`, which the returned
    DataFile keeps; the key is ignored for a plain file.
    """
    path = Path(path)
    if not path.exists() and (not create or readonly):
        raise UserError(f"Không tìm thấy tệp dữ liệu {path}. Hãy kiểm tra đường dẫn.")
    key = key_for(path, key)
    unclean = integrity.left_unclean(path)  # before our own lock file appears
    lock = None if readonly else _take_lock(path, take_over)
    try:
        if path.exists():
            pages = not readonly and integrity.page_check_on_open(
                path, unclean=unclean, fragile=location.is_fragile(path))
            _refuse_unusable(path, structure=pages, key=key)
        else:
            _create_file(path)
        return _open_checked(path, readonly, key, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_checked(path: Path, readonly: bool, key: str | None, lock: filelock.Lock | None) -> DataFile:
    conn = _connect(path, readonly, key)
    # The key is known before migrate: its backup is encrypted too. The lock
    # joins the file only once it opened: a refused open releases it above.
    db = DataFile(conn, path=path, key=key)
    try:
        if schema_version(db) > SCHEMA_VERSION:
            migrate(db, path)  # raises NewerFileError before anything is written
        configure(db, path, readonly)
        if readonly:
            if schema_version(db) != SCHEMA_VERSION:
                raise UserError(f"Tệp {path.name} cần được nâng cấp; hãy mở nó ở chế độ ghi.")
        else:
            migrate(db, path)
    except encryption.DATABASE_ERRORS as exc:
        conn.close()
        message = crashlog.environment_problem(exc, path)
        if message:
            raise UserError(message) from exc
        raise DamagedFileError(
            f"Tệp {path.name} bị hỏng hoặc không phải tệp dữ liệu ({exc}). "
            "Hãy khôi phục từ bản sao lưu gần nhất."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return DataFile(conn, path=path, key=key, lock=lock)


def reopen(file: DataFile, readonly: bool = False) -> DataFile:
    """Another connection to an open file (a worker thread's own), with its
    key; a writing one shares the file's lock. Close it with `close_db`."""
    if file.path is None:
        raise ValueError("an in-memory file cannot be opened again")
    if not file.path.exists():  # moved, deleted, or its USB stick pulled out
        raise UserError(f"Không tìm thấy tệp dữ liệu {file.path}. Hãy kiểm tra đường dẫn.")
    if not readonly and file.lock is None:
        raise UserError(f"Tệp {file.path.name} đang mở ở chế độ chỉ đọc; không sửa được.")
    conn = _connect(file.path, readonly, file.key)
    lock = None if readonly or file.lock is None else file.lock.share()
    db = DataFile(conn, path=file.path, key=file.key, lock=lock)
    try:
        configure(db, file.path, readonly)
    except BaseException:
        db.close()
        raise
    db.clock = file.clock
    return db


def close_db(db: Database) -> None:
    """Close the file and give its lock back."""
    db.close()


@dataclass
class OpenedFile:
    """A file as the window opens it: writable, or read-only with the reason why."""

    db: DataFile
    path: Path
    readonly: bool
    locked_by: filelock.LockedBy | None = None
    notices: list[str] = field(default_factory=list)  # Vietnamese, to show once

    def close(self) -> None:
        close_db(self.db)


def open_file(
    path: Path | str, *, create: bool = False, take_over: bool = False, key: str | None = None,
) -> OpenedFile:
    """Open for writing; when another program writes it, or the folder is
    read-only (a write-protected stick), open read-only instead.

    The notices say why the file is read-only, and warn about a shared
    folder or a USB stick (location.py). Other problems raise as open_db.
    """
    path = Path(path)
    notices: list[str] = []
    warning = location.warning_text(path)
    if warning:
        notices.append(warning)
    try:
        db = open_db(path, create=create, take_over=take_over, key=key)
        return OpenedFile(db, path, False, notices=notices)
    except filelock.FileInUseError as exc:
        notices.insert(0, exc.locked_by.notice)
        db = open_db(path, readonly=True, key=key)
        return OpenedFile(db, path, True, exc.locked_by, notices)
    except filelock.CannotWriteHereError as exc:
        notices.insert(0, exc.message)
        return OpenedFile(open_db(path, readonly=True, key=key), path, True, None, notices)


def open_memory() -> DataFile:
    """A fresh in-memory file with the whole schema (tests, previews)."""
    db = DataFile()
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db

