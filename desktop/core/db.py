"""Opening the data file: checks, pragmas, migrations.

The file is the user's document. Opening never writes to a file that is not
ours, is damaged, or comes from a newer program version; upgrading backs the
file up first (SQLite's backup API) and runs each step in one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop.core import backup, location
from desktop.core.errors import DamagedFileError, NewerFileError, UserError
from desktop.core.schema import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _split_sql(script: str) -> list[str]:
    """Statements of a script, triggers kept whole (sqlite3.complete_statement)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def execute_script(db: Database, script: str) -> None:
    """Like executescript(), but inside the current transaction.

    sqlite3's executescript() commits first, which would break the promise
    that a migration step is whole or not at all.
    """
    for statement in _split_sql(script):
        db.execute(statement)


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    if head and head != _SQLITE_MAGIC:
        raise DamagedFileError(
            f"Tệp {path.name} không phải tệp dữ liệu của Sổ Làm theo Bác (hoặc đã bị hỏng). "
            "Hãy chọn đúng tệp .sqlite, hoặc khôi phục từ bản sao lưu."
        )


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
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
        backup.make_backup(db, path, reason=f"truoc-nang-cap-v{version}")
    for step in range(version, SCHEMA_VERSION):
        with db.atomic():
            MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")


def open_db(path: Path | str, *, create: bool = False, readonly: bool = False) -> Database:
    """Open (or, with create=True, create) a data file, upgraded and ready.

    Raises UserError subclasses for a missing, foreign, damaged or newer file.
    """
    path = Path(path)
    if not path.exists():
        if not create or readonly:
            raise UserError(f"Không tìm thấy tệp dữ liệu {path}. Hãy kiểm tra đường dẫn.")
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        _check_header(path)
    conn = _connect(path, readonly)
    db = Database(conn)
    try:
        if schema_version(db) > SCHEMA_VERSION:
            migrate(db, path)  # raises NewerFileError before anything is written
        configure(db, path, readonly)
        if readonly:
            if schema_version(db) != SCHEMA_VERSION:
                raise UserError(f"Tệp {path.name} cần được nâng cấp; hãy mở nó ở chế độ ghi.")
        else:
            migrate(db, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DamagedFileError(
            f"Tệp {path.name} bị hỏng hoặc không phải tệp dữ liệu ({exc}). "
            "Hãy khôi phục từ bản sao lưu gần nhất."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return db


def open_memory() -> Database:
    """A fresh in-memory file with the whole schema (tests, previews)."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db
