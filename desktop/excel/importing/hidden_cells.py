"""What a cell hides: a formula behind its value, control characters removed from its text.

Choices (issue 6, "Bad input"):
- A formula with the value Excel computed and saved is imported as that
  value, with one warning per column: it is what the secretary sees on screen.
- A formula without a saved value (a file written by a program, never opened
  in Excel) is an error on its cell: its value is unknown, and reading it as
  empty would silently drop a name or blank a field.
- Control characters were removed by `workbook_reader`; one warning per
  column lists the cells, so a name that changed is checked by a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.excel.importing import cells

FORMULA_WITHOUT_VALUE = (
    "ô này là công thức nhưng tệp không lưu sẵn kết quả (tệp do chương trình khác tạo, chưa mở bằng Excel), "
    "nên không biết giá trị. Hãy mở tệp bằng Excel rồi lưu lại, hoặc chép cột rồi Dán đặc biệt → Giá trị "
    "(Paste Values), rồi nhập lại."
)
_CELLS_LISTED = 5


def blank_formulas(formulas: frozenset[tuple[int, int]], r: int, row: list[Any], columns: Iterable[int]) -> list[int]:
    """Columns of row `r` (0-based) holding a formula whose value the file does not carry."""
    if not formulas:
        return []
    return [c for c in columns if (r, c) in formulas and cells.is_empty(row[c] if c < len(row) else None)]


def _refs(positions: list[tuple[int, int]]) -> str:
    shown = ", ".join(f"{get_column_letter(c + 1)}{r + 1}" for r, c in positions[:_CELLS_LISTED])
    return shown + ("…" if len(positions) > _CELLS_LISTED else "")


def _by_column(positions: Iterable[tuple[int, int]], columns: set[int], first_row: int) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for r, c in sorted(positions):
        if c in columns and r >= first_row:
            out.setdefault(c, []).append((r, c))
    return out


def hidden_cell_warnings(formulas: frozenset[tuple[int, int]], removed: list[tuple[int, int]],
                         rows: list[list[Any]], columns: set[int], first_row: int) -> list[tuple[int, str]]:
    """(column, warning) for computed formulas and removed control characters, one per column."""
    warnings: list[tuple[int, str]] = []
    for column, positions in _by_column(formulas, columns, first_row).items():
        valued = [(r, c) for r, c in positions if c < len(rows[r]) and not cells.is_empty(rows[r][c])]
        if valued:
            r, c = valued[0]
            warnings.append((column, (
                f"{len(valued)} ô là công thức ({_refs(valued)}): đã lấy kết quả Excel tính sẵn, ví dụ "
                f"{get_column_letter(c + 1)}{r + 1} = «{cells.to_text(rows[r][c])[:60]}». Nếu đã sửa ô mà công thức "
                "dựa vào, hãy mở tệp bằng Excel, lưu lại rồi nhập lại.")))
    for column, positions in _by_column(removed, columns, first_row).items():
        warnings.append((column, (
            f"đã bỏ ký tự điều khiển ẩn (không in ra được) ở {len(positions)} ô ({_refs(positions)}); "
            "hãy xem lại các ô này sau khi nhập.")))
    return warnings
