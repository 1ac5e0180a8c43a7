"""Command line: `python -m desktop [COMMAND] ...` (a stable contract).

With no command the window opens. Each command lives in its own module
under desktop/commands with `register(subparsers)` and `run(args) -> int`.
Exit status: 0 done; 1 a failure worth a bug report; 2 bad input from the
user (the message says which file, sheet, row and column, and what to do).

An encrypted data file (desktop/core/encryption.py) is opened with the
passphrase in the environment variable SOLAMTHEOBAC_KEY (never on the
command line, where other users of the PC could see it); without it the
commands exit 2 saying so. A plain file ignores the variable.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from desktop.core.clock import SystemClock
from desktop.core.errors import UserError

# Module names under desktop.commands, in the order --help lists them.
COMMANDS = (
    "demo",
    "import_cmd",
    "export",
    "score",
    "consolidate",
    "check",
    "backup",
    "restore",
    "selftest",
    "render_pages",
)

log = logging.getLogger("desktop")

# argparse's own words (usage, -h, its error messages) are English. It looks
# each one up through gettext's `_` when it needs it, so this table puts them
# in Vietnamese without shipping a .mo catalogue.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "còn thiếu: %s",
    "invalid %(type)s value: %(value)r": "%(value)r không hợp lệ: cần một con số",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (hãy chọn một trong: %(choices)s)",
    "unrecognized arguments: %s": "không hiểu: %s",
    "expected one argument": "cần ghi một giá trị sau tham số này",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s chưa rõ là tham số nào: %(matches)s",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solamtheobac",
        description="Sổ Làm theo Bác: sổ theo dõi học tập và làm theo Bác của chi bộ. "
        "Không có lệnh: mở cửa sổ chương trình.",
    )
    parser.add_argument("--db", help="tệp dữ liệu (.sqlite) để mở")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"desktop.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desktop.commands.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str]) -> int:
    # Output is UTF-8 whatever the locale (Windows' cp1252 when redirected, LANG=C): a file
    # or a pipe gets readable Vietnamese, never a UnicodeEncodeError. A name the OS gave in
    # undecodable bytes is escaped, not fatal. A windowed .exe has no streams at all (None).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    # The one real clock of this run; commands read the date from args.clock.
    clock = SystemClock()
    if args.command is None:
        from desktop.ui.app import run_app

        return run_app(args.db, clock)
    args.clock = clock
    try:
        return int(args.run(args) or 0)
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`score ... | head`): not a fault worth a report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 1
    except Exception:
        log.exception("unexpected error")
        import traceback

        traceback.print_exc()
        print("Lỗi ngoài dự kiến; hãy gửi thông báo trên cho người phát triển.", file=sys.stderr)
        return 1
