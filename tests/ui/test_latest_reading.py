"""A screen's reading on a worker: the latest request is shown, an overtaken one dropped,
and closing the window stops a long reading at its next checkpoint."""

from __future__ import annotations

import threading

from desktop.ui import workers
from desktop.ui.latest_reading import LatestReading


def reading_of(ops, qtbot) -> tuple[LatestReading, list[object]]:
    shown: list[object] = []
    reading = LatestReading(ops, ops, shown.append)
    return reading, shown


def test_requests_made_while_one_is_read_show_only_the_last(ops, qtbot) -> None:
    reading, shown = reading_of(ops, qtbot)
    release = threading.Event()
    started: list[str] = []

    def slow(name: str):
        def read(_db, _checkpoint) -> str:
            started.append(name)
            release.wait(10)
            return name
        return read

    reading.ask(slow("2026"))
    reading.ask(slow("2025"))
    reading.ask(slow("2024"))
    assert reading.loading
    release.set()
    qtbot.waitUntil(lambda: not reading.loading)
    assert shown == ["2024"]  # 2026's reading ended overtaken: dropped; 2025 was never read
    assert started == ["2026", "2024"]


def test_closing_the_window_stops_a_long_reading_and_reads_nothing_more(ops, qtbot) -> None:
    reading, shown = reading_of(ops, qtbot)
    inside = threading.Event()
    started: list[str] = []

    def endless(_db, checkpoint) -> str:
        started.append("long")
        inside.set()
        while True:  # a long scoring, with a checkpoint between its steps
            checkpoint()
            sum(range(20_000))  # one step's work

    reading.ask(endless)
    assert inside.wait(10)
    reading.ask(lambda _db, _checkpoint: started.append("next") or "next")
    workers.stop_all()  # what closing the window does
    qtbot.waitUntil(lambda: not workers.running())
    assert not reading.loading
    assert shown == [] and started == ["long"]
