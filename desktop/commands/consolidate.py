"""`consolidate -o OUT.xlsx FILE... [--db F] [--year Y] [--accept-damaged]`.

Merges the reports several branches exported into one report of the higher
committee. With --db, the committee's own data file gives the header
(Cài đặt), its rule for the excellence quota and its list of chi bộ, so the
units that sent nothing are named; without it the header names the
committee the branches' files were addressed to. Files are only read.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from desktop.commands import open_for_reading
from desktop.core import statistics
from desktop.core.db import close_db
from desktop.core.errors import UserError
from desktop.core.rules import rules_for_year
from desktop.excel.errors import ExcelUserError
from desktop.excel.reports.common import party_header, report_header
from desktop.excel.reports.consolidate import (
    INCLUDED,
    STATUS_LABELS,
    Consolidation,
    decide,
    read_branch_file,
    write_consolidation,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("consolidate", help="tổng hợp báo cáo của các chi bộ thành một báo cáo")
    parser.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="các tệp .xlsx chi bộ gửi lên")
    parser.add_argument("-o", "--output", required=True, type=Path, help="tệp .xlsx tổng hợp sẽ ghi")
    parser.add_argument("--db", dest="db", default=argparse.SUPPRESS,
                        help="tệp dữ liệu của cấp ủy (tên, người ký, danh sách chi bộ); không bắt buộc")
    parser.add_argument("--year", type=int, default=None, help="năm tổng hợp (mặc định: năm của đa số tệp)")
    parser.add_argument("--accept-damaged", action="store_true",
                        help="vẫn tổng hợp tệp có dữ liệu bị sửa sau khi xuất (ghi cảnh báo trong báo cáo)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.output
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp tổng hợp «{out.name}» phải có đuôi .xlsx.")
    if any(f.resolve() == out.resolve() for f in args.files):
        raise UserError(f"Tệp tổng hợp «{out.name}» trùng với một tệp đầu vào; hãy chọn tên khác.")
    files = [read_branch_file(path) for path in args.files]
    if args.db:
        db = open_for_reading(args)
        try:
            branches, _ = statistics.branch_of(db)
            names = [u.name for u in branches]
            plan = decide(files, year=args.year, expected_units=names, accept_damaged=args.accept_damaged)
            header = report_header(db, args.clock.today())
            quota = rules_for_year(db, plan.year).quota if plan.year else None
        finally:
            close_db(db)
    else:
        names = []
        plan = decide(files, year=args.year, accept_damaged=args.accept_damaged)
        addressed = Counter(d.file.superior for d in plan.included if d.file.superior)
        header = party_header(
            superior="", committee=addressed.most_common(1)[0][0] if addressed else "", party_committee=True,
            place="", signer_name="", signer_role="", margins_mm=None, today=args.clock.today())
        quota = None
    _print_plan(plan)
    try:
        write_consolidation(plan, header, out, quota=quota, unit_order=names)
    except ExcelUserError as exc:
        raise UserError(exc.message) from exc
    print(f"Đã tổng hợp {len(plan.included)}/{len(plan.decisions)} tệp năm {plan.year} vào {out}.")
    return 0


def _print_plan(plan: Consolidation) -> None:
    for decision in plan.decisions:
        line = f"- {decision.file.path.name}: {STATUS_LABELS[decision.status]}"
        if decision.status != INCLUDED:
            line += f" — {decision.note}"
        print(line)
    if plan.missing:
        print(f"Chưa gửi báo cáo ({len(plan.missing)}): {', '.join(plan.missing)}.")
