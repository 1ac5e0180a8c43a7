"""One writer at a time: a lock file beside the data file.

SQLite's own locks protect single transactions, not a whole working
session, and they are unreliable on shared folders; two people editing the
same file at once would undo each other's work. So the program that opens a
file for writing creates `F.lock` beside it, atomically (O_CREAT | O_EXCL,
which SMB and NFSv3+ also honour), holding who has it: host, pid, user,
since, and a heartbeat time the window refreshes every few minutes.

A lock is stale, and taken over, when
- it was made on this computer and its process is gone (a crash, a kill,
  a power cut followed by a reboot), or
- its heartbeat is older than STALE_AFTER: the other computer crashed or
  lost the network. Two hours is long enough that a busy colleague is never
  pushed out (the window refreshes every HEARTBEAT_EVERY) and short enough
  that a dead PC does not block the branch for the day; the window can also
  take over at once when the user confirms (`acquire(path, force=True)`).
A holder that was pushed out finds it on its next `refresh()` and must
switch to read-only.

Within one process the lock is shared (counted) by the openings made from
the first one (`Lock.share`, used by `db.reopen` for a worker's connection),
which SQLite's transactions already make safe. Nothing remembers locks by
path: each open data file holds its own (datafile.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.core import clock, renames
from desktop.core.accounts import current_user
from desktop.core.errors import UserError

LOCK_SUFFIX = ".lock"
HEARTBEAT_EVERY = dt.timedelta(minutes=5)
STALE_AFTER = dt.timedelta(hours=2)
# A lock file that cannot be read may be one another process is writing this
# very moment (created, not yet filled); only after this long is it garbage.
_UNREADABLE_GRACE = dt.timedelta(seconds=30)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockedBy:
    """Someone else is writing the file: who, where, since when."""

    host: str
    user: str
    since: dt.datetime | None
    pid: int | None = None
    heartbeat: dt.datetime | None = None

    @property
    def notice(self) -> str:
        """The Vietnamese notice the window and the command line show."""
        when = f" từ {self.since.strftime('%H:%M ngày %d/%m/%Y')}" if self.since else ""
        who = f"người dùng “{self.user}” trên máy “{self.host}”" if self.host else "một chương trình khác"
        return (
            f"Tệp này đang được {who} mở để ghi{when}. "
            "Để không ai ghi đè công việc của người khác, tệp được mở ở chế độ chỉ đọc: "
            "bạn xem được nhưng không sửa được. Khi người kia đóng chương trình, hãy mở lại tệp. "
            "Nếu chắc chắn máy kia đã tắt, có thể chọn “Mở để ghi” để giành quyền ghi."
        )


class FileInUseError(UserError):
    """The file is open for writing elsewhere; `.locked_by` says where."""

    def __init__(self, path: Path, locked_by: LockedBy) -> None:
        super().__init__(f"Tệp {path.name}: {locked_by.notice}")
        self.locked_by = locked_by


class CannotWriteHereError(UserError):
    """The folder does not let us create the lock file (read-only stick, CD, rights)."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(
            f"Không ghi được vào thư mục chứa tệp {path.name} ({exc.strerror or exc}): ổ USB đang gạt "
            "chống ghi, đĩa CD, hoặc thư mục không cho ghi. Tệp chỉ mở được ở chế độ chỉ đọc; "
            "muốn sửa, hãy chép tệp vào thư mục Tài liệu trên máy rồi mở bản đó."
        )


class Lock:
    """The lock this process holds on a data file."""

    def __init__(self, path: Path, token: str) -> None:
        self.path = path
        self.token = token
        self.shares = 1  # openings holding it; the last release removes the file

    def share(self) -> Lock:
        """One more opening holds this lock (a worker's connection to the same file)."""
        self.shares += 1
        return self

    @property
    def file(self) -> Path:
        return lock_path(self.path)

    def still_ours(self) -> bool:
        info = _read(self.file)
        return info is not None and info.get("token") == self.token

    def refresh(self, now: dt.datetime | None = None) -> bool:
        """Renew the heartbeat; False when another program took the lock over."""
        info = _read(self.file)
        if info is None or info.get("token") != self.token:
            return False
        info["heartbeat"] = _stamp(now or clock.SystemClock().now())
        partial = self.file.with_name(f"{self.file.name}.{self.token}.partial")
        partial.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        renames.replace(partial, self.file)
        return True

    def release(self) -> None:
        """Give one share back (the last one removes the lock file)."""
        if self.shares <= 0:
            return
        self.shares -= 1
        if self.shares == 0 and self.still_ours():
            try:
                self.file.unlink()
            except FileNotFoundError:
                pass


def _stamp(when: dt.datetime) -> str:
    return when.replace(microsecond=0).isoformat(sep=" ")


def _parse(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _read(file: Path) -> dict | None:
    try:
        info = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


# What Windows answers when asked about a process (kernel32).
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5


def windows_process_alive(opened: bool, last_error: int, exit_code: int | None) -> bool:
    """Whether a Windows process lives, from what OpenProcess and GetExitCodeProcess said.

    OpenProcess refuses with "access denied" for another account's process
    (another user on a shared PC, an elevated program): it exists, so the
    lock it holds is live, as os.kill's PermissionError means on POSIX. Any
    other refusal (invalid parameter) means there is no such process.
    """
    if not opened:
        return last_error == _ERROR_ACCESS_DENIED
    return exit_code is None or exit_code == _STILL_ACTIVE


def _ask_windows(pid: int) -> tuple[bool, int, int | None]:
    """OpenProcess on `pid`: (opened, GetLastError, exit code or None)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE  # pointer-sized, not the default int
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False, ctypes.get_last_error(), None  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        known = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return True, 0, code.value if known else None
    finally:
        kernel32.CloseHandle(handle)


_ON_WINDOWS = sys.platform == "win32"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if _ON_WINDOWS:
        return windows_process_alive(*_ask_windows(pid))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def locked_by(info: dict) -> LockedBy:
    pid = info.get("pid")
    return LockedBy(
        host=str(info.get("host") or ""),
        user=str(info.get("user") or ""),
        since=_parse(info.get("since")),
        pid=pid if isinstance(pid, int) else None,
        heartbeat=_parse(info.get("heartbeat")),
    )


def is_stale(info: dict | None, now: dt.datetime, age: dt.timedelta) -> bool:
    """Whether a lock (its contents, or None if unreadable) can be taken over."""
    if info is None:
        return age > _UNREADABLE_GRACE
    holder = locked_by(info)
    if holder.host == socket.gethostname() and holder.pid is not None and not _pid_alive(holder.pid):
        return True
    last_sign = holder.heartbeat or holder.since
    return last_sign is None or now - last_sign > STALE_AFTER


def _create(file: Path, token: str, now: dt.datetime) -> bool:
    info = {
        "host": socket.gethostname(), "pid": os.getpid(), "user": current_user(),
        "since": _stamp(now), "heartbeat": _stamp(now), "token": token,
        "program": "Sổ Làm theo Bác",
    }
    try:
        fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(info, ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())
    return True


def _take_over(file: Path, judged: dict | None) -> None:
    """Remove a stale lock, unless someone replaced it since we judged it.

    Renaming first means only one of two programs racing for the same stale
    lock removes it; the loser finds a fresh lock and puts it back.
    """
    aside = file.with_name(f"{file.name}.{uuid.uuid4().hex}.stale")
    try:
        os.replace(file, aside)
    except FileNotFoundError:
        return
    if judged is not None and _read(aside) != judged:
        try:
            os.rename(aside, file)
            return
        except OSError:
            pass
    aside.unlink(missing_ok=True)


def acquire(path: Path, *, force: bool = False, now: dt.datetime | None = None) -> Lock | LockedBy:
    """Take the write lock on a data file, or say who has it.

    Raises CannotWriteHereError when the folder is read-only.

    force=True takes over a lock that is not stale, after the user confirmed
    that the other computer no longer uses the file.
    """
    now = now or clock.SystemClock().now()
    file = lock_path(path)
    token = uuid.uuid4().hex
    for _attempt in range(3):
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            created = _create(file, token, now)
        except OSError as exc:
            raise CannotWriteHereError(path, exc) from exc
        if created:
            return Lock(path, token)
        info = _read(file)
        try:
            age = now - dt.datetime.fromtimestamp(file.stat().st_mtime)
        except FileNotFoundError:
            continue  # released meanwhile: try again
        if not (force or is_stale(info, now, age)):
            return locked_by(info) if info else LockedBy(host="", user="", since=None)
        _take_over(file, info)
    info = _read(file)
    return locked_by(info) if info else LockedBy(host="", user="", since=None)


def holder(path: Path, ours: Lock | None = None) -> LockedBy | None:
    """Who else holds a live lock on the file now (None: nobody, `ours`, or a stale lock)."""
    file = lock_path(path)
    info = _read(file)
    if info is None:
        return None
    if ours is not None and info.get("token") == ours.token:
        return None
    now = clock.SystemClock().now()
    try:
        age = now - dt.datetime.fromtimestamp(file.stat().st_mtime)
    except FileNotFoundError:
        return None
    return None if is_stale(info, now, age) else locked_by(info)
