"""`restore --db F FROM [--reason TEXT]`: put a backup back as the data file.

The current state is backed up first (or, if too damaged, moved aside),
the backup must pass the full check, and the restore is written to the
audit log with its reason.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_db_argument, db_path, passphrase
from desktop.core.errors import UserError
from desktop.core.restore import restore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("restore", help="khôi phục tệp dữ liệu từ một bản sao lưu")
    add_db_argument(parser)
    parser.add_argument("source", metavar="FROM", help="bản sao lưu (.sqlite) để khôi phục")
    parser.add_argument("--reason", default="", help="lý do khôi phục (ghi vào nhật ký)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    source = Path(args.source)
    if not source.exists():
        raise UserError(f"Không tìm thấy bản sao lưu {source}. Hãy kiểm tra đường dẫn.")
    reason = args.reason or f"Khôi phục bằng dòng lệnh từ {source.name}"
    result = restore(path, source, reason, key=passphrase(), now=args.clock.now())
    print(f"Đã khôi phục {path} từ {source} ({result.people} người).")
    if result.safety_backup:
        print(f"Trạng thái trước khi khôi phục được sao lưu ở {result.safety_backup}")
    if result.set_aside:
        print(f"Tệp cũ bị hỏng được để riêng ở {result.set_aside} (không xóa).")
    return 0
