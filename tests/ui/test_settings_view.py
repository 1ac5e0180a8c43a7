"""Cài đặt: the đảng bộ on the header line and the committees under "Nơi nhận" are two settings."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core import settings
from desktop.excel.reports.all_reports import export_report
from desktop.ui.settings_view import SettingsView
from tests.ui.typing import type_text


def test_recipients_are_typed_one_per_line_and_printed_under_noi_nhan(ops, qtbot, tmp_path) -> None:
    view = SettingsView(ops, 2026)
    qtbot.addWidget(view)
    view.show()
    superior = view.form.widgets["superior_name"]
    superior.selectAll()
    type_text(qtbot, superior, "Đảng bộ xã La Bằng")
    view.recipients.setFocus()
    for line in ("Ban Thường vụ Đảng ủy xã La Bằng", "Đảng ủy xã La Bằng (để báo cáo)", "Lưu"):
        type_text(qtbot, view.recipients, line)
        qtbot.keyClick(view.recipients, Qt.Key.Key_Return)
    save = next(b for b in view.findChildren(QPushButton) if b.text() == "Lưu cài đặt")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert view.saved.text() == "Đã lưu."
    stored = settings.get_all(ops.db)
    assert stored["superior_name"] == "Đảng bộ xã La Bằng"
    assert stored["recipients"] == ["Ban Thường vụ Đảng ủy xã La Bằng", "Đảng ủy xã La Bằng (để báo cáo)", "Lưu"]

    path = export_report(ops.db, 2026, "statistics", tmp_path / "tk.xlsx", today=dt.date(2026, 11, 23))
    ws = load_workbook(path).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0] == "ĐẢNG BỘ XÃ LA BẰNG"
    assert [t for t in texts if t.startswith("- ")][-3:] == [
        "- Ban Thường vụ Đảng ủy xã La Bằng,", "- Đảng ủy xã La Bằng (để báo cáo),", "- Lưu."]

    view.load()
    assert view.recipients.toPlainText().splitlines()[0] == "Ban Thường vụ Đảng ủy xã La Bằng"

