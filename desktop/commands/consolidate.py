"""`consolidate -o OUT.xlsx FILE... [--db F] [--year Y] [--accept-damaged] [--include-foreign] [--accept-visible]`.

Merges the reports several branches exported into one report of the higher
committee, counting each unit once. With --db, the committee's own data file
gives the header (Cài đặt), the year (its working year, unless --year), its
rule for the excellence quota and its unit tree: units outside it are left out
unless --include-foreign, and the units that sent nothing are named. Without
it the header names the committee the branches' files were addressed to, and
files of several years need --year. Files are only read.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from desktop.commands import open_for_reading
from desktop.core.db import close_db
from desktop.core.errors import UserError
from desktop.core.rules import rules_for_year
from desktop.excel.errors import ExcelUserError
from desktop.excel.reports.common import party_header, report_header
from desktop.excel.reports.consolidate import (
    DAMAGED,
    FOREIGN,
    Consolidation,
    committee_of,
    decide,
    read_branch_file,
    write_consolidation,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("consolidate", help="tổng hợp báo cáo của các chi bộ thành một báo cáo")
    parser.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="các tệp .xlsx chi bộ gửi lên")
    parser.add_argument("-o", "--output", required=True, type=Path, help="tệp .xlsx tổng hợp sẽ ghi")
    parser.add_argument("--db", dest="db", default=argparse.SUPPRESS,
                        help="tệp dữ liệu của cấp ủy (tên, người ký, năm làm việc, danh sách đơn vị); không bắt buộc")
    parser.add_argument("--year", type=int, default=None,
                        help="năm tổng hợp (mặc định: năm làm việc của --db, hoặc năm chung của các tệp)")
    parser.add_argument("--accept-damaged", action="store_true",
                        help="vẫn tổng hợp tệp có dữ liệu bị sửa sau khi xuất (ghi cảnh báo trong báo cáo)")
    parser.add_argument("--include-foreign", action="store_true",
                        help="tính cả đơn vị không có trong danh sách của --db (ghi cảnh báo trong báo cáo)")
    parser.add_argument("--accept-visible", action="store_true",
                        help="dùng số ghi trên trang báo cáo khi khác dữ liệu gốc (ghi rõ từng ô trong báo cáo)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.output
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp tổng hợp «{out.name}» phải có đuôi .xlsx.")
    if any(f.resolve() == out.resolve() for f in args.files):
        raise UserError(f"Tệp tổng hợp «{out.name}» trùng với một tệp đầu vào; hãy chọn tên khác.")
    files = [read_branch_file(path) for path in args.files]
    choices = {"accept_damaged": args.accept_damaged, "include_foreign": args.include_foreign,
               "accept_visible": args.accept_visible}
    today = args.clock.today()
    try:
        if getattr(args, "db", None):
            db = open_for_reading(args)
            try:
                committee = committee_of(db, today, args.year)
                plan = decide(files, committee=committee, **choices)
                header = report_header(db, today)
                quota = rules_for_year(db, plan.year).quota if plan.year else None
                names = list(committee.expected)
            finally:
                close_db(db)
        else:
            names = []
            plan = decide(files, year=args.year, **choices)
            addressed = Counter(d.file.superior for d in plan.included if d.file.superior)
            header = party_header(
                superior="", committee=addressed.most_common(1)[0][0] if addressed else "", party_committee=True,
                place="", signer_name="", signer_role="", margins_mm=None, today=today)
            quota = None
        _print_plan(plan)
        write_consolidation(plan, header, out, quota=quota, unit_order=names)
    except ExcelUserError as exc:
        raise UserError(exc.message) from exc
    print(f"Đã tổng hợp {len(plan.included)}/{len(plan.decisions)} tệp năm {plan.year} vào {out}"
          + (f"; có {len(plan.problems())} điều cần lưu ý ở trên." if plan.problems() else "."))
    return 0


def _print_plan(plan: Consolidation) -> None:
    for decision in plan.decisions:
        line = f"- {decision.file.path.name}: {decision.label}"
        if decision.remarks:
            line += f" — {decision.remarks}"
        print(line)
    if plan.sources:
        print("Đơn vị đã tính (mỗi đơn vị một lần) và tệp đã dùng:")
        for unit, file in plan.sources:
            print(f"  {unit.label}: {file}")
    if plan.unusable:
        print(f"Đã gửi nhưng không dùng được ({len(plan.unusable)}): {'; '.join(plan.unusable)}.")
    if plan.missing:
        print(f"Chưa gửi báo cáo ({len(plan.missing)}): {', '.join(plan.missing)}.")
    statuses = {d.status for d in plan.decisions}
    if plan.differences and not any(w.startswith("Dùng số trên trang") for d in plan.included for w in d.warnings):
        print("«Dùng số ghi trên trang»: chạy lại với --accept-visible.")
    if FOREIGN in statuses:
        print("«Tính cả đơn vị ngoài danh sách»: chạy lại với --include-foreign.")
    if DAMAGED in statuses:
        print("Vẫn tổng hợp tệp có dữ liệu bị sửa: chạy lại với --accept-damaged.")
