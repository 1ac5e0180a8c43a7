"""Writing the sheets that belong to a year: Đăng ký and Đánh giá tháng.

Each row names a person (matched as on the Đảng viên sheet, which is
imported first) or, for a deed, a collective of a unit. Rows are keyed so
that importing the same file again changes nothing: a deed by (year, owner,
content), a review by (person, year, month), points by (person, year,
criterion). Empty cells keep what is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.core import dates, deeds, reviews, vntext, years
from desktop.core.errors import UserError, ValidationError
from desktop.excel.importing.plan import Issue, SheetPlan
from desktop.excel.importing.rows import Record

if TYPE_CHECKING:
    from desktop.excel.importing.importer import ImportContext, SheetCounts

_DEED_FIELDS = ("content", "category", "target", "due_date", "outcome", "result", "is_model")


def default_year(ctx: ImportContext) -> int:
    if ctx.default_year is None:
        ctx.default_year = years.working_year(ctx.db, ctx.plan.today)
    return ctx.default_year


def year_of(ctx: ImportContext, sheet: SheetPlan, record: Record, locked: dict[int, bool]) -> int | None:
    """The row's year (the working year when the sheet has none), None if it is locked."""
    year = record.values.get("year")
    if year is None:
        year = default_year(ctx)
        if sheet.column_of("year") is None and not locked:
            ctx.result.warnings.append(Issue(sheet.place(), f"không có cột Năm: các dòng được ghi vào năm {year}."))
    if year not in locked:
        locked[year] = years.is_locked(ctx.db, year)
        if locked[year]:
            ctx.error(sheet, record, "year", (
                f"năm {year} đã chốt sổ nên không nhập được. Hãy mở khóa năm trong màn hình Cuối năm "
                f"(việc mở khóa được ghi nhật ký), hoặc bỏ các dòng năm {year} khỏi tệp."))
    return None if locked[year] else year


# --- Đăng ký ---------------------------------------------------------------------------

def _deed_key(year: int, person_id: int | None, unit_id: int, collective: str | None, content: str) -> tuple:
    return (year, person_id, unit_id if person_id is None else None, vntext.fold(collective), vntext.fold(content))


def import_deeds(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    existing: dict[tuple, int] = {}
    for row in ctx.db.execute("SELECT id, year, person_id, unit_id, collective, content FROM deeds"):
        existing.setdefault(_deed_key(row[1], row[2], row[3], row[4], row[5]), row[0])
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
        try:
            clean = deeds.validate(raw)
        except ValidationError as exc:
            for name, message in exc.fields.items():
                ctx.error(sheet, record, name, message)
            continue
        key = _deed_key(year, person_id, unit_id, collective, clean["content"])
        if key in existing:
            changes = {k: v for k, v in clean.items() if k != "content"}
            if ctx.rec.update("deeds", existing[key], changes):
                ctx.rec.update("deeds", existing[key], {"updated_at": dates.now_iso()})
                counts.updated += 1
            else:
                counts.unchanged += 1
            continue
        years.ensure_year(ctx.db, year)
        now = dates.now_iso()
        existing[key] = ctx.rec.insert("deeds", {
            "is_model": 0, **clean, "year": year, "person_id": person_id, "unit_id": unit_id,
            "collective": collective, "position": _next_position(ctx, year, person_id, unit_id, collective),
            "created_at": now, "updated_at": now,
        })
        counts.added += 1


def _owner(ctx: ImportContext, sheet: SheetPlan, record: Record) -> tuple[int | None, int, str | None] | None:
    """(person id, unit id, collective) of a deed row, or None after an error."""
    if record.values.get("full_name"):
        person_id = ctx.find_person(sheet, record)
        if person_id is None:
            return None
        unit_id = ctx.db.execute("SELECT unit_id FROM people WHERE id = ?", [person_id]).fetchone()[0]
        return person_id, unit_id, None
    unit_id = ctx.unit_of(sheet, record)
    if unit_id is None:
        return None
    return None, unit_id, vntext.clean(record.values["collective"])


def _next_position(ctx: ImportContext, year: int, person_id: int | None, unit_id: int, collective: str | None) -> int:
    """After the owner's other deeds of the year, as the deeds screen lists them."""
    if person_id is not None:
        row = ctx.db.execute("SELECT max(position) FROM deeds WHERE year = ? AND person_id = ?", [year, person_id])
    else:
        row = ctx.db.execute(
            "SELECT max(position) FROM deeds WHERE year = ? AND unit_id = ? AND collective = ?",
            [year, unit_id, collective],
        )
    current = row.fetchone()[0]
    return 0 if current is None else current + 1


# --- Đánh giá tháng -------------------------------------------------------------------

def _review_edit(person_id: int, values: dict[str, Any]) -> reviews.ReviewEdit:
    keep = reviews.KEEP
    return reviews.ReviewEdit(
        person_id,
        level=values["level"] if "level" in values else keep,
        commended=values["commended"] if "commended" in values else keep,
        reminded=values["reminded"] if "reminded" in values else keep,
        note=values["note"] if "note" in values else keep,
    )


def _after(before: tuple | None, values: dict[str, Any]) -> tuple:
    level, commended, reminded, note = before or (None, 0, 0, None)
    return (
        values.get("level", level),
        int(values["commended"]) if "commended" in values else commended,
        int(values["reminded"]) if "reminded" in values else reminded,
        vntext.clean_or_none(values["note"]) if "note" in values else note,
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
    stored = {r[0]: tuple(r[1:]) for r in ctx.db.execute(
        "SELECT person_id, level, commended, reminded, note FROM reviews WHERE year = ? AND month = ?",
        [year, month])}
    edits: list[reviews.ReviewEdit] = []
    for record, person_id in items:
        if person_id not in listed:
            ctx.error(sheet, record, "month", (
                f"«{record.values['full_name']}» không có trong danh sách sinh hoạt tháng {month}/{year} "
                "(chưa chuyển đến, hoặc đã chuyển đi, từ trần); hãy kiểm tra tháng hoặc trạng thái của người này."))
            continue
        before = stored.get(person_id)
        after = _after(before, record.values)
        if before is None and after == (None, 0, 0, None):
            counts.unchanged += 1
        elif before is None:
            counts.added += 1
        elif after != before:
            counts.updated += 1
        else:
            counts.unchanged += 1
            continue
        edits.append(_review_edit(person_id, record.values))
    if edits and not ctx.result.errors:
        try:
            reviews.set_reviews(ctx.db, year, month, edits)
        except UserError as exc:
            ctx.error(sheet, items[0][0], "month", exc.message)
