"""desktop/excel/reports only turns values into cells: no SQL, no "has left the list" of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop.core import people

REPORTS = Path(__file__).resolve().parents[2] / "desktop" / "excel" / "reports"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b", re.IGNORECASE | re.DOTALL)
DATABASE_CALLS = {"execute", "executemany", "executescript", "query", "rows_where"}


def findings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DATABASE_CALLS:
            found.append(f"line {node.lineno}: .{node.func.attr}(…)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value) or any(f"'{s}'" in node.value or node.value == s for s in people.LEFT_STATUSES):
                found.append(f"line {node.lineno}: {node.value[:60]!r}")
    return found


def test_the_report_modules_ask_core_for_every_figure() -> None:
    modules = sorted(REPORTS.glob("*.py"))
    assert len(modules) > 5
    assert {m.name: findings(m.read_text(encoding="utf-8")) for m in modules if findings(
        m.read_text(encoding="utf-8"))} == {}


def test_the_check_sees_sql_and_a_status_rule() -> None:
    assert findings('db.execute("SELECT id FROM people WHERE year = ?", [y])')
    assert findings("x = \"p.status NOT IN ('chuyen_di', 'tu_tran')\"")
    assert not findings('title = "Thống kê đăng ký việc làm theo Bác"')
