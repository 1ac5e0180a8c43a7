"""Time is an input: only desktop/core/clock.py reads the PC's clock (issue 9).

Everything else takes `today`/`now` (or a Clock handed down from the CLI or
the window), so the suite can freeze the date and every figure can be
reproduced on any day.
"""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
THE_CLOCK = DESKTOP / "core" / "clock.py"

# (what the call is made on, the method): date.today(), dt.datetime.now(), time.time()…
WALL_CLOCK_CALLS = {
    ("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
    ("time", "ctime"), ("time", "asctime"), ("time", "strftime"),
    ("QDate", "currentDate"), ("QDateTime", "currentDateTime"), ("QDateTime", "currentSecsSinceEpoch"),
    ("QDateTime", "currentMSecsSinceEpoch"), ("QTime", "currentTime"),
}


def _owner_name(node: ast.expr) -> str | None:
    """`dt.datetime` → "datetime", `date` → "date"; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def wall_clock_reads(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, call) of every read of the PC's clock in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = _owner_name(node.func.value)
            if (owner, node.func.attr) in WALL_CLOCK_CALLS:
                found.append((node.lineno, f"{owner}.{node.func.attr}()"))
    return found


def test_the_detector_sees_every_spelling_of_the_clock() -> None:
    source = (
        "import datetime as dt, datetime, time\n"
        "from datetime import date\n"
        "a = dt.date.today()\n"
        "b = datetime.datetime.now()\n"
        "c = date.today()\n"
        "d = time.time()\n"
        "e = dt.datetime.today()\n"
        "f = time.perf_counter()\n"  # a stopwatch, not a date: allowed
        "g = dt.date(2026, 11, 23)\n"
    )
    assert [line for line, _ in wall_clock_reads(source)] == [3, 4, 5, 6, 7]


def test_only_the_clock_module_reads_the_pc_clock() -> None:
    offenders = []
    for path in sorted(DESKTOP.rglob("*.py")):
        if path == THE_CLOCK:
            continue
        for line, call in wall_clock_reads(path.read_text(encoding="utf-8"), str(path)):
            offenders.append(f"{path.relative_to(DESKTOP.parent)}:{line}: {call}")
    assert not offenders, (
        "Read the date from a Clock (desktop/core/clock.py) or take `today`/`now` as a parameter:\n"
        + "\n".join(offenders)
    )


def test_the_clock_module_is_where_the_pc_clock_is_read() -> None:
    assert wall_clock_reads(THE_CLOCK.read_text(encoding="utf-8"))
