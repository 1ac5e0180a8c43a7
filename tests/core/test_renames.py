"""The one retrying rename (issue 14.3): a file held for a moment is waited for, not lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core import renames


def _flaky(monkeypatch: pytest.MonkeyPatch, refusals: int) -> None:
    """os.replace refuses `refusals` times (a scanner holding the target), then works."""
    real = os.replace
    left = [refusals]

    def replace(src: Path, dst: Path) -> None:
        if left[0]:
            left[0] -= 1
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(renames.os, "replace", replace)


def test_a_briefly_held_target_is_replaced_after_retries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _flaky(monkeypatch, renames.ATTEMPTS - 1)
    slept: list[float] = []
    (tmp_path / "new").write_text("mới", encoding="utf-8")
    (tmp_path / "old").write_text("cũ", encoding="utf-8")
    renames.replace(tmp_path / "new", tmp_path / "old", sleep=slept.append)
    assert (tmp_path / "old").read_text(encoding="utf-8") == "mới"
    assert slept == [renames.DELAY_S] * (renames.ATTEMPTS - 1)


def test_a_target_held_for_long_raises_and_keeps_both_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _flaky(monkeypatch, renames.ATTEMPTS)
    (tmp_path / "new").write_text("mới", encoding="utf-8")
    (tmp_path / "old").write_text("cũ", encoding="utf-8")
    with pytest.raises(PermissionError):
        renames.replace(tmp_path / "new", tmp_path / "old", sleep=lambda _s: None)
    assert (tmp_path / "old").read_text(encoding="utf-8") == "cũ"
    assert (tmp_path / "new").exists()
