r"""The URI that opens a data file read-only, wherever the file lives.

SQLite opens a file read-only (or immutable) only through a `file:` URI.
`Path.as_uri()` is not that URI on Windows: a shared folder
`\\server\share\so.sqlite` becomes `file://server/share/so.sqlite`,
whose authority ("server") SQLite refuses ("invalid uri authority"), and a
healthy file on the branch's shared folder would be reported as damaged.
Here every path gets an empty authority:

    C:\Sổ\a b.sqlite               file:///C:/S%E1%BB%95/a%20b.sqlite?mode=ro
    \\server\share\so.sqlite       file:////server/share/so.sqlite?mode=ro
    \\?\C:\very\long\path          file:///C:/very/long/path?mode=ro
    /home/an/so.sqlite             file:///home/an/so.sqlite?mode=ro

SQLite turns the `/` back into `\` on Windows, so `//server/share/…`
opens the UNC path. Pure functions of the path (PureWindowsPath tests run
on Linux).
"""

from __future__ import annotations

from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

_LONG_UNC = "\\\\?\\UNC\\"
_LONG = "\\\\?\\"


def _windows_uri_path(path: PureWindowsPath) -> str:
    text = str(path)
    if text.startswith(_LONG_UNC):  # \\?\UNC\server\share\… (long UNC path)
        text = "\\\\" + text[len(_LONG_UNC):]
    elif text.startswith(_LONG):  # \\?\C:\… (long local or mapped-drive path)
        text = text[len(_LONG):]
    text = text.replace("\\", "/")
    if text.startswith("//"):
        return "//" + text.lstrip("/")  # UNC: the host goes in the path, not the authority
    return "/" + text  # C:/… -> /C:/…


def readonly_uri(path: PurePath, *, immutable: bool = False) -> str:
    """`file:` URI (empty authority) that opens `path` read-only; immutable: no locking at all.

    A concrete Path is made absolute first; a pure path must already be absolute.
    """
    if isinstance(path, Path):
        path = path.resolve()
    if not path.is_absolute():
        raise ValueError(f"not an absolute path: {path}")
    if isinstance(path, PureWindowsPath):
        raw = _windows_uri_path(path)
    else:
        raw = str(path)
    # SQLite decodes %XX (UTF-8) and splits on ? and #; quote() escapes those, spaces and
    # every non-ASCII letter, and keeps the drive's colon.
    uri = f"file://{quote(raw, safe='/:')}?mode=ro"
    return uri + "&immutable=1" if immutable else uri
