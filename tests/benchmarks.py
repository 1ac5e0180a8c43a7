"""`python3 dev.py bench`: how the program holds up at real sizes.

Not part of the test suite (speed is never asserted in a test: these
machines are shared and noisy). Each figure is the median of several runs;
comparisons are measured side by side in the same run and reported as
ratios, which stay meaningful when the machine's speed drifts.

    python3 dev.py bench [--members 100000] [--small 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core import db as dbmod
from desktop.core import deeds, demo, people, yearend
from desktop.core.people import PersonFilter

YEAR = 2025


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_file(folder: Path, members: int) -> tuple[Path, float]:
    path = folder / f"demo-{members}.sqlite"
    start = time.perf_counter()
    db = dbmod.open_db(path, create=True)
    demo.create_demo(db, members=members, seed=1, year=YEAR, today=dt.date(YEAR, 11, 23))
    db.close()
    return path, time.perf_counter() - start


def list_page(db, flt: PersonFilter) -> None:
    people.count_people(db, flt)
    people.list_people(db, flt, limit=200)


def like_scan(db, text: str) -> None:
    """The naive way (no index): what the FTS index saves."""
    db.execute("SELECT count(*) FROM people WHERE name_fold LIKE ?", [f"%{text}%"]).fetchone()
    db.execute("SELECT id FROM people WHERE name_fold LIKE ? ORDER BY sort_key LIMIT 200", [f"%{text}%"]).fetchall()


def operations(db) -> dict[str, Callable[[], object]]:
    return {
        "people list, first page": lambda: list_page(db, PersonFilter(status="active")),
        "search 'nguyen van' (FTS)": lambda: list_page(db, PersonFilter(text="nguyen van")),
        "search 'nguyen van' (LIKE scan)": lambda: like_scan(db, "nguyen van"),
        "registration rates": lambda: deeds.registration_rates(db, YEAR),
        "year-end scoring": lambda: yearend.score(db, YEAR),
    }


def startup_s(path: Path, home: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOLAMTHEOBAC_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "desktop", "selftest", "--db", str(path), "--json"],
                         capture_output=True, text=True, env=env, check=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["startup_s"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["SOLAMTHEOBAC_HOME"] = str(folder / "home")
        small_path, small_make = make_file(folder, args.small)
        big_path, big_make = make_file(folder, args.members)
        print(f"demo file: {args.small} people in {small_make:.1f} s; {args.members} people in {big_make:.1f} s")
        small_db, big_db = dbmod.open_db(small_path), dbmod.open_db(big_path)
        rows = []
        small_ops, big_ops = operations(small_db), operations(big_db)
        for name in small_ops:
            small_t = median_s(small_ops[name], args.runs)
            big_t = median_s(big_ops[name], args.runs)
            rows.append((name, small_t, big_t))
        dbmod.close_db(small_db)
        dbmod.close_db(big_db)
        rows.append(("open file (checks, lock)", median_s(lambda: dbmod.close_db(dbmod.open_db(small_path)), args.runs),
                     median_s(lambda: dbmod.close_db(dbmod.open_db(big_path)), args.runs)))
        starts = [(startup_s(small_path, folder / "h1"), startup_s(big_path, folder / "h2")) for _ in range(3)]
        rows.append(("window start (selftest startup_s)", statistics.median(s for s, _ in starts),
                     statistics.median(b for _, b in starts)))
        print(f"\nmedian of {args.runs} runs, seconds      {args.small:>8} ppl {args.members:>10} ppl   ratio")
        for name, small_t, big_t in rows:
            print(f"{name:38} {small_t:12.4f} {big_t:14.4f} {big_t / small_t:7.1f}x")
        fts = next(r for r in rows if r[0].endswith("(FTS)"))[2]
        like = next(r for r in rows if r[0].endswith("(LIKE scan)"))[2]
        print(f"\nat {args.members} people the FTS search takes {fts / like:.2f}x the time of a LIKE scan")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
