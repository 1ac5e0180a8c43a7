"""`statistics`: the figures of DOMAIN.md ("What goes up"), one row per chi bộ and a total.

Three tables, each on its own sheet: registration, monthly reviews, year-end
rating with the excellence quota check. The same tables, with one row per
sending unit, make the higher committee's consolidated report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.core.rules import LEVEL_CODES
from desktop.core.statistics import Figures, QuotaStatus
from desktop.excel.reports.common import SHARES_NOTE, Context, Sheet, shares_adding_to_100
from desktop.excel.reports.registrations import rate_table
from desktop.excel.reports.report_table import Column, ReportTable
from desktop.excel.reports.year_end import LEGEND


def _monthly_row(f: Figures) -> dict[str, Any]:
    return {
        "reviews_due": f.reviews_due, "reviews_done": f.reviews_done, "coverage": f.coverage,
        "reviews_tot": f.reviews_tot, "reviews_dat": f.reviews_dat, "reviews_chua_dat": f.reviews_chua_dat,
        "commended": f.commended, "people_commended": f.people_commended,
        "reminded": f.reminded, "people_reminded": f.people_reminded,
        "meetings": f.meetings, "attendance": f.attendance_rate,
    }


def monthly_table(year: int, branches: Sequence[Figures], total: Figures, unit_title: str,
                  months_due: int, notes: Sequence[str] = ()) -> ReportTable:
    months = f"tháng 1 đến tháng {months_due}" if months_due > 1 else "tháng 1" if months_due else "—"
    return ReportTable(
        title=f"Thống kê đánh giá hằng tháng năm {year}",
        subtitle=f"Các tháng đã đến kỳ đánh giá: {months}; kể cả người đã chuyển đi, trong các tháng còn sinh hoạt",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column(unit_title, "unit"),
            Column("Phải đánh giá", "reviews_due", "int"),
            Column("Đã đánh giá", "reviews_done", "int"),
            Column("Tỷ lệ", "coverage", "percent"),
            Column("Tốt", "reviews_tot", "int"),
            Column("Đạt", "reviews_dat", "int"),
            Column("Chưa đạt", "reviews_chua_dat", "int"),
            Column("Số lượt", "commended", "int"),
            Column("Số người", "people_commended", "int"),
            Column("Số lượt", "reminded", "int"),
            Column("Số người", "people_reminded", "int"),
            Column("Số buổi sinh hoạt", "meetings", "int"),
            Column("Tỷ lệ đảng viên có mặt", "attendance", "percent"),
        ],
        groups=[("", 2), ("Lượt đánh giá người × tháng", 3), ("Mức đánh giá", 3), ("Biểu dương", 2),
                ("Nhắc nhở", 2), ("", 2)],
        rows=[{"stt": n, "unit": f.unit, **_monthly_row(f)} for n, f in enumerate(branches, start=1)],
        totals=_monthly_row(total),
        notes=notes,
        landscape=True,
    )


def _year_row(f: Figures) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year_members": f.year_members, "official": f.official, "probationary": f.probationary,
        "exempt": f.exempt, "suspended": f.suspended, "new_members": f.new_members,
        "pending": f.pending, "rated": f.rated, "excellent_of_good": f.excellent_of_good,
        "disciplined": f.disciplined, "title_advanced": f.title_advanced, "title_soldier": f.title_soldier,
    }
    shares = shares_adding_to_100([f.level(code) for code in LEVEL_CODES])
    for code, share in zip(LEVEL_CODES, shares, strict=True):
        row[code] = f.level(code)
        row[f"{code}_share"] = share
    return row


def year_end_table(year: int, branches: Sequence[Figures], total: Figures, unit_title: str,
                   quotas: Sequence[QuotaStatus], notes: Sequence[str] = ()) -> ReportTable:
    level_columns: list[Column] = []
    for code in LEVEL_CODES:
        level_columns += [Column("Số lượng", code, "int"), Column("Tỷ lệ", f"{code}_share", "percent")]
    return ReportTable(
        title=f"Thống kê kết quả xếp loại chất lượng đảng viên năm {year}",
        subtitle=f"Đảng viên có tên tính đến 31/12/{year}; tỷ lệ các mức tính trên số đảng viên được xếp loại",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column(unit_title, "unit"),
            Column("Tổng số", "year_members", "int"),
            Column("Chính thức", "official", "int"),
            Column("Dự bị", "probationary", "int"),
            Column("Miễn sinh hoạt", "exempt", "int"),
            Column("Đình chỉ", "suspended", "int"),
            Column("Mới kết nạp dưới 6 tháng", "new_members", "int"),
            Column("Chưa có mức", "pending", "int"),
            Column("Được xếp loại", "rated", "int"),
            *level_columns,
            Column("HTXSNV so với HTTNV", "excellent_of_good", "percent"),
            Column("Bị kỷ luật", "disciplined", "int"),
            Column("Lao động tiên tiến", "title_advanced", "int"),
            Column("Chiến sĩ thi đua cơ sở", "title_soldier", "int"),
        ],
        groups=[("", 2), ("Đảng viên", 3), ("Không xếp loại", 3), ("", 2), ("HTXSNV", 2), ("HTTNV", 2),
                ("HTNV", 2), ("KHTNV", 2), ("", 2), ("Đề nghị danh hiệu", 2)],
        rows=[{"stt": n, "unit": f.unit, **_year_row(f)} for n, f in enumerate(branches, start=1)],
        totals=_year_row(total),
        abbreviations=LEGEND,
        notes=[*notes, SHARES_NOTE, "Kiểm tra tỷ lệ Hoàn thành xuất sắc nhiệm vụ:",
               *(f"- {q.text}" for q in quotas),
               "Danh hiệu Lao động tiên tiến tính cả người được đề nghị Chiến sĩ thi đua cơ sở."],
        landscape=True,
    )


def statistics_sheets(year: int, branches: Sequence[Figures], total: Figures, quotas: Sequence[QuotaStatus],
                      months_due: int, unit_title: str, subtitle: str | None,
                      notes: Sequence[str] = ()) -> list[Sheet]:
    """The three statistics sheets; `notes` go under the first table."""
    registration = rate_table(year, list(branches), total, unit_title, subtitle)
    registration.notes = list(notes)
    return [
        Sheet("stats_registration", "Thống kê đăng ký", registration),
        Sheet("stats_monthly", "Thống kê đánh giá tháng", monthly_table(year, branches, total, unit_title,
                                                                          months_due)),
        Sheet("stats_year_end", "Thống kê xếp loại", year_end_table(year, branches, total, unit_title, quotas)),
    ]


def sheets(ctx: Context) -> list[Sheet]:
    stats = ctx.stats
    day = ctx.today.strftime("%d/%m/%Y")
    return statistics_sheets(ctx.year, stats.branches, stats.total, stats.quotas, stats.months_due,
                             "Chi bộ", f"Số liệu tính đến ngày {day}; người đang sinh hoạt")
