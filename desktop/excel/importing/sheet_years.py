"""The year a row of a yearly sheet (Đăng ký, Đánh giá tháng, Chấm điểm) belongs to."""

from __future__ import annotations

from desktop.core import years
from desktop.excel.importing.context import ImportContext
from desktop.excel.importing.plan import Issue, SheetPlan
from desktop.excel.importing.rows import Record


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
