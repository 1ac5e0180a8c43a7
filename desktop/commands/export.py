"""`export --db F [--year Y] --report R -o OUT`: write a report workbook or a form.

Reports register in REPORTS (name → function writing the year's report of
the data file to a path, dated today), the printable forms in
excel/forms/registry (Word .docx where the form is prose); `--report` lists
the choices when it names none of them. Without --year, the file's working
year. The data file is only read, except that a --number or --date typed for
a form is remembered for that form and year (when the file is not held by the
window; then the export still runs and says so).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from desktop.commands import add_db_argument, open_for_reading, open_for_writing
from desktop.core import dates, document_numbers, person_record, years
from desktop.core import db as dbmod
from desktop.core.errors import UserError
from desktop.excel.errors import ExcelUserError
from desktop.excel.forms.registry import FORMS, export_form
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
    parser.add_argument("--report", required=True,
                        help=f"loại báo cáo: {', '.join(REPORTS)}; mẫu in: {', '.join(FORMS)}")
    parser.add_argument("-o", "--output", required=True, help="tệp sẽ ghi (.xlsx; mẫu Word: .docx)")
    parser.add_argument("--person", action="append", metavar="HỌ_TÊN",
                        help="chỉ in mẫu của người này (mẫu theo người; ghi nhiều lần cho nhiều người)")
    parser.add_argument("--number", help="số văn bản, ví dụ 09 (được nhớ cho mẫu và năm này)")
    parser.add_argument("--date", help="ngày văn bản dd/mm/yyyy (mặc định: hôm nay; được nhớ)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise UserError(f"Năm {args.year} không hợp lệ; hãy ghi năm từ 2000 đến 2100.")
    if args.year is None:
        db = open_for_reading(args)
        try:
            args.year = years.working_year(db, args.clock.today())
        finally:
            db.close()
    if args.report in FORMS:
        return _run_form(args)
    report = REPORTS.get(args.report)
    if report is None:
        raise UserError(
            f"Không có loại báo cáo “{args.report}”. Hãy chọn một trong: {', '.join([*REPORTS, *FORMS])}."
        )
    if args.person or args.number or args.date:
        raise UserError(f"--person, --number, --date chỉ dùng với các mẫu in: {', '.join(FORMS)}.")
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp xuất «{out.name}» phải có đuôi .xlsx.")
    today = args.clock.today()
    db = open_for_reading(args)
    try:
        report(db, args.year, out, today)
    except ExcelUserError as exc:
        raise UserError(exc.message) from exc
    finally:
        db.close()
    print(f"Đã xuất {out}.")
    return 0


def _typed_number(args: argparse.Namespace) -> document_numbers.DocumentNumber | None:
    if args.number is None and args.date is None:
        return None
    day = None
    if args.date:
        try:
            day = dates.parse_date(args.date)
        except ValueError:
            day = None
        if day is None:
            raise UserError(f"Ngày văn bản «{args.date}» không hợp lệ; hãy ghi dd/mm/yyyy, ví dụ 05/12/{args.year}.")
    return document_numbers.DocumentNumber(document_numbers.parse_number(args.number), day)


def _run_form(args: argparse.Namespace) -> int:
    form = FORMS[args.report]
    out = Path(args.output)
    if out.suffix.lower() != form.suffix:
        raise UserError(f"Mẫu {args.report} ghi ra tệp {form.suffix}; tệp «{out.name}» phải có đuôi {form.suffix}.")
    if args.person and form.per_person is None:
        raise UserError(f"Mẫu {args.report} là của cả chi bộ, không in theo người; hãy bỏ --person.")
    typed = _typed_number(args)
    db = open_for_reading(args)
    try:
        person_ids = _people(db, args.person) if args.person else None
        number = typed or document_numbers.remembered(db, args.report, args.year)
        export_form(db, args.year, args.report, out, today=args.clock.today(), person_ids=person_ids,
                    number=number)
    except ExcelUserError as exc:
        raise UserError(exc.message) from exc
    finally:
        db.close()
    print(f"Đã xuất {out}.")
    if typed is not None:
        _remember(args, typed)
    return 0


def _people(db: Database, names: list[str]) -> list[int]:
    ids: list[int] = []
    for name in names:
        found = person_record.find_person(db, name)
        if not found:
            raise UserError(f"Không có ai tên «{name}» trong tệp dữ liệu; hãy ghi đúng họ và tên.")
        if len(found) > 1:
            where = "; ".join(f"{p.full_name} ({p.unit_name})" for p in found)
            raise UserError(f"Có {len(found)} người tên «{name}»: {where}. Hãy in từ cửa sổ chương trình.")
        ids.append(found[0].id)
    return ids


def _remember(args: argparse.Namespace, typed: document_numbers.DocumentNumber) -> None:
    """Keep the typed number and date for the next export; a held file only loses the memory."""
    try:
        db = open_for_writing(args)
    except UserError as exc:
        print(f"Chưa nhớ được số, ngày văn bản: {exc.message}")
        return
    try:
        document_numbers.remember(db, args.report, args.year, typed)
    finally:
        dbmod.close_db(db)
