"""An encrypted data file (SQLCipher), for a file that leaves the office PC.

Optional: it needs the `sqlcipher3` module (the sqlcipher3-wheels package,
built for Linux and Windows); without it a plain file works exactly as
before and an encrypted one is refused with a message saying why.

An encrypted file is a whole SQLite file encrypted page by page (AES-256,
key derived from the passphrase with PBKDF2 by SQLCipher). It is read and
written only through sqlcipher3 connections; a plain file only through the
standard sqlite3 module, so two SQLite libraries never hold one file open
at once (their POSIX locks would release each other's). The passphrase is
NFC-normalised like access.py's password and never written anywhere: the
open file keeps it in memory (`DataFile.key`), so worker threads, backups
and a restore can open the file again, and it goes when the file is closed.

Backups of an encrypted file are encrypted with the same key; no plaintext
copy of an encrypted file is ever written except by `decrypt_copy`, on the
user's explicit request.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from desktop.core import datafile, vntext
from desktop.core.errors import UserError
from desktop.core.readonly import readonly_uri

sqlcipher3: Any
try:
    import sqlcipher3
except ImportError:  # the wheels are optional: plain files need nothing more
    sqlcipher3 = None

_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIN_PAGE = 512
_SAMPLE = 1024  # random-looking bytes: ~251 distinct values expected, text or a zeroed page far fewer
_MIN_DISTINCT = 160
MIN_PASSPHRASE = 8
KEY_ENV = "SOLAMTHEOBAC_KEY"  # the command line reads the passphrase from here
ENCRYPTED_SUFFIX = ".mahoa"

# Every error a database call can raise, from either library (sqlcipher3's
# errors are its own classes, not sqlite3's).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + ((sqlcipher3.Error,) if sqlcipher3 else ())
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (sqlcipher3.DatabaseError,) if sqlcipher3 else ())
# Reading a file that may be encrypted: also a wrong or missing passphrase (UserError).
READ_ERRORS: tuple[type[Exception], ...] = (UserError, *ERRORS)
WRITE_ERRORS: tuple[type[Exception], ...] = (OSError, *ERRORS)

PROTECTION_NOTE = (
    "Mã hóa bảo vệ chính tệp dữ liệu: ai chép được tệp khỏi máy, nhặt được ổ USB hay lấy được "
    "bản sao lưu cũng không đọc được nội dung nếu không có cụm mật khẩu (kể cả bằng các công cụ SQLite). "
    "Các bản sao lưu tự động của tệp mã hóa cũng được mã hóa bằng cùng cụm mật khẩu.\n\n"
    "RỦI RO: chương trình không lưu cụm mật khẩu ở đâu cả và không có “cửa sau”. "
    "Quên cụm mật khẩu thì KHÔNG AI lấy lại được dữ liệu, kể cả người viết chương trình. "
    "Hãy ghi cụm mật khẩu ra giấy và cất ở nơi an toàn (ví dụ tủ hồ sơ của chi bộ).\n\n"
    "Mã hóa không bảo vệ khi máy đang mở tệp: ai ngồi vào máy lúc đó vẫn xem được; "
    "hãy đặt thêm mật khẩu mở tệp và thời gian tự khóa trong Cài đặt."
)


class KeyNeededError(UserError):
    """The file is encrypted and no passphrase was given."""


class WrongKeyError(UserError):
    """The passphrase does not open the encrypted file."""


def available() -> bool:
    """Whether SQLCipher (the sqlcipher3 module) is installed and usable."""
    return sqlcipher3 is not None


def is_encrypted(path: Path) -> bool:
    """Whether `path` looks like an SQLCipher file.

    A heuristic, since an encrypted file is by design indistinguishable from
    random bytes: it has no "SQLite format 3" header, its size is a whole
    number of pages (a multiple of 512 bytes; SQLCipher writes whole 4 KB
    pages), and its first 1 KB looks random (at least 160 distinct byte
    values: the salt and the encrypted first page). A plain file whose first
    page was zeroed or overwritten with text, a renamed Word/Excel file or a
    truncated file fails one of these and stays "damaged / not a data file",
    so the window still offers its newest good backup. Random bytes of a
    whole number of pages pass; a passphrase then simply will not open them.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError:
        return False
    if size < _SAMPLE or size % _MIN_PAGE or len(head) < _SAMPLE:
        return False
    if head.startswith((_SQLITE_MAGIC, b"PK\x03\x04")):  # SQLite, or a zip (renamed Word/Excel file)
        return False
    return len(set(head)) >= _MIN_DISTINCT


def clean_key(passphrase: str) -> str:
    return vntext.clean(passphrase)


def check_new_passphrase(passphrase: str, again: str) -> str | None:
    """Why a new passphrase cannot be used (Vietnamese), or None."""
    if clean_key(passphrase) != clean_key(again):
        return "Hai lần gõ cụm mật khẩu không giống nhau."
    if len(clean_key(passphrase)) < MIN_PASSPHRASE:
        return f"Cụm mật khẩu cần ít nhất {MIN_PASSPHRASE} ký tự (nên dùng vài từ dễ nhớ, khó đoán)."
    return None


def require() -> Any:
    """The sqlcipher3 module, or a UserError saying this build cannot open encrypted files."""
    if sqlcipher3 is None:
        raise UserError(
            "Tệp này được mã hóa, nhưng bản chương trình này thiếu thành phần mã hóa (sqlcipher3). "
            "Hãy cài bản chương trình đầy đủ, hoặc mở bản chưa mã hóa của tệp."
        )
    return sqlcipher3


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _set_key(conn: Any, key: str) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is ours to report, not stderr's
    conn.execute(f"PRAGMA key = {_quote(clean_key(key))}")


def wrong_key_message(path: Path) -> str:
    return (f"Cụm mật khẩu không mở được tệp “{path.name}”. Hãy gõ lại; để ý phím Caps Lock và bộ gõ "
            "tiếng Việt (Unikey bật hay tắt). Tệp không bị thay đổi.")


def key_needed_message(path: Path) -> str:
    return (f"Tệp “{path.name}” được mã hóa: cần cụm mật khẩu để mở. "
            f"Ở dòng lệnh, đặt cụm mật khẩu vào biến môi trường {KEY_ENV}.")


def connect_encrypted(path: Path, key: str, readonly: bool = False) -> Any:
    """An sqlcipher3 connection (sqlite3's API) to an encrypted file, key checked.

    Raises WrongKeyError when the passphrase does not decrypt the file.
    """
    lib = require()
    if readonly:
        conn = lib.connect(readonly_uri(path), uri=True, timeout=5)
    else:
        conn = lib.connect(str(path), timeout=5)
    try:
        _set_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except lib.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongKeyError(wrong_key_message(path)) from exc
        raise
    return conn


def new_encrypted(path: Path, key: str) -> Any:
    """An sqlcipher3 connection that creates `path` encrypted with `key`."""
    conn = require().connect(str(path), timeout=5)
    _set_key(conn, key)
    return conn


def key_opens(path: Path, key: str) -> bool:
    try:
        connect_encrypted(path, key, readonly=True).close()
    except WrongKeyError:
        return False
    return True


def encrypted_name(path: Path) -> Path:
    """"so.sqlite" → "so.mahoa.sqlite", beside it."""
    return path.with_name(f"{path.stem}{ENCRYPTED_SUFFIX}{path.suffix or '.sqlite'}")


def plain_name(path: Path) -> Path:
    """"so.mahoa.sqlite" → "so.giaima.sqlite", beside it."""
    stem = path.stem.removesuffix(ENCRYPTED_SUFFIX)
    return path.with_name(f"{stem}.giaima{path.suffix or '.sqlite'}")


def _export(conn: Any, target: Path, key: str, user_version: int) -> Path:
    """sqlcipher_export everything `conn` reads into a new file, renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        conn.execute(f"ATTACH DATABASE {_quote(str(partial))} AS target KEY {_quote(key)}")
        try:
            # One transaction: the export reads one consistent state of the source.
            conn.execute("BEGIN")
            conn.execute("SELECT sqlcipher_export('target')")
            conn.execute(f"PRAGMA target.user_version = {int(user_version)}")
            conn.commit()
        finally:
            if conn.in_transaction:
                conn.rollback()
            conn.execute("DETACH DATABASE target")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def encrypt_copy(db: datafile.DataFile, target: Path, key: str) -> Path:
    """Write an encrypted copy of the plain file `db` reads to `target`.

    A consistent snapshot is first taken with SQLite's backup API into a
    scratch file beside `target` (plaintext, like the source beside it, and
    deleted at once): sqlcipher3 must never open the live file the sqlite3
    module holds. The snapshot is then exported encrypted and renamed into
    place, so `target` appears only whole.
    """
    lib = require()
    if db.key is not None:
        raise UserError("Tệp này đã được mã hóa.")
    cleaned = clean_key(key)
    if len(cleaned) < MIN_PASSPHRASE:
        raise UserError(f"Cụm mật khẩu cần ít nhất {MIN_PASSPHRASE} ký tự.")
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(target.name + ".snapshot")
    scratch.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(scratch))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            version = int(dest.execute("PRAGMA user_version").fetchone()[0])
        finally:
            dest.close()
        source = lib.connect(str(scratch))
        try:
            return _export(source, target, cleaned, version)
        finally:
            source.close()
    finally:
        for extra in ("", "-journal", "-wal", "-shm"):
            scratch.with_name(scratch.name + extra).unlink(missing_ok=True)


def decrypt_copy(path: Path, key: str, target: Path) -> Path:
    """Write a plain (unencrypted) copy of the encrypted file `path` to `target`."""
    conn = connect_encrypted(path, key, readonly=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        return _export(conn, target, "", version)
    finally:
        conn.close()


def snapshot_encrypted(source: Any, target: Path, key: str) -> Path:
    """The backup API between two connections of the same key (backups of an encrypted file)."""
    lib = require()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    dest = lib.connect(str(partial))
    try:
        _set_key(dest, key)
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    partial.replace(target)
    return target
