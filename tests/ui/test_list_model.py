"""The shared list model: rows in, headers out, and Qt's model contract kept."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.widgets.list_model import ListModel


class Names(ListModel[str]):
    HEADERS = ("Họ và tên",)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.row(index.row()) if role == Qt.ItemDataRole.DisplayRole else None


def test_a_list_model_shows_its_rows_numbered_under_its_headers(qtmodeltester) -> None:
    model = Names()
    model.set_rows(["Nguyễn Văn An", "Lê Thị Bình"])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 1)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Họ và tên"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.row(1) == "Lê Thị Bình" and model.row(2) is None


def test_an_unnumbered_list_model_leaves_the_row_header_empty() -> None:
    class Unnumbered(Names):
        NUMBERED = False

    model = Unnumbered()
    model.set_rows(["Nguyễn Văn An"])
    assert model.headerData(0, Qt.Orientation.Vertical) is None
