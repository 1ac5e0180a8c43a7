"""Reading a block copied from Excel into the month grid (Ctrl+V).

Excel puts a copied range on the clipboard as tab-separated lines (cells
with a line break or tab inside are quoted). The block lands from the
current cell rightwards over Mức, Biểu dương, Nhắc nhở, Ghi chú and
downwards over the people shown. Like a paste in Excel it replaces those
cells, blanks included. Every cell is read before anything is written, so
one bad cell means nothing is stored and the message names each bad cell.
"""

from __future__ import annotations

import csv
import io

from desktop.core.errors import UserError
from desktop.core.reviews import ReviewEdit, ReviewRow, parse_review_level
from desktop.excel.importing.cells import CellError, to_flag
from desktop.ui.reviews.reviews_model import (
    COMMENDED,
    FIXED_HEADERS,
    LEVEL,
    NOTE,
    PASTE_COLUMNS,
    REMINDED,
)

_MAX_LISTED = 8


def read_block(text: str) -> list[list[str]]:
    """Clipboard text → rows of cells; the trailing line break Excel adds is dropped."""
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t"))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def block_to_edits(text: str, shown: list[ReviewRow], start_row: int, start_column: int) -> list[ReviewEdit]:
    """The edits a pasted block asks for; UserError (in Vietnamese) when it cannot land."""
    block = read_block(text)
    if not block:
        raise UserError("Bộ nhớ tạm không có gì để dán. Hãy chép (Ctrl+C) một vùng ô trong Excel trước.")
    if start_column not in PASTE_COLUMNS:
        raise UserError(
            "Hãy chọn ô ở cột Mức (hoặc Biểu dương, Nhắc nhở, Ghi chú) của người đầu tiên rồi dán lại; "
            f"không dán được vào cột {FIXED_HEADERS[start_column] if start_column < len(FIXED_HEADERS) else 'tiến độ việc'}."
        )
    first = PASTE_COLUMNS.index(start_column)
    room = len(PASTE_COLUMNS) - first
    width = max(len(row) for row in block)
    if width > room:
        names = ", ".join(FIXED_HEADERS[c] for c in PASTE_COLUMNS[first:])
        raise UserError(
            f"Khối đã chép rộng {width} cột nhưng từ cột {FIXED_HEADERS[start_column]} chỉ dán được {room} cột "
            f"({names}). Hãy chép lại đúng các cột đó theo thứ tự Mức, Biểu dương, Nhắc nhở, Ghi chú."
        )
    if start_row + len(block) > len(shown):
        raise UserError(
            f"Khối đã chép có {len(block)} dòng nhưng từ dòng {start_row + 1} trở xuống chỉ còn "
            f"{len(shown) - start_row} người trong danh sách tháng này. Hãy chép bớt dòng hoặc chọn ô cao hơn."
        )
    edits: list[ReviewEdit] = []
    problems: list[str] = []
    for offset, cells in enumerate(block):
        review = shown[start_row + offset]
        values: dict[str, object] = {}
        for position, cell in enumerate(cells + [""] * (width - len(cells))):
            column = PASTE_COLUMNS[first + position]
            try:
                values.update(_read_cell(column, cell))
            except ValueError as exc:
                message = exc.message if isinstance(exc, CellError) else str(exc)
                problems.append(f"Dòng {start_row + offset + 1} ({review.full_name}), cột {FIXED_HEADERS[column]}: {message}")
        edits.append(ReviewEdit(review.person_id, **values))  # type: ignore[arg-type]
    if problems:
        listed = "\n".join(f"• {p}" for p in problems[:_MAX_LISTED])
        more = f"\n… và {len(problems) - _MAX_LISTED} ô sai khác." if len(problems) > _MAX_LISTED else ""
        raise UserError(f"Không dán được, chưa ghi gì. Hãy sửa các ô sau trong Excel rồi chép, dán lại:\n{listed}{more}")
    return edits


def _read_cell(column: int, cell: str) -> dict[str, object]:
    if column == LEVEL:
        return {"level": parse_review_level(cell)}
    if column == NOTE:
        return {"note": cell.strip() or None}
    flag = bool(to_flag(cell))
    return {"commended": flag} if column == COMMENDED else {"reminded": flag} if column == REMINDED else {}
