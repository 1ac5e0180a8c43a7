"""Is a data file sound? Used by `check`, by opening, and to pick a backup.

Everything here reads the file through a read-only connection, so a damaged
file is never written to. The one exception is SQLite's own crash recovery:
a file whose last transaction was cut off (power cut, kill) keeps a "hot"
rollback journal beside it, and only a writing connection can put the old
pages back; `recover_interrupted` does exactly that and nothing more. It is
what makes each write whole or absent after a crash.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import encryption
from desktop.core.errors import UserError
from desktop.core.readonly import readonly_uri
from desktop.core.schema import SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100

# Kinds of problem, from the most to the least fundamental. Opening refuses
# all but FOREIGN_KEYS (a file with a dangling reference stays usable and
# can be repaired in the program); `check` reports them all.
MISSING = "missing"
UNREADABLE = "unreadable"
EMPTY = "empty"
NOT_SQLITE = "not_sqlite"
DAMAGED = "damaged"
NEWER = "newer"
FOREIGN = "foreign"
NO_SCHEMA = "no_schema"  # a valid, empty SQLite file: opening may initialise it
FOREIGN_KEYS = "foreign_keys"
ENCRYPTED = "encrypted"  # an encrypted file without its passphrase (or with a wrong one)

_RESTORE_HINT = (
    "Hãy khôi phục từ bản sao lưu tốt gần nhất (trong chương trình: Tệp → Sao lưu và khôi phục…; "
    "dòng lệnh: restore)."
)


@dataclass
class Problem:
    kind: str
    message: str


@dataclass
class CheckReport:
    path: Path
    found: list[Problem] = field(default_factory=list)
    schema_version: int | None = None
    people: int | None = None
    recovered: bool = False  # an interrupted write was rolled back first

    @property
    def ok(self) -> bool:
        return not self.found

    @property
    def problems(self) -> list[str]:
        return [p.message for p in self.found]

    @property
    def first(self) -> Problem | None:
        return self.found[0] if self.found else None

    def add(self, kind: str, message: str) -> None:
        self.found.append(Problem(kind, message))


def _not_sqlite_message(path: Path, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".docx", ".zip"):
        # Picked by mistake, not damaged: restoring a backup would be the wrong advice.
        return (
            f"Tệp {path.name} là tệp Word/Excel, không phải tệp dữ liệu của Sổ Làm theo Bác. "
            "Hãy chọn tệp .sqlite; muốn đưa danh sách từ Excel vào thì dùng Tệp → Nhập từ Excel… "
            "(dòng lệnh: import)."
        )
    if head.startswith(b"PK\x03\x04"):
        hint = " (đây là tệp nén kiểu Word/Excel đã bị đổi đuôi thành .sqlite)"
    elif head.startswith(_SQLITE_MAGIC[: len(head)]):
        hint = f" (tệp chỉ còn {len(head)} byte đầu: bị cụt khi chép hoặc khi rút USB)"
    else:
        hint = ""
    return (
        f"Tệp {path.name} không phải tệp dữ liệu của Sổ Làm theo Bác hoặc đã hỏng{hint}. "
        f"Hãy chọn đúng tệp .sqlite. {_RESTORE_HINT}"
    )


def inspect_header(path: Path) -> Problem | None:
    """Problems visible in the first bytes: missing, unreadable, empty, not SQLite."""
    if not path.exists():
        return Problem(MISSING, f"Không tìm thấy tệp {path}. Hãy kiểm tra đường dẫn.")
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEADER_SIZE)
    except OSError as exc:
        return Problem(
            UNREADABLE,
            f"Không đọc được tệp {path}: {exc.strerror or exc}. "
            "Hãy kiểm tra tệp còn đó, ổ USB còn cắm, và bạn có quyền đọc tệp.",
        )
    if not head:
        return Problem(
            EMPTY,
            f"Tệp {path.name} rỗng (0 byte): nội dung đã mất, thường do rút USB hoặc mất điện khi đang "
            f"chép tệp. {_RESTORE_HINT} Nếu muốn bắt đầu tệp mới, hãy xóa tệp rỗng này.",
        )
    if len(head) < _HEADER_SIZE or not head.startswith(_SQLITE_MAGIC):
        return Problem(NOT_SQLITE, _not_sqlite_message(path, head))
    return None


def has_hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    try:
        return journal.stat().st_size > 0
    except OSError:
        return False


def recover_interrupted(path: Path, key: str | None = None) -> bool:
    """Let SQLite roll back a transaction a crash cut off; True if there was one."""
    if not has_hot_journal(path):
        return False
    conn = encryption.connect_encrypted(path, key) if key is not None else sqlite3.connect(str(path), timeout=5)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reading rolls the hot journal back
    finally:
        conn.close()
    return not has_hot_journal(path)


# Opening a data file for writing checks every page (SQLite's quick check)
# when that is cheap or called for; see `page_check_on_open`. 64 MB is about
# 25,000 people and 0.2 s of checking on an old PC.
PAGE_CHECK_BUDGET = 64 * 1024 * 1024


def left_unclean(path: Path) -> bool:
    """Whether the last program that wrote the file did not close it: its -wal
    (a clean close checkpoints and removes it), a hot rollback journal, or
    its lock file is still beside it. Ask before this program takes the lock."""
    for suffix in ("-wal", "-journal", ".lock"):
        try:
            if path.with_name(path.name + suffix).stat().st_size > 0:
                return True
        except (OSError, ValueError):  # ValueError: a name this locale cannot encode
            continue
    return False


def header_matches_size(path: Path) -> bool:
    """The file is as long as its header says (page count × page size), so
    no copy or sync cut it short. False when the header does not say (an
    encrypted file, or a count older SQLite versions left stale)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEADER_SIZE)
        size = path.stat().st_size
    except (OSError, ValueError):  # ValueError: a name this locale cannot encode
        return False
    if len(head) < _HEADER_SIZE or not head.startswith(_SQLITE_MAGIC):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    count_valid = head[24:28] == head[92:96]
    return count_valid and pages > 0 and pages * page_size == size


def page_check_on_open(path: Path, *, unclean: bool, fragile: bool) -> bool:
    """Whether opening `path` for writing runs the quick check of every page.

    Always for a file up to PAGE_CHECK_BUDGET (it costs little), and for any
    file that was not closed cleanly (`left_unclean`: a crash or a pulled
    plug, when torn pages happen), that lies on a removable, network or
    synced folder (where copies and syncs tear files), or whose length
    disagrees with its header (cut short). A big file closed cleanly on a
    local disk opens with the cheap checks only (header, length, schema
    version, its tables readable): checking 100,000 people's pages on every
    start would cost more than the rest of the start-up. The full check
    stays one command away (`check`), and every
    restore checks its backup in full.
    """
    try:
        small = path.stat().st_size <= PAGE_CHECK_BUDGET
    except (OSError, ValueError):  # ValueError: a name this locale cannot encode
        return True
    return small or unclean or fragile or not header_matches_size(path)


def _is_idle_wal_file(path: Path) -> bool:
    """A WAL-mode file with no -wal beside it: nobody has it open, nothing pending."""
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    wal_mode = len(head) == 20 and head.startswith(_SQLITE_MAGIC) and head[18] == 2
    return wal_mode and not path.with_name(path.name + "-wal").exists()


def connect_readonly(path: Path, key: str | None = None) -> sqlite3.Connection:
    """A connection that cannot write to the file.

    A read-only connection to a WAL-mode file still creates -wal and -shm
    beside it and cannot remove them; when nobody has the file open (no
    -wal), it is opened as immutable instead, so looking at a file leaves
    the folder exactly as it was. With `key`, an encrypted file (whose
    header cannot be read to tell its journal mode) is opened read-only.
    """
    if key is not None:
        conn: sqlite3.Connection = encryption.connect_encrypted(path, key, readonly=True)
        return conn
    return sqlite3.connect(readonly_uri(path, immutable=_is_idle_wal_file(path)), uri=True, timeout=5)


def _damaged_message(path: Path, detail: str) -> str:
    first = detail.strip().splitlines()[0] if detail.strip() else "?"
    return (
        f"Tệp {path.name} bị hỏng (SQLite báo: “{first}”). Chương trình không ghi vào tệp hỏng "
        f"để khỏi làm hỏng thêm. {_RESTORE_HINT}"
    )


def newer_message(path: Path, version: int) -> str:
    return (
        f"Tệp {path.name} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
        f"phiên bản này hiểu đến {SCHEMA_VERSION}). Hãy cập nhật chương trình; tệp không bị thay đổi."
    )


def check_file(
    path: Path, quick: bool = False, foreign_keys: bool = True, structure: bool = True,
    key: str | None = None,
) -> CheckReport:
    """Header, SQLite's integrity (or quick) check, schema version, foreign keys.

    structure=False skips the page-by-page check (read-only opens, where a
    damaged page cannot be made worse and a big file should open at once).
    An encrypted file is checked with `key`; without one it is reported
    as ENCRYPTED.
    """
    report = CheckReport(path)
    problem = inspect_header(path)
    encrypted = problem is not None and problem.kind == NOT_SQLITE and encryption.is_encrypted(path)
    if problem and not encrypted:
        report.found.append(problem)
        return report
    if encrypted:
        if key is None:
            report.add(ENCRYPTED, encryption.key_needed_message(path))
            return report
    else:
        key = None
    try:
        report.recovered = recover_interrupted(path, key)
        conn = connect_readonly(path, key)
    except UserError as exc:  # a wrong passphrase, or no SQLCipher in this build
        report.add(ENCRYPTED, exc.message)
        return report
    except encryption.ERRORS as exc:
        report.add(DAMAGED, _damaged_message(path, str(exc)))
        return report
    try:
        if structure:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)").fetchall()]
            if rows != ["ok"]:
                report.add(DAMAGED, _damaged_message(path, rows[0]))
                return report
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        report.schema_version = version
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        if version > SCHEMA_VERSION:
            report.add(NEWER, newer_message(path, version))
            return report
        if version == 0:
            if tables:
                report.add(
                    FOREIGN,
                    f"Tệp {path.name} là cơ sở dữ liệu SQLite của một chương trình khác (không có lược đồ "
                    "của Sổ Làm theo Bác); chương trình không mở để khỏi ghi lẫn vào dữ liệu đó. "
                    "Hãy chọn đúng tệp dữ liệu của Sổ Làm theo Bác.",
                )
            else:
                report.add(
                    NO_SCHEMA,
                    f"Tệp {path.name} là tệp SQLite trống, chưa có dữ liệu của Sổ Làm theo Bác.",
                )
            return report
        if foreign_keys:
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                tables_hit = sorted({row[0] for row in bad})
                report.add(
                    FOREIGN_KEYS,
                    f"{len(bad)} dòng (bảng {', '.join(tables_hit)}) tham chiếu tới dữ liệu không còn, "
                    "có thể do tệp bị sửa bằng công cụ ngoài. Dữ liệu khác vẫn dùng được; "
                    "hãy báo cho người phát triển hoặc khôi phục bản sao lưu trước lần sửa đó.",
                )
        report.people = int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
    except encryption.DATABASE_ERRORS as exc:
        report.add(DAMAGED, _damaged_message(path, str(exc)))
    finally:
        conn.close()
    return report
