"""The screens of the left navigation, in order.

Each entry builds its widget from the operations object and the working
year; a screen that follows the year has `set_year(year)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.audit_view import AuditView
from desktop.ui.deeds_view import DeedsView
from desktop.ui.members_view import MembersView
from desktop.ui.operations import Operations
from desktop.ui.overview_view import OverviewView
from desktop.ui.reviews_view import ReviewsView
from desktop.ui.settings_view import SettingsView
from desktop.ui.widgets import heading, pending_notice
from desktop.ui.yearend_view import YearEndView

ScreenFactory = Callable[[Operations, int], QWidget]


def _pending(title: str, text: str) -> ScreenFactory:
    def build(ops: Operations, year: int) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(heading(title))
        layout.addWidget(pending_notice(text), 1)
        return widget

    return build


SCREENS: list[tuple[str, ScreenFactory]] = [
    ("Tổng quan", OverviewView),
    ("Đảng viên & quần chúng", lambda ops, year: MembersView(ops)),
    ("Đăng ký làm theo Bác", DeedsView),
    ("Đánh giá hằng tháng", ReviewsView),
    ("Cuối năm", YearEndView),
    ("Báo cáo", _pending(
        "Báo cáo",
        "Màn hình báo cáo gửi cấp ủy cấp trên chưa có trong phiên bản này.")),
    ("Nhật ký thay đổi", AuditView),
    ("Cài đặt", SettingsView),
]
