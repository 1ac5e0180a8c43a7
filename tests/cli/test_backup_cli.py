"""`backup`, `restore` and `check` as a secretary (or a script) runs them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.schema import SCHEMA_VERSION
from tests.os_names import needs_vietnamese_names

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / f"schema_v{SCHEMA_VERSION}.sqlite"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, encoding="utf-8",
                          env={**os.environ}, timeout=120)


def _people(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "so.sqlite"
    shutil.copy(FIXTURE, path)
    return path


def test_backup_prints_the_path_of_a_sound_copy(data_file, _isolated_home):
    done = _run("backup", "--db", str(data_file))
    assert done.returncode == 0, done.stderr
    made = Path(done.stdout.splitlines()[0])
    assert made.exists() and made.parent == _isolated_home / "data" / "backups"
    assert made.name.startswith("so.") and made.name.endswith(".thu-cong.sqlite")
    assert _people(made) == 12
    assert _run("check", "--db", str(made)).returncode == 0


def test_backup_to_a_chosen_file(data_file, tmp_path):
    target = tmp_path / "usb" / "ban-sao.sqlite"
    done = _run("backup", "--db", str(data_file), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target) and _people(target) == 12


def test_backup_refuses_to_overwrite_the_data_file(data_file):
    before = data_file.read_bytes()
    done = _run("backup", "--db", str(data_file), "-o", str(data_file))
    assert done.returncode == 2 and "trùng với tệp dữ liệu" in done.stderr
    assert data_file.read_bytes() == before


def test_backup_of_a_damaged_file_is_refused(data_file):
    data_file.write_bytes(data_file.read_bytes()[:30_000])
    done = _run("backup", "--db", str(data_file))
    assert done.returncode == 2 and "bị hỏng" in done.stderr


@needs_vietnamese_names  # the --reason argument
def test_restore_brings_the_backup_back_and_keeps_the_current_state(data_file, tmp_path):
    saved = tmp_path / "hom-qua.sqlite"
    assert _run("backup", "--db", str(data_file), "-o", str(saved)).returncode == 0
    conn = sqlite3.connect(data_file)
    conn.execute("DELETE FROM reviews")
    conn.commit()
    conn.close()
    done = _run("restore", "--db", str(data_file), str(saved), "--reason", "Lỡ xóa đánh giá tháng")
    assert done.returncode == 0, done.stderr
    assert "Đã khôi phục" in done.stdout and "Trạng thái trước khi khôi phục" in done.stdout
    conn = sqlite3.connect(data_file)
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0
    assert conn.execute("SELECT reason FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == \
        "Lỡ xóa đánh giá tháng"
    conn.close()


def test_restore_from_a_missing_backup_is_a_user_error(data_file, tmp_path):
    before = data_file.read_bytes()
    done = _run("restore", "--db", str(data_file), str(tmp_path / "khong-co.sqlite"))
    assert done.returncode == 2 and "Không tìm thấy bản sao lưu" in done.stderr
    assert data_file.read_bytes() == before


def test_check_on_a_damaged_file_names_the_backup_to_restore(data_file):
    assert _run("backup", "--db", str(data_file)).returncode == 0
    data = bytearray(data_file.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = b"\x00\xff" * 2048
    data_file.write_bytes(bytes(data))
    done = _run("check", "--db", str(data_file))
    assert done.returncode == 1
    assert "bị hỏng" in done.stdout and "Bản sao lưu tốt gần nhất" in done.stdout
    command = done.stdout.strip().splitlines()[-1].split("Khôi phục bằng lệnh: ")[1]
    backup_path = command.split('"')[3]
    restored = _run("restore", "--db", str(data_file), backup_path)
    assert restored.returncode == 0, restored.stderr
    assert "để riêng" in restored.stdout  # the damaged file is kept aside, not deleted
    assert _run("check", "--db", str(data_file)).returncode == 0


def test_check_on_a_sound_file_exits_0(data_file):
    done = _run("check", "--db", str(data_file))
    assert done.returncode == 0 and "nguyên vẹn" in done.stdout and "12 người" in done.stdout
