"""`check`: is a data file sound? SQLite's integrity and foreign-key checks
plus the schema version, read-only (a damaged file is never written to)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.schema import SCHEMA_VERSION


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    schema_version: int | None = None
    people: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, quick: bool = False) -> CheckReport:
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(f"Không tìm thấy tệp {path}.")
        return report
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        report.problems.append(f"Không mở được tệp: {exc}.")
        return report
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        if rows != ["ok"]:
            report.problems.extend(f"Hỏng cấu trúc: {r}" for r in rows[:20])
        bad_fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad_fks:
            report.problems.append(f"{len(bad_fks)} dòng tham chiếu tới dữ liệu không còn (bảng {bad_fks[0][0]}).")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        report.schema_version = version
        if version > SCHEMA_VERSION:
            report.problems.append(f"Tệp thuộc phiên bản chương trình mới hơn (lược đồ {version}).")
        elif version == 0:
            report.problems.append("Tệp không phải tệp dữ liệu của Sổ Làm theo Bác (chưa có lược đồ).")
        else:
            report.people = int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"Tệp bị hỏng hoặc không phải tệp SQLite: {exc}.")
    finally:
        conn.close()
    return report
