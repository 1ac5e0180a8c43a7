"""Errors the user can act on, as opposed to bugs.

A `UserError` carries a Vietnamese message that says what happened and what
to do; the command line exits 2 on it and the window shows it in a dialog.
Anything else is a bug (exit 1, logged).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or environment, explained in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NewerFileError(UserError):
    """The data file was written by a newer version of the program."""


class DamagedFileError(UserError):
    """The data file fails SQLite's integrity checks or is not a data file."""


class LockedYearError(UserError):
    """The year has been closed (chốt sổ) and is read-only."""


class ValidationError(UserError):
    """Field-level problems: `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(fields.values()))
        self.fields = fields
