"""The rest of issue 6's bad inputs: a million rows, wrong headers, formulas,
control characters, 10,000-character cells. Each is refused (exit 2) with a
message naming what to fix, in bounded memory, with nothing written — or,
for control characters and computed formulas, imported clean with a warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import deeds, newfile, people
from desktop.core.errors import UserError
from desktop.excel.importing import importer
from tests.excel.import_builders import (
    exchange_workbook,
    million_rows,
    raw_xlsx,
    write_xlsx,
    xml_row,
    zip_bomb,
)
from tests.excel.test_import_rules import snapshot

MEMORY_LIMIT_KB = 500 * 1024


def _refused(db: Database, path: Path) -> importer.ImportResult:
    before = snapshot(db)
    result = importer.apply(db, importer.analyse(path))
    assert not result.written
    assert snapshot(db) == before
    return result


def _error_at(result: importer.ImportResult, sheet: str, row: int, column: str) -> str:
    found = [e.message for e in result.errors
             if (e.place.sheet, e.place.row, e.place.column_letter) == (sheet, row, column)]
    assert found, [str(e) for e in result.errors]
    return found[0]


# --- A million rows -------------------------------------------------------------------

def test_a_million_rows_are_refused_saying_the_cap_and_to_split_the_file(tmp_path: Path) -> None:
    path = million_rows(tmp_path / "mot-trieu.xlsx")
    with pytest.raises(UserError) as caught:
        importer.analyse(path)
    message = caught.value.message
    assert "«mot-trieu.xlsx»" in message and "«Đảng viên»" in message
    assert "200.000 dòng" in message and "chia thành nhiều tệp" in message


# --- Wrong headers --------------------------------------------------------------------

def test_a_sheet_that_is_no_member_list_is_refused_naming_the_header_needed(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kho.xlsx", {"Kho": [
        ["Mã hàng", "Tên hàng", "Số lượng"], ["A01", "Xi măng", 20]]})
    (error,) = importer.analyse(path).errors
    assert "Họ và tên" in error.message and "«Kho»" in error.message


def test_a_members_sheet_with_wrong_headers_is_refused_naming_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Đảng viên": [
        ["Mã hàng", "Tên hàng", "Số lượng"], ["A01", "Xi măng", 20]]})
    (error,) = importer.analyse(path).errors
    assert error.place.sheet == "Đảng viên" and "cột Họ và tên" in error.message


# --- Formulas ---------------------------------------------------------------------------

def _formula_list(path: Path, name_cell: str) -> Path:
    return raw_xlsx(path, "Đảng viên", [
        xml_row(1, "Họ và tên", "Chi bộ", "Ho", "Ten"),
        xml_row(2, "Nguyễn Văn An", "Chi bộ Xóm Đồng"),
        xml_row(3, name_cell, "Chi bộ Xóm Đồng", "Trần Thị ", "Bình"),
    ])


def test_a_formula_with_its_computed_value_imports_the_value_with_a_warning(
        tmp_path: Path, branch_db: Database) -> None:
    path = _formula_list(tmp_path / "x.xlsx", "<f>C3&amp;D3</f><v>Trần Thị Bình</v>")
    result = importer.apply(branch_db, importer.analyse(path))
    assert result.written and result.added == 2
    names = {r[0] for r in branch_db.execute("SELECT full_name FROM people")}
    assert names == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert any(w.place.column_letter == "A" and "công thức" in w.message and "A3" in w.message
               for w in result.warnings), [str(w) for w in result.warnings]


def test_a_formula_without_a_value_is_refused_naming_its_cell(tmp_path: Path, branch_db: Database) -> None:
    result = _refused(branch_db, _formula_list(tmp_path / "x.xlsx", "<f>C3&amp;D3</f>"))
    assert "công thức" in _error_at(result, "Đảng viên", 3, "A")


# --- Control characters -----------------------------------------------------------------

def test_control_characters_are_removed_from_names_with_a_warning(tmp_path: Path, branch_db: Database) -> None:
    path = raw_xlsx(tmp_path / "x.xlsx", "Đảng viên", [
        xml_row(1, "Họ và tên", "Chi bộ"),
        xml_row(2, "Nguyễn_x0007_ Văn_x0000_ An_x001B_", "Chi bộ Xóm Đồng"),
    ])
    result = importer.apply(branch_db, importer.analyse(path))
    assert result.written
    (name,) = [r[0] for r in branch_db.execute("SELECT full_name FROM people")]
    assert name == "Nguyễn Văn An"
    assert any("ký tự điều khiển" in w.message and "A2" in w.message for w in result.warnings)


# --- 10,000-character cells -------------------------------------------------------------

def test_a_ten_thousand_character_name_is_refused_with_the_limit(tmp_path: Path, branch_db: Database) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Đảng viên": [
        ["Họ và tên", "Chi bộ"], ["Nguyễn Văn An", "Xóm Đồng"], ["A" * 10_000, "Xóm Đồng"]]})
    message = _error_at(_refused(branch_db, path), "Đảng viên", 3, "A")
    assert f"{people.MAX_NAME_LENGTH} ký tự" in message


def test_a_ten_thousand_character_deed_is_refused_with_the_limit(tmp_path: Path, branch_db: Database) -> None:
    path = exchange_workbook(tmp_path / "x.xlsx", deeds=[
        ["Năm", "Họ và tên", "Chi bộ", "Nội dung đăng ký"],
        [2026, "Nguyễn Văn An", "Chi bộ Xóm Đồng", "Giữ đường làng sạch " * 500],
    ])
    message = _error_at(_refused(branch_db, path), "Đăng ký", 2, "D")
    assert f"{deeds.MAX_CONTENT_LENGTH} ký tự" in message


# --- The command line: exit 2, nothing written, bounded memory ----------------------------

def _data_file(path: Path) -> Path:
    db = dbmod.open_db(path, create=True)
    newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng"], 2026)
    db.close()
    return path


_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run([sys.executable, '-m', 'desktop', 'import', '--json', *sys.argv[1:]],"
    " capture_output=True, text=True)\n"
    "print(done.returncode)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print(done.stdout)\n"
)


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss is a Unix measure")
@pytest.mark.parametrize("build", [million_rows, zip_bomb], ids=["million rows", "zip bomb"])
def test_the_cli_refuses_huge_files_with_exit_2_in_bounded_memory(build, tmp_path: Path) -> None:
    data = _data_file(tmp_path / "so.sqlite")
    before = data.read_bytes()
    source = build(tmp_path / "lon.xlsx")
    # A wrapper process, so RUSAGE_CHILDREN holds only this import's peak.
    done = subprocess.run([sys.executable, "-c", _MEASURE, "--db", str(data), str(source)],
                          capture_output=True, text=True, timeout=300)
    code, peak_kb, report = done.stdout.split("\n", 2)
    assert int(code) == 2, done.stdout + done.stderr
    assert int(peak_kb) < MEMORY_LIMIT_KB, f"peak {int(peak_kb) // 1024} MB"
    print(f"{build.__name__}: peak {int(peak_kb) // 1024} MB")
    assert "«lon.xlsx»" in json.loads(report)["errors"][0]["message"]
    assert data.read_bytes() == before
