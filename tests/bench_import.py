"""Import speed of a 10,000-row member list (issue 3 asks for the figure).

Not collected by pytest (the name does not start with test_): speed is
measured and reported, never asserted. Run it with

    .venv/bin/python -m tests.bench_import [ROWS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from desktop.core import db as dbmod
from desktop.core import newfile
from desktop.core.demo import BRANCHES, FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from desktop.excel.importing import importer

# What a commune's list writes in its Chức vụ column (the list stays the same
# whatever the demo data does).
POSITIONS = ["Bí thư chi bộ", "Phó bí thư", "Chi ủy viên", "Trưởng xóm", "Chi hội trưởng phụ nữ",
             "Bí thư chi đoàn", "Chi hội trưởng nông dân", "Công chức", "Giáo viên", "Nông dân",
             "Hưu trí", "Cựu chiến binh", "Kinh doanh", "Y sĩ", "Nhân viên"]


def build_member_list(path: Path, rows: int, seed: int = 1) -> Path:
    """A list shaped like a commune's: title rows, STT, one row per person, mixed cell types."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Số CCCD",
               "Điện thoại", "Chức vụ"])
    for n in range(1, rows + 1):
        gender = rng.choice(["Nam", "Nữ"])
        middle, given = (MIDDLE_M, GIVEN_M) if gender == "Nam" else (MIDDLE_F, GIVEN_F)
        birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(18_000))
        joined = birth + dt.timedelta(days=365 * 20 + rng.randrange(3_000))
        ws.append([
            n, f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)} {n}", gender,
            birth if n % 2 else birth.strftime("%d/%m/%Y"), f"Chi bộ {rng.choice(BRANCHES)}",
            joined, rng.randrange(10**9, 10**11), rng.randrange(10**8, 10**9), rng.choice(POSITIONS),
        ])
    wb.save(path)
    return path


def bench_import(rows: int) -> float:
    """Seconds to analyse and apply a `rows`-row member list into a fresh đảng bộ file."""
    with tempfile.TemporaryDirectory() as folder:
        source = build_member_list(Path(folder) / "ds.xlsx", rows)
        db = dbmod.open_db(Path(folder) / "so.sqlite", create=True)
        newfile.initialise(db, "Đảng bộ xã La Bằng", [f"Chi bộ {b}" for b in BRANCHES], 2026)
        start = time.perf_counter()
        result = importer.apply(db, importer.analyse(source))
        elapsed = time.perf_counter() - start
        db.close()
    if result.errors or result.added != rows:
        raise RuntimeError(f"benchmark import failed: {[str(e) for e in result.errors[:3]]}")
    return elapsed


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"{count} rows: analyse + apply in {bench_import(count):.2f} s")
