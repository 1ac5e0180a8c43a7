"""`demo --db F [--members N] [--seed S] [--year Y] [--today dd/mm/yyyy]`: a realistic demo file.

The same seed and --today make the same file on any date: nothing in it
happens after that day (no meeting or review later than it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from desktop.commands import add_db_argument, db_path, open_for_writing
from desktop.core import dates, demo
from desktop.core.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="tạo tệp dữ liệu mẫu")
    add_db_argument(parser)
    parser.add_argument("--members", type=int, default=120, help="số người (mặc định 120)")
    parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên: cùng số thì cùng dữ liệu (mặc định 1)")
    parser.add_argument("--year", type=int, default=None, help="năm làm việc của dữ liệu mẫu (mặc định: năm của --today)")
    parser.add_argument("--today", default=None, metavar="NGÀY",
                        help="coi ngày này (dd/mm/yyyy) là hôm nay: không có buổi sinh hoạt, đánh giá nào sau ngày đó "
                             "(mặc định: hôm nay)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.members < 1 or args.members > 200_000:
        raise UserError("--members phải từ 1 đến 200000.")
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise UserError(f"Năm {args.year} không hợp lệ; hãy ghi năm từ 2000 đến 2100.")
    today = _today(args)
    path = db_path(args)
    if path.exists() and path.stat().st_size > 0:
        raise UserError(f"Tệp {path} đã có; dữ liệu mẫu chỉ tạo vào tệp mới. Hãy chọn tên khác.")
    start = time.perf_counter()
    db = open_for_writing(args)
    demo.create_demo(db, members=args.members, seed=args.seed, year=args.year, today=today)
    db.close()
    print(f"Đã tạo {path} với {args.members} người trong {time.perf_counter() - start:.1f} giây.")
    return 0


def _today(args: argparse.Namespace) -> dt.date:
    if args.today is None:
        return args.clock.today()
    try:
        day = dates.parse_date(args.today)
    except ValueError as exc:
        raise UserError(f"--today: {exc}") from None
    if day is None:
        raise UserError("--today: hãy ghi một ngày dạng ngày/tháng/năm, ví dụ 23/11/2026.")
    return day
