"""The collectives' ratings go up through every level of consolidation.

A huyện ủy (or tỉnh ủy) consolidating the đảng ủy xã's consolidated workbooks
sees every chi bộ's rating and award proposal, with the report it came from,
exactly as if it had received every chi bộ's workbook itself; a unit rated
differently in two received files is named with both files and sheets. The
workbooks are written by the program; some are re-saved by LibreOffice, as a
clerk's re-save would."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.core import collectives
from desktop.core.collectives import Rating
from desktop.core.db import close_db, open_db
from desktop.core.newfile import initialise
from desktop.excel.raw_data import read_raw_data
from desktop.excel.reports import consolidate
from desktop.excel.reports.all_reports import build_report, write_report
from desktop.excel.reports.common import party_header

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SHEET = "Xếp loại tổ chức đảng"


def rated_report(folder: Path, file: str, committee: str, branches: list[str], superior: str, today: dt.date,
            ratings: dict[str, Rating]) -> Path:
    """A chi bộ's (or a đảng ủy's) report as the program exports it, with the collectives rated."""
    db = open_db(folder / f"{file}.sqlite", create=True)
    try:
        initialise(db, committee, branches, 2026, superior_name=superior, place="Xã")
        for unit in collectives.rated_units(db):
            if unit.name in ratings:
                collectives.set_rating(db, 2026, unit.id, ratings[unit.name])
        return write_report(build_report(db, 2026, "all", today=today), folder / f"{file}.xlsx")
    finally:
        close_db(db)


def _consolidate(files: list[Path], committee: str, superior: str, out: Path,
                 today: dt.date) -> tuple[consolidate.Consolidation, Path]:
    plan = consolidate.decide([consolidate.read_branch_file(p) for p in files])
    header = party_header(superior=superior, committee=committee, party_committee=True, place="Xã",
                          signer_name="Nguyễn Văn Bình", signer_role="BÍ THƯ", margins_mm=None, today=today)
    return plan, consolidate.write_consolidation(plan, header, out)


def _resaved(path: Path, folder: Path) -> Path:
    """`path` opened and saved again by LibreOffice (same name, in `folder`)."""
    folder.mkdir(exist_ok=True)
    assert LIBREOFFICE is not None
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation={(folder.parent / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    return folder / path.name


def _table(path: Path) -> list[list[Any]]:
    """The ratings sheet's table as shown: header row to the totals row, every cell."""
    ws = load_workbook(path)[SHEET]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    first = next(i for i, row in enumerate(cells) if row[0] == "STT")
    last = next(i for i, row in enumerate(cells) if row[0] == "Tổng cộng")
    return cells[first:last + 1]


def _column(table: list[list[Any]], title: str) -> list[Any]:
    index = table[0].index(title)
    return [row[index] for row in table[1:-1]]


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_a_second_level_consolidation_shows_the_same_ratings_as_the_chi_bo_workbooks_themselves(
        tmp_path: Path, today: dt.date) -> None:
    la_bang, tan_cuong = "Đảng ủy xã La Bằng", "Đảng ủy xã Tân Cương"
    sent = {
        la_bang: [
            rated_report(tmp_path, "LB Xóm Đồng", "Chi bộ Xóm Đồng", [], la_bang, today,
                    {"Chi bộ Xóm Đồng": Rating("HTXSNV", True, "QĐ 20-QĐ/ĐU")}),
            rated_report(tmp_path, "LB Xóm Bãi", "Chi bộ Xóm Bãi", [], la_bang, today,
                    {"Chi bộ Xóm Bãi": Rating("HTTNV")}),
        ],
        tan_cuong: [
            # The same chi bộ name under another đảng ủy is another chi bộ.
            _resaved(rated_report(tmp_path, "TC Xóm Đồng", "Chi bộ Xóm Đồng", [], tan_cuong, today,
                             {"Chi bộ Xóm Đồng": Rating("HTNV", False, "chậm nộp báo cáo")}), tmp_path / "resaved"),
            rated_report(tmp_path, "TC Xóm Chè", "Chi bộ Xóm Chè", [], tan_cuong, today, {}),
        ],
    }
    first_level = []
    for name, files in sent.items():
        plan, out = _consolidate(files, name.replace("Đảng ủy", "Đảng bộ"), "Huyện ủy Đại Từ", tmp_path / f"{name}.xlsx",
                                 today)
        assert all(d.status == consolidate.INCLUDED for d in plan.decisions), plan.problems()
        first_level.append(out)
    first_level[1] = _resaved(first_level[1], tmp_path / "resaved-xa")  # the clerk opened and saved it

    upper_plan, upper = _consolidate(first_level, "Huyện ủy Đại Từ", "Tỉnh ủy Thái Nguyên", tmp_path / "huyen.xlsx",
                                     today)
    direct_plan, direct = _consolidate([*sent[la_bang], *sent[tan_cuong]], "Huyện ủy Đại Từ", "Tỉnh ủy Thái Nguyên",
                                       tmp_path / "huyen-truc-tiep.xlsx", today)
    assert upper_plan.problems() == [] and direct_plan.problems() == []

    table = _table(upper)
    assert table == _table(direct)
    assert _column(table, "Tổ chức đảng") == ["Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng", "Chi bộ Xóm Chè",
                                              "Chi bộ Xóm Đồng"]
    assert _column(table, "Trực thuộc") == [la_bang, la_bang, tan_cuong, tan_cuong]
    assert _column(table, "Mức xếp loại") == ["Hoàn thành tốt nhiệm vụ", "Hoàn thành xuất sắc nhiệm vụ",
                                              "Chưa xếp loại", "Hoàn thành nhiệm vụ"]
    assert _column(table, "Tiêu biểu") == [None, "x", None, None]
    assert _column(table, "Đề nghị khen thưởng")[1] == ("Giấy khen của cấp ủy cấp trên trực tiếp: Hoàn thành xuất sắc "
                                                        "nhiệm vụ tiêu biểu năm 2026")
    assert _column(table, "Ghi chú") == [None, "QĐ 20-QĐ/ĐU", None, "chậm nộp báo cáo"]
    assert _column(table, "Theo báo cáo của") == [
        "Chi bộ Xóm Bãi (tệp «LB Xóm Bãi.xlsx»)", "Chi bộ Xóm Đồng (tệp «LB Xóm Đồng.xlsx»)",
        "Chi bộ Xóm Chè (tệp «TC Xóm Chè.xlsx»)", "Chi bộ Xóm Đồng (tệp «TC Xóm Đồng.xlsx»)"]
    # The raw data carries them on, so a third level sees them too.
    upper_raw, direct_raw = read_raw_data(upper), read_raw_data(direct)
    assert upper_raw.checksum_ok and upper_raw.meta["collectives"] == direct_raw.meta["collectives"]
    assert len(upper_raw.meta["collectives"]) == 4
    assert consolidate.read_branch_file(upper).collectives == tuple(upper_raw.meta["collectives"])


def test_a_unit_rated_differently_in_two_files_is_named_with_both_files_and_sheets(
        tmp_path: Path, today: dt.date) -> None:
    commune = rated_report(tmp_path, "La Bằng", "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"],
                      "Huyện ủy Đại Từ", today, {"Chi bộ Xóm Đồng": Rating("HTTNV")})
    own = rated_report(tmp_path, "Xóm Đồng", "Chi bộ Xóm Đồng", [], "Đảng bộ xã La Bằng", today,
                  {"Chi bộ Xóm Đồng": Rating("HTXSNV", True)})
    plan, out = _consolidate([own, commune], "Huyện ủy Đại Từ", "Tỉnh ủy Thái Nguyên", tmp_path / "huyen.xlsx", today)
    assert [d.status for d in plan.decisions] == [consolidate.CONTAINED, consolidate.INCLUDED]
    message = ("Xếp loại tổ chức đảng của Chi bộ Xóm Đồng (Đảng bộ xã La Bằng) khác nhau: tệp «La Bằng.xlsx» "
               "(trang «Xếp loại tổ chức đảng») ghi «Hoàn thành tốt nhiệm vụ»; tệp «Xóm Đồng.xlsx» (trang «Xếp loại "
               "cuối năm», phần ghi chú dưới danh sách) ghi «Hoàn thành xuất sắc nhiệm vụ, tiêu biểu». Đã dùng theo "
               "tệp «La Bằng.xlsx» (tệp dùng để tính đơn vị này); hãy hỏi lại cấp ủy đã quyết định xếp loại và đề "
               "nghị đơn vị gửi lại tệp đúng.")
    assert any(line.startswith("«La Bằng.xlsx»: ") and message in line for line in plan.problems())
    notes = [c.value for row in load_workbook(out)["Các tệp đã nhận"].iter_rows() for c in row]
    assert any(isinstance(note, str) and message in note for note in notes)
    table = _table(out)
    assert dict(zip(_column(table, "Tổ chức đảng"), _column(table, "Mức xếp loại"), strict=True))[
        "Chi bộ Xóm Đồng"] == "Hoàn thành tốt nhiệm vụ"

    # One level up: the commune's consolidation beside the chi bộ's file sent again, rated otherwise.
    _, commune_level = _consolidate([commune], "Đảng bộ xã La Bằng", "Huyện ủy Đại Từ", tmp_path / "xa.xlsx", today)
    plan, _ = _consolidate([commune_level, own], "Huyện ủy Đại Từ", "Tỉnh ủy Thái Nguyên", tmp_path / "huyen2.xlsx",
                           today)
    assert ("Xếp loại tổ chức đảng của Chi bộ Xóm Đồng (Đảng bộ xã La Bằng) khác nhau: tệp «xa.xlsx» "
            "(trang «Xếp loại tổ chức đảng», theo báo cáo của Đảng bộ xã La Bằng (tệp «La Bằng.xlsx»)) ghi «Hoàn thành "
            "tốt nhiệm vụ»; tệp «Xóm Đồng.xlsx»") in " ".join(plan.problems())
