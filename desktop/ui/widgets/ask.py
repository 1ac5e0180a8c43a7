"""A question whose buttons say what they do ("Chốt sổ" / "Hủy", "Xóa người này" /
"Giữ lại"), instead of a bare Yes/No."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, do: str, keep: str, *,
        default_do: bool = False, warning: bool = False) -> bool:
    """Show the question; True when the user chose `do`. Esc and closing the box mean `keep`."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    do_button = box.addButton(do, QMessageBox.ButtonRole.AcceptRole)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(do_button if default_do else keep_button)
    box.setEscapeButton(keep_button)
    box.exec()
    return box.clickedButton() is do_button
