"""Writing the Xếp loại tập thể sheet: each đảng bộ or chi bộ's own rating of a year.

A rating is keyed by (unit, year), so importing the same file again changes
nothing; an empty cell keeps what is stored. A đảng ủy importing its chi
bộ's exchange workbooks so receives their ratings (earlier years of the
"5 năm liền" run included). Each row goes to `collectives.set_rating`, the
Cuối năm dialog's own command, so tiêu biểu without HTXSNV is refused here too.
"""

from __future__ import annotations

from desktop.core import collectives
from desktop.core.collectives import Rating
from desktop.core.errors import UserError
from desktop.excel.importing.context import ImportContext, SheetCounts
from desktop.excel.importing.plan import SheetPlan
from desktop.excel.importing.sheet_years import year_of


def import_collectives(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    seen: dict[tuple[int, int], int] = {}
    locked: dict[int, bool] = {}
    for record in sheet.records:
        ctx.tick()
        year = year_of(ctx, sheet, record, locked)
        if year is None:
            continue
        unit_id = ctx.unit_of(sheet, record)
        if unit_id is None:
            continue
        if (unit_id, year) in seen:
            ctx.error(sheet, record, "unit", (
                f"dòng này và dòng {seen[(unit_id, year)]} cùng là xếp loại năm {year} của "
                f"{ctx.units.describe(unit_id)}; hãy giữ một dòng."))
            continue
        seen[(unit_id, year)] = record.row
        values = record.values
        before = collectives.ratings(ctx.db, unit_id, year, year).get(year, Rating())
        after = Rating(
            values.get("unit_level", before.level),
            values["exemplary"] if values.get("exemplary") is not None else before.exemplary,
            values.get("note") or before.note,
        )
        if after == before:
            counts.unchanged += 1
            continue
        try:
            collectives.set_rating(ctx.db, year, unit_id, after)
        except UserError as exc:
            field = "exemplary" if "exemplary" in record.columns else "unit_level"
            ctx.error(sheet, record, field, exc.message)
            continue
        counts.count("updated" if not before.empty else "added")
