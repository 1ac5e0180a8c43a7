"""`monthly`: the year's monthly reviews (đánh giá hằng tháng), person by month.

Sheet one is the grid a chi bộ keeps on paper: one row per person on the
list in some month already due, one short mark per month (T Tốt, Đ Đạt,
C Chưa đạt, + commended, ! reminded, M not due that month because exempt or
suspended, – not on the list that month). Sheet two gives the counts per
month with the coverage and the meetings' attendance, totalled for the year.
"""

from __future__ import annotations

from typing import Any

from desktop.core import reviews, units, vntext
from desktop.core.reviews import ReviewRow
from desktop.core.statistics import percent
from desktop.excel.reports.common import Context, Sheet, count_text, fit_width
from desktop.excel.reports.party_form import Column, ReportTable

_LETTER = {"tot": "T", "dat": "Đ", "chua_dat": "C"}
LEGEND = ("Ký hiệu: T Tốt; Đ Đạt; C Chưa đạt; + được biểu dương; ! bị nhắc nhở; "
          "M miễn sinh hoạt hoặc đình chỉ (không phải đánh giá); – không có tên trong danh sách tháng đó; "
          "để trống: chưa đánh giá.")


def mark(row: ReviewRow) -> str:
    if not row.expected and row.level is None:
        return "M"
    text = _LETTER.get(row.level or "", "")
    return text + ("+" if row.commended else "") + ("!" if row.reminded else "")


def _month_counts(grid: list[ReviewRow], meetings: int) -> dict[str, Any]:
    due = [r for r in grid if r.expected]
    done = sum(1 for r in due if r.level is not None)
    present = sum(1 for r in grid if r.presence == "co_mat")
    excused = sum(1 for r in grid if r.presence == "vang_co_ly_do")
    unexcused = sum(1 for r in grid if r.presence == "vang_khong_ly_do")
    return {
        "due": len(due), "done": done,
        "tot": sum(1 for r in grid if r.level == "tot"),
        "dat": sum(1 for r in grid if r.level == "dat"),
        "chua_dat": sum(1 for r in grid if r.level == "chua_dat"),
        "commended": sum(1 for r in grid if r.commended),
        "reminded": sum(1 for r in grid if r.reminded),
        "meetings": meetings, "present": present, "excused": excused, "unexcused": unexcused,
    }


def _with_rates(counts: dict[str, Any]) -> dict[str, Any]:
    attended = counts["present"] + counts["excused"] + counts["unexcused"]
    return {**counts, "coverage": percent(counts["done"], counts["due"]),
            "attendance": percent(counts["present"], attended)}


def sheets(ctx: Context) -> list[Sheet]:
    due = ctx.stats.months_due
    order = {u.id: i for i, u in enumerate(units.list_units(ctx.db))}
    meetings = dict(ctx.db.execute(
        "SELECT month, count(*) FROM meetings WHERE year = ? GROUP BY month", [ctx.year]).fetchall())
    people: dict[int, dict[str, Any]] = {}
    per_month: list[dict[str, Any]] = []
    for month in range(1, due + 1):
        grid = reviews.month_grid(ctx.db, ctx.year, month, None)
        per_month.append({"month": f"Tháng {month}", **_with_rates(_month_counts(grid, meetings.get(month, 0)))})
        for row in grid:
            person = people.setdefault(row.person_id, {
                "name": row.full_name, "unit": row.unit_name, "commended": 0, "reminded": 0,
                "_order": (order[row.unit_id], vntext.name_sort_key(row.full_name), row.person_id),
            })
            person[f"m{month}"] = mark(row)
            person["commended"] += row.commended
            person["reminded"] += row.reminded
    grid_rows = sorted(people.values(), key=lambda p: p.pop("_order"))
    for n, person in enumerate(grid_rows, start=1):
        person["stt"] = n
        for month in range(1, due + 1):
            person.setdefault(f"m{month}", "–")
    reviewed = {f"m{m}": per_month[m - 1]["done"] for m in range(1, due + 1)}
    commended = sum(p["commended"] for p in grid_rows)
    reminded = sum(p["reminded"] for p in grid_rows)
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
    keys = ("due", "done", "tot", "dat", "chua_dat", "commended", "reminded", "meetings", "present",
            "excused", "unexcused")
    year_counts = {key: sum(m[key] for m in per_month) for key in keys}
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
            Column("Có mặt", "present", "int"),
            Column("Vắng có lý do", "excused", "int"),
            Column("Vắng không lý do", "unexcused", "int"),
            Column("Tỷ lệ có mặt", "attendance", "percent"),
        ],
        groups=[("", 1), ("Đánh giá", 3), ("Mức", 3), ("Số lượt", 2), ("Sinh hoạt chi bộ", 5)],
        rows=per_month,
        totals=_with_rates(year_counts),
        notes=["Không phải đánh giá: người miễn sinh hoạt hoặc đình chỉ sinh hoạt trong tháng."],
        landscape=True,
    )
    return [Sheet("monthly_people", "Đánh giá hằng tháng", person_table),
            Sheet("monthly_summary", "Tổng hợp theo tháng", summary)]
