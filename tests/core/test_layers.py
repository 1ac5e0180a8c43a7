"""desktop.core and desktop.excel must work where Qt cannot even be imported."""

import ast
import re
import subprocess
import sys
from pathlib import Path

CODE = """
import builtins, importlib, pkgutil
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name.split('.')[0] == 'PySide6' or name.startswith('desktop.ui'):
        raise ImportError('Qt is not allowed here: ' + name)
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
import desktop.core, desktop.excel
for package in (desktop.core, desktop.excel):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
        importlib.import_module(info.name)
print('ok')
"""


def test_core_and_excel_import_without_qt():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- only core speaks SQL (issue 9) -------------------------------------------------
SQL_WORDS = re.compile(r"\b(SELECT|INSERT INTO|INSERT OR \w+ INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA|CREATE TABLE)\b")
SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where", "table"}
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _is_db(node: ast.AST) -> bool:
    """`db`, `self.db`, `job.db`, `self.ops.db`: an expression naming a data file."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name == "db" or name.endswith("_db")


def sql_in(path: Path) -> list[str]:
    """Where a module speaks SQL: SQL in a string, a cursor call, or a table read through sqlite-utils."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_WORDS.search(node.value):
            found.append(f"{path.name}:{node.lineno}: SQL text {node.value[:40]!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            if node.func.attr in {"execute", "executemany", "executescript"} or _is_db(node.func.value):
                found.append(f"{path.name}:{node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Subscript) and _is_db(node.value):
            found.append(f"{path.name}:{node.lineno}: a table read as db[...]")
    return found


def test_sql_checker_sees_each_way_of_speaking_sql(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('q = "SELECT id FROM people"\ndb.execute(q)\nconn.executemany(q, [])\n'
                      'self.ops.db.query(q)\ndb["people"].insert({})\nrows = job.db.rows_where("people")\n'
                      'text = "Chọn (select) người"\n', encoding="utf-8")
    assert len(sql_in(module)) == 6


def test_no_sql_in_the_window():
    found = [hit for path in sorted((DESKTOP / "ui").rglob("*.py")) for hit in sql_in(path)]
    assert not found, "desktop/ui must ask core's query functions:\n" + "\n".join(found)


def test_no_sql_in_excel():
    found = [hit for path in sorted((DESKTOP / "excel").rglob("*.py")) for hit in sql_in(path)]
    assert not found, "desktop/excel must turn cells into values only:\n" + "\n".join(found)
