"""Đơn vị: the tree of đảng bộ, chi bộ and tổ đảng; add, rename, move, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import units
from desktop.ui.operations import Operations


class UnitsDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Quản lý đơn vị (đảng bộ, chi bộ, tổ đảng)")
        self.resize(640, 420)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Tên đơn vị", "Loại"])
        # The kind is short and always whole; the name takes the rest of the row.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QVBoxLayout()
        actions = [
            ("Thêm chi bộ…", lambda: self.add("chi_bo")),
            ("Thêm tổ đảng…", lambda: self.add("to_dang")),
            ("Thêm đảng bộ…", lambda: self.add("dang_bo")),
            ("Đổi tên…", self.rename),
            ("Chuyển sang…", self.move_unit),
            ("Xóa", self.delete),
            ("Đóng", self.accept),
        ]
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        row = QHBoxLayout(self)
        row.addWidget(self.tree, 1)
        row.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for unit in units.list_units(self.ops.db):
            parent = items.get(unit.parent_id) if unit.parent_id else None
            item = QTreeWidgetItem([unit.name, unit.kind_label])
            item.setData(0, Qt.ItemDataRole.UserRole, unit.id)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[unit.id] = item
        self.tree.expandAll()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def add(self, kind: str) -> None:
        label = units.KIND_LABELS[kind]
        name, ok = QInputDialog.getText(self, f"Thêm {label.lower()}", f"Tên {label.lower()}:")
        if not ok:
            return
        parent_id = self.selected_id()
        if kind == "dang_bo" or parent_id is None:
            parent_id = None if kind == "dang_bo" else parent_id
        else:
            selected = units.get_unit(self.ops.db, parent_id)
            if kind == "chi_bo" and selected.kind != "dang_bo":
                parent_id = selected.parent_id
        if self.ops.run(units.add_unit, name, kind, parent_id):
            self.reload()

    def rename(self) -> None:
        unit_id = self.selected_id()
        if unit_id is None:
            return
        unit = units.get_unit(self.ops.db, unit_id)
        name, ok = QInputDialog.getText(self, "Đổi tên", "Tên mới:", text=unit.name)
        if ok and self.ops.run(units.rename_unit, unit_id, name):
            self.reload()

    def move_unit(self) -> None:
        unit_id = self.selected_id()
        if unit_id is None:
            return
        options = [u for u in units.list_units(self.ops.db) if u.id != unit_id]
        labels = ["(Cấp cao nhất)"] + [f"{u.kind_label}: {u.name}" for u in options]
        choice, ok = QInputDialog.getItem(self, "Chuyển đơn vị", "Chuyển vào:", labels, 0, False)
        if not ok:
            return
        index = labels.index(choice)
        target = None if index == 0 else options[index - 1].id
        if self.ops.run(units.move_unit, unit_id, target):
            self.reload()

    def delete(self) -> None:
        unit_id = self.selected_id()
        if unit_id is not None and self.ops.run(units.delete_unit, unit_id):
            self.reload()
