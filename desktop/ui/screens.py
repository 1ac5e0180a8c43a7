"""The screens of the left navigation, in order.

Each entry builds its widget from the operations object and the working
year; a screen that follows the year has `set_year(year)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.ui.audit_view import AuditView
from desktop.ui.deeds.deeds_view import DeedsView
from desktop.ui.members.members_view import MembersView
from desktop.ui.operations import Operations
from desktop.ui.overview_view import OverviewView
from desktop.ui.reports.reports_view import ReportsView
from desktop.ui.reviews.reviews_view import ReviewsView
from desktop.ui.settings_view import SettingsView
from desktop.ui.yearend.yearend_view import YearEndView

ScreenFactory = Callable[[Operations, int], QWidget]


SCREENS: list[tuple[str, ScreenFactory]] = [
    ("Tổng quan", OverviewView),
    ("Đảng viên & quần chúng", lambda ops, year: MembersView(ops)),
    ("Đăng ký làm theo Bác", DeedsView),
    ("Đánh giá hằng tháng", ReviewsView),
    ("Cuối năm", YearEndView),
    ("Báo cáo", ReportsView),
    ("Nhật ký thay đổi", AuditView),
    ("Cài đặt", SettingsView),
]
