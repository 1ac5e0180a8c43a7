"""Preferences are saved through the retrying rename (issue 14.3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core import renames
from desktop.ui.prefs import Prefs


def test_prefs_save_waits_out_a_scanner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefs = Prefs(tmp_path / "prefs.json")
    prefs.data["recent"] = [str(tmp_path / "Sổ Làm theo Bác" / "so.sqlite")]
    prefs.save()
    real = os.replace
    refusals = [PermissionError(13, "Access is denied")] * 2

    def held_then_free(src: Path, dst: Path) -> None:
        if refusals:
            raise refusals.pop()
        real(src, dst)

    monkeypatch.setattr(renames.os, "replace", held_then_free)
    monkeypatch.setattr(renames, "DELAY_S", 0)
    prefs.data["recent"] = ["Chi bộ Xóm Đồng 2026.sqlite"]
    prefs.save()
    assert Prefs(tmp_path / "prefs.json").data["recent"] == ["Chi bộ Xóm Đồng 2026.sqlite"]
    assert not refusals
