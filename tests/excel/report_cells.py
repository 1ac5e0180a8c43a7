"""Read an exported report back as a person reads it, and make a file where people left mid-year.

`read_table` finds a sheet's table under its party header: the header rows
(a group title over its columns reads "Group / Column"), the rows and the
Tổng cộng row, cell values as openpyxl reads them from the saved workbook.

`mid_year_file` fills the `branch_db` fixture (two chi bộ, 2026) as the
program would be used in a year where people left: a đảng viên transferred
out and one who died in June, both reviewed January to May; a quần chúng
transferred out in June; a đảng viên who arrived in July; one exempt from
March; deeds (some of them models) for all of them, meetings, points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import deeds, people, reviews, units, yearend
from desktop.core.reviews import ReviewEdit

TOTALS = "Tổng cộng"
TODAY = dt.date(2026, 11, 23)


@dataclass
class Table:
    columns: list[str]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]

    def row(self, column: str, value: Any) -> dict[str, Any]:
        return next(r for r in self.rows if r[column] == value)


def read_table(path: Path, sheet: str) -> Table:
    ws = load_workbook(path)[sheet]
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    # The header: the first row after the title that names three columns or more.
    start = next(i for i, row in enumerate(grid) if i > 5 and sum(v is not None for v in row) >= 3)
    top = grid[start]
    has_sub = grid[start + 1][0] is None and any(v is not None for v in grid[start + 1])
    columns: list[str] = []
    group = None
    for c, title in enumerate(top):
        sub = grid[start + 1][c] if has_sub else None
        if title is not None:
            group = title
        columns.append(f"{group} / {sub}" if sub is not None else str(title) if title is not None else "")
    rows: list[dict[str, Any]] = []
    totals: dict[str, Any] = {}
    for values in grid[start + (2 if has_sub else 1):]:
        if all(v is None for v in values):
            break
        named = {name: value for name, value in zip(columns, values, strict=False) if name}
        if values[0] == TOTALS:
            totals = named
            break
        rows.append(named)
    return Table(columns, rows, totals)


def mid_year_file(db: Database) -> dict[str, int]:
    """Fill `branch_db` with people who left in June and one who arrived in July (see the module)."""
    dong = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    bai = units.find_by_name(db, "Chi bộ Xóm Bãi")[0].id

    def person(name: str, unit: int, **extra: str) -> int:
        return people.add_person(db, {"full_name": name, "unit_id": unit, **extra}).inserted_id("people")

    ids = {
        "an": person("Nguyễn Văn An", dong, membership="chinh_thuc", joined_date="01/02/2000"),
        "binh": person("Trần Thị Bình", dong, membership="chinh_thuc", joined_date="05/06/2012"),
        "cuc": person("Lê Thị Cúc", dong, kind="quan_chung"),
        "dan": person("Phạm Văn Dân", dong, membership="chinh_thuc", joined_date="01/01/1998"),
        "en": person("Đỗ Văn Én", bai, membership="chinh_thuc", joined_date="01/01/1975"),
        "giang": person("Bùi Thị Giang", bai, membership="chinh_thuc", joined_date="01/01/2010"),
        "ha": person("Vũ Thị Hà", bai, membership="chinh_thuc", joined_date="01/01/1995"),
        "khoa": person("Hoàng Văn Khoa", bai, kind="quan_chung"),
        "phuc": person("Ngô Văn Phúc", dong, membership="chinh_thuc", joined_date="03/02/2015"),
    }
    people.change_status(db, ids["dan"], "chuyen_di", dt.date(2026, 6, 15), "Chuyển sinh hoạt về phường")
    people.change_status(db, ids["en"], "tu_tran", dt.date(2026, 6, 20))
    people.change_status(db, ids["khoa"], "chuyen_di", dt.date(2026, 6, 1))
    people.change_status(db, ids["phuc"], "chuyen_den", dt.date(2026, 7, 10), "Từ Đảng bộ phường Gia Sàng")
    people.change_status(db, ids["ha"], "mien_sinh_hoat", dt.date(2026, 3, 1))
    for key, count, model in (("an", 2, True), ("binh", 1, False), ("cuc", 1, False), ("dan", 2, True),
                              ("en", 1, True), ("giang", 1, False), ("khoa", 1, False), ("phuc", 1, False)):
        for n in range(count):
            deeds.add_deed(db, 2026, {"content": f"Việc {n + 1} của {key}", "is_model": model and n == 0},
                           person_id=ids[key])
    deeds.add_deed(db, 2026, {"content": "Mô hình đường hoa", "collective": "Chi đoàn", "is_model": True},
                   unit_id=bai)
    deeds.add_deed(db, 2026, {"content": "Giữ sạch nhà văn hóa", "collective": "Chi hội phụ nữ"}, unit_id=dong)
    everyone = ("an", "binh", "cuc", "dan", "en", "giang", "khoa")
    for month in range(1, 11):
        due = [k for k in everyone if month <= 5 or k not in ("dan", "en", "khoa")]
        due += ["phuc"] if month >= 7 else []
        due += ["ha"] if month < 3 else []
        levels = ("tot", "dat", "dat", "chua_dat")
        edits = [ReviewEdit(ids[k], level=levels[(n + month) % 4], commended=(n + month) % 5 == 0,
                            reminded=(n + month) % 7 == 0)
                 for n, k in enumerate(due) if not (month == 10 and k == "binh")]
        reviews.set_reviews(db, 2026, month, edits)
    for month, unit, marks in (
        (3, dong, {"an": "co_mat", "binh": "co_mat", "dan": "vang_co_ly_do", "cuc": "co_mat"}),
        (6, dong, {"an": "co_mat", "binh": "vang_khong_ly_do", "dan": "co_mat"}),
        (8, dong, {"an": "co_mat", "binh": "co_mat", "phuc": "co_mat"}),
        (6, bai, {"giang": "co_mat", "en": "vang_co_ly_do", "ha": "mien"}),
    ):
        reviews.save_meeting(db, unit, 2026, month, dt.date(2026, month, 5), None,
                             {ids[k]: v for k, v in marks.items()})
    yearend.set_points(db, 2026, ids["an"], {"chung": 28, "nhiem_vu": 65})
    yearend.set_flags(db, 2026, ids["an"], {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True})
    yearend.set_points(db, 2026, ids["binh"], {"chung": 20, "nhiem_vu": 55})
    yearend.set_points(db, 2026, ids["giang"], {"chung": 15, "nhiem_vu": 40})
    yearend.set_points(db, 2026, ids["phuc"], {"chung": 22, "nhiem_vu": 58})
    return ids
