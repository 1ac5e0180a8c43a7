"""Excel 97–2003 (.xls) and OpenDocument (.ods) lists come in like .xlsx ones.

The files are made from the messy .xlsx by LibreOffice at test time; the
tests skip where LibreOffice is not installed. Those formats carry no font
the import reads, so legacy text is recognised by its shape alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.excel.importing import importer
from tests.excel.import_builders import convert_with_libreoffice, messy_member_list


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_old_and_open_formats_import_like_xlsx(fmt: str, tmp_path: Path, branch_db: Database) -> None:
    converted = convert_with_libreoffice(messy_member_list(tmp_path / "ds.xlsx"), fmt)
    if converted is None:
        pytest.skip("LibreOffice is not installed")
    plan = importer.analyse(converted)
    assert plan.format == fmt
    result = importer.apply(branch_db, plan)
    assert result.errors == []
    assert result.added == 4
    assert result.conversions == {"tcvn3": 1, "vni": 1}
    rows = dict(branch_db.execute("SELECT full_name, cccd FROM people").fetchall())
    assert rows == {"Nguyễn Văn An": "001080012345", "Trần Thị Bình": "001080012346",
                    "Lê Văn Cường": None, "Phạm Thị Dung": None}
