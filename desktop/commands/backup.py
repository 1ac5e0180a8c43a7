"""`backup --db F [-o FILE]`: a backup made with SQLite's backup API; prints its path.

Without -o the backup goes to the backups folder (and the second place set
in Cài đặt), thinned as the window does. Works while the window has the
file open: it only reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_db_argument, db_path, passphrase
from desktop.core import backup, integrity
from desktop.core.db import close_db, open_db
from desktop.core.errors import DamagedFileError, UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("backup", help="sao lưu tệp dữ liệu")
    add_db_argument(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="ghi bản sao lưu vào tệp này")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    report = integrity.check_file(path, quick=True, foreign_keys=False, key=passphrase())
    first = report.first
    if first is not None and first.kind in (integrity.MISSING, integrity.UNREADABLE, integrity.ENCRYPTED):
        raise UserError(first.message)
    if first is not None and first.kind != integrity.FOREIGN_KEYS:
        raise DamagedFileError(f"Không sao lưu được: {first.message}")
    db = open_db(path, readonly=True, key=passphrase())
    try:
        if args.output:
            target = Path(args.output)
            if target.exists() and target.resolve() == path.resolve():
                raise UserError("Tệp sao lưu không được trùng với tệp dữ liệu; hãy chọn tên khác cho -o.")
            if target.is_dir():
                target = target / backup.backup_name(path, backup.Moment.MANUAL)
            print(backup.copy_to(db, target))
            return 0
        result = backup.backup_now(db, path, backup.Moment.MANUAL, now=args.clock.now())
    finally:
        close_db(db)
    print(result.path)
    if result.second_path:
        print(result.second_path)
    for notice in result.notices:
        print(notice)
    return 0
