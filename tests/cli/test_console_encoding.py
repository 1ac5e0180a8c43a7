"""The commands on a PC whose console is not UTF-8 (issue 14.7).

Windows runs Python without UTF-8 mode and with the ANSI code page
(cp1252 on most PCs) for redirected output; `dev.py` sets PYTHONUTF8=1, so
without these tests that path never runs. Output redirected to a file or a
pipe must not crash and must be readable: it is UTF-8, whatever the locale.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from dev import legacy_encoding_env


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("encoding") / "so.sqlite"  # ASCII: LANG=C on Linux cannot name files in Vietnamese
    assert main(["demo", "--db", str(path), "--members", "20", "--year", "2026"]) == 0
    return path


def _env() -> dict[str, str]:
    return legacy_encoding_env(dict(os.environ))


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", *args]


def test_the_environment_really_is_not_utf8() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.flags.utf8_mode, sys.stdout.encoding)"],
        stdout=subprocess.PIPE, env=_env(), check=True,
    )
    utf8_mode, encoding = probe.stdout.decode("ascii").split()
    assert utf8_mode == "0"
    assert encoding.lower().replace("-", "") not in {"utf8", "utf_8"}


def test_score_redirected_to_a_file_is_readable_utf8(data_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "diem.txt"
    with out.open("wb") as stream:
        done = subprocess.run(_command("score", "--db", str(data_file), "--year", "2026"),
                              stdout=stream, stderr=subprocess.PIPE, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")
    assert "Đảng bộ xã La Bằng — năm 2026" in text
    assert "Họ và tên" in text and "Tổng" in text


def test_json_through_a_pipe_is_readable_utf8(data_file: Path) -> None:
    done = subprocess.run(_command("score", "--db", str(data_file), "--year", "2026", "--json"),
                          capture_output=True, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    result = json.loads(done.stdout.decode("utf-8"))
    assert "Đảng bộ" in json.dumps(result, ensure_ascii=False)


def test_an_error_message_through_a_pipe_is_readable_utf8(tmp_path: Path) -> None:
    done = subprocess.run(_command("check", "--db", str(tmp_path / "khong-co.sqlite")),
                          capture_output=True, env=_env(), timeout=120)
    assert done.returncode == 2
    assert "Không tìm thấy tệp" in done.stderr.decode("utf-8")


def test_help_and_check_through_a_pipe(data_file: Path) -> None:
    helped = subprocess.run(_command("--help"), capture_output=True, env=_env(), timeout=120)
    assert helped.returncode == 0 and "cách dùng" in helped.stdout.decode("utf-8")
    checked = subprocess.run(_command("check", "--db", str(data_file)), capture_output=True, env=_env(), timeout=120)
    assert checked.returncode == 0 and "nguyên vẹn" in checked.stdout.decode("utf-8")
