"""What the import wizard's pages may ask of the wizard that holds them.

The pages are built by the wizard, so they must not import it (that would
be an import cycle); they see it through this small protocol instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop.excel.importing import importer
from desktop.excel.importing.plan import ImportPlan
from desktop.ui.operations import Operations


@dataclass(frozen=True)
class ImportChoices:
    """What the preview page asks of the import besides the plan."""

    default_unit_id: int | None = None  # an existing chi bộ for rows that name none
    unit: str | None = None  # or a chi bộ by name (the list's title), created if new
    committee: str | None = None  # the đảng bộ new chi bộ go under
    keep_capitals: bool = False
    good_rows: bool = False  # import the good rows, give the bad ones back as a workbook


class WizardHost(Protocol):
    ops: Operations
    year: int
    plan: ImportPlan | None
    import_result: importer.ImportResult | None
    bad_rows_file: Path | None
    bad_rows_problem: str | None

    def proceed(self) -> bool: ...
    def analyse(self, path: Path) -> None: ...
    def remap(self, sheet: str, column: int, field: str | None) -> None: ...
    def reread(self) -> None: ...
    def start_import(self, choices: ImportChoices) -> None: ...
