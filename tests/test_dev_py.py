"""dev.py on the PCs it meets (issue 14.9): Windows tool names, old Pythons, no venv module."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

import dev


def test_tools_get_exe_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev.os, "name", "nt")
    assert dev._tool("lint-imports").name == "lint-imports.exe"
    monkeypatch.setattr(dev.os, "name", "posix")
    assert dev._tool("lint-imports").name == "lint-imports"


def test_an_old_python_is_named_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev.sys, "version_info", (3, 10, 12))
    with pytest.raises(SystemExit) as stopped:
        dev._check_python()
    assert "Python 3.11 trở lên" in str(stopped.value) and "python.org" in str(stopped.value)


def test_a_python_without_venv_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import venv

    def refuse(self, env_dir):
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])

    monkeypatch.setattr(venv.EnvBuilder, "create", refuse)
    monkeypatch.setattr(dev, "VENV", tmp_path / ".venv")
    with pytest.raises(SystemExit) as stopped:
        dev._create_venv()
    assert "python3-venv" in str(stopped.value)


def test_the_legacy_encoding_environment_turns_utf8_off() -> None:
    env = dev.legacy_encoding_env({"PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8", "PATH": "/bin"})
    assert env["PYTHONUTF8"] == "0" and "PYTHONIOENCODING" not in env and env["LC_ALL"] == "C"
    assert env["PATH"] == "/bin"


def test_dev_py_parses_on_the_oldest_python_it_must_refuse_politely() -> None:
    """The version check only helps if the file itself still compiles: no 3.11-only syntax at top level."""
    source = (dev.ROOT / "dev.py").read_text(encoding="utf-8")
    ast.parse(source, "dev.py", feature_version=(3, 8))
    assert sys.version_info >= dev.MIN_PYTHON
