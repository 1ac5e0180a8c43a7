"""Bringing an Excel list into the data file, in two phases.

    plan = analyse(path)                       # reads, recognises, converts; writes nothing
    plan = plan.with_mapping(sheet, {3: "birth_date"})   # the user fixes a column
    result = apply(db, plan, progress=..., cancelled=...)

`apply` writes the whole plan in ONE recorded change (so one undo takes the
import back, and the audit log shows it), or nothing at all: any error, a
cancel, or a locked year rolls the transaction back and the result says why,
each problem with its file, sheet, row and column.

People are matched by (name, chi bộ, date of birth when given); re-importing
the same file changes nothing, and an empty cell never blanks a stored value.
Every write is a core command (`people.create_people`, `update_person`,
`set_status`, `deeds.create_deed`, `reviews.set_reviews`, `yearend.set_points`…)
joining the import's recording, so a list obeys the same checks and keeps
the same history as the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core import backup, clock, dates, people, units
from desktop.core.changes import recording
from desktop.core.errors import LockedYearError, UserError, ValidationError
from desktop.excel.importing.collectives import import_collectives
from desktop.excel.importing.context import (
    ImportAborted,
    ImportContext,
    ImportResult,
    Known,
    SheetCounts,
)
from desktop.excel.importing.deeds import import_deeds
from desktop.excel.importing.plan import ImportPlan, Issue, Place, SheetPlan, analyse_workbook
from desktop.excel.importing.reviews import import_reviews
from desktop.excel.importing.rows import Record, given_facts, name_fold
from desktop.excel.importing.scores import import_scores
from desktop.excel.importing.units import UnitResolver, unit_key
from desktop.excel.importing.workbook_reader import read_workbook

__all__ = ["ImportResult", "analyse", "apply", "apply_good_rows"]

# Written on the status history steps a list adds.
STATUS_NOTE = "Nhập từ Excel"


def analyse(path: Path | str, today: dt.date | None = None) -> ImportPlan:
    """Read and understand a workbook; raises UnreadableWorkbook for a file it cannot read.

    `today` is the day the rows are checked against (no birth date after
    it); the window and the CLI pass their clock's day.
    """
    return analyse_workbook(read_workbook(Path(path)), today or clock.SystemClock().today())


def apply(
    db: Database, plan: ImportPlan, *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    default_unit_id: int | None = None,
    default_year: int | None = None,
    committee: str | None = None,
    unit: str | None = None,
    keep_capitals: bool = False,
) -> ImportResult:
    """Write the plan in one recorded change, or write nothing and say why.

    `committee`: the đảng bộ the list's new chi bộ go under (an empty file
    needs one for a list of several chi bộ; default: the one a title row
    names). `unit`: the chi bộ of rows that name none (default: the one the
    title names). `default_unit_id` does the same by id (the wizard's choice).
    `keep_capitals`: store names written in capitals as written, not in title case.
    """
    result = ImportResult(plan.path.name, warnings=list(plan.warnings), conversions=plan.conversions,
                          capitalised=[(w, t) for _, _, w, t in plan.capitalised], capitals_kept=keep_capitals,
                          inferred_membership=plan.inferred_membership, partial_dates=plan.partial_dates)
    if plan.errors:
        result.errors = plan.errors
        return result
    empty_file = not units.list_units(db)
    # The title's đảng bộ places new chi bộ only in an empty file; elsewhere the file's own tree decides.
    committee = committee or (plan.committee_hint if empty_file else None)
    unit = unit or plan.unit_hint
    problem = _committee_needed(db, plan, committee)
    if problem:
        result.errors.append(Issue(Place(plan.path.name), problem))
        return result
    total = sum(len(s.records) for s in plan.sheets)
    done = 0
    if total:
        backup.backup_before(db, backup.Moment.IMPORT)

    def tick() -> None:
        nonlocal done
        done += 1
        if cancelled is not None and cancelled():
            result.cancelled = True
            raise ImportAborted
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)

    try:
        with recording(db, f"Nhập từ Excel: {plan.path.name}") as rec:
            resolver = UnitResolver(db, default_unit_id, default_unit_name=unit, committee_name=committee)
            ctx = ImportContext(db, rec, plan, result, resolver, default_year, tick, keep_capitals)
            for sheet in plan.sheets:
                result.by_sheet[sheet.name] = counts = SheetCounts()
                writer = {"members": _import_members, "deeds": import_deeds, "reviews": import_reviews,
                          "scores": import_scores, "collectives": import_collectives}[sheet.kind]
                writer(ctx, sheet, counts)
            if result.errors:
                raise ImportAborted
            result.warnings.extend(Issue(Place(plan.path.name), f"đã tạo {text}.") for text in resolver.created)
            result.changeset = rec.changeset
    except ImportAborted:
        _nothing_written(result)
    except LockedYearError as exc:
        result.errors.append(Issue(Place(plan.path.name), exc.message))
        _nothing_written(result)
    else:
        for counts in result.by_sheet.values():
            result.added += counts.added
            result.updated += counts.updated
            result.unchanged += counts.unchanged
    return result


SHOWN_NAMES = 10
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def conversion_lines(result: ImportResult) -> list[str]:
    """What the import changed in form on the way in, one sentence each (CLI and wizard summary)."""
    lines: list[str] = []
    if result.conversions:
        converted = ", ".join(f"{n} ô từ {ENCODING_NAMES.get(enc, enc.upper())}" for enc, n in result.conversions.items())
        lines.append(f"Đã chuyển mã chữ cũ sang Unicode: {converted}.")
    if result.capitalised:
        shown = "; ".join(f"{w} → {t}" for w, t in result.capitalised[:SHOWN_NAMES])
        more = f"; … và {len(result.capitalised) - SHOWN_NAMES} người khác" if len(result.capitalised) > SHOWN_NAMES else ""
        if result.capitals_kept:
            lines.append(f"Giữ nguyên {len(result.capitalised)} họ tên viết hoa toàn bộ như trong tệp.")
        else:
            lines.append(f"Đã đổi {len(result.capitalised)} họ tên viết hoa toàn bộ sang chữ hoa đầu mỗi tiếng: "
                         f"{shown}{more}.")
    if result.partial_dates:
        lines.append(f"{result.partial_dates} ngày chỉ ghi năm hoặc tháng/năm được giữ đúng như đã ghi "
                     "(không tự thêm ngày 01/01).")
    if result.inferred_membership:
        lines.append(f"Đã suy ra chính thức/dự bị cho {result.inferred_membership} người từ cột Ngày chính thức "
                     "hoặc chữ «dự bị» ở cột khác; hãy xem lại trong danh sách.")
    return lines


GOOD_ROWS_PASSES = 3


def apply_good_rows(db: Database, plan: ImportPlan, **options: Any) -> tuple[ImportResult, list[Issue]]:
    """Write every row without a problem; returns the result and the problems of the rows left out.

    The wizard's "import the good rows and give me the bad ones back": rows
    refused while reading, then rows refused against the data file (an
    unknown chi bộ, a duplicate…), are left out and the rest written in one
    recorded change. A problem of a whole sheet or file still stops it all.
    """
    left_out: list[Issue] = []
    current = plan
    for _ in range(GOOD_ROWS_PASSES):
        errors = current.errors
        if not errors:
            result = apply(db, current, **options)
            errors = result.errors
            if result.written or result.cancelled or not errors:
                result.skipped = left_out
                return result, left_out
        if any(e.place.row is None or e.place.sheet is None for e in errors):
            break
        left_out.extend(errors)
        current = current.without_rows(current.bad_rows(errors))
    result = apply(db, current, **options)
    result.skipped = left_out
    return result, left_out


def _committee_needed(db: Database, plan: ImportPlan, committee: str | None) -> str | None:
    """Why a list of several chi bộ cannot go into an empty file without a đảng bộ's name, or None."""
    if committee or units.list_units(db):
        return None
    names = plan.unit_names()
    if len({unit_key(n) for n in names}) < 2:
        return None
    listed = ", ".join(f"«{n}»" for n in names[:6]) + (" …" if len(names) > 6 else "")
    return (f"danh sách có {len(names)} chi bộ ({listed}) mà tệp dữ liệu chưa có đảng bộ nào. "
            "Hãy cho biết tên đảng bộ của các chi bộ này (trình nhập: ô «Đảng bộ»; dòng lệnh: "
            "--committee «Đảng bộ xã …»); các chi bộ sẽ được tạo trong đảng bộ đó.")


def _nothing_written(result: ImportResult) -> None:
    result.by_sheet = {name: SheetCounts() for name in result.by_sheet}
    result.changeset = None


# --- Đảng viên ----------------------------------------------------------------------

# New people written per `people.create_people` call: few enough that the
# progress bar and a cancel stay prompt.
ADD_BATCH = 500


def _import_members(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    """Match each row to a known person (update) or queue it as a new one;
    new people are added `ADD_BATCH` at a time through `people.create_people`."""
    pending: list[tuple[Record, Known]] = []
    for record in sheet.records:
        ctx.tick()
        unit_id = ctx.unit_of(sheet, record)
        if unit_id is None:
            continue
        values = record.values
        birth = dates.to_iso(values.get("birth_date"))
        folded = name_fold(record)
        found = ctx.candidates(values["full_name"], unit_id, birth, folded)
        if len(found) > 1:
            listed = "; ".join(ctx.describe(k) for k in found)
            ctx.error(sheet, record, "full_name", (
                f"có {len(found)} người tên «{values['full_name']}» ở {ctx.units.describe(unit_id)}: {listed}. "
                "Hãy ghi ngày sinh để phân biệt, không thì chương trình không biết dòng này là ai."))
        elif found and found[0].row is not None:
            ctx.error(sheet, record, "full_name", (
                f"dòng này trùng người với dòng {found[0].row} (cùng họ tên «{values['full_name']}», "
                f"cùng {ctx.units.describe(unit_id)}, ngày sinh không khác nhau). "
                "Hãy xóa một trong hai dòng, hoặc ghi ngày sinh nếu là hai người khác nhau."))
        elif found:
            found[0].row, found[0].sheet = record.row, sheet.name
            outcome = _update_person(ctx, sheet, record, found[0].id)
            if outcome is not None:
                counts.count(outcome)
        else:
            # Known at once, so a later row of the same person is caught; its id comes with the batch.
            known = Known(0, birth, record.row, sheet.name, unit_id)
            ctx.people.setdefault((folded, unit_id), []).append(known)
            pending.append((record, known))
            if len(pending) >= ADD_BATCH:
                _add_people(ctx, sheet, pending, counts)
                pending = []
    _add_people(ctx, sheet, pending, counts)


def _add_people(ctx: ImportContext, sheet: SheetPlan, pending: list[tuple[Record, Known]],
                counts: SheetCounts) -> None:
    if not pending:
        return
    rows = [_new_person(ctx, record, known.unit_id) for record, known in pending]
    try:
        outcomes = people.create_people(ctx.db, rows, today=ctx.plan.today)
    except UserError as exc:
        ctx.error(sheet, pending[0][0], None, exc.message)
        return
    for (record, known), outcome in zip(pending, outcomes, strict=True):
        if isinstance(outcome, ValidationError):
            ctx.forget(known, record.values["full_name"])
            ctx.invalid(sheet, record, outcome)
            continue
        known.id = outcome
        values = record.values
        if values.get("status"):
            try:
                people.set_status(ctx.db, outcome, values["status"], values.get("status_date"), STATUS_NOTE)
            except ValidationError as exc:
                ctx.invalid(sheet, record, exc)
                continue
            except UserError as exc:
                ctx.error(sheet, record, None, exc.message)
                continue
        counts.added += 1


def _new_person(ctx: ImportContext, record: Record, unit_id: int | None) -> people.ValidPerson | dict[str, Any]:
    """The row to add: as core checked it for the preview (`Record.person`), in
    its chi bộ; the raw row, for core to check, when the user keeps a name
    written in capitals (the name stored is not the one checked)."""
    kept = ctx.keep_capitals and "full_name" in record.as_written
    if record.person is not None and not kept:
        return record.person.in_unit(unit_id)
    name: str = record.as_written["full_name"] if kept else record.values["full_name"]
    return {**given_facts(record.values), "full_name": name, "unit_id": unit_id}


def _update_person(ctx: ImportContext, sheet: SheetPlan, record: Record, person_id: int) -> str | None:
    """Fill the person's fields the row gives; returns "updated", "unchanged" or None on error."""
    values = record.values
    try:
        changed = ctx.wrote(people.update_person, person_id, given_facts(values), today=ctx.plan.today)
        if values.get("status"):
            changed = ctx.wrote(people.set_status, person_id, values["status"], values.get("status_date"),
                                STATUS_NOTE) or changed
    except ValidationError as exc:
        ctx.invalid(sheet, record, exc)
        return None
    except UserError as exc:
        ctx.error(sheet, record, None, exc.message)
        return None
    return "updated" if changed else "unchanged"
