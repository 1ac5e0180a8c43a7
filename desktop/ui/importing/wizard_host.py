"""What the import wizard's pages may ask of the wizard that holds them.

The pages are built by the wizard, so they must not import it (that would
be an import cycle); they see it through this small protocol instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from desktop.excel.importing import importer
from desktop.excel.importing.plan import ImportPlan
from desktop.ui.operations import Operations


class WizardHost(Protocol):
    ops: Operations
    year: int
    plan: ImportPlan | None
    import_result: importer.ImportResult | None

    def proceed(self) -> bool: ...
    def analyse(self, path: Path) -> None: ...
    def remap(self, sheet: str, column: int, field: str | None) -> None: ...
    def reread(self) -> None: ...
    def start_import(self, default_unit_id: int | None) -> None: ...
