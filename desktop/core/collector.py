"""Python's cyclic garbage collector paused while a big file is read or a report built.

Scoring 20,000 people or building every report makes millions of small objects;
each time they grow by a quarter the collector walks all of them again (a full
collection costs 0.15–0.2 s there, twenty of them while scoring, about a fifth
of an export's time) and finds nothing to free: the rows hold no cycles. On a
worker thread each collection also holds the interpreter's lock, so the window
froze however little it had to do. Reference counting still frees what the work
drops. Pauses nest and overlap across threads: the collector runs again when
the last one ends (and only if it ran before the first).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # pauses under way, in every thread
_was_enabled = True  # whether the collector ran before the first of them


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
