"""The cyclic collector's pause: nested and overlapping pauses, and a collector already off."""

from __future__ import annotations

import gc
import threading

from desktop.core.collector import collector_paused


def test_the_collector_runs_again_only_when_the_last_pause_ends() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # an export inside a screen's reading
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pauses_overlapping_in_two_threads() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            seen["first, after the second ended"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == {"first, after the second ended": False}
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
