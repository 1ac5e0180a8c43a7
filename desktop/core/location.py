"""Is a data file on a local disk, or on a network share / removable stick /
synced folder?

SQLite's WAL mode needs shared memory that network file systems do not give
reliably, and a pulled USB stick loses the -wal file; such locations get the
rollback journal with synchronous=FULL instead, and the window warns.

A folder that OneDrive, Dropbox or Google Drive synchronises is on a local
disk, but the sync client uploads `F.sqlite` and `F.sqlite-wal` separately
and at moments of its own choosing, so another PC can receive a file
without its latest transactions (and the desktop and Documents of many
Windows PCs are synced without the user knowing). Those folders are told by
the client's environment variables (OneDrive sets `OneDrive`,
`OneDriveConsumer`, `OneDriveCommercial`) and by the folder names the
clients create; they get the rollback journal and a warning too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath

_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ncpfs"}
_REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


# Environment variables that name a synced folder, and the service each belongs to.
_SYNC_ENV = {"OneDrive": "OneDrive", "OneDriveConsumer": "OneDrive", "OneDriveCommercial": "OneDrive"}
# Folder names the sync clients create (compared without case): exact names, then
# prefixes ("OneDrive - Trường THCS La Bằng", "Dropbox (Personal)").
_SYNC_NAMES = {
    "onedrive": "OneDrive", "dropbox": "Dropbox", "google drive": "Google Drive",
    "googledrive": "Google Drive", "my drive": "Google Drive", "drive của tôi": "Google Drive",
    "icloud drive": "iCloud Drive", "iclouddrive": "iCloud Drive",
}
_SYNC_PREFIXES = {"onedrive - ": "OneDrive", "dropbox (": "Dropbox"}


def synced_service(folder: PurePath, environ: Mapping[str, str]) -> str | None:
    """The sync service ("OneDrive", "Dropbox", "Google Drive"…) whose folder holds `folder`, or None.

    `folder` is absolute; a PureWindowsPath is compared without case, as Windows does.
    """
    for variable, service in _SYNC_ENV.items():
        root = environ.get(variable, "").strip()
        if root and folder.is_relative_to(type(folder)(root)):
            return service
    for part in folder.parts[1:]:
        name = part.casefold()
        if name in _SYNC_NAMES:
            return _SYNC_NAMES[name]
        for prefix, service in _SYNC_PREFIXES.items():
            if name.startswith(prefix):
                return service
    return None


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


def _disk_kind(folder: Path) -> str:
    if sys.platform == "win32":
        return _windows_drive_kind(folder)
    if str(folder).startswith(("//", "\\\\")):
        return "network"
    if _linux_fs_type(folder) in _NETWORK_FS:
        return "network"
    if str(folder.resolve()).startswith(_REMOVABLE_PREFIXES):
        return "removable"
    return "local"


def _folder(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def location_kind(path: Path, environ: Mapping[str, str] | None = None) -> str:
    """"local", "network", "removable" or "synced" for the folder that holds `path`.

    `environ` (default: this process's environment) tells where the sync clients' folders are.
    """
    folder = _folder(path)
    kind = _disk_kind(folder)
    if kind == "local" and synced_service(folder.resolve(), os.environ if environ is None else environ):
        return "synced"
    return kind


def is_fragile(path: Path, environ: Mapping[str, str] | None = None) -> bool:
    return location_kind(path, environ) != "local"


def warning_text(path: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """What the window says about a file on a shared, removable or synced folder (None: local)."""
    kind = location_kind(path, environ)
    if kind == "synced":
        service = synced_service(_folder(path).resolve(), os.environ if environ is None else environ)
        return (
            f"Tệp {path.name} nằm trong thư mục được {service} đồng bộ lên mạng. {service} có thể chép "
            "tệp đi khi chương trình đang ghi, hoặc tạo bản “xung đột” khi hai máy cùng sửa: chương trình "
            "ghi chậm hơn nhưng an toàn hơn (không dùng WAL). Đừng mở cùng tệp này trên hai máy một lúc; "
            f"an toàn nhất là để tệp ở một thư mục mà {service} không đồng bộ, và tự sao lưu ra USB."
        )
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
