"""Tệp → Nhập từ Excel with a commune's first list (issue 10): the Đảng bộ box of
an empty file, the chi bộ of a list without the column, keeping names in
capitals, and "import the good rows, give me the bad ones back"."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.core import people, units
from desktop.core.people import PersonFilter
from desktop.excel.importing.bad_rows import PROBLEM_HEADER, bad_rows_path
from desktop.ui.importing.import_pages import PREVIEW, SUMMARY
from desktop.ui.importing.import_wizard import ImportWizard
from desktop.ui.operations import Operations
from tests.excel.import_builders import branch_list_titled, commune_list, write_xlsx
from tests.ui.typing import type_text
from tests.ui.wizard_driving import NEXT, WAIT_MS, click, open_wizard, settle

COMMIT = QWizard.WizardButton.CommitButton


@pytest.fixture
def empty_ops(empty_db, qtbot, clock):
    return Operations(empty_db, clock=clock)





def _to_preview(qtbot, wizard: ImportWizard, path: Path) -> None:
    type_text(qtbot, wizard.file_page.path, str(path))
    click(qtbot, wizard, NEXT)
    settle(qtbot, wizard)
    while wizard.currentId() != PREVIEW:
        click(qtbot, wizard, NEXT)


def _import(qtbot, wizard: ImportWizard) -> None:
    click(qtbot, wizard, COMMIT)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY, timeout=WAIT_MS)


def _people(db) -> dict[str, people.Person]:
    return {p.full_name: p for p in people.list_people(db, PersonFilter(), limit=100)}


def test_the_done_scenario_in_the_wizard_asks_the_committee_of_an_empty_file(empty_ops, qtbot, tmp_path):
    wizard = open_wizard(empty_ops, qtbot)
    _to_preview(qtbot, wizard, commune_list(tmp_path / "ds.xlsx"))
    page = wizard.preview_page
    assert page.committee.isVisible(), "an empty file: the wizard asks which đảng bộ"
    assert page.committee.text() == "Đảng bộ xã La Bằng", "prefilled from the title row"
    page.committee.selectAll()
    type_text(qtbot, page.committee, "Đảng bộ xã La Bằng mới")
    assert page.keep_capitals.isVisible() and "24 người: LÒ VĂN PẤU, LÒ THỊ ÉN, QUÀNG VĂN BIÊN …" in \
        page.keep_capitals.text()
    assert not page.good_rows.isVisible(), "no bad row, nothing to give back"
    _import(qtbot, wizard)

    details = wizard.summary_page.details.text()
    assert wizard.summary_page.totals.text() == "Thêm mới 24 · Cập nhật 0 · Không đổi 0"
    assert "Đã đổi 24 họ tên viết hoa toàn bộ sang chữ hoa đầu mỗi tiếng: LÒ VĂN PẤU → Lò Văn Pấu" in details
    assert "14 ngày chỉ ghi năm hoặc tháng/năm được giữ đúng như đã ghi" in details
    assert "chính thức/dự bị cho 23 người" in details
    tree = sorted((u.kind, u.name) for u in units.list_units(empty_ops.db))
    assert tree == [("chi_bo", "Bản Nậm Ngá"), ("chi_bo", "Xóm Đồng"), ("dang_bo", "Đảng bộ xã La Bằng mới")]
    found = _people(empty_ops.db)
    assert len(found) == 24 and found["Lò Văn Pấu"].birth_date == "1968" and "Đào Thị Hoa" in found


def test_keeping_names_in_capitals(empty_ops, qtbot, tmp_path):
    wizard = open_wizard(empty_ops, qtbot)
    _to_preview(qtbot, wizard, commune_list(tmp_path / "ds.xlsx"))
    box = wizard.preview_page.keep_capitals
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    _import(qtbot, wizard)
    assert "Giữ nguyên 24 họ tên viết hoa toàn bộ như trong tệp." in wizard.summary_page.details.text()
    assert "LÒ VĂN PẤU" in _people(empty_ops.db)


def test_the_chi_bo_of_a_list_without_the_column_is_chosen_in_the_wizard(ops, qtbot, tmp_path):
    wizard = open_wizard(ops, qtbot)
    _to_preview(qtbot, wizard, branch_list_titled(tmp_path / "ds.xlsx"))
    page = wizard.preview_page
    assert page.unit.isVisible() and not page.committee.isVisible()
    assert page.unit.currentText() == "Chi bộ Bản Nậm Ngá", "the title's chi bộ, offered"
    page.unit.setFocus()
    page.unit.lineEdit().selectAll()
    type_text(qtbot, page.unit.lineEdit(), "Chi bộ Xóm Bãi")
    _import(qtbot, wizard)
    assert {p.unit_name for p in _people(ops.db).values()} == {"Chi bộ Xóm Bãi"}
    assert len(units.list_units(ops.db)) == 3, "an existing chi bộ was chosen: nothing created"


def test_the_title_chi_bo_is_created_when_left_as_offered(empty_ops, qtbot, tmp_path):
    wizard = open_wizard(empty_ops, qtbot)
    _to_preview(qtbot, wizard, branch_list_titled(tmp_path / "ds.xlsx"))
    assert wizard.preview_page.unit.currentText() == "Chi bộ Bản Nậm Ngá"
    _import(qtbot, wizard)
    tree = sorted((u.kind, u.name) for u in units.list_units(empty_ops.db))
    assert tree == [("chi_bo", "Chi bộ Bản Nậm Ngá"), ("dang_bo", "Đảng bộ xã Mường Phăng")]


def test_good_rows_in_and_bad_rows_back_as_a_workbook(ops, qtbot, tmp_path):
    rows = [["DANH SÁCH ĐẢNG VIÊN"], ["STT", "Họ và tên", "Chi bộ", "Ngày sinh"],
            [1, "Nguyễn Văn An", "Xóm Đồng", "05/03/1980"], [2, "Trần Thị Bình", "Xóm Bãi", "32/13/1979"],
            [3, "Lê Văn Cường", "Xóm Bãi", "1975"]]
    source = write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}, merges={"DS": ["A1:D1"]})
    wizard = open_wizard(ops, qtbot)
    _to_preview(qtbot, wizard, source)
    page = wizard.preview_page
    assert not wizard.button(COMMIT).isEnabled(), "by default one bad cell stops the list"
    assert page.good_rows.isVisible()
    page.good_rows.setFocus()
    qtbot.keyClick(page.good_rows, Qt.Key.Key_Space)
    assert page.good_rows.isChecked()
    assert wizard.button(COMMIT).isEnabled()
    assert "1 dòng có lỗi không nhập" in page.status.text()
    _import(qtbot, wizard)

    target = bad_rows_path(source)
    assert target.exists()
    assert f"1 dòng có lỗi chưa nhập: đã ghi ra tệp «{target}»" in wizard.summary_page.details.text()
    assert sorted(_people(ops.db)) == ["Lê Văn Cường", "Nguyễn Văn An"]
    table = [list(r) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True)]
    assert table[0][-1] == PROBLEM_HEADER
    assert table[1][:4] == [2, "Trần Thị Bình", "Xóm Bãi", "32/13/1979"]
    assert "không phải ngày có thật" in table[1][-1]
