"""`check --db F`: integrity, foreign keys and schema version (exit 0 sound, 1 damaged,
2 no such file).

Read-only: a damaged file is never written to. When the file is damaged the
newest backup that passes the same check is named, with the command that
puts it back.
"""

from __future__ import annotations

import argparse

from desktop.commands import add_db_argument, db_path, passphrase
from desktop.core import integrity
from desktop.core.backup import newest_good_backup
from desktop.core.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="kiểm tra tệp dữ liệu có nguyên vẹn không")
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    report = integrity.check_file(path, key=passphrase())
    first = report.first
    if first is not None and first.kind in (integrity.ENCRYPTED, integrity.MISSING):
        # No such file, or no/wrong passphrase (SOLAMTHEOBAC_KEY): bad input, exit 2, not "damaged".
        raise UserError(first.message)
    if report.recovered:
        print("Đã hoàn tác một lần ghi dở dang (máy tắt đột ngột khi đang ghi); dữ liệu trước đó còn nguyên.")
    if report.ok:
        print(f"Tệp {path} nguyên vẹn (lược đồ {report.schema_version}, {report.people} người).")
        return 0
    print(f"Tệp {path} có vấn đề:")
    for problem in report.problems:
        print(f"- {problem}")
    if first is not None and first.kind != integrity.NEWER:
        good = newest_good_backup(path, key=passphrase())
        if good is None:
            print("Không tìm thấy bản sao lưu nào còn tốt của tệp này trong thư mục sao lưu.")
        else:
            print(
                f"Bản sao lưu tốt gần nhất: {good.path} ({good.made_at:%d/%m/%Y %H:%M}, {good.people} người). "
                f"Khôi phục bằng lệnh: restore --db \"{path}\" \"{good.path}\""
            )
    return 1
