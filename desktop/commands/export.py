"""`export --db F [--year Y] --report R -o OUT.xlsx`: write a report workbook.

Reports register in REPORTS (name → function writing the year's report of
the data file to a path, dated today); `--report` lists the choices when it
names none of them. Without --year, the file's working year. The data file
is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from desktop.commands import add_db_argument, open_for_reading
from desktop.core import years
from desktop.core.errors import UserError
from desktop.excel.errors import ExcelUserError
from desktop.excel.reports import all_reports
from desktop.excel.reports.exchange import export_exchange

Report = Callable[[Database, int, Path, dt.date], object]

REPORTS: dict[str, Report] = {
    "exchange": lambda db, year, path, _today: export_exchange(db, year, path),
    **{name: all_reports.exporter(name) for name in (*all_reports.REPORTS, all_reports.ALL)},
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="xuất báo cáo hoặc mẫu nhập liệu ra tệp Excel")
    add_db_argument(parser)
    parser.add_argument("--year", type=int, default=None, help="năm cần xuất (mặc định: năm làm việc của tệp dữ liệu)")
    parser.add_argument("--report", required=True, help=f"loại báo cáo: {', '.join(REPORTS)}")
    parser.add_argument("-o", "--output", required=True, help="tệp .xlsx sẽ ghi")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = REPORTS.get(args.report)
    if report is None:
        raise UserError(
            f"Không có loại báo cáo “{args.report}”. Hãy chọn một trong: {', '.join(REPORTS)}."
        )
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise UserError(f"Năm {args.year} không hợp lệ; hãy ghi năm từ 2000 đến 2100.")
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp xuất «{out.name}» phải có đuôi .xlsx.")
    today = args.clock.today()
    db = open_for_reading(args)
    try:
        report(db, args.year or years.working_year(db, today), out, today)
    except ExcelUserError as exc:
        raise UserError(exc.message) from exc
    finally:
        db.close()
    print(f"Đã xuất {out}.")
    return 0
