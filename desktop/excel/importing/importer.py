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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core import backup, clock, dates, people, vntext
from desktop.core.changes import ChangeSet, Recorder, recording
from desktop.core.errors import LockedYearError, ValidationError
from desktop.excel.importing.deeds import import_deeds, import_reviews
from desktop.excel.importing.plan import ImportPlan, Issue, Place, SheetPlan, analyse_workbook
from desktop.excel.importing.rows import Record
from desktop.excel.importing.scores import import_scores
from desktop.excel.importing.units import UnitProblem, UnitResolver
from desktop.excel.importing.workbook_reader import read_workbook

MAX_ERRORS = 200
_PERSON_FIELDS = (
    "gender", "birth_date", "ethnicity", "kind", "membership", "joined_date", "official_date",
    "party_card_no", "position", "cccd", "phone", "note",
)


def analyse(path: Path | str, today: dt.date | None = None) -> ImportPlan:
    """Read and understand a workbook; raises UnreadableWorkbook for a file it cannot read.

    `today` is the day the rows are checked against (no birth date after
    it); the window and the CLI pass their clock's day.
    """
    return analyse_workbook(read_workbook(Path(path)), today or clock.SystemClock().today())


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did (or, when `written` is False, why it wrote nothing)."""

    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    by_sheet: dict[str, SheetCounts] = field(default_factory=dict)
    conversions: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False
    changeset: ChangeSet | None = None

    @property
    def written(self) -> bool:
        return self.changeset is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "written": self.written,
            "cancelled": self.cancelled,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "sheets": {name: vars(c) for name, c in self.by_sheet.items()},
            "converted": self.conversions,
            "warnings": [w.to_json() for w in self.warnings],
            "errors": [e.to_json() for e in self.errors],
        }


class _Abort(Exception):
    """Roll the import's transaction back."""


@dataclass
class _Known:
    id: int
    birth: str | None
    row: int | None = None  # the row of this import that added or matched the person
    sheet: str | None = None


class ImportContext:
    """What the writers of each sheet share during one `apply`."""

    def __init__(self, db: Database, rec: Recorder, plan: ImportPlan, result: ImportResult,
                 units: UnitResolver, default_year: int | None,
                 tick: Callable[[], None]) -> None:
        self.db, self.rec, self.plan, self.result = db, rec, plan, result
        self.units, self.default_year, self.tick = units, default_year, tick
        self.people: dict[tuple[str, int], list[_Known]] = {}
        for pid, fold, unit_id, birth in db.execute("SELECT id, name_fold, unit_id, birth_date FROM people"):
            self.people.setdefault((fold, unit_id), []).append(_Known(pid, birth))

    def error(self, sheet: SheetPlan, record: Record | None, field_name: str | None, message: str) -> None:
        column = record.columns.get(field_name) if record and field_name else None
        if column is None and record is not None:
            column = record.columns.get("full_name")
        self.result.errors.append(Issue(sheet.place(record.row if record else None, column), message))
        if len(self.result.errors) >= MAX_ERRORS:
            raise _Abort

    def unit_of(self, sheet: SheetPlan, record: Record) -> int | None:
        try:
            return self.units.resolve(record.values.get("unit"), record.values.get("committee"))
        except UnitProblem as problem:
            self.error(sheet, record, "unit" if "unit" in record.columns else "committee", problem.message)
            return None

    def candidates(self, name: str, unit_id: int, birth: str | None) -> list[_Known]:
        same = self.people.get((vntext.fold(name), unit_id), [])
        if not birth:
            return list(same)
        exact = [k for k in same if k.birth == birth]
        return exact or [k for k in same if k.birth is None]

    def describe(self, known: _Known) -> str:
        born = f"sinh {dates.format_date(known.birth)}" if known.birth else "chưa ghi ngày sinh"
        where = f"dòng {known.row} trang «{known.sheet}»" if known.row else "đã có trong tệp dữ liệu"
        return f"người {born} ({where})"

    def find_person(self, sheet: SheetPlan, record: Record) -> int | None:
        """The person a row of a deeds, reviews or points sheet is about, or an error."""
        unit_id = self.unit_of(sheet, record)
        if unit_id is None:
            return None
        name = record.values["full_name"]
        birth = dates.to_iso(record.values.get("birth_date"))
        found = self.candidates(name, unit_id, birth)
        if len(found) == 1:
            return found[0].id
        unit = self.units.describe(unit_id)
        if not found:
            self.error(sheet, record, "full_name", (
                f"không có ai tên «{name}» ở {unit} trong tệp dữ liệu. Hãy kiểm tra họ tên, chi bộ, "
                "hoặc thêm người này vào trang Đảng viên."))
        else:
            listed = "; ".join(self.describe(k) for k in found)
            self.error(sheet, record, "full_name", (
                f"có {len(found)} người tên «{name}» ở {unit}: {listed}. "
                "Hãy ghi thêm cột Ngày sinh để biết là ai."))
        return None


def apply(
    db: Database, plan: ImportPlan, *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    default_unit_id: int | None = None,
    default_year: int | None = None,
) -> ImportResult:
    """Write the plan in one recorded change, or write nothing and say why."""
    result = ImportResult(plan.path.name, warnings=list(plan.warnings), conversions=plan.conversions)
    if plan.errors:
        result.errors = plan.errors
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
            raise _Abort
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)

    try:
        with recording(db, f"Nhập từ Excel: {plan.path.name}") as rec:
            units = UnitResolver(db, default_unit_id)
            ctx = ImportContext(db, rec, plan, result, units, default_year, tick)
            for sheet in plan.sheets:
                result.by_sheet[sheet.name] = counts = SheetCounts()
                writer = {"members": _import_members, "deeds": import_deeds,
                          "reviews": import_reviews, "scores": import_scores}[sheet.kind]
                writer(ctx, sheet, counts)
            if result.errors:
                raise _Abort
            result.warnings.extend(Issue(Place(plan.path.name), f"đã tạo {text}.") for text in units.created)
            result.changeset = rec.changeset
    except _Abort:
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


def _nothing_written(result: ImportResult) -> None:
    result.by_sheet = {name: SheetCounts() for name in result.by_sheet}
    result.changeset = None


# --- Đảng viên ----------------------------------------------------------------------

def _import_members(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    for record in sheet.records:
        ctx.tick()
        unit_id = ctx.unit_of(sheet, record)
        if unit_id is None:
            continue
        values = record.values
        birth = dates.to_iso(values.get("birth_date"))
        found = ctx.candidates(values["full_name"], unit_id, birth)
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
                setattr(counts, outcome, getattr(counts, outcome) + 1)
        else:
            person_id = _add_person(ctx, sheet, record, unit_id)
            if person_id is not None:
                key = (vntext.fold(values["full_name"]), unit_id)
                ctx.people.setdefault(key, []).append(_Known(person_id, birth, record.row, sheet.name))
                counts.added += 1


def _raw_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in _PERSON_FIELDS if values.get(k) is not None}


def _validate(ctx: ImportContext, sheet: SheetPlan, record: Record, raw: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return people.validate(raw, ctx.plan.today)
    except ValidationError as exc:
        for name, message in exc.fields.items():
            ctx.error(sheet, record, name, message)
        return None


def _add_person(ctx: ImportContext, sheet: SheetPlan, record: Record, unit_id: int) -> int | None:
    values = record.values
    raw = {"kind": "dang_vien", **_raw_fields(values), "full_name": values["full_name"], "unit_id": unit_id}
    clean = _validate(ctx, sheet, record, raw)
    if clean is None:
        return None
    now = dates.now_iso()
    status = values.get("status")
    if status:
        clean["status"] = status
        clean["status_date"] = dates.to_iso(values.get("status_date"))
    person_id = int(ctx.rec.insert("people", {**clean, "created_at": now, "updated_at": now}))
    _record_status(ctx, person_id, status, values.get("status_date"))
    return person_id


def _update_person(ctx: ImportContext, sheet: SheetPlan, record: Record, person_id: int) -> str | None:
    """Fill the person's fields the row gives; returns "updated", "unchanged" or None on error."""
    stored = ctx.rec.get("people", person_id) or {}
    given = _raw_fields(record.values)
    merged = {k: stored[k] for k in _PERSON_FIELDS if stored.get(k) is not None}
    merged.update(given)
    merged["kind"] = merged.get("kind") or stored["kind"]
    clean = _validate(ctx, sheet, record, merged)
    if clean is None:
        return None
    changes = {k: clean[k] for k in given}
    status = record.values.get("status")
    if status:
        changes["status"] = status
    if record.values.get("status_date"):
        changes["status_date"] = dates.to_iso(record.values["status_date"])
    changed = ctx.rec.update("people", person_id, changes)
    changed = _record_status(ctx, person_id, status, record.values.get("status_date")) or changed
    if changed:
        ctx.rec.update("people", person_id, {"updated_at": dates.now_iso()})
    return "updated" if changed else "unchanged"


def _record_status(ctx: ImportContext, person_id: int, status: str | None, day: Any) -> bool:
    """Keep the status history: a status with its date becomes a step of it, once."""
    if not status or day is None:
        return False
    iso = dates.to_iso(day)
    exists = ctx.db.execute(
        "SELECT 1 FROM status_changes WHERE person_id = ? AND status = ? AND effective_date = ?",
        [person_id, status, iso],
    ).fetchone()
    if exists:
        return False
    ctx.rec.insert("status_changes", {
        "person_id": person_id, "status": status, "effective_date": iso,
        "note": "Nhập từ Excel", "created_at": dates.now_iso(),
    })
    return True
