"""The safety scan of an .xlsx before calamine reads it: where the data ends
(a stray far cell is refused) and which cells are formulas, however the
writer spelled its XML."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlite_utils import Database

from desktop.core.errors import UserError
from desktop.excel.importing import file_checks, importer
from tests.excel.import_builders import convert_with_libreoffice, raw_xlsx, xml_row

HEADER = xml_row(1, "Họ và tên", "Chi bộ")
NAME = xml_row(2, "Nguyễn Văn An", "Chi bộ Xóm Đồng")

# Sheet XML as different writers write it → (last row, last column, formula cells 0-based).
SPELLINGS: dict[str, tuple[list[str], tuple[int, int, set[tuple[int, int]]]]] = {
    "Excel: formula with its value": (
        [HEADER, '<row r="3"><c r="A3" t="str"><f>B3&amp;C3</f><v>An</v></c></row>'], (3, 2, {(2, 0)})),
    "Excel: shared formula down a column": (
        [HEADER, '<row r="2"><c r="C2"><f t="shared" ref="C2:C4" si="0">ROW()-1</f><v>1</v></c></row>',
         '<row r="3"><c r="C3"><f t="shared" si="0"/><v>2</v></c></row>',
         '<row r="4"><c r="C4"><f t="shared" si="0"/><v>3</v></c></row>'], (4, 3, {(1, 2), (2, 2), (3, 2)})),
    "namespace prefix on every tag": (
        [HEADER, '<x:row r="5"><x:c r="B5"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'], (5, 2, {(4, 1)})),
    "reference after other attributes": (
        [HEADER, '<row spans="1:4" r="6"><c s="1" t="str" r="D6"><f>1</f><v>1</v></c></row>'], (6, 4, {(5, 3)})),
    "cells and rows without references": (
        [HEADER, '<row><c t="inlineStr"><is><t>An</t></is></c><c><f>1+1</f></c><c><v>7</v></c></row>'],
        (2, 3, {(1, 1)})),
    "styled empty cells far away hold nothing": (
        [HEADER, NAME, '<row r="900"><c r="Z900" s="3"/><c r="AA900" s="3"></c></row>'], (900, 27, set())),
    "data validation formulas are no cells": (
        [HEADER, NAME, '<extLst><ext><x14:dataValidations><x14:dataValidation><x14:formula1>'
         '<xm:f>Sheet2!$A$1:$A$5</xm:f></x14:formula1><xm:sqref>B2:B9</xm:sqref>'
         '</x14:dataValidation></x14:dataValidations></ext></extLst>'], (2, 2, set())),
}


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_the_scan_finds_the_last_cell_and_every_formula(spelling: str, tmp_path: Path) -> None:
    rows, (last_row, last_column, formulas) = SPELLINGS[spelling]
    fmt, extents = file_checks.inspect_workbook(raw_xlsx(tmp_path / "x.xlsx", "DS", rows))
    assert fmt == "xlsx"
    extent = extents["DS"]
    assert (extent.rows, extent.columns, set(extent.formulas)) == (last_row, last_column, formulas)


def test_a_value_far_past_the_list_is_refused_even_among_many_rows(tmp_path: Path) -> None:
    rows = [HEADER, *(xml_row(n, f"Người {n}", "Chi bộ Xóm Đồng") for n in range(2, 5_000)),
            '<row r="60000"><c r="IZ60000"><v>1</v></c></row>']
    with pytest.raises(UserError) as caught:
        file_checks.inspect_workbook(raw_xlsx(tmp_path / "x.xlsx", "DS", rows))
    assert "dòng 60000, cột 260" in caught.value.message


@pytest.mark.slow
def test_formulas_of_a_libreoffice_made_list_are_found_and_imported_as_values(
        tmp_path: Path, branch_db: Database) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Họ và tên", "Chi bộ"])
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]:
        ws.append(["=ROW()-1", f'=TRIM("  {name} ")', "Chi bộ Xóm Đồng"])
    # Saved as .xlsm so that LibreOffice's .xlsx is a file of its own, with the computed values.
    wb.save(tmp_path / "ds.xlsm")
    converted = convert_with_libreoffice(tmp_path / "ds.xlsm", "xlsx")
    if converted is None:
        pytest.skip("LibreOffice is not installed")
    _, extents = file_checks.inspect_workbook(converted)
    assert set(extents["Danh sách"].formulas) == {(r, c) for r in (1, 2, 3) for c in (0, 1)}
    result = importer.apply(branch_db, importer.analyse(converted))
    assert result.written and result.added == 3
    names = {r[0] for r in branch_db.execute("SELECT full_name FROM people")}
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert any(w.place.column_letter == "B" and "công thức" in w.message for w in result.warnings), \
        [str(w) for w in result.warnings]
