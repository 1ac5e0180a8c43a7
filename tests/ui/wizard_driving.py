"""Driving the import wizard as a person would: shared by the wizard's tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.ui.importing.import_wizard import ImportWizard
from desktop.ui.operations import Operations
from tests.ui.typing import type_text

NEXT = QWizard.WizardButton.NextButton
WAIT_MS = 15_000


def open_wizard(ops: Operations, qtbot) -> ImportWizard:
    wizard = ImportWizard(ops, 2026)
    qtbot.addWidget(wizard)
    wizard.show()
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    return wizard


def click(qtbot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{button.text()} should be enabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot, wizard: ImportWizard) -> None:
    """Wait for the background work, then for the wizard to have the keyboard again."""
    qtbot.waitUntil(lambda: wizard.worker is not None and wizard.worker.done, timeout=WAIT_MS)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()


def open_file(qtbot, wizard: ImportWizard, path: Path) -> None:
    type_text(qtbot, wizard.file_page.path, str(path))
    click(qtbot, wizard, NEXT)
    settle(qtbot, wizard)
