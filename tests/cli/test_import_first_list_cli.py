"""`import` of a commune's first list into a brand-new data file, on the command line (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.core import db as dbmod
from desktop.core import people, units
from desktop.core.people import PersonFilter
from tests.excel.import_builders import branch_list_titled, commune_list, write_xlsx


def _read(path: Path) -> tuple[list[tuple[str, str]], dict[str, people.Person]]:
    db = dbmod.open_db(path)
    try:
        tree = sorted((u.kind, u.name) for u in units.list_units(db))
        return tree, {p.full_name: p for p in people.list_people(db, PersonFilter(), limit=100)}
    finally:
        db.close()


def test_the_done_scenario_a_commune_list_in_capitals_into_a_new_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "moi.sqlite"
    code = cli.main(["import", "--db", str(target), str(commune_list(tmp_path / "ds.xlsx")),
                     "--committee", "Đảng bộ xã La Bằng"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Đã nhập «ds.xlsx»: thêm 24, cập nhật 0, không đổi 0." in out
    assert "Đã đổi 24 họ tên viết hoa toàn bộ sang chữ hoa đầu mỗi tiếng: LÒ VĂN PẤU → Lò Văn Pấu" in out
    assert "14 ngày chỉ ghi năm hoặc tháng/năm được giữ đúng như đã ghi" in out
    assert "Đã suy ra chính thức/dự bị cho 23 người" in out
    assert "đã tạo Chi bộ mới «Bản Nậm Ngá» trong Đảng bộ xã La Bằng" in out
    tree, found = _read(target)
    assert tree == [("chi_bo", "Bản Nậm Ngá"), ("chi_bo", "Xóm Đồng"), ("dang_bo", "Đảng bộ xã La Bằng")]
    assert len(found) == 24 and found["Lò Văn Pấu"].birth_date == "1968" and found["Lò Văn Pấu"].gender == "nam"
    assert found["Lò Thị Én"].gender == "nu"


def test_json_says_what_was_converted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["import", "--db", str(tmp_path / "moi.sqlite"), str(commune_list(tmp_path / "ds.xlsx")),
                     "--keep-capitals", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["added"] == 24
    assert data["capitals_kept"] is True
    assert {"written": "LÒ VĂN PẤU", "stored": "LÒ VĂN PẤU"} in data["capitalised_names"]
    assert (data["inferred_membership"], data["partial_dates"]) == (23, 14)


def test_unit_names_the_chi_bo_of_a_list_without_the_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "moi.sqlite"
    code = cli.main(["import", "--db", str(target), str(branch_list_titled(tmp_path / "ds.xlsx")),
                     "--unit", "Chi bộ Bản Nậm Ngá 2", "--committee", "Đảng bộ xã Mường Phăng"])
    assert code == 0, capsys.readouterr()
    tree, found = _read(target)
    assert tree == [("chi_bo", "Chi bộ Bản Nậm Ngá 2"), ("dang_bo", "Đảng bộ xã Mường Phăng")]
    assert {p.unit_name for p in found.values()} == {"Chi bộ Bản Nậm Ngá 2"}


def test_a_failed_import_into_a_new_file_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["Họ và tên", "Chi bộ"], ["Nguyễn Văn An", "Xóm Đồng"], ["Trần Thị Bình", "Xóm Bãi"]]
    source = write_xlsx(tmp_path / "ds.xlsx", {"DS": rows})
    target = tmp_path / "moi.sqlite"
    code = cli.main(["import", "--db", str(target), str(source)])
    err = capsys.readouterr().err
    assert code == 2 and "--committee" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"], "no data file, no side files"


def test_a_crash_while_writing_a_new_file_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.excel.importing import importer

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(importer, "apply", broken)
    code = cli.main(["import", "--db", str(tmp_path / "moi.sqlite"), str(commune_list(tmp_path / "ds.xlsx"))])
    assert code == 1, "an unexpected failure, reported as one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"]
