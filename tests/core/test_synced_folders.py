"""Synced folders (OneDrive, Dropbox, Google Drive) get the rollback journal and a warning (issue 14.4)."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from desktop.core import db as dbmod
from desktop.core import location

WINDOWS_ENV = {
    "USERPROFILE": r"C:\Users\Hà",
    "OneDrive": r"C:\Users\Hà\OneDrive",
    "OneDriveCommercial": r"D:\OneDrive - Đảng ủy xã La Bằng",
}


@pytest.mark.parametrize(
    ("folder", "environ", "service"),
    [
        # OneDrive's folder backup moves Desktop and Documents under %OneDrive%
        (r"C:\Users\Hà\OneDrive\Documents\Sổ Làm theo Bác", WINDOWS_ENV, "OneDrive"),
        (r"c:\users\hà\onedrive\Desktop", WINDOWS_ENV, "OneDrive"),  # Windows paths ignore case
        (r"D:\OneDrive - Đảng ủy xã La Bằng\Chi bộ", WINDOWS_ENV, "OneDrive"),
        (r"E:\Tài liệu", {"OneDriveConsumer": r"E:\Tài liệu"}, "OneDrive"),  # moved, renamed
        # known folder names, without any environment variable
        (r"C:\Users\Hà\OneDrive - Trường THCS\Tài liệu", {}, "OneDrive"),
        (r"C:\Users\Hà\Dropbox\Chi bộ", {}, "Dropbox"),
        (r"C:\Users\Hà\Dropbox (Personal)", {}, "Dropbox"),
        (r"G:\My Drive\Chi bộ Xóm Đồng", {}, "Google Drive"),
        (r"G:\Drive của tôi", {}, "Google Drive"),
        (r"C:\Users\Hà\Google Drive", {}, "Google Drive"),
    ],
)
def test_synced_windows_folders_are_recognised(folder: str, environ: dict[str, str], service: str) -> None:
    assert location.synced_service(PureWindowsPath(folder), environ) == service


@pytest.mark.parametrize(
    "folder",
    [
        r"C:\Users\Hà\Documents\Sổ Làm theo Bác",
        r"C:\Users\Hà\Desktop",
        r"D:\Dữ liệu\OneDriveBackupOld",  # not the client's folder
        r"C:\OneDrive.txt-files",
    ],
)
def test_ordinary_windows_folders_are_not_synced(folder: str) -> None:
    assert location.synced_service(PureWindowsPath(folder), WINDOWS_ENV) is None


def test_a_synced_folder_gets_the_rollback_journal_and_a_warning(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    synced = tmp_path / "OneDrive" / "Tài liệu"
    synced.mkdir(parents=True)
    path = synced / "Chi bộ Xóm Đồng 2026.sqlite"
    monkeypatch.setenv("OneDrive", str(tmp_path / "OneDrive"))
    assert location.location_kind(path) == "synced"
    warning = location.warning_text(path)
    assert warning is not None and "OneDrive" in warning and "hai máy" in warning
    db = dbmod.open_db(path, create=True)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        dbmod.close_db(db)
    assert not path.with_name(path.name + "-wal").exists()
    opened = dbmod.open_file(path)
    try:
        assert any("OneDrive" in notice for notice in opened.notices)
    finally:
        opened.close()


def test_an_injected_environment_decides(tmp_path: Path) -> None:
    path = tmp_path / "Dữ liệu" / "so.sqlite"
    path.parent.mkdir()
    assert location.location_kind(path, environ={}) == "local"
    assert location.location_kind(path, environ={"OneDriveCommercial": str(tmp_path)}) == "synced"
    assert location.warning_text(path, environ={}) is None


def test_a_dropbox_folder_by_name(tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "so.sqlite"
    path.parent.mkdir()
    assert location.location_kind(path, environ={}) == "synced"
    assert "Dropbox" in (location.warning_text(path, environ={}) or "")
