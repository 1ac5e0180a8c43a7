"""Every command with a data file and reports in a folder named in Vietnamese
with spaces, and under a full path longer than Windows' old 260-character
limit (issue 14.8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.core import encryption, integrity, settings, units
from desktop.core.db import close_db, open_db
from tests.os_names import needs_vietnamese_names

pytestmark = needs_vietnamese_names

FILE_NAME = "Chi bộ Xóm Đồng 2026.sqlite"


def _vietnamese(tmp_path: Path) -> Path:
    return tmp_path / "Sổ Làm theo Bác"


def _long(tmp_path: Path) -> Path:
    """A folder whose data file's full path is over 260 characters (SQLite on Linux stops at 512 bytes)."""
    folder = tmp_path / "Sổ Làm theo Bác"
    while len(str(folder / FILE_NAME)) <= 280:
        folder = folder / "Hồ sơ chi bộ năm 2026"
    return folder


@pytest.mark.parametrize("make_folder", [_vietnamese, _long], ids=["vietnamese-folder", "over-260-characters"])
def test_every_command_works_in_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], make_folder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder(tmp_path)
    folder.mkdir(parents=True)
    data = folder / FILE_NAME
    if make_folder is _long:
        assert len(str(data)) > 260
    db = ["--db", str(data)]

    assert main(["demo", *db, "--members", "40", "--year", "2026"]) == 0
    assert main(["check", *db]) == 0
    assert "nguyên vẹn" in capsys.readouterr().out

    assert main(["score", *db, "--year", "2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)

    reports = folder / "Báo cáo"
    reports.mkdir()
    for report in ("registrations", "monthly", "year-end", "statistics", "exchange"):
        out = reports / f"Báo cáo {report} năm 2026.xlsx"
        assert main(["export", *db, "--year", "2026", "--report", report, "-o", str(out)]) == 0, report
        assert load_workbook(out, read_only=True).sheetnames
    capsys.readouterr()

    exchange = reports / "Báo cáo exchange năm 2026.xlsx"
    assert main(["import", *db, str(exchange), "--json"]) == 0
    capsys.readouterr()

    other = folder / "Chi bộ Xóm Bãi 2026.sqlite"
    other.write_bytes(data.read_bytes())
    for extra in ("-wal", "-shm"):
        source = data.with_name(data.name + extra)
        if source.exists():
            other.with_name(other.name + extra).write_bytes(source.read_bytes())
    copy = open_db(other)
    settings.put(copy, {"committee_name": "Đảng bộ xã Phú Xuyên"})
    # Another committee's own units: a copy under the same names would be the same units,
    # which a consolidation rightly counts once.
    top = next(u for u in units.list_units(copy) if u.parent_id is None)
    units.rename_unit(copy, top.id, "Đảng bộ xã Phú Xuyên")
    close_db(copy)
    second = reports / "Báo cáo thống kê Xóm Bãi.xlsx"
    assert main(["export", "--db", str(other), "--year", "2026", "--report", "statistics", "-o", str(second)]) == 0
    summed = reports / "Tổng hợp các chi bộ 2026.xlsx"
    assert main(["consolidate", "-o", str(summed), str(reports / "Báo cáo statistics năm 2026.xlsx"),
                 str(second)]) == 0
    assert "Đã tổng hợp 2/2 tệp năm 2026" in capsys.readouterr().out

    saved = folder / "Bản sao lưu ngày 23-11-2026.sqlite"
    assert main(["backup", *db, "-o", str(saved)]) == 0
    assert capsys.readouterr().out.strip() == str(saved)
    assert main(["backup", *db]) == 0  # into the backups folder, named after the data file
    assert Path(capsys.readouterr().out.strip().splitlines()[0]).name.startswith("Chi bộ Xóm Đồng 2026.")
    assert main(["restore", *db, str(saved), "--reason", "Thử khôi phục ở thư mục có dấu"]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert integrity.check_file(data).ok

    if encryption.available():
        opened = open_db(data)
        try:
            locked = encryption.encrypt_copy(opened, encryption.encrypted_name(data), "cụm mật khẩu dài")
        finally:
            close_db(opened)
        assert locked.parent == folder and encryption.is_encrypted(locked)
        monkeypatch.setenv("SOLAMTHEOBAC_KEY", "cụm mật khẩu dài")  # how the commands are given the key
        assert main(["check", "--db", str(locked)]) == 0
        plain = encryption.decrypt_copy(locked, "cụm mật khẩu dài", folder / "Bản giải mã.sqlite")
        assert integrity.check_file(plain).ok
