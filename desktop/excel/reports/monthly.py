"""`monthly`: the year's monthly reviews (đánh giá hằng tháng), person by month.

Sheet one is the grid a chi bộ keeps on paper: one row per person on the
list in some month already due, one short mark per month (T Tốt, Đ Đạt,
C Chưa đạt, + commended, ! reminded, M not due that month because exempt or
suspended, – not on the list that month). Sheet two gives the counts per
month with the coverage and the meetings' attendance, totalled for the year.
"""

from __future__ import annotations

from typing import Any

from desktop.core.review_year import MonthCounts, MonthMark
from desktop.excel.reports.common import Context, Sheet, count_text, fit_width
from desktop.excel.reports.report_table import Column, ReportTable

_LETTER = {"tot": "T", "dat": "Đ", "chua_dat": "C"}
LEGEND = ("Ký hiệu: T Tốt; Đ Đạt; C Chưa đạt; + được biểu dương; ! bị nhắc nhở; "
          "M miễn sinh hoạt hoặc đình chỉ (không phải đánh giá); – không có tên trong danh sách tháng đó; "
          "để trống: chưa đánh giá.")


def mark(row: MonthMark | None) -> str:
    if row is None:
        return "–"
    if not row.expected and row.level is None:
        return "M"
    text = _LETTER.get(row.level or "", "")
    return text + ("+" if row.commended else "") + ("!" if row.reminded else "")


def _counts_row(counts: MonthCounts) -> dict[str, Any]:
    return {
        "due": counts.due, "done": counts.done, "coverage": counts.coverage, "tot": counts.tot,
        "dat": counts.dat, "chua_dat": counts.chua_dat, "commended": counts.commended,
        "reminded": counts.reminded, "meetings": counts.meetings, "thematic": counts.thematic,
        "present": counts.present,
        "excused": counts.excused, "unexcused": counts.unexcused, "attendance": counts.attendance,
        "masses_present": counts.masses_present,
    }


def sheets(ctx: Context) -> list[Sheet]:
    year = ctx.data.reviews
    due = year.months_due
    grid_rows: list[dict[str, Any]] = []
    month_keys = [f"m{m}" for m in range(1, due + 1)]
    texts: dict[MonthMark | None, str] = {}  # a few kinds of mark: each one's text made once
    for n, person in enumerate(year.people, start=1):
        row: dict[str, Any] = {"stt": n, "name": person.full_name, "unit": person.unit_name,
                               "commended": person.commended, "reminded": person.reminded}
        for key, month in zip(month_keys, person.marks, strict=True):
            text = texts.get(month)
            row[key] = text if text is not None else texts.setdefault(month, mark(month))
        grid_rows.append(row)
    per_month = [{"month": f"Tháng {c.month}", **_counts_row(c)} for c in year.months]
    reviewed = {f"m{c.month}": c.done for c in year.months}
    commended = sum(p.commended for p in year.people)
    reminded = sum(p.reminded for p in year.people)
    months_done = f"tháng 1 đến tháng {due}" if due > 1 else "tháng 1" if due else "chưa đến tháng đánh giá nào"
    person_table = ReportTable(
        title=f"Kết quả đánh giá hằng tháng việc học tập và làm theo Bác năm {ctx.year}",
        subtitle=(f"Từ {months_done}: {count_text(len(grid_rows), 'người')} có tên trong danh sách sinh hoạt "
                  "ít nhất một tháng, kể cả người đã chuyển đi"),
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Họ và tên", "name", width=fit_width((r["name"] for r in grid_rows), "Họ và tên", 26)),
            Column("Chi bộ", "unit", width=fit_width((r["unit"] for r in grid_rows), "Chi bộ", 26)),
            *[Column(f"T{m}", f"m{m}", align="center") for m in range(1, 13)],
            Column("Số lần biểu dương", "commended", "int"),
            Column("Số lần nhắc nhở", "reminded", "int"),
        ],
        groups=[("", 3), ("Kết quả đánh giá các tháng", 12), ("", 2)],
        rows=grid_rows,
        totals={**reviewed, "commended": commended, "reminded": reminded},
        notes=["Dòng Tổng cộng: số người đã được đánh giá trong từng tháng."],
        abbreviations=LEGEND,
        landscape=True,
    )
    summary = ReportTable(
        title=f"Tổng hợp đánh giá hằng tháng và sinh hoạt chi bộ năm {ctx.year}",
        subtitle=("Số lượt đánh giá, biểu dương, nhắc nhở và dự họp của từng tháng, "
                  "kể cả người đã chuyển đi (trong các tháng còn sinh hoạt)"),
        columns=[
            Column("Tháng", "month", width=11),
            Column("Phải đánh giá", "due", "int"),
            Column("Đã đánh giá", "done", "int"),
            Column("Tỷ lệ", "coverage", "percent"),
            Column("Tốt", "tot", "int"),
            Column("Đạt", "dat", "int"),
            Column("Chưa đạt", "chua_dat", "int"),
            Column("Biểu dương", "commended", "int"),
            Column("Nhắc nhở", "reminded", "int"),
            Column("Số buổi sinh hoạt", "meetings", "int"),
            Column("Trong đó chuyên đề", "thematic", "int"),
            Column("Đảng viên có mặt", "present", "int"),
            Column("Vắng có lý do", "excused", "int"),
            Column("Vắng không lý do", "unexcused", "int"),
            Column("Tỷ lệ đảng viên có mặt", "attendance", "percent"),
            Column("Quần chúng dự", "masses_present", "int"),
        ],
        groups=[("", 1), ("Đánh giá", 3), ("Mức", 3), ("Số lượt", 2), ("Sinh hoạt chi bộ", 7)],
        rows=per_month,
        totals=_counts_row(year.total),
        notes=["Không phải đánh giá: người miễn sinh hoạt hoặc đình chỉ sinh hoạt trong tháng.",
               "Có mặt, vắng và tỷ lệ có mặt tính trên đảng viên; quần chúng được mời dự họp đếm riêng."],
        landscape=True,
    )
    return [Sheet("monthly_people", "Đánh giá hằng tháng", person_table),
            Sheet("monthly_summary", "Tổng hợp theo tháng", summary)]
