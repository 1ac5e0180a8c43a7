"""`import --db F FILE [--committee NAME] [--unit NAME] [--json]`: bring an Excel list or exchange workbook in.

The file is read and checked before the data file is opened; the import is
one transaction, so on any error (exit 2) nothing is written, and a data
file this command had to create is removed again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.commands import add_db_argument, db_path, open_for_writing
from desktop.core.db import close_db
from desktop.core.errors import UserError
from desktop.excel.importing import importer
from desktop.excel.importing.plan import Issue, Place

SHOWN_ISSUES = 50


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="nhập danh sách, đăng ký, đánh giá, chấm điểm từ tệp Excel")
    add_db_argument(parser)
    parser.add_argument("file", metavar="TỆP", help="tệp .xlsx, .xls hoặc .ods")
    parser.add_argument("--year", type=int, default=None,
                        help="năm cho các trang không có cột Năm (mặc định: năm làm việc của tệp dữ liệu)")
    parser.add_argument("--committee", metavar="TÊN", default=None,
                        help="đảng bộ của các chi bộ trong danh sách, tạo mới nếu chưa có "
                             "(mặc định: đảng bộ ghi ở dòng tiêu đề, như «ĐẢNG BỘ XÃ …»)")
    parser.add_argument("--unit", metavar="TÊN", default=None,
                        help="chi bộ của các dòng không ghi chi bộ (mặc định: chi bộ ghi ở tiêu đề danh sách)")
    parser.add_argument("--keep-capitals", action="store_true",
                        help="giữ họ tên viết hoa toàn bộ như trong tệp (mặc định: đổi «LÒ VĂN PẤU» thành «Lò Văn Pấu»)")
    parser.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        plan = importer.analyse(source, args.clock.today())
    except UserError as exc:
        if not args.json:
            raise
        _print_json({"file": source.name, "written": False, "errors": [
            Issue(Place(source.name), exc.message).to_json()]})
        return 2
    target = db_path(args)
    existed = target.exists()
    written = False
    try:
        db = open_for_writing(args)
        try:
            result = importer.apply(db, plan, default_year=args.year, committee=args.committee, unit=args.unit,
                                    keep_capitals=args.keep_capitals)
            written = result.written
        finally:
            close_db(db)  # gives the lock back too, so a removed file leaves no .lock behind
    finally:
        if not written and not existed:  # also when opening or writing raised: leave no empty file behind
            remove_data_file(target)
    if args.json:
        _print_json(result.to_json())
    else:
        _print_text(result)
    return 0 if result.written else 2


def remove_data_file(target: Path) -> None:
    """Remove a data file this command created, with SQLite's side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _print_text(result: importer.ImportResult) -> None:
    for issue in result.warnings[:SHOWN_ISSUES]:
        print(f"Lưu ý: {issue}")
    if len(result.warnings) > SHOWN_ISSUES:
        print(f"… và {len(result.warnings) - SHOWN_ISSUES} lưu ý khác (xem bằng --json).")
    if result.errors:
        for issue in result.errors[:SHOWN_ISSUES]:
            print(f"Lỗi: {issue}", file=sys.stderr)
        if len(result.errors) > SHOWN_ISSUES:
            print(f"… và {len(result.errors) - SHOWN_ISSUES} lỗi khác (xem bằng --json).", file=sys.stderr)
        print(f"Chưa nhập gì: có {len(result.errors)} lỗi. Hãy sửa tệp «{result.file}» theo các dòng trên rồi nhập lại.",
              file=sys.stderr)
        return
    for name, counts in result.by_sheet.items():
        print(f"Trang «{name}»: thêm {counts.added}, cập nhật {counts.updated}, không đổi {counts.unchanged}.")
    for line in importer.conversion_lines(result):
        print(line)
    print(f"Đã nhập «{result.file}»: thêm {result.added}, cập nhật {result.updated}, không đổi {result.unchanged}.")
