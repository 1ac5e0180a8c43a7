"""An import is the window's commands in one recording: the same checks, the same
history, one undo, and no SQL of its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import grimp
import pytest
from sqlite_utils import Database

from desktop.core import audit, changes, people, units
from desktop.core.errors import ValidationError
from desktop.excel.importing import importer
from tests.excel.import_builders import exchange_workbook, member_sheet, write_xlsx
from tests.excel.test_import_rules import snapshot

IMPORTING = Path(__file__).parents[2] / "desktop" / "excel" / "importing"
HEADER = ["Họ và tên", "Ngày sinh", "Chi bộ", "Trạng thái", "Ngày trạng thái", "Số CCCD", "Ngày vào Đảng"]


def _import(db: Database, tmp_path: Path, *rows: list[Any], name: str = "ds.xlsx") -> importer.ImportResult:
    path = write_xlsx(tmp_path / name, {"Đảng viên": member_sheet(*rows, header=HEADER)})
    return importer.apply(db, importer.analyse(path))


def _branch(db: Database) -> int:
    return units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id


def test_a_status_with_its_date_enters_the_history_as_in_the_window(tmp_path: Path, branch_db: Database) -> None:
    result = _import(branch_db, tmp_path,
                     ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Chuyển đi", "15/06/2026", None, None])
    assert result.errors == [] and result.added == 1
    imported = people.identities(branch_db)[0].id

    by_hand = people.create_person(branch_db, {"full_name": "Lê Bình", "unit_id": _branch(branch_db)})
    people.change_status(branch_db, by_hand, "chuyen_di", "15/06/2026", "Nhập từ Excel")

    def seen(pid: int) -> tuple[Any, ...]:
        person = people.get_person(branch_db, pid)
        return person.status, person.status_date, people.status_history(branch_db, pid)

    assert seen(imported) == seen(by_hand)
    assert people.status_history(branch_db, imported) == [
        people.StatusChange("chuyen_di", "2026-06-15", "Nhập từ Excel")]
    # On the list through 14 June, gone from the 15th, for the reviews and year end alike.
    assert imported in {p.id for p in people.active_on(branch_db, dt.date(2026, 6, 14))}
    assert imported not in {p.id for p in people.active_on(branch_db, dt.date(2026, 6, 15))}


def test_importing_the_status_again_adds_no_second_step(tmp_path: Path, branch_db: Database) -> None:
    row = ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Miễn công tác và sinh hoạt", "01/02/2026", None, None]
    _import(branch_db, tmp_path, row)
    again = _import(branch_db, tmp_path, row, name="lai.xlsx")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert not again.changeset
    (person,) = people.identities(branch_db)
    assert [s.status for s in people.status_history(branch_db, person.id)] == ["mien_sinh_hoat"]


def test_a_later_list_moving_someone_out_adds_a_step_and_makes_it_current(tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Miễn", "01/02/2026", None, None])
    later = _import(branch_db, tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Chuyển đi", "15/06/2026",
                                          None, None], name="sau.xlsx")
    assert later.updated == 1
    (person,) = people.identities(branch_db)
    assert [(s.status, s.effective_date) for s in people.status_history(branch_db, person.id)] == [
        ("mien_sinh_hoat", "2026-02-01"), ("chuyen_di", "2026-06-15")]
    assert people.get_person(branch_db, person.id).status == "chuyen_di"


def test_a_cccd_of_eleven_digits_is_refused_with_the_windows_words(tmp_path: Path, branch_db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        people.add_person(branch_db, {"full_name": "Lê Bình", "unit_id": _branch(branch_db), "cccd": "00108001234"})
    words = refused.value.fields["cccd"]
    before = snapshot(branch_db)
    result = _import(branch_db, tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", None, None, "00108001234", None])
    (error,) = result.errors
    assert words in error.message and "00108001234" in error.message
    assert (error.place.file, error.place.sheet, error.place.row, error.place.column_letter) == (
        "ds.xlsx", "Đảng viên", 2, "F")
    assert not result.written and snapshot(branch_db) == before


def test_new_people_are_checked_once_by_core_for_the_preview_and_written_as_checked(
        tmp_path: Path, branch_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    check = people.validate

    def counted(raw: dict[str, Any], today: dt.date, **kwargs: Any) -> dict[str, Any]:
        calls.append(raw.get("full_name", ""))
        return check(raw, today, **kwargs)

    monkeypatch.setattr(people, "validate", counted)
    path = write_xlsx(tmp_path / "ds.xlsx", {"Đảng viên": member_sheet(
        ["NGUYỄN VĂN AN", "05/03/1980", "Xóm Đồng", None, None, "001080001234", "03/02/2005"],
        ["Trần Thị Bình", "25/05/1979", "Xóm Đồng", None, None, None, None],
        header=HEADER)})
    plan = importer.analyse(path)
    assert calls == ["Nguyễn Văn An", "Trần Thị Bình"]  # the preview's check is core's
    assert all(r.person is not None for r in plan.sheets[0].records)
    calls.clear()
    result = importer.apply(branch_db, plan)
    assert result.errors == [] and result.added == 2 and calls == []  # written as checked
    stored = {p.full_name: p for p in people.list_people(branch_db, people.PersonFilter())}
    assert stored["Nguyễn Văn An"].cccd == "001080001234" and stored["Nguyễn Văn An"].joined_date == "2005-02-03"
    assert stored["Trần Thị Bình"].unit_id == _branch(branch_db)
    # A name kept in capitals is not the one checked: core checks that row when it writes it.
    capitals = write_xlsx(tmp_path / "hoa.xlsx", {"Đảng viên": member_sheet(
        ["LÊ VĂN CƯỜNG", "01/01/1970", "Xóm Đồng", None, None, None, None], header=HEADER)})
    calls.clear()
    result = importer.apply(branch_db, importer.analyse(capitals), keep_capitals=True)
    assert calls == ["Lê Văn Cường", "LÊ VĂN CƯỜNG"] and result.errors == [] and result.added == 1
    assert "LÊ VĂN CƯỜNG" in {p.full_name for p in people.list_people(branch_db, people.PersonFilter())}


def test_the_preview_shows_core_s_refusal_of_any_fact_of_a_new_person(tmp_path: Path, branch_db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        people.check_new({"full_name": "Lê Bình", "joined_date": "2090"}, dt.date(2026, 11, 23))
    path = write_xlsx(tmp_path / "ds.xlsx", {"Đảng viên": member_sheet(
        ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", None, None, None, "2090"], header=HEADER)})
    plan = importer.analyse(path)
    (error,) = plan.errors
    assert error.message == refused.value.fields["joined_date"] and error.place.column_letter == "G"


def test_an_update_is_checked_against_the_stored_facts_as_in_the_window(tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", None, None, None, None])
    (person,) = people.identities(branch_db)
    with pytest.raises(ValidationError) as refused:
        people.update_person(branch_db, person.id, {"joined_date": "01/01/1975"})
    words = refused.value.fields["joined_date"]
    before = snapshot(branch_db)
    # No birth date in this list: the stored one (1980) is what the joining date is checked against.
    result = _import(branch_db, tmp_path, ["Nguyễn Văn An", None, "Xóm Đồng", None, None, None, "01/01/1975"],
                     name="sau.xlsx")
    (error,) = result.errors
    assert error.message == words == "Ngày vào Đảng phải sau ngày sinh."
    assert (error.place.row, error.place.column_letter) == (2, "G")
    assert snapshot(branch_db) == before


def test_one_undo_takes_back_people_units_statuses_deeds_reviews_and_points(
        tmp_path: Path, branch_db: Database) -> None:
    _import(branch_db, tmp_path, ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", None, None, None, None])
    before = snapshot(branch_db)
    logged = {e.id for e in audit.query(branch_db, limit=1000)}
    members = member_sheet(
        ["Nguyễn Văn An", "05/03/1980", "Chi bộ Xóm Đồng", "Miễn", "01/03/2026", "001080012345", None],
        ["Trần Thị Bình", "25/05/1979", "Chi bộ Xóm Bãi", None, None, None, None],
        ["Lê Văn Cường", "02/01/1975", "Chi bộ Xóm Mới", None, None, None, None],
        header=HEADER)
    result = importer.apply(branch_db, importer.analyse(exchange_workbook(tmp_path / "x.xlsx", members=members)))
    assert result.errors == [] and result.changeset is not None
    assert {"people", "units", "status_changes", "deeds", "reviews", "scores", "year_results"} <= (
        result.changeset.tables)
    # One action in the log, whatever command wrote each row.
    assert {e.label for e in audit.query(branch_db, limit=1000) if e.id not in logged} == {"Nhập từ Excel: x.xlsx"}
    changes.undo(branch_db, result.changeset)
    after = snapshot(branch_db)
    del after["audit_log"], before["audit_log"]
    assert after == before


def test_the_importer_speaks_no_sql() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b")
    found = [f"{path.name}:{number}" for path in sorted(IMPORTING.glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if sql.search(line)]
    assert found == []


def test_the_importing_modules_import_no_cycle() -> None:
    graph = grimp.build_graph("desktop")
    modules = sorted(m for m in graph.modules if m.startswith("desktop.excel.importing."))
    cycles = [(a, b) for i, a in enumerate(modules) for b in modules[i + 1:]
              if graph.chain_exists(a, b) and graph.chain_exists(b, a)]
    assert cycles == []
