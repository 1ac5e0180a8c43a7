"""Is a data file on a local disk, or on a network share / removable stick?

SQLite's WAL mode needs shared memory that network file systems do not give
reliably, and a pulled USB stick loses the -wal file; such locations get the
rollback journal with synchronous=FULL instead, and the window warns.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ncpfs"}
_REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def _windows_drive_kind(path: Path) -> str:
    import ctypes

    root = os.path.splitdrive(str(path.resolve()))[0] + "\\"
    if root.startswith("\\\\"):
        return "network"
    kind = ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]
    return {2: "removable", 4: "network"}.get(kind, "local")


def _linux_fs_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) >= len(best):
                best, best_type = parts[1], parts[2]
    return best_type


def location_kind(path: Path) -> str:
    """"local", "network" or "removable" for the folder that holds `path`."""
    folder = path if path.is_dir() else path.parent
    if sys.platform == "win32":
        return _windows_drive_kind(folder)
    if str(folder).startswith(("//", "\\\\")):
        return "network"
    if _linux_fs_type(folder) in _NETWORK_FS:
        return "network"
    if str(folder.resolve()).startswith(_REMOVABLE_PREFIXES):
        return "removable"
    return "local"


def is_fragile(path: Path) -> bool:
    return location_kind(path) != "local"


def warning_text(path: Path) -> str | None:
    """What the window says about a file on a shared folder or a USB stick (None: local)."""
    kind = location_kind(path)
    if kind == "network":
        return (
            f"Tệp {path.name} nằm trên thư mục dùng chung qua mạng. SQLite trên thư mục mạng "
            "dễ hỏng khi mạng chập chờn: chương trình ghi chậm hơn nhưng an toàn hơn (không dùng WAL) "
            "và chỉ cho một máy ghi một lúc. Nên chép tệp về máy để làm việc, xong rồi chép lại."
        )
    if kind == "removable":
        return (
            f"Tệp {path.name} nằm trên ổ USB hoặc thẻ nhớ. Đừng rút ổ khi chương trình đang mở tệp; "
            "hãy đóng chương trình (hoặc đóng tệp) rồi mới rút. Chương trình ghi chậm hơn nhưng an toàn hơn "
            "(không dùng WAL), và bản sao lưu vẫn được lưu trên máy này."
        )
    return None
