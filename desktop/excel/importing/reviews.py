"""Writing the Đánh giá tháng sheet: each person's review of a month.

A review is keyed by (person, year, month), so importing the same file
again changes nothing; empty cells keep what is stored. Each month's rows
go to `reviews.set_reviews`, the monthly review screen's own command.
"""

from __future__ import annotations

from typing import Any

from desktop.core import reviews
from desktop.core.errors import UserError
from desktop.excel.importing.context import ImportContext, SheetCounts
from desktop.excel.importing.plan import SheetPlan
from desktop.excel.importing.rows import Record
from desktop.excel.importing.sheet_years import year_of


def _review_edit(person_id: int, values: dict[str, Any]) -> reviews.ReviewEdit:
    keep = reviews.KEEP
    return reviews.ReviewEdit(
        person_id,
        level=values["level"] if "level" in values else keep,
        commended=values["commended"] if "commended" in values else keep,
        reminded=values["reminded"] if "reminded" in values else keep,
        note=values["note"] if "note" in values else keep,
    )


def import_reviews(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    months: dict[tuple[int, int], list[tuple[Record, int]]] = {}
    seen: dict[tuple[int, int, int], int] = {}
    locked: dict[int, bool] = {}
    for record in sheet.records:
        ctx.tick()
        year = year_of(ctx, sheet, record, locked)
        month = record.values.get("month")
        if year is None:
            continue
        if month is None:
            ctx.error(sheet, record, None, "thiếu tháng; hãy ghi tháng đánh giá (1 đến 12) vào cột Tháng.")
            continue
        person_id = ctx.find_person(sheet, record)
        if person_id is None:
            continue
        if (person_id, year, month) in seen:
            ctx.error(sheet, record, "full_name", (
                f"dòng này và dòng {seen[(person_id, year, month)]} cùng là đánh giá tháng {month}/{year} "
                "của một người; hãy giữ một dòng."))
            continue
        seen[(person_id, year, month)] = record.row
        months.setdefault((year, month), []).append((record, person_id))
    for (year, month), items in sorted(months.items()):
        _write_month(ctx, sheet, counts, year, month, items)


def _write_month(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts, year: int, month: int,
                 items: list[tuple[Record, int]]) -> None:
    listed = {p.id for p in reviews.people_for_month(ctx.db, year, month, None)}
    stored = reviews.month_reviews(ctx.db, year, month)
    edits: list[reviews.ReviewEdit] = []
    for record, person_id in items:
        if person_id not in listed:
            ctx.error(sheet, record, "month", (
                f"«{record.values['full_name']}» không có trong danh sách sinh hoạt tháng {month}/{year} "
                "(chưa chuyển đến, hoặc đã chuyển đi, từ trần); hãy kiểm tra tháng hoặc trạng thái của người này."))
            continue
        edit = _review_edit(person_id, record.values)
        before = stored.get(person_id)
        after = edit.applied_to(before)
        if before is None and after.empty:
            counts.unchanged += 1
        elif before is None:
            counts.added += 1
        elif after != before:
            counts.updated += 1
        else:
            counts.unchanged += 1
            continue
        edits.append(edit)
    if edits and not ctx.result.errors:
        try:
            reviews.set_reviews(ctx.db, year, month, edits)
        except UserError as exc:
            ctx.error(sheet, items[0][0], "month", exc.message)
