"""`python3 dev.py bench`: how the program holds up at real sizes, in ratios.

Not part of the test suite (speed is never asserted in a test: these
machines are shared and noisy); one smoke test runs `--quick`. Every figure
stands beside its baseline, measured in the same run, one after the other,
and the ratio between them, which stays meaningful when the machine's
speed drifts. Each figure is the median of `--runs` runs; each run is its
own process, so its peak memory (RSS) is its own.

    python3 dev.py bench [--sizes 1500,20000,100000:1] [--runs 3] [--cache DIR]
    python3 dev.py bench --quick          # the smallest size, one run, no docs written

Figures (targets of issue 15):
- export of every report (`export --report all`) against a bare openpyxl
  write-only workbook of the same cells (≤ 1.3×; peak memory < 300 MB);
- import of a 10,000-row member list into the file (the `import` command:
  open with its checks, read, backup, write, close) against python-calamine
  reading the list plus a bare `executemany` insert of its rows (≤ 2×);
  the open check, the backup and the writes are shown apart;
- start-up of the window (`selftest` startup_s) against the 30-person file
  (≤ 1.5×), and the whole walk's peak memory (< 300 MB) and longest GUI
  stall when selftest reports one.

Demo files are built once with `python -m desktop demo` and cached in
`--cache` (default: bench-cache in the system's temp folder), never in the
repository. `dev.py bench` writes the table, with the machine and the date,
into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

YEAR = 2025
TODAY = dt.date(YEAR, 12, 20)  # the day reports are dated and import rows are checked against
SIZES = (1_500, 20_000, 100_000)
REFERENCE_SIZE = 30  # the start-up baseline: a 30-person chi bộ
IMPORT_ROWS = 10_000
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
TARGETS = {"export": 1.3, "import": 2.0, "startup": 1.5}
MEMORY_TARGET_MB = 300


# --- measuring ------------------------------------------------------------------------------

def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@contextlib.contextmanager
def timed(parts: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        parts[name] = parts.get(name, 0.0) + time.perf_counter() - start


def run_job(job: str, *args: str | Path, home: Path) -> dict[str, Any]:
    """Run one measurement in its own process; its JSON answer."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUTF8": "1", "SOLAMTHEOBAC_HOME": str(home),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks", "--job", job, *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark job {job} failed:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# --- jobs (each runs in a child process and prints one JSON line) -------------------------------

def job_export(db_path: str, out: str) -> dict[str, Any]:
    """The `export --report all` command's work: open read-only, build, lay out, save."""
    from desktop.core import db as dbmod
    from desktop.excel.reports import all_reports

    parts: dict[str, float] = {}
    with timed(parts, "total"):
        db = dbmod.open_db(db_path, readonly=True)
        try:
            with timed(parts, "build"):
                built = all_reports.build_report(db, YEAR, all_reports.ALL, today=TODAY)
        finally:
            db.close()
        with timed(parts, "write"):
            all_reports.write_report(built, Path(out))
    return {"seconds": parts["total"], "parts": parts}


def job_bare_export(source: str, out: str) -> dict[str, Any]:
    """A bare openpyxl write-only workbook of the same cells (values, no styles), saved.

    Reading the exported workbook is not timed; each sheet's rows are held
    only while that sheet is written.
    """
    from openpyxl import Workbook, load_workbook

    book = load_workbook(source, read_only=True)
    wb = Workbook(write_only=True)
    seconds, cells = 0.0, 0
    for ws in book.worksheets:
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        cells += sum(len(r) for r in rows)
        start = time.perf_counter()
        target = wb.create_sheet(ws.title)
        for row in rows:
            target.append(row)
        seconds += time.perf_counter() - start
        del rows
    book.close()
    start = time.perf_counter()
    wb.save(out)
    seconds += time.perf_counter() - start
    return {"seconds": seconds, "cells": cells}


def job_import(db_path: str, source: str) -> dict[str, Any]:
    """The `import` command's work on a copy of the file: open (checks), read, backup, write, close."""
    from desktop.core import backup
    from desktop.core import db as dbmod
    from desktop.excel.importing import importer

    parts: dict[str, float] = {}
    real_backup = backup.backup_before

    def measured_backup(*args: Any, **kwargs: Any) -> Any:
        with timed(parts, "backup"):
            return real_backup(*args, **kwargs)

    backup.backup_before = measured_backup  # type: ignore[assignment]
    with timed(parts, "total"):
        with timed(parts, "read"):
            plan = importer.analyse(source, TODAY)
        with timed(parts, "open"):
            db = dbmod.open_db(db_path)
        with timed(parts, "apply"):
            result = importer.apply(db, plan, default_year=YEAR)
        with timed(parts, "close"):
            db.close()
    if result.errors or result.added != IMPORT_ROWS:
        raise RuntimeError(f"import failed: {[str(e) for e in result.errors[:3]]}")
    parts["writes"] = parts["apply"] - parts.get("backup", 0.0)
    return {"seconds": parts["total"], "parts": parts}


def job_bare_import(db_path: str, source: str) -> dict[str, Any]:
    """python-calamine reading the list, then one bare executemany of its rows into people."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(source).get_sheet_by_index(0).to_python()
    conn = sqlite3.connect(db_path)
    unit = conn.execute("SELECT id FROM units WHERE kind = 'chi_bo' ORDER BY id LIMIT 1").fetchone()[0]
    stamp = "2025-01-01T00:00:00"
    with conn:
        conn.executemany(
            "INSERT INTO people (unit_id, kind, full_name, name_fold, sort_key, gender, birth_date, "
            "joined_date, position, phone, created_at, updated_at) VALUES (?, 'dang_vien', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(unit, r[1], str(r[1]).lower(), str(r[1]).lower(), "nam" if r[2] == "Nam" else "nu", str(r[3]),
              str(r[5]), r[8], str(r[7]), stamp, stamp) for r in rows[3:] if r and r[1]])
    conn.close()
    return {"seconds": time.perf_counter() - start}


def job_selftest(db_path: str) -> dict[str, Any]:
    """The window opened offscreen on the file, every screen visited (`selftest --json`)."""
    from desktop import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["selftest", "--db", db_path, "--json"])
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    # A screen that fails its own checks is worth reporting, not a reason to lose the figures.
    problems = [*summary.get("errors", []), *summary.get("qt_warnings", []), *summary.get("not_fitting", [])]
    return {"seconds": summary["startup_s"], "longest_stall_ms": summary.get("longest_stall_ms"),
            "problems": problems if code != 0 else []}


def job_open(db_path: str) -> dict[str, Any]:
    """Opening the file for writing (lock, checks, pragmas) and closing it."""
    from desktop.core import db as dbmod

    start = time.perf_counter()
    dbmod.close_db(dbmod.open_db(db_path))
    return {"seconds": time.perf_counter() - start}


JOBS: dict[str, Callable[..., dict[str, Any]]] = {
    "export": job_export, "bare-export": job_bare_export, "import": job_import,
    "bare-import": job_bare_import, "selftest": job_selftest, "open": job_open,
}


# --- files ---------------------------------------------------------------------------------

def demo_version() -> str:
    """What a cached demo file depends on: the demo's and the schema's source."""
    digest = hashlib.sha256()
    for module in ("demo.py", "schema.py"):
        digest.update((ROOT / "desktop" / "core" / module).read_bytes())
    return digest.hexdigest()[:8]


def demo_file(cache: Path, members: int) -> Path:
    """The cached demo file of `members` people (built with `python -m desktop demo` once
    per version of the demo and schema)."""
    path = cache / f"demo-{members}-{YEAR}-{demo_version()}.sqlite"
    if path.exists():
        return path
    partial = cache / f"building-{members}.sqlite"
    for extra in ("", "-wal", "-shm", ".lock"):
        Path(f"{partial}{extra}").unlink(missing_ok=True)
    print(f"building the {members}-person demo file in {cache} …", flush=True)
    env = {**os.environ, "SOLAMTHEOBAC_HOME": str(cache / "home")}
    subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(partial), "--members", str(members),
                    "--year", str(YEAR)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    partial.replace(path)
    return path


def member_list(cache: Path) -> Path:
    path = cache / f"list-{IMPORT_ROWS}.xlsx"
    if not path.exists():
        from tests.bench_import import build_member_list

        build_member_list(path, IMPORT_ROWS)
    return path


def fresh_copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    for extra in ("", "-wal", "-shm", ".lock"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


# --- the table -----------------------------------------------------------------------------

@dataclass
class Figure:
    """One row of the table: what, at which size, against which baseline."""

    what: str
    size: int
    baseline: str
    seconds: list[float] = field(default_factory=list)
    base_seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    target: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return statistics.median(self.seconds)

    @property
    def base(self) -> float:
        return statistics.median(self.base_seconds)

    @property
    def ratio(self) -> float:
        return self.value / self.base if self.base else float("nan")

    @property
    def peak_mb(self) -> float | None:
        return max(self.rss_mb) if self.rss_mb else None

    def row(self) -> str:
        verdict = ""
        if self.target is not None:
            verdict = "✓" if self.ratio <= self.target else "✗"
            verdict = f"≤ {self.target:g}× {verdict}"
        peak = "" if self.peak_mb is None else f"{self.peak_mb:.0f}"
        if self.peak_mb is not None and self.what != "import 10,000 rows":
            peak += " ✓" if self.peak_mb < MEMORY_TARGET_MB else " ✗"
        return (f"| {self.what} | {self.size:,} | {len(self.seconds)} | {self.value:.3f} | {self.baseline} | {self.base:.3f} "
                f"| {self.ratio:.2f}× | {verdict} | {peak} | {'; '.join(self.notes)} |")


HEADER = ("| figure | people | runs | seconds | baseline | baseline s | ratio | target | peak RSS MB | parts (medians, s) |\n"
          "|---|---:|---:|---:|---|---:|---:|---|---:|---|")


def _parts_note(parts: list[dict[str, float]], names: tuple[str, ...]) -> str:
    return ", ".join(f"{n} {statistics.median(p.get(n, 0.0) for p in parts):.2f}" for n in names)


def measure_size(size: int, cache: Path, runs: int, work: Path) -> list[Figure]:
    path, reference = demo_file(cache, size), demo_file(cache, REFERENCE_SIZE)
    home = work / "home"
    figures = []

    export = Figure("export all reports", size, "openpyxl write-only, same cells", target=TARGETS["export"])
    export_parts = []
    for n in range(runs):
        out = work / f"export-{size}-{n}.xlsx"
        answer = run_job("export", path, out, home=home)
        export.seconds.append(answer["seconds"])
        export.rss_mb.append(answer["rss_mb"])
        export_parts.append(answer["parts"])
        bare = run_job("bare-export", out, work / "bare.xlsx", home=home)
        export.base_seconds.append(bare["seconds"])
        out.unlink()
    export.notes += [_parts_note(export_parts, ("build", "write")), f"{bare['cells']:,} cells"]
    figures.append(export)

    source = member_list(cache)
    imported = Figure("import 10,000 rows", size, "calamine read + bare executemany", target=TARGETS["import"])
    import_parts = []
    for _ in range(runs):
        answer = run_job("import", fresh_copy(path, work), source, home=home)
        imported.seconds.append(answer["seconds"])
        import_parts.append(answer["parts"])
        imported.base_seconds.append(run_job("bare-import", fresh_copy(path, work), source, home=home)["seconds"])
    imported.notes.append(_parts_note(import_parts, ("read", "open", "backup", "writes", "close")))
    figures.append(imported)

    opening = Figure("open the file (lock, checks)", size, f"the {REFERENCE_SIZE}-person file")
    start = Figure("window start-up (selftest startup_s)", size, f"the {REFERENCE_SIZE}-person file",
                   target=TARGETS["startup"])
    stalls: list[float] = []
    problems: set[str] = set()
    for _ in range(runs):
        opening.seconds.append(run_job("open", path, home=home)["seconds"])
        opening.base_seconds.append(run_job("open", reference, home=home)["seconds"])
        answer = run_job("selftest", path, home=home)
        problems.update(answer["problems"])
        start.seconds.append(answer["seconds"])
        start.rss_mb.append(answer["rss_mb"])
        if answer.get("longest_stall_ms") is not None:
            stalls.append(float(answer["longest_stall_ms"]))
        start.base_seconds.append(run_job("selftest", reference, home=home)["seconds"])
    start.notes.append("peak RSS: file open, every screen visited")
    if stalls:
        start.notes.append(f"longest GUI stall {statistics.median(stalls):.0f} ms")
    if problems:
        start.notes.append("selftest reported: " + "; ".join(sorted(problems)))
    figures += [opening, start]
    return figures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def table(figures: list[Figure]) -> str:
    runs = sorted({len(f.seconds) for f in figures})
    lines = [f"Machine: {machine()}.", "",
             f"Date: {time.strftime('%d/%m/%Y %H:%M')}; medians of {' or '.join(map(str, runs))} run(s) "
             "(the runs column), each baseline measured in the same run, right after its figure.", "", HEADER]
    lines += [f.row() for f in figures]
    return "\n".join(lines) + "\n"


def write_docs(text: str, target: Path) -> None:
    """Put the table between the markers of docs/benchmarks.md, keeping the prose around it."""
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    old = target.read_text(encoding="utf-8") if target.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in old:
        old += f"\n{begin}\n{end}\n"
    head, rest = old.split(begin, 1)
    tail = rest.split(end, 1)[1] if end in rest else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"{head}{begin}\n{text}{end}{tail}", encoding="utf-8")


def _size_and_runs(item: str, runs: int) -> tuple[int, int]:
    """"20000" or "100000:1" (that size measured once)."""
    size, _, own = item.partition(":")
    return int(size), int(own) if own else runs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="people per file, comma-separated; SIZE:RUNS measures that size RUNS times")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-cache")
    parser.add_argument("--quick", action="store_true", help="the smallest of the sizes, once; docs/ untouched")
    parser.add_argument("--output", type=Path, default=None, help="where to write the table (default docs/benchmarks.md)")
    parser.add_argument("--job", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        answer = JOBS[args.job[0]](*args.job[1:])
        print(json.dumps({**answer, "rss_mb": peak_rss_mb()}))
        return 0
    sizes = [_size_and_runs(item, 1 if args.quick else args.runs) for item in args.sizes.split(",")]
    sizes = [min(sizes)] if args.quick else sizes
    output = args.output or (None if args.quick else DOCS)
    args.cache.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size, runs in sizes:
            found = measure_size(size, args.cache, runs, Path(tmp))
            for figure in found:
                print(figure.row(), flush=True)
            figures += found
    text = table(figures)
    print("\n" + text)
    if output is not None:
        write_docs(text, output)
        print(f"written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
