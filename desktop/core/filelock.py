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

Within one process the lock is shared (counted): the program may open the
same file twice (a second window, a background backup), which SQLite's
transactions already make safe.
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

from desktop.core import clock
from desktop.core.changes import current_user
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
        os.replace(partial, self.file)
        return True

    def release(self) -> None:
        """Give the lock back (the last holder in this process removes the file)."""
        key = _key(self.path)
        held = _held.get(key)
        if held is not None and held[0] is self:
            if held[1] > 1:
                _held[key] = (self, held[1] - 1)
                return
            del _held[key]
        if self.still_ours():
            try:
                self.file.unlink()
            except FileNotFoundError:
                pass


# Locks this process holds, by resolved path, with how many opens share each.
_held: dict[str, tuple[Lock, int]] = {}


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


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


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
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
    key = _key(path)
    if key in _held:
        lock, count = _held[key]
        if lock.still_ours():
            _held[key] = (lock, count + 1)
            return lock
        del _held[key]
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
            lock = Lock(path, token)
            _held[key] = (lock, 1)
            return lock
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


def holder(path: Path) -> LockedBy | None:
    """Who else holds a live lock on the file now (None: nobody, us, or a stale lock)."""
    file = lock_path(path)
    info = _read(file)
    if info is None:
        return None
    ours = _held.get(_key(path))
    if ours is not None and info.get("token") == ours[0].token:
        return None
    now = clock.SystemClock().now()
    try:
        age = now - dt.datetime.fromtimestamp(file.stat().st_mtime)
    except FileNotFoundError:
        return None
    return None if is_stale(info, now, age) else locked_by(info)
