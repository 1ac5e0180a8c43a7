"""Helpers for tests that start another copy of the program."""

from __future__ import annotations

import time


def on_the_test_clock(code: str) -> str:
    """`code` for `python -c`, run with the PC clock at the test's frozen moment.

    A child process does not inherit time-machine; without this a lock it
    writes would carry the real time, and on the dates CI tries the test's
    program would judge it hours old (or not yet written).
    """
    moment = time.time()  # the frozen moment of tests/conftest.py
    return f"import time_machine\ntime_machine.travel({moment!r}, tick=True).start()\n{code}"
