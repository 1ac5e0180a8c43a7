"""`check --db F`: integrity, foreign keys and schema version (exit 0 or 1)."""

from __future__ import annotations

import argparse

from desktop.commands import add_db_argument, db_path
from desktop.core.integrity import check_file


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="kiểm tra tệp dữ liệu có nguyên vẹn không")
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = check_file(db_path(args))
    if report.ok:
        print(f"Tệp {report.path} nguyên vẹn (lược đồ {report.schema_version}, {report.people} người).")
        return 0
    print(f"Tệp {report.path} có vấn đề:")
    for problem in report.problems:
        print(f"- {problem}")
    return 1
