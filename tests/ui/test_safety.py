"""Opening safely (damaged, locked, USB), automatic backups, and the exception hook."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFrame, QMessageBox, QPushButton

from desktop.core import backup, crashlog, demo, filelock, location, paths, people, units
from desktop.core import db as dbmod
from desktop.core.backup import Moment
from desktop.core.clock import SystemClock
from desktop.core.people import PersonFilter
from desktop.ui.app import Session
from desktop.ui.files import file_safety as safety
from desktop.ui.prefs import Prefs
from tests.clock_helpers import on_the_test_clock

pytestmark = pytest.mark.date_sensitive  # locks, take-over and the periodic backup follow the clock

HOLDER = textwrap.dedent("""
    import sys
    from desktop.core import db
    opened = db.open_db(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()  # hold the file until the test closes our stdin
    db.close_db(opened)
""")


def _make_file(path: Path, members: int = 20) -> int:
    db = dbmod.open_db(path, create=True)
    demo.create_demo(db, members=members, seed=3, year=2026, today=dt.date(2026, 11, 23))
    count = people.count_people(db, PersonFilter())
    dbmod.close_db(db)
    return count


def _branch(db) -> int:
    return next(u.id for u in units.list_units(db) if u.kind == "chi_bo")


def _session(tmp_path: Path) -> Session:
    return Session(Prefs(tmp_path / "prefs.json"), SystemClock())


def _opened(qtbot, session: Session, path: Path, **kwargs) -> bool:
    ok = session.open(path, **kwargs)
    if session.window is not None:
        qtbot.addWidget(session.window)
    return ok


def _backups(path: Path) -> list[str]:
    return [info.reason for info in backup.list_backups(path)]


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes the user would have seen: (title, text); answered Yes (or the named action)."""
    seen: list[tuple[str, str]] = []

    def box(kind: str):
        def show(parent, title, text, *args, **kwargs):
            seen.append((title, text))
            return QMessageBox.StandardButton.Yes
        return show

    def exec_(shown: QMessageBox) -> int:  # a question with named buttons: its action is chosen
        seen.append((shown.windowTitle(), shown.text()))
        next(b for b in shown.buttons() if shown.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
        return 0

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


# --- one writer at a time -----------------------------------------------------------
@pytest.fixture
def other_program(tmp_path: Path):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    with subprocess.Popen([sys.executable, "-c", on_the_test_clock(HOLDER), str(path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True, env={**os.environ}) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield path
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def test_file_open_in_another_program_opens_read_only_with_a_banner(other_program, qtbot, tmp_path, told):
    path = other_program
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    window = session.window
    assert window.ops.readonly and window.windowTitle().endswith("(chỉ đọc)")
    notice = window.banner.text("readonly")
    assert notice and "chế độ chỉ đọc" in notice and filelock.holder(path).host in notice
    assert window.banner.isVisibleTo(window)

    before = people.count_people(window.ops.db, PersonFilter())
    assert window.ops.run(people.add_person, {"full_name": "Lê Văn Tám", "unit_id": _branch(window.ops.db)}) is None
    assert told[-1][1] == "Tệp đang mở ở chế độ chỉ đọc; không sửa được."
    assert people.count_people(window.ops.db, PersonFilter()) == before
    assert _backups(path) == []  # a read-only window makes no automatic backups


def test_taking_over_from_a_computer_that_is_off(qtbot, tmp_path, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    filelock.lock_path(path).write_text(json.dumps(
        {"host": "MAY-VAN-PHONG", "user": "thuy", "pid": 4242, "since": now, "heartbeat": now, "token": "x"}),
        encoding="utf-8")
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    first = session.window
    assert first.ops.readonly and "“thuy” trên máy “MAY-VAN-PHONG”" in first.banner.text("readonly")

    banner = first.banner.findChild(QFrame, "notice_readonly")
    take = next(b for b in banner.findChildren(QPushButton) if b.text() == "Mở để ghi…")
    take.click()  # the warning names the other PC; answered Yes
    assert "MAY-VAN-PHONG" in told[-1][1] and "ghi đè" in told[-1][1]
    qtbot.addWidget(session.window)
    assert session.window is not first and not session.window.ops.readonly
    lock = session.window.ops.db.lock
    assert lock is not None and filelock.holder(path, lock) is None


def test_a_window_pushed_out_by_another_pc_turns_read_only(qtbot, tmp_path, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    window = session.window
    now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    filelock.lock_path(path).write_text(json.dumps(
        {"host": "MAY-KE-TOAN", "user": "lan", "pid": 1, "since": now, "heartbeat": now, "token": "y"}),
        encoding="utf-8")
    window.findChild(safety.FileGuard).refresh_lock()
    assert window.ops.readonly and window.windowTitle().endswith("(chỉ đọc)")
    assert "lan trên máy MAY-KE-TOAN" in window.banner.text("readonly")


def test_opening_the_file_already_open_keeps_the_window_writing(qtbot, tmp_path, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    window = session.window
    window.open_requested.emit(str(path), False, "")  # Tệp gần đây → the same file
    assert session.window is window and not window.ops.readonly
    assert not window.banner.text("readonly")
    window.close()
    assert not filelock.lock_path(path).exists()


def test_file_on_a_usb_stick_gets_a_warning(qtbot, tmp_path, monkeypatch, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    monkeypatch.setattr(location, "location_kind", lambda _path, _environ=None: "removable")
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    assert "Đừng rút ổ" in session.window.banner.text("location_0")
    assert not session.window.ops.readonly


# --- damaged files ---------------------------------------------------------------------
@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, int]:
    """A file with a good backup, then cut to half its size (a pulled USB stick)."""
    path = tmp_path / "so.sqlite"
    count = _make_file(path, members=60)
    db = dbmod.open_db(path)
    backup.backup_now(db, path, Moment.MANUAL)
    dbmod.close_db(db)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path, count


def _answer(monkeypatch, button_text: str) -> list[QMessageBox]:
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        chosen = next((b for b in box.buttons() if b.text() == button_text), None)
        if chosen is not None:
            chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_damaged_file_is_refused_and_the_newest_good_backup_offered(damaged, qtbot, tmp_path, monkeypatch):
    path, _ = damaged
    before = path.read_bytes()
    shown = _answer(monkeypatch, "Không, để sau")
    session = _session(tmp_path)
    assert not _opened(qtbot, session, path)
    text = shown[0].text()
    assert "bị hỏng nên chương trình không mở để ghi" in text
    assert "Bản sao lưu tốt gần nhất: lúc" in text and "60 người" in text
    assert "Sao lưu thủ công" in text
    assert path.read_bytes() == before  # never written
    assert not filelock.lock_path(path).exists()


def test_accepting_the_offer_restores_the_backup_and_keeps_the_damaged_file(
        damaged, qtbot, tmp_path, monkeypatch, told):
    path, count = damaged
    _answer(monkeypatch, "Khôi phục bản sao lưu này")
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    assert people.count_people(session.window.ops.db, PersonFilter()) == count
    assert told[-1][0] == "Đã khôi phục" and f"{count} người" in told[-1][1]
    assert list(tmp_path.glob("so.hong-*.sqlite"))  # set aside, not deleted


def test_damaged_file_without_any_backup_says_where_backups_are_looked_for(tmp_path, qtbot, monkeypatch):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    path.write_bytes(path.read_bytes()[:50])
    shown = _answer(monkeypatch, "")
    assert not _opened(qtbot, _session(tmp_path), path)
    assert "Không tìm thấy bản sao lưu còn tốt" in shown[0].text()
    assert str(paths.backups_dir()) in shown[0].text()


# --- automatic backups -------------------------------------------------------------------
def test_backups_on_open_every_ten_minutes_while_changing_and_on_close(qtbot, tmp_path, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    window = session.window
    auto = window.findChild(safety.FileGuard).backups
    assert _backups(path) == [Moment.OPEN]

    unit = _branch(window.ops.db)
    window.ops.run(people.add_person, {"full_name": "Lê Văn Tám", "unit_id": unit})
    start = auto.last_backup
    auto.tick(now=start + dt.timedelta(minutes=9))
    assert _backups(path) == [Moment.OPEN]
    auto.tick(now=start + dt.timedelta(minutes=10))
    assert _backups(path) == [Moment.PERIODIC, Moment.OPEN]
    auto.tick(now=start + dt.timedelta(minutes=30))  # nothing changed since
    assert len(_backups(path)) == 2

    window.ops.run(people.add_person, {"full_name": "Lê Thị Hoa", "unit_id": unit})
    window.close()
    assert _backups(path)[0] == Moment.CLOSE
    assert not filelock.lock_path(path).exists()  # the lock is given back


def test_big_file_is_backed_up_in_a_worker(qtbot, tmp_path, monkeypatch, told):
    path = tmp_path / "so.sqlite"
    _make_file(path)
    monkeypatch.setattr(safety, "BIG_FILE_BYTES", 0)
    session = _session(tmp_path)
    assert _opened(qtbot, session, path)
    guard = session.window.findChild(safety.FileGuard)
    qtbot.waitUntil(lambda: not guard.backups.running, timeout=10_000)
    assert _backups(path) == [Moment.OPEN]
    unit = _branch(session.window.ops.db)
    session.window.ops.run(people.add_person, {"full_name": "Lê Văn Tám", "unit_id": unit})
    with qtbot.waitSignal(guard.backups.finished, timeout=10_000):
        guard.backups.tick(now=guard.backups.last_backup + dt.timedelta(minutes=10))
        assert guard.backups.running  # the copy runs off the GUI thread
    assert _backups(path)[0] == Moment.PERIODIC


# --- unexpected errors -----------------------------------------------------------------------
@pytest.fixture
def hook(monkeypatch, qapp):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(f"{title}: {text}"))
    reporter = safety.install_exception_hook(lambda: None)
    yield reporter, shown
    logger = logging.getLogger(crashlog.LOGGER_NAME)
    for handler in list(logger.handlers):
        if Path(getattr(handler, "baseFilename", "")) == reporter.log_path.resolve():
            logger.removeHandler(handler)
            handler.close()
    reporter.deleteLater()


def test_unexpected_error_shows_a_short_vietnamese_dialog_and_is_logged(hook):
    reporter, shown = hook
    try:
        {}["khong-co"]
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1 and shown[0].startswith("Lỗi ngoài dự kiến: ")
    assert "dữ liệu đã lưu không bị ảnh hưởng" in shown[0] and str(reporter.log_path) in shown[0]
    log_text = reporter.log_path.read_text(encoding="utf-8")
    assert "KeyError: 'khong-co'" in log_text and "Traceback" in log_text


def test_error_in_a_worker_thread_is_shown_on_the_window_thread(hook, qtbot):
    reporter, shown = hook

    def boom() -> None:
        raise OSError(28, "No space left on device")

    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown))
    assert "Ổ đĩa chứa tệp dữ liệu đã đầy" in shown[0]
    assert "OSError" in reporter.log_path.read_text(encoding="utf-8")
