"""`import` and `export --report exchange` on the command line: exit codes, JSON, nothing written on error."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.core import db as dbmod
from desktop.core import newfile
from tests.excel.import_builders import exchange_workbook, messy_member_list, zip_bomb


def _branch_file(path: Path) -> Path:
    db = dbmod.open_db(path, create=True)
    newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"], 2026)
    db.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(path: Path, table: str) -> int:
    db = dbmod.open_db(path)
    try:
        return int(db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])
    finally:
        db.close()


def test_import_prints_a_vietnamese_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _branch_file(tmp_path / "so.sqlite")
    code = cli.main(["import", "--db", str(data), str(messy_member_list(tmp_path / "ds.xlsx"))])
    out = capsys.readouterr().out
    assert code == 0
    assert "thêm 4, cập nhật 0, không đổi 0" in out
    assert "Đã chuyển mã chữ cũ sang Unicode" in out
    assert _count(data, "people") == 4


def test_json_summary_has_counts_and_each_warning_with_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _branch_file(tmp_path / "so.sqlite")
    code = cli.main(["import", "--db", str(data), str(messy_member_list(tmp_path / "ds.xlsx")), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (4, 0, 0)
    assert summary["errors"] == [] and summary["written"] is True
    assert summary["converted"] == {"tcvn3": 1, "vni": 1}
    cccd = next(w for w in summary["warnings"] if w["column"] == "F")
    assert cccd["sheet"] == "DS 2026" and cccd["header"] == "So CCCD" and "CCCD" in cccd["message"]


def test_invalid_value_exits_2_and_leaves_the_file_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _branch_file(tmp_path / "so.sqlite")
    bad = exchange_workbook(tmp_path / "x.xlsx", reviews=[
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức"],
        [2026, 13, "Nguyễn Văn An", "Xóm Đồng", "Tốt"],
    ])
    before = _digest(data)
    code = cli.main(["import", "--db", str(data), str(bad), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 2
    assert summary["written"] is False
    (error,) = summary["errors"]
    assert (error["file"], error["sheet"], error["row"], error["column"], error["header"]) == (
        "x.xlsx", "Đánh giá tháng", 2, "B", "Tháng")
    assert _digest(data) == before
    assert _count(data, "people") == 0


def test_error_text_names_file_sheet_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _branch_file(tmp_path / "so.sqlite")
    bad = exchange_workbook(tmp_path / "x.xlsx", reviews=[
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức"],
        [2026, 3, "Nguyễn Văn An", "Xóm Đồng", "Giỏi"],
    ])
    assert cli.main(["import", "--db", str(data), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Tệp «x.xlsx», trang «Đánh giá tháng», dòng 2, cột E (Mức)" in err
    assert "Chưa nhập gì" in err


def test_a_bomb_is_refused_and_no_data_file_is_left_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "moi.sqlite"
    assert cli.main(["import", "--db", str(data), str(zip_bomb(tmp_path / "x.xlsx"))]) == 2
    assert "lớn bất thường" in capsys.readouterr().err
    assert not data.exists()


def test_failed_import_into_a_new_file_removes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "moi.sqlite"
    bad = exchange_workbook(tmp_path / "x.xlsx", scores=[
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung"], [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", 99]])
    assert cli.main(["import", "--db", str(data), str(bad)]) == 2
    assert not data.exists()


def test_bad_file_with_json_still_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    assert cli.main(["import", "--db", str(tmp_path / "so.sqlite"), str(path), "--json"]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] is False and "không phải tệp Excel" in summary["errors"][0]["message"]


def test_export_exchange_then_import_it_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "demo.sqlite"
    assert cli.main(["demo", "--db", str(source), "--members", "30", "--year", "2026"]) == 0
    out = tmp_path / "mau.xlsx"
    assert cli.main(["export", "--db", str(source), "--year", "2026", "--report", "exchange", "-o", str(out)]) == 0
    target = tmp_path / "moi.sqlite"
    assert cli.main(["import", "--db", str(target), str(out)]) == 0
    assert _count(target, "people") == _count(source, "people")
    assert _count(target, "reviews") == _count(source, "reviews")


def test_unknown_report_lists_the_choices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _branch_file(tmp_path / "so.sqlite")
    code = cli.main(["export", "--db", str(data), "--year", "2026", "--report", "bao-cao", "-o", str(tmp_path / "o.xlsx")])
    assert code == 2
    assert "Hãy chọn một trong: exchange" in capsys.readouterr().err


def test_export_refuses_a_missing_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["export", "--db", str(tmp_path / "khong.sqlite"), "--year", "2026", "--report", "exchange",
                     "-o", str(tmp_path / "o.xlsx")])
    assert code == 2
    assert not (tmp_path / "khong.sqlite").exists()
