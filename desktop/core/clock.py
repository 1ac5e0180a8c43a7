"""The one clock of the program: the only module that reads the time of day.

Everything that depends on the date takes it as an input (`today: dt.date`,
`now: dt.datetime`). The window and the command line make a `SystemClock` at
their entry points and hand it down; tests and `demo --today` use a
`FixedClock`, so every figure can be reproduced on any date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Local wall-clock time, to the second."""
        ...

    def today(self) -> dt.date:
        ...


class SystemClock:
    """The PC's clock (local time)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return dt.date.today()


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one moment (tests, `demo --today`)."""

    moment: dt.datetime

    @classmethod
    def on(cls, day: dt.date, hour: int = 10) -> FixedClock:
        return cls(dt.datetime.combine(day, dt.time(hour)))

    def now(self) -> dt.datetime:
        return self.moment

    def today(self) -> dt.date:
        return self.moment.date()


def stamp(moment: dt.datetime) -> str:
    """A moment as stored in created_at / audit columns ("2026-11-23 10:00:00")."""
    return moment.replace(microsecond=0).isoformat(sep=" ")


def recording_stamp() -> str:
    """The moment of a change being written, for created_at and the audit log.

    Recording stamps say when a row was written, not a date any rule depends
    on; until the data file carries its clock (issue 9, DataFile) the
    recorder asks the system clock here.
    """
    return stamp(SystemClock().now())
