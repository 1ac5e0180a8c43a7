"""A form layout whose fields show their own validation message beneath them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"


class FieldForm(QFormLayout):
    """Rows of (label, widget, hidden error label), keyed by field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget, beside: QWidget | None = None) -> QWidget:
        """A field; `beside` (e.g. a "Chọn…" button) sits on the same line."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        if beside is None:
            column.addWidget(widget)
        else:
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            line.addWidget(beside)
            column.addLayout(line)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.addRow(caption, box)
        widget.setObjectName(key)
        self.widgets[key] = widget
        self.errors[key] = error
        return widget

    def show_errors(self, messages: dict[str, str]) -> None:
        first = None
        for key, label in self.errors.items():
            text = messages.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
            if text and first is None:
                first = key
        if first is not None:
            self.widgets[first].setFocus()

    def text(self, key: str) -> str:
        widget = self.widgets[key]
        if isinstance(widget, QLineEdit):
            return widget.text()
        raise TypeError(key)

    def choice(self, key: str) -> object:
        widget = self.widgets[key]
        assert isinstance(widget, QComboBox)
        return widget.currentData()


def combo(items: Sequence[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for label, value in items:
        box.addItem(label, value)
    return box


def select_data(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def date_edit(placeholder: str = "dd/mm/yyyy") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(10)
    return edit


def save_buttons(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """Lưu and Hủy under a dialog's fields: Lưu calls `save` (which closes the dialog
    when the change went through), Hủy closes it unchanged."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def action_buttons(dialog: QDialog, action: str, on_action: Callable[[], None]) -> QDialogButtonBox:
    """A named action ("Mở (Enter)", "Khôi phục"…) as the default button, and "Hủy (Esc)"."""
    buttons = QDialogButtonBox()
    buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
    buttons.addButton("Hủy (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_action)
    buttons.rejected.connect(dialog.reject)
    return buttons
