"""Errors of the Excel layer that are the user's or the environment's doing.

Each carries a Vietnamese `.message` the UI and the command line show as is
(the command line exits 2 on them); anything else raised from
`desktop.excel` is a bug worth a report.
"""

from __future__ import annotations

from pathlib import Path


class ExcelUserError(Exception):
    """A problem the user can fix: a file open elsewhere, a wrong file, a full disk."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class ExportLocked(ExcelUserError):
    """The target file cannot be replaced: Excel (or another program) holds it open."""


class ExportNotWritable(ExcelUserError):
    """The target folder does not exist, is read-only, or the disk is full."""


class NotAnExcelFile(ExcelUserError):
    """The file is missing, or is not an .xlsx workbook openpyxl can read."""


class RawDataMissing(ExcelUserError):
    """The workbook has no hidden raw-data sheet: it was not exported by this program."""
