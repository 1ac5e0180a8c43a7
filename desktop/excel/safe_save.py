"""Atomic saving of a workbook (the job Qt's QSaveFile does, without Qt).

The workbook is written to a temporary file in the target's folder, flushed
to disk, then moved over the target in one step, so a crash, a full disk or
a file held open by Excel never leaves a half-written report behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Protocol

from openpyxl import Workbook

from desktop.core import renames
from desktop.excel.errors import ExcelUserError, ExportLocked, ExportNotWritable

__all__ = ["ExcelUserError", "ExportLocked", "ExportNotWritable", "save_document", "save_workbook"]

class SavesToStream(Protocol):
    """A workbook or a Word document (python-docx): anything with save(stream)."""

    def save(self, stream: IO[Any]) -> Any: ...


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save `wb` to `path` atomically; raise an ExcelUserError the user can act on."""
    save_document(wb, path)


def save_document(wb: SavesToStream, path: Path) -> None:
    """Save a workbook or a Word document to `path` atomically (same errors)."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportNotWritable(
            f"Không lưu được tệp «{path.name}»: thư mục «{folder}» không tồn tại. "
            "Hãy chọn thư mục khác.",
            path,
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _not_writable(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            wb.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_permissions(path, tmp)
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _replace(tmp: Path, path: Path) -> None:
    try:
        renames.replace(tmp, path)
    except PermissionError as exc:
        raise ExportLocked(
            f"Không lưu được tệp «{path.name}» vì tệp đang được mở trong Excel "
            "hoặc chương trình khác. Hãy đóng tệp đó rồi xuất lại, "
            "hoặc chọn tên tệp khác.",
            path,
        ) from exc
    except OSError as exc:
        raise _not_writable(path, exc) from exc


def _not_writable(path: Path, exc: OSError) -> ExcelUserError:
    if exc.errno == errno.ENOSPC:
        reason = "ổ đĩa đã đầy. Hãy xóa bớt tệp hoặc chọn ổ đĩa khác."
    elif isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        reason = (
            f"không có quyền ghi vào thư mục «{path.parent}» "
            "(thư mục hoặc USB chỉ cho đọc). Hãy chọn thư mục khác."
        )
    else:
        reason = f"lỗi ghi tệp ({exc.strerror or exc}). Hãy thử lại hoặc chọn thư mục khác."
    return ExportNotWritable(f"Không lưu được tệp «{path.name}»: {reason}", path)


def _copy_permissions(target: Path, tmp: Path) -> None:
    # mkstemp creates the file private to the user (0600); a report is an
    # ordinary document, so keep the old file's mode or the usual 0644.
    if os.name != "posix":
        return
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    os.chmod(tmp, mode)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no directory handles for this.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
