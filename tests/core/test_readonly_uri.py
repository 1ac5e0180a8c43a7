"""Read-only opening: the URI has no authority, for every kind of Windows path (issue 14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from desktop.core import integrity
from desktop.core.readonly import readonly_uri


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        # the branch's shared folder (UNC)
        (r"\\server\share\so.sqlite", "file:////server/share/so.sqlite?mode=ro"),
        (r"\\MAY-CHU\Dữ liệu\Chi bộ Xóm Đồng 2026.sqlite",
         "file:////MAY-CHU/D%E1%BB%AF%20li%E1%BB%87u/Chi%20b%E1%BB%99%20X%C3%B3m%20%C4%90%E1%BB%93ng%202026.sqlite?mode=ro"),
        # a mapped network drive and a local disk
        (r"Z:\Sổ Làm theo Bác\so.sqlite", "file:///Z:/S%E1%BB%95%20L%C3%A0m%20theo%20B%C3%A1c/so.sqlite?mode=ro"),
        (r"C:\Users\An\Documents\so.sqlite", "file:///C:/Users/An/Documents/so.sqlite?mode=ro"),
        # the extended-length forms Path.resolve() gives for long paths
        (r"\\?\C:\dài\so.sqlite", "file:///C:/d%C3%A0i/so.sqlite?mode=ro"),
        (r"\\?\UNC\server\share\so.sqlite", "file:////server/share/so.sqlite?mode=ro"),
        # characters SQLite's URI parser would cut at
        (r"D:\a#b\c?d%e.sqlite", "file:///D:/a%23b/c%3Fd%25e.sqlite?mode=ro"),
    ],
)
def test_windows_paths_get_an_empty_authority(path: str, uri: str) -> None:
    assert readonly_uri(PureWindowsPath(path)) == uri
    assert not readonly_uri(PureWindowsPath(path)).startswith("file://server")


def test_the_old_uri_of_a_share_is_refused_by_sqlite() -> None:
    """What Path.as_uri() made of a UNC path, and why the builder exists."""
    old = PureWindowsPath(r"\\server\share\so.sqlite").as_uri()
    assert old == "file://server/share/so.sqlite"
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect(f"{old}?mode=ro", uri=True)


def test_immutable_is_added_after_mode() -> None:
    assert readonly_uri(PurePosixPath("/d/so.sqlite"), immutable=True) == "file:///d/so.sqlite?mode=ro&immutable=1"


def test_relative_pure_paths_are_refused() -> None:
    with pytest.raises(ValueError):
        readonly_uri(PureWindowsPath(r"so.sqlite"))


def _make(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('Xóm Đồng')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("name", ["Chi bộ Xóm Đồng 2026.sqlite", "a#b?c%d.sqlite"])
def test_opens_real_files_with_vietnamese_letters_spaces_and_uri_characters(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "Sổ Làm theo Bác"
    folder.mkdir()
    _make(folder / name)
    conn = sqlite3.connect(readonly_uri(folder / name), uri=True)
    assert conn.execute("SELECT x FROM t").fetchone() == ("Xóm Đồng",)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()


def test_the_share_form_with_four_slashes_opens_on_this_sqlite(tmp_path: Path) -> None:
    """`file:////x/y` is what a UNC path becomes; SQLite reads the path `//x/y` (POSIX: /x/y)."""
    _make(tmp_path / "so.sqlite")
    uri = readonly_uri(PurePosixPath("/" + str(tmp_path / "so.sqlite")))
    assert uri.startswith("file:////")
    conn = sqlite3.connect(uri, uri=True)
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    conn.close()


def test_check_file_reads_a_healthy_file_in_a_vietnamese_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Sổ Làm theo Bác"
    folder.mkdir()
    _make(folder / "Chi bộ Xóm Đồng 2026.sqlite")
    report = integrity.check_file(folder / "Chi bộ Xóm Đồng 2026.sqlite", foreign_keys=False)
    assert all(p.kind != integrity.DAMAGED for p in report.found)
