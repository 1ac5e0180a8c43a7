"""When something goes wrong: a log, a short message, and telling
the environment's fault (disk full, file busy, read-only stick) from a bug.

Each process writes its own log, `solamtheobac-<pid>.log`, rotated within
itself (2 × 1 MB): two windows open at once never share a file, because on
Windows the rollover rename fails while another process holds the log
open. Only the newest LOGS_KEPT logs are kept; an old one another process
still holds is left for next time.

The window installs `install_excepthook(show)`; an unexpected error is
written to the log in the user log folder and `show` gets a short
Vietnamese message, and the program keeps running (the data is untouched:
every write is one transaction, rolled back by the error). No Qt here.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from desktop.core import encryption, paths

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 1
LOGS_KEPT = 10
LOGGER_NAME = "desktop"
_LOG_NAME = re.compile(r"solamtheobac-\d+\.log")


def log_file_name(pid: int) -> str:
    return f"solamtheobac-{pid}.log"


def setup_logging(level: int = logging.INFO, folder: Path | None = None, pid: int | None = None) -> Path:
    """Log this process's messages to its own rotating file; returns its path."""
    folder = folder or paths.log_dir()
    log_path = folder / log_file_name(os.getpid() if pid is None else pid)
    logger = logging.getLogger(LOGGER_NAME)
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == log_path.resolve():
            return log_path
    prune_logs(folder, keep=LOGS_KEPT - 1)
    handler = RotatingFileHandler(log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return log_path


def prune_logs(folder: Path, keep: int) -> None:
    """Delete all but the `keep` newest process logs (with their rotated parts) in `folder`."""
    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    logs = sorted((p for p in folder.glob("solamtheobac-*.log") if _LOG_NAME.fullmatch(p.name)),
                  key=modified, reverse=True)
    for old in logs[keep:]:
        for part in [old, *old.parent.glob(old.name + ".*")]:
            try:
                part.unlink()
            except OSError:
                pass  # held open by a process still running (Windows): next time


def unexpected_error_message(log_path: Path | None = None) -> str:
    where = f" Chi tiết đã được ghi vào {log_path}." if log_path else ""
    return (
        "Chương trình gặp một lỗi ngoài dự kiến và đã dừng việc vừa làm; dữ liệu đã lưu không bị ảnh hưởng."
        f"{where} Nếu lỗi lặp lại, hãy gửi tệp nhật ký đó cho người hỗ trợ."
    )


def environment_problem(exc: BaseException, path: Path | None = None) -> str | None:
    """A Vietnamese explanation when the error is the environment's, not a bug.

    The user can fix these (free space, close the other program, plug the
    stick back in); anything else returns None and is reported as a bug.
    """
    name = path.name if path else "dữ liệu"
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, encryption.ERRORS):
        if code.startswith("SQLITE_FULL") or "database or disk is full" in text:
            return f"Ổ đĩa chứa tệp {name} đã đầy. Hãy xóa bớt tệp không cần rồi làm lại; dữ liệu chưa bị ghi dở."
        if code.startswith("SQLITE_BUSY") or "database is locked" in text:
            return (f"Tệp {name} đang bận vì một chương trình khác đang ghi (hoặc đang sao chép tệp). "
                    "Hãy đợi một lát rồi làm lại.")
        if code.startswith("SQLITE_READONLY") or "readonly database" in text:
            return (f"Tệp {name} chỉ đọc được (ổ USB đang gạt chống ghi, hoặc thư mục không cho ghi). "
                    "Hãy chép tệp vào thư mục Tài liệu trên máy rồi mở lại.")
        if code.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o error" in text or "unable to open" in text:
            return (f"Không đọc/ghi được tệp {name}: ổ USB có thể đã bị rút hoặc mạng bị ngắt. "
                    "Hãy cắm lại ổ (hoặc nối lại mạng) rồi mở lại tệp.")
    if isinstance(exc, OSError):
        if getattr(exc, "errno", None) == 28:
            return f"Ổ đĩa chứa tệp {name} đã đầy. Hãy xóa bớt tệp không cần rồi làm lại."
        if isinstance(exc, PermissionError):
            return f"Không có quyền ghi vào {exc.filename or name}. Hãy chọn thư mục khác hoặc hỏi người quản trị máy."
    return None


def install_excepthook(show: Callable[[str], None], log_path: Path | None = None) -> None:
    """Route unexpected errors (main and worker threads) to the log and `show`."""
    logger = logging.getLogger(LOGGER_NAME)

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        logger.error("unexpected error", exc_info=(kind, value, tb))
        show(environment_problem(value) or unexpected_error_message(log_path))

    def report_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            report(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = report
    threading.excepthook = report_thread
