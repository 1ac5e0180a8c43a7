"""Writing the Đăng ký sheet: the deeds each person and collective registers.

Each row names a person (matched as on the Đảng viên sheet, which is
imported first) or a collective of a unit. A deed is the same deed when
`deeds.deed_key` says so (year, owner, content), so importing the same
file again changes nothing; empty cells keep what is stored. Deeds are
added and changed by `deeds.create_deed` / `update_deed`, the Đăng ký
screen's own commands.
"""

from __future__ import annotations

from desktop.core import deeds, vntext
from desktop.core.errors import UserError, ValidationError
from desktop.excel.importing.context import ImportContext, SheetCounts
from desktop.excel.importing.plan import SheetPlan
from desktop.excel.importing.rows import Record
from desktop.excel.importing.sheet_years import year_of

_DEED_FIELDS = ("content", "category", "target", "due_date", "outcome", "result", "is_model")


def import_deeds(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    existing = deeds.deed_index(ctx.db)
    locked: dict[int, bool] = {}
    for record in sheet.records:
        ctx.tick()
        values = record.values
        year = year_of(ctx, sheet, record, locked)
        if year is None:
            continue
        if not values.get("content"):
            ctx.error(sheet, record, None, "thiếu nội dung đăng ký; hãy ghi việc làm theo Bác vào cột Nội dung đăng ký.")
            continue
        if values.get("full_name") and values.get("collective"):
            ctx.error(sheet, record, "collective", "dòng ghi cả Họ và tên lẫn Tập thể; việc của một người thì để trống cột Tập thể.")
            continue
        owner = _owner(ctx, sheet, record)
        if owner is None:
            continue
        person_id, unit_id, collective = owner
        raw = {k: values[k] for k in _DEED_FIELDS if values.get(k) is not None}
        key = deeds.deed_key(year, person_id, unit_id, collective, raw["content"])
        try:
            if key in existing:
                changes = {k: v for k, v in raw.items() if k != "content"}
                counts.count("updated" if ctx.wrote(deeds.update_deed, existing[key], changes) else "unchanged")
            else:
                existing[key] = deeds.create_deed(ctx.db, year, {**raw, "collective": collective},
                                                  person_id=person_id, unit_id=unit_id)
                counts.added += 1
        except ValidationError as exc:
            ctx.invalid(sheet, record, exc)
        except UserError as exc:
            ctx.error(sheet, record, None, exc.message)


def _owner(ctx: ImportContext, sheet: SheetPlan, record: Record) -> tuple[int | None, int | None, str | None] | None:
    """(person id, unit id, collective) of a deed row, or None after an error."""
    if record.values.get("full_name"):
        person_id = ctx.find_person(sheet, record)
        return None if person_id is None else (person_id, None, None)
    unit_id = ctx.unit_of(sheet, record)
    if unit_id is None:
        return None
    return None, unit_id, vntext.clean(record.values["collective"])
