"""Power cut, kill -9: the file stays sound and each operation is whole or absent.

A writer subprocess adds people and deeds through the recorder (as the
window does) and runs import-like transactions of N people plus a marker,
printing a line at each step. The test reads a random number of lines and
kills it with SIGKILL (TerminateProcess on Windows) wherever it happens to
be: mid-transaction, mid-commit, between operations. Half the rounds use
the rollback journal (as on a USB stick or a shared folder), half WAL.
After every kill the file must pass `check`, every batch must hold 0 or N
people with its marker, and the audit log must match the rows exactly.
The next round reopens the file, which must take over the dead writer's
lock and roll back what the kill cut off.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from desktop.core import crashlog, filelock, integrity

BATCH = 300

WRITER = textwrap.dedent("""
    import sys
    from desktop.core import db as dbmod, deeds, people, units
    from desktop.core.changes import recording
    from desktop.core.dates import now_iso

    path, journal, round_no, batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = dbmod.open_db(path, create=True)
    # A small page cache, as on an old PC: a big transaction spills pages to
    # the file (or the WAL) before it commits, so kills find half-written state.
    db.execute("PRAGMA cache_size = -64")
    if journal == "delete":
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
    found = units.find_by_name(db, "Chi bộ Xóm Đồng")
    unit = found[0].id if found else units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    print("open", flush=True)
    step = 0
    while True:
        tag = f"{round_no}-{step}"
        person = people.add_person(db, {"full_name": f"Người lẻ {tag}", "unit_id": unit,
                                        "note": f"le-{tag}"}).inserted_id("people")
        print("person", flush=True)
        deeds.add_deed(db, 2026, {"content": f"Việc {tag}"}, person_id=person)
        print("deed", flush=True)
        with recording(db, f"Nhập thử lô {tag}") as rec:
            print("begin", flush=True)
            now = now_iso()
            for j in range(batch):
                rec.insert("people", {"unit_id": unit, "kind": "quan_chung", "full_name": f"Lô {tag} số {j}",
                                      "name_fold": f"lo {tag} so {j}", "sort_key": f"lo {tag} {j:05d}",
                                      "note": f"lo-{tag}", "created_at": now, "updated_at": now})
                if j % 50 == 0:
                    print("row", flush=True)
            rec.insert("settings", {"key": f"lo-{tag}", "value": str(batch)})
        print("commit", flush=True)
        step += 1
""")


def _assert_whole_or_absent(path: Path) -> tuple[int, int, bool]:
    """Check the file after a kill; returns (whole batches, single people,
    whether SQLite had to roll back a half-written transaction first)."""
    report = integrity.check_file(path)
    assert report.ok, report.problems
    conn = integrity.connect_readonly(path)
    try:
        markers = {k[3:]: int(v) for k, v in conn.execute("SELECT key, value FROM settings WHERE key LIKE 'lo-%'")}
        batches = dict(conn.execute(
            "SELECT substr(note, 4), count(*) FROM people WHERE note LIKE 'lo-%' GROUP BY note"
        ).fetchall())
        assert batches == {tag: BATCH for tag in markers}, "a batch is partly there"
        for tag in batches:
            logged = conn.execute("SELECT count(*) FROM audit_log WHERE label = ?", [f"Nhập thử lô {tag}"]).fetchone()[0]
            assert logged == BATCH + 1, f"batch {tag}: {logged} audit rows"
        singles = conn.execute(
            "SELECT p.id, p.full_name, (SELECT count(*) FROM deeds d WHERE d.person_id = p.id) "
            "FROM people p WHERE note LIKE 'le-%'"
        ).fetchall()
        for person_id, name, deed_count in singles:
            assert deed_count <= 1
            logged = conn.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'people' AND row_id = ? AND before IS NULL",
                [person_id],
            ).fetchone()[0]
            assert logged == 1, f"{name} has no audit row"
            deed_logs = conn.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'deeds' "
                "AND json_extract(after, '$.person_id') = ? AND before IS NULL", [person_id],
            ).fetchone()[0]
            assert deed_logs == deed_count
        unlogged = conn.execute(
            "SELECT count(*) FROM people p WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
            "WHERE a.table_name = 'people' AND a.row_id = p.id)"
        ).fetchone()[0]
        assert unlogged == 0
        return len(batches), len(singles), report.recovered
    finally:
        conn.close()


def _kill_rounds(path: Path, rounds: int, seed: int) -> tuple[list[str], int]:
    """Kill a writer `rounds` times; the line each printed last, and how many
    kills left a half-written transaction in the file itself."""
    rng = random.Random(seed)
    last_lines = []
    rolled_back = 0
    for round_no in range(rounds):
        journal = "delete" if round_no % 2 else "wal"
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), journal, str(round_no), str(BATCH)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            wanted = rng.randint(1, 60)
            line = ""
            for _ in range(wanted):
                line = proc.stdout.readline().strip()
                if not line:
                    break
            proc.kill()
            proc.wait(timeout=30)
            assert line, f"round {round_no}: the writer stopped by itself: {proc.stderr.read()[-2000:]}"
        last_lines.append(line)
        assert filelock.lock_path(path).exists()  # left behind by the kill, taken over next round
        rolled_back += _assert_whole_or_absent(path)[2]
    return last_lines, rolled_back


def _run(tmp_path: Path, rounds: int) -> int:
    seed = random.randrange(1_000_000)
    print(f"seed {seed}")
    path = tmp_path / "so.sqlite"
    last_lines, rolled_back = _kill_rounds(path, rounds, seed)
    batches, singles, _ = _assert_whole_or_absent(path)
    assert singles >= rounds // 2  # the writer got real work done between kills
    assert "begin" in last_lines or "row" in last_lines  # some kills hit a transaction
    checked = subprocess.run([sys.executable, "-m", "desktop", "check", "--db", str(path)],
                             capture_output=True, text=True, env={**os.environ})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return rolled_back


def test_killing_the_writer_eight_times_loses_nothing_committed(tmp_path):
    _run(tmp_path, rounds=8)


@pytest.mark.slow
def test_killing_the_writer_thirty_times_loses_nothing_committed(tmp_path):
    rolled_back = _run(tmp_path, rounds=30)
    # About two in three rollback-journal rounds die with pages of an
    # uncommitted transaction already in the file; none is ever left there.
    assert rolled_back >= 1


# --- unexpected errors: a short message, a rotating log, the program goes on ---

@pytest.fixture
def program_log(monkeypatch):
    logger = logging.getLogger(crashlog.LOGGER_NAME)
    handlers = list(logger.handlers)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield crashlog.setup_logging()
    for handler in logger.handlers[len(handlers):]:
        handler.close()
    logger.handlers[:] = handlers


def test_unexpected_error_is_logged_and_shown_in_short_vietnamese(program_log):
    shown: list[str] = []
    crashlog.install_excepthook(shown.append, program_log)
    try:
        raise ZeroDivisionError("chia cho 0 trong báo cáo")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    assert shown == [crashlog.unexpected_error_message(program_log)]
    assert "dữ liệu đã lưu không bị ảnh hưởng" in shown[0] and str(program_log) in shown[0]
    for handler in logging.getLogger(crashlog.LOGGER_NAME).handlers:
        handler.flush()
    logged = program_log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: chia cho 0 trong báo cáo" in logged and "Traceback" in logged


def test_error_in_a_background_thread_is_shown_too(program_log):
    shown: list[str] = []
    crashlog.install_excepthook(shown.append, program_log)
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    assert len(shown) == 1 and "lỗi ngoài dự kiến" in shown[0]


def test_the_log_rotates_instead_of_growing_without_end(program_log):
    crashlog.setup_logging()  # a second call adds no second handler
    logger = logging.getLogger(crashlog.LOGGER_NAME)
    assert sum(isinstance(h, RotatingFileHandler) for h in logger.handlers) == 1
    for _ in range(3000):
        logger.info("dòng nhật ký dài " + "x" * 800)
    files = sorted(program_log.parent.glob(program_log.name + "*"))
    assert 2 <= len(files) <= crashlog.LOG_BACKUPS + 1
    assert all(f.stat().st_size <= crashlog.LOG_MAX_BYTES + 2000 for f in files)


def test_environment_faults_are_explained_not_reported_as_bugs():
    full = sqlite3.OperationalError("database or disk is full")
    busy = sqlite3.OperationalError("database is locked")
    readonly = sqlite3.OperationalError("attempt to write a readonly database")
    path = Path("so.sqlite")
    assert "đã đầy" in crashlog.environment_problem(full, path)
    assert "đang bận" in crashlog.environment_problem(busy, path)
    assert "chống ghi" in crashlog.environment_problem(readonly, path)
    assert crashlog.environment_problem(KeyError("bug"), path) is None


def test_each_process_writes_its_own_log(program_log):
    """Two windows open at once never share (and never rotate) one file (issue 14.5)."""
    assert program_log.name == crashlog.log_file_name(os.getpid())
    other = subprocess.run(
        [sys.executable, "-c", "from desktop.core import crashlog; import logging; "
         "p = crashlog.setup_logging(); logging.getLogger('desktop').info('cửa sổ thứ hai'); print(p)"],
        capture_output=True, encoding="utf-8", env={**os.environ}, check=True,
    )
    second = Path(other.stdout.strip())
    assert second.parent == program_log.parent and second != program_log
    assert "cửa sổ thứ hai" in second.read_text(encoding="utf-8")
    logging.getLogger(crashlog.LOGGER_NAME).info("cửa sổ thứ nhất")
    for handler in logging.getLogger(crashlog.LOGGER_NAME).handlers:
        handler.flush()
    assert "cửa sổ thứ nhất" not in second.read_text(encoding="utf-8")
    assert "cửa sổ thứ nhất" in program_log.read_text(encoding="utf-8")


def test_only_the_newest_logs_are_kept_and_a_held_one_is_left(tmp_path, monkeypatch):
    for pid in range(100, 115):
        log = tmp_path / crashlog.log_file_name(pid)
        log.write_text("x", encoding="utf-8")
        (tmp_path / (log.name + ".1")).write_text("x", encoding="utf-8")
        os.utime(log, (1_700_000_000 + pid, 1_700_000_000 + pid))
    (tmp_path / "ghi-chu.txt").write_text("không phải nhật ký", encoding="utf-8")
    held = tmp_path / crashlog.log_file_name(100)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self == held:
            raise PermissionError(32, "The process cannot access the file because it is being used")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    crashlog.prune_logs(tmp_path, keep=5)
    left = sorted(p.name for p in tmp_path.glob("solamtheobac-*.log"))
    assert left == sorted([crashlog.log_file_name(pid) for pid in range(110, 115)] + [held.name])
    assert not (tmp_path / "solamtheobac-101.log.1").exists()
    assert (tmp_path / "ghi-chu.txt").exists()
