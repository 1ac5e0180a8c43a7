"""`export --report R` and `consolidate` from the command line: exit codes and what is printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.core import settings, units
from desktop.core.db import close_db, open_db
from desktop.excel.raw_data import read_raw_data
from tests.excel.test_consolidate_wrong_inputs import (
    COMMUNE,
    committee_file,
    edit_shown_members,
    export_file,
)
from tests.os_names import needs_vietnamese_names


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--members", "50", "--year", "2026", "--today", "23/11/2026"]) == 0
    return path


@pytest.mark.parametrize("report", ["registrations", "monthly", "year-end", "statistics", "all"])
def test_each_report_exports(demo_file: Path, tmp_path: Path, capsys, report: str) -> None:
    out = tmp_path / f"{report}.xlsx"
    assert main(["export", "--db", str(demo_file), "--year", "2026", "--report", report, "-o", str(out)]) == 0
    assert f"Đã xuất {out}." in capsys.readouterr().out
    assert read_raw_data(out).meta["kind"] == report


def test_an_unknown_report_lists_the_choices(demo_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(demo_file), "--year", "2026", "--report", "tonghop", "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert "registrations, monthly, year-end, statistics, all" in error and not out.exists()


def test_a_missing_data_file_is_refused(tmp_path: Path, capsys) -> None:
    args = ["export", "--db", str(tmp_path / "khong-co.sqlite"), "--year", "2026", "--report", "statistics",
            "-o", str(tmp_path / "x.xlsx")]
    assert main(args) == 2
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err


def _branch_export(demo_file: Path, folder: Path, name: str, year: int = 2026) -> Path:
    """The demo file exported as if it were the đảng bộ `name` (a committee consolidating several)."""
    copy = folder / f"{name}.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    db = open_db(copy)
    settings.put(db, {"committee_name": name, "superior_name": "Đảng bộ huyện Đại Từ"})
    top = next(u for u in units.list_units(db) if u.parent_id is None)
    units.rename_unit(db, top.id, name)
    close_db(db)
    out = folder / f"{name}.xlsx"
    assert main(["export", "--db", str(copy), "--year", str(year), "--report", "statistics", "-o", str(out)]) == 0
    return out


@needs_vietnamese_names
def test_consolidate_names_each_file_and_writes_the_sum(demo_file: Path, tmp_path: Path, capsys) -> None:
    files = [_branch_export(demo_file, tmp_path, f"Đảng bộ xã Số {n}") for n in (1, 2, 3)]
    stray = tmp_path / "ghi-chu.xlsx"
    stray.write_text("không phải Excel", encoding="utf-8")
    out = tmp_path / "tong-hop.xlsx"
    capsys.readouterr()
    assert main(["consolidate", "-o", str(out), *map(str, files), str(stray)]) == 0
    printed = capsys.readouterr().out
    assert "- Đảng bộ xã Số 1.xlsx: Đã tổng hợp" in printed
    assert "- ghi-chu.xlsx: Đã gửi nhưng không dùng được — Tệp «ghi-chu.xlsx» không phải tệp Excel" in printed
    assert "Đã tổng hợp 3/4 tệp năm 2026" in printed
    raw = read_raw_data(out)
    assert raw.meta["unit"] == "Huyện ủy Đại Từ"  # the committee the files were addressed to
    members = [r["members"] for r in raw.tables["figures"]]
    assert len(members) == 3 and len(set(members)) == 1
    ws = load_workbook(out).worksheets[0]
    assert ws.cell(1, 1).value == "HUYỆN ỦY ĐẠI TỪ"  # no higher committee known: beside the motto


@needs_vietnamese_names
def test_consolidate_with_the_committee_file_lists_who_sent_nothing(demo_file: Path, tmp_path: Path,
                                                                     capsys) -> None:
    branch, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    out = tmp_path / "tong-hop.xlsx"
    capsys.readouterr()
    assert main(["consolidate", "--db", str(demo_file), "-o", str(out), str(branch)]) == 0
    printed = capsys.readouterr().out
    assert "Chưa gửi báo cáo (" in printed and "Chi bộ Xóm Bãi" in printed
    assert "Chi bộ Xóm Đồng," not in printed.split("Chưa gửi báo cáo")[1]
    assert f"  Chi bộ Xóm Đồng (Đảng ủy xã La Bằng): {branch.name}" in printed


def test_consolidate_with_nothing_usable_exits_2_and_writes_nothing(tmp_path: Path, capsys) -> None:
    stray = tmp_path / "ghi-chu.xlsx"
    stray.write_text("không phải Excel", encoding="utf-8")
    out = tmp_path / "tong-hop.xlsx"
    assert main(["consolidate", "-o", str(out), str(stray)]) == 2
    assert "Không có tệp nào tổng hợp được" in capsys.readouterr().err and not out.exists()


@needs_vietnamese_names
def test_consolidate_refuses_to_overwrite_an_input(demo_file: Path, tmp_path: Path, capsys) -> None:
    branch = _branch_export(demo_file, tmp_path, "Chi bộ Xóm Đồng")
    assert main(["consolidate", "-o", str(branch), str(branch)]) == 2
    assert "trùng với một tệp đầu vào" in capsys.readouterr().err


@needs_vietnamese_names  # the chi bộ's reports are named after them
def test_a_clerk_given_the_four_kinds_of_wrong_input_gets_the_sum_of_the_distinct_units(tmp_path: Path,
                                                                                        capsys) -> None:
    db_file = committee_file(tmp_path, working_year=2026)
    own, own_total = export_file(tmp_path, COMMUNE, {"Chi bộ Xóm Đồng": 3, "Chi bộ Xóm Bãi": 5},
                                 superior="Đảng bộ huyện Đại Từ", stem="bao-cao-dang-bo")
    dong, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 3}, superior="Đảng ủy xã La Bằng")
    stranger, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 9},
                              superior="Đảng ủy xã Hùng Sơn", stem="hung-son")
    old, _ = export_file(tmp_path, "Chi bộ Xóm Chùa", {"Chi bộ Xóm Chùa": 2}, year=2025,
                         superior="Đảng ủy xã La Bằng")
    trai, trai_total = export_file(tmp_path, "Chi bộ Xóm Trại", {"Chi bộ Xóm Trại": 4},
                                   superior="Đảng ủy xã La Bằng")
    row, column = edit_shown_members(trai, "Chi bộ Xóm Trại", 5)
    files = [str(p) for p in (dong, own, stranger, old, trai)]
    out = tmp_path / "tong-hop.xlsx"
    capsys.readouterr()
    assert main(["consolidate", "--db", str(db_file), "-o", str(out), *files]) == 0
    printed = capsys.readouterr().out
    raw = read_raw_data(out)
    assert raw.meta["year"] == 2026 and raw.meta["unit"] == "Đảng ủy xã La Bằng"
    assert sum(r["year_members"] for r in raw.tables["figures"]) == own_total.year_members + 4 == 12
    assert f"- {dong.name}: Không tổng hợp: các đơn vị đã có trong tệp khác" in printed
    assert f"- {stranger.name}: Không tổng hợp: đơn vị không thuộc danh sách" in printed
    assert "Chi bộ Xóm Đồng (Đảng ủy xã Hùng Sơn)" in printed
    assert "Đã gửi nhưng không dùng được (1): Chi bộ Xóm Chùa" in printed and "báo cáo năm 2025" in printed
    assert f"trang «Thống kê xếp loại», dòng {row}, cột {column}" in printed
    assert "trên trang ghi 5, dữ liệu gốc ghi 4" in printed
    assert "Chưa gửi báo cáo" not in printed
    assert "chạy lại với --accept-visible" in printed and "chạy lại với --include-foreign" in printed
    assert f"  Chi bộ Xóm Bãi (Đảng bộ xã La Bằng): {own.name}" in printed

    visible = tmp_path / "theo-trang.xlsx"
    assert main(["consolidate", "--db", str(db_file), "--accept-visible", "-o", str(visible), *files]) == 0
    assert sum(r["year_members"] for r in read_raw_data(visible).tables["figures"]) == 13


@needs_vietnamese_names  # the chi bộ's reports are named after them
def test_files_of_several_years_without_a_committee_file_ask_for_the_year(tmp_path: Path, capsys) -> None:
    a, _ = export_file(tmp_path, "Chi bộ Xóm Đồng", {"Chi bộ Xóm Đồng": 1}, year=2025)
    b, _ = export_file(tmp_path, "Chi bộ Xóm Bãi", {"Chi bộ Xóm Bãi": 1}, year=2026)
    out = tmp_path / "tong-hop.xlsx"
    capsys.readouterr()
    assert main(["consolidate", "-o", str(out), str(a), str(b)]) == 2
    error = capsys.readouterr().err
    assert f"năm 2025: {a.name}; năm 2026: {b.name}" in error and "--year" in error and not out.exists()
    assert main(["consolidate", "--year", "2026", "-o", str(out), str(a), str(b)]) == 0
def test_without_year_the_export_is_of_the_files_working_year(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "thong-ke.xlsx"
    assert main(["export", "--db", str(demo_file), "--report", "statistics", "-o", str(out)]) == 0
    db = open_db(demo_file, readonly=True)
    assert settings.get(db, "working_year") == 2026
    close_db(db)
    assert read_raw_data(out).meta["year"] == 2026
