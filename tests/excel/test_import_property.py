"""Property: whatever one cell of a valid file holds, the import is whole or nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import db as dbmod
from desktop.core import newfile
from desktop.excel.importing import importer
from tests.excel.import_builders import write_xlsx
from tests.excel.test_import_rules import snapshot

SHEETS: dict[str, list[list[Any]]] = {
    "Đảng viên": [
        ["Họ và tên", "Ngày sinh", "Chi bộ", "Giới tính", "Số CCCD", "Trạng thái"],
        ["Nguyễn Văn An", "05/03/1980", "Xóm Đồng", "Nam", "001080012345", "Đang sinh hoạt"],
        ["Trần Thị Bình", "25/05/1979", "Xóm Bãi", "Nữ", None, None],
        ["Lê Văn Cường", "02/01/1975", "Xóm Đồng", "Nam", None, "MSH"],
    ],
    "Đăng ký": [
        ["Năm", "Họ và tên", "Chi bộ", "Nội dung đăng ký", "Thời hạn", "Kết quả"],
        [2026, "Nguyễn Văn An", "Xóm Đồng", "Giữ đường làng sạch đẹp", "31/12/2026", "Hoàn thành"],
        [2026, "Trần Thị Bình", "Xóm Bãi", "Đọc sách về Bác", None, None],
    ],
    "Đánh giá tháng": [
        ["Năm", "Tháng", "Họ và tên", "Chi bộ", "Mức", "Biểu dương", "Nhắc nhở"],
        [2026, 1, "Nguyễn Văn An", "Xóm Đồng", "Tốt", "x", None],
        [2026, 2, "Trần Thị Bình", "Xóm Bãi", "Đạt", None, "x"],
    ],
    "Chấm điểm": [
        ["Năm", "Họ và tên", "Chi bộ", "Tiêu chí chung", "Kết quả thực hiện nhiệm vụ", "Kỷ luật"],
        [2026, "Nguyễn Văn An", "Xóm Đồng", 27.5, 60, None],
    ],
}

cell_values = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),  # what a cell can hold
    st.integers(min_value=-10, max_value=100_000),
    st.floats(min_value=-100, max_value=1e6, allow_nan=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
    st.sampled_from(["13", "0", "x", "✓", "Tốt", "Chưa đạt", "31/02/2000", "2999-01-01", "Xóm Mới",
                     "Nguyễn Văn An", "quần chúng", "=1+1", "HTXSNV", "-5", "35"]),
)


@st.composite
def one_corrupted_cell(draw: st.DrawFn) -> tuple[str, int, int, Any]:
    sheet = draw(st.sampled_from(list(SHEETS)))
    rows = SHEETS[sheet]
    row = draw(st.integers(min_value=1, max_value=len(rows) - 1))
    column = draw(st.integers(min_value=0, max_value=len(rows[0]) - 1))
    return sheet, row, column, draw(cell_values)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_corrupted_cell())
def test_import_never_partially_writes(change: tuple[str, int, int, Any]) -> None:
    sheet, row, column, value = change
    sheets = {name: [list(r) for r in rows] for name, rows in SHEETS.items()}
    sheets[sheet][row][column] = value
    db = dbmod.open_memory()
    newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng", "Chi bộ Xóm Bãi"], 2026)
    before = snapshot(db)
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "x.xlsx", sheets)
        result = importer.apply(db, importer.analyse(path))
    if result.written:
        assert result.errors == []
        assert result.added > 0
    else:
        assert result.errors, "nothing written must come with a reason"
        assert snapshot(db) == before
    db.close()
