"""The data file's default home is the user's Documents (issue 14, the portable bundle)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from desktop.core import paths


def test_data_and_backups_go_to_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "OneDrive" / "Tài liệu"  # Windows' Documents, wherever it was moved
    monkeypatch.delenv("SOLAMTHEOBAC_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    assert paths.default_db_path() == documents / "Sổ Làm theo Bác" / "so-lam-theo-bac.sqlite"
    assert paths.backups_dir() == documents / "Sổ Làm theo Bác" / "backups"
    assert paths.backups_dir().is_dir()


def test_one_home_folder_overrides_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOLAMTHEOBAC_HOME", str(tmp_path / "USB"))
    assert paths.default_db_path().parent == tmp_path / "USB" / "data"
    assert paths.log_dir() == tmp_path / "USB" / "logs"
