"""Export the exchange workbook, import it into an empty file, export again: same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import python_calamine
from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.excel.importing import importer
from desktop.excel.importing.headers import SHEET_TITLES
from desktop.excel.reports.exchange import export_exchange


def visible_sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return {m.name: book.get_sheet_by_name(m.name).to_python() for m in book.sheets_metadata
                if m.visible == python_calamine.SheetVisibleEnum.Visible}
    finally:
        book.close()


def test_exchange_round_trip_keeps_every_sheet(tmp_path: Path, demo_db: Database) -> None:
    first = export_exchange(demo_db, 2026, tmp_path / "mau-1.xlsx")
    fresh = dbmod.open_db(tmp_path / "moi.sqlite", create=True)
    result = importer.apply(fresh, importer.analyse(first))
    assert result.errors == [], [str(e) for e in result.errors[:5]]
    second = export_exchange(fresh, 2026, tmp_path / "mau-2.xlsx")
    fresh.close()
    before, after = visible_sheets(first), visible_sheets(second)
    assert list(before) == list(SHEET_TITLES.values())
    for title in before:
        assert len(before[title]) > 1, f"{title} should hold the demo's rows"
        assert after[title] == before[title], title


def test_exchange_export_counts_what_the_file_holds(tmp_path: Path, demo_db: Database) -> None:
    sheets = visible_sheets(export_exchange(demo_db, 2026, tmp_path / "mau.xlsx"))
    people = demo_db.execute("SELECT count(*) FROM people").fetchone()[0]
    deeds = demo_db.execute("SELECT count(*) FROM deeds WHERE year = 2026").fetchone()[0]
    reviews = demo_db.execute("SELECT count(*) FROM reviews WHERE year = 2026").fetchone()[0]
    assert len(sheets["Đảng viên"]) - 1 == people
    assert len(sheets["Đăng ký"]) - 1 == deeds
    assert len(sheets["Đánh giá tháng"]) - 1 == reviews
    header = sheets["Chấm điểm"][0]
    assert "Tiêu chí chung (tối đa 30)" in header and "Kỷ luật" in header


def test_reimporting_an_export_into_its_own_file_changes_nothing(tmp_path: Path, demo_db: Database) -> None:
    path = export_exchange(demo_db, 2026, tmp_path / "mau.xlsx")
    result = importer.apply(demo_db, importer.analyse(path))
    assert result.errors == []
    assert (result.added, result.updated) == (0, 0)
    assert result.unchanged > 0


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, branch_db: Database) -> None:
    from desktop.core import people, units

    unit = units.find_by_name(branch_db, "Chi bộ Xóm Đồng")[0]
    people.add_person(branch_db, {"full_name": "Nguyễn Văn An", "unit_id": unit.id, "note": "=1+1"})
    sheets = visible_sheets(export_exchange(branch_db, 2026, tmp_path / "mau.xlsx"))
    header, row = sheets["Đảng viên"][:2]
    assert row[header.index("Ghi chú")] == "=1+1"


def test_export_reports_each_step_and_a_raising_progress_saves_nothing(tmp_path: Path, branch_db: Database) -> None:
    steps: list[tuple[int, int]] = []
    export_exchange(branch_db, 2026, tmp_path / "mau.xlsx", progress=lambda d, t: steps.append((d, t)))
    assert steps == [(n, 7) for n in range(1, 8)]

    class Stop(Exception):
        pass

    def stop_at_save(done: int, total: int) -> None:
        if done == 6:
            raise Stop

    target = tmp_path / "dung.xlsx"
    with pytest.raises(Stop):
        export_exchange(branch_db, 2026, target, progress=stop_at_save)
    assert list(tmp_path.glob("*dung*")) == []
