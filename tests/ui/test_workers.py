"""The background worker: its own connection, results and errors back on the
GUI thread, progress in a dialog, and a Dừng button that really stops."""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.core import db as dbmod
from desktop.core import filelock, people, units
from desktop.core.collector import collector_paused
from desktop.core.errors import UserError
from desktop.ui.workers import Job, Worker, follow_with_progress

GATE_TIMEOUT_S = 10


def _run(qtbot, worker: Worker) -> dict[str, object]:
    """Start the worker and wait for its end; what it reported, by signal."""
    seen: dict[str, object] = {}
    worker.succeeded.connect(lambda value: seen.update(succeeded=value))
    worker.failed.connect(lambda message: seen.update(failed=message))
    worker.cancelled.connect(lambda: seen.update(cancelled=True))
    with qtbot.waitSignal(worker.finished, timeout=GATE_TIMEOUT_S * 1000):
        worker.start()
    return seen


def test_the_function_gets_its_own_connection_and_the_result_comes_back_on_the_gui_thread(ops, qtbot, tmp_path):
    threads: dict[str, object] = {}

    def count_branches(job: Job) -> int:
        threads["work"] = QThread.currentThread()
        assert job.db is not ops.db
        return len([u for u in units.list_units(job.db) if u.kind == "chi_bo"])

    worker = Worker(count_branches, file=ops.db)
    worker.succeeded.connect(lambda _value: threads.update(result=QThread.currentThread()))
    seen = _run(qtbot, worker)
    assert seen == {"succeeded": 2}
    assert threads["work"] is not QApplication.instance().thread()
    assert threads["result"] is QApplication.instance().thread()


def test_a_writing_worker_shares_the_window_lock_and_gives_its_share_back(ops, qtbot, tmp_path):
    path = tmp_path / "so.sqlite"
    unit = units.find_by_name(ops.db, "Chi bộ Xóm Đồng")[0].id

    def add(job: Job) -> int:
        people.add_person(job.db, {"full_name": "Hoàng Văn Nam", "unit_id": unit})
        return people.count_people(job.db, people.PersonFilter())

    assert _run(qtbot, Worker(add, file=ops.db)) == {"succeeded": 1}
    assert people.count_people(ops.db, people.PersonFilter()) == 1, "the window's connection sees the write"
    assert filelock.lock_path(path).exists(), "the window still holds the file"
    assert ops.db.lock is not None and ops.db.lock.shares == 1
    assert filelock.holder(path, ops.db.lock) is None


def test_a_user_error_comes_back_as_its_own_message(qtbot):
    def refuse(job: Job) -> None:
        raise UserError("Tệp «ds.xlsx» có đặt mật khẩu.")

    assert _run(qtbot, Worker(refuse)) == {"failed": "Tệp «ds.xlsx» có đặt mật khẩu."}


def test_a_data_file_gone_from_its_folder_is_told_in_vietnamese(qtbot, tmp_path):
    path = tmp_path / "khong-co.sqlite"
    db = dbmod.open_db(path, create=True)
    dbmod.close_db(db)
    path.unlink()  # the USB stick was pulled out
    seen = _run(qtbot, Worker(lambda job: job.db, file=db, readonly=True))
    assert "Không tìm thấy tệp dữ liệu" in str(seen["failed"])


def test_a_full_disk_is_the_environment_not_a_bug(qtbot):
    def full(job: Job) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    assert "đã đầy" in str(_run(qtbot, Worker(full))["failed"])


def test_a_bug_is_logged_and_said_shortly(qtbot, caplog):
    def broken(job: Job) -> None:
        raise KeyError("no such column")

    with caplog.at_level(logging.ERROR, logger="desktop"):
        seen = _run(qtbot, Worker(broken))
    assert "lỗi ngoài dự kiến" in str(seen["failed"])
    assert "no such column" in caplog.text


def test_progress_reaches_the_window_in_order(qtbot):
    def count(job: Job) -> str:
        for done in range(1, 4):
            job.progress(done, 3)
        return "xong"

    worker = Worker(count)
    steps: list[tuple[int, int]] = []
    worker.progressed.connect(lambda done, total, _text: steps.append((done, total)))
    assert _run(qtbot, worker) == {"succeeded": "xong"}
    assert steps == [(1, 3), (2, 3), (3, 3)]


def test_pressing_dung_stops_the_function_at_its_next_checkpoint(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    gate, reached = threading.Event(), []

    def slow(job: Job) -> str:
        gate.wait(GATE_TIMEOUT_S)
        job.checkpoint()
        reached.append("after checkpoint")
        return "xong"

    worker = Worker(slow)
    seen: dict[str, object] = {}
    worker.succeeded.connect(lambda value: seen.update(succeeded=value))
    worker.cancelled.connect(lambda: seen.update(cancelled=True))
    dialog = follow_with_progress(worker, parent, "Đang làm…")
    worker.start()
    assert dialog.isVisible()
    button = dialog.findChild(QPushButton)
    assert button.text() == "Dừng (Esc)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.labelText() == "Đang dừng, chưa ghi gì…"
    with qtbot.waitSignal(worker.finished, timeout=GATE_TIMEOUT_S * 1000):
        gate.set()
    assert seen == {"cancelled": True}
    assert reached == []
    assert not dialog.isVisible()


def test_the_progress_dialog_follows_and_closes_when_done(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    gate = threading.Event()

    def work(job: Job) -> None:
        job.progress(1, 4)
        gate.wait(GATE_TIMEOUT_S)

    worker = Worker(work)
    dialog = follow_with_progress(worker, parent, "Đang xuất…", cancellable=False)
    assert dialog.findChild(QPushButton) is None
    worker.start()
    qtbot.waitUntil(lambda: dialog.value() == 1)
    assert (dialog.maximum(), dialog.isVisible()) == (4, True)
    with qtbot.waitSignal(worker.finished, timeout=GATE_TIMEOUT_S * 1000):
        gate.set()
    assert not dialog.isVisible()


def test_the_progress_text_becomes_the_dialog_label(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    gate = threading.Event()

    def work(job: Job) -> None:
        job.progress(1, 3, "Đang ghi trang «Thống kê»…")
        job.progress(2, 3)  # no text: the label stays
        gate.wait(GATE_TIMEOUT_S)

    worker = Worker(work)
    dialog = follow_with_progress(worker, parent, "Đang xuất…", cancellable=False)
    worker.start()
    qtbot.waitUntil(lambda: dialog.value() == 2)
    assert dialog.labelText() == "Đang ghi trang «Thống kê»…"
    with qtbot.waitSignal(worker.finished, timeout=GATE_TIMEOUT_S * 1000):
        gate.set()


def test_job_without_a_file_says_so_when_asked_for_a_connection(qtbot):
    seen = _run(qtbot, Worker(lambda job: job.db))
    assert "lỗi ngoài dự kiến" in str(seen["failed"])


def test_a_read_only_worker_reads_the_window_file_without_taking_a_share_of_its_lock(ops, qtbot):
    def read(job: Job) -> list[str]:
        assert job.db.lock is None
        return [u.name for u in units.list_units(job.db) if u.kind == "chi_bo"]

    assert _run(qtbot, Worker(read, file=ops.db, readonly=True)) == {"succeeded": ["Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]}
    assert ops.db.lock is not None and ops.db.lock.shares == 1


def test_a_flood_of_progress_reaches_the_window_as_at_most_one_signal_per_percent(qtbot):
    def rows(job: Job) -> None:
        for done in range(1, 10_001):
            job.progress(done, 10_000)

    worker = Worker(rows)
    steps: list[tuple[int, int]] = []
    worker.progressed.connect(lambda done, total, _text: steps.append((done, total)))
    _run(qtbot, worker)
    assert len(steps) <= 101
    assert steps[-1] == (10_000, 10_000)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_closing_the_file_stops_running_workers_first(qtbot, tmp_path):
    import threading

    from desktop.ui import workers as workers_mod

    started = threading.Event()

    def slow(job):
        started.set()
        while not job.cancelled():
            job.progress(0, 1)
        job.checkpoint()

    worker = workers_mod.Worker(slow)
    worker.start()
    assert started.wait(10)
    workers_mod.stop_all()
    assert worker.cancel_requested
    assert worker.wait(0)
    qtbot.waitUntil(lambda: worker.done)


def test_the_collector_stays_paused_until_the_last_of_two_overlapping_readings_ends(qtbot):
    first_in, second_done, release = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first(_job: Job) -> None:
        with collector_paused():
            first_in.set()
            release.wait(10)
            seen["first, after the second ended"] = gc.isenabled()

    def second(_job: Job) -> None:
        assert first_in.wait(10)
        with collector_paused():
            seen["second"] = gc.isenabled()
        second_done.set()

    workers = [Worker(first), Worker(second)]
    for worker in workers:
        worker.start()
    assert second_done.wait(10)
    release.set()
    qtbot.waitUntil(lambda: all(w.done for w in workers))
    assert seen == {"second": False, "first, after the second ended": False}
    assert gc.isenabled()
