"""What the writers of each sheet share during one import: the result so far,
the people known by name, unit and birth date, and how to report a cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from desktop.core import dates, people, vntext
from desktop.core.changes import ChangeSet, Recorder
from desktop.core.errors import ValidationError
from desktop.excel.importing.plan import ImportPlan, Issue, SheetPlan
from desktop.excel.importing.rows import Record, name_fold
from desktop.excel.importing.units import UnitProblem, UnitResolver

MAX_ERRORS = 200


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome: str) -> None:
        """Count one row as "added", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)


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
    # Names written in capitals: (as written, as stored); stored as written when kept.
    capitalised: list[tuple[str, str]] = field(default_factory=list)
    capitals_kept: bool = False
    inferred_membership: int = 0
    partial_dates: int = 0
    # Rows left out by "import the good rows", with what is wrong in each.
    skipped: list[Issue] = field(default_factory=list)
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
            "capitalised_names": [{"written": w, "stored": w if self.capitals_kept else t}
                                  for w, t in self.capitalised],
            "capitals_kept": self.capitals_kept,
            "inferred_membership": self.inferred_membership,
            "partial_dates": self.partial_dates,
            "warnings": [w.to_json() for w in self.warnings],
            "errors": [e.to_json() for e in self.errors],
            "skipped": [e.to_json() for e in self.skipped],
        }


class ImportAborted(Exception):
    """Roll the import's transaction back."""


@dataclass
class Known:
    id: int
    birth: str | None
    row: int | None = None  # the row of this import that added or matched the person
    sheet: str | None = None
    unit_id: int | None = None  # set for a person this import adds


class ImportContext:
    """What the writers of each sheet share during one `apply`.

    Every write goes through a core command, which joins the import's one
    recording (`rec`): one undo, one audit entry, the window's rules.
    """

    def __init__(self, db: Database, rec: Recorder, plan: ImportPlan, result: ImportResult,
                 units: UnitResolver, default_year: int | None,
                 tick: Callable[[], None], keep_capitals: bool = False) -> None:
        self.db, self.rec, self.plan, self.result = db, rec, plan, result
        self.keep_capitals = keep_capitals
        self.units, self.default_year, self.tick = units, default_year, tick
        self.people: dict[tuple[str, int], list[Known]] = {}
        named = {name_fold(r) for sheet in plan.sheets for r in sheet.records if r.values.get("full_name")}
        for person in people.identities(db, named):
            self.people.setdefault((person.name_fold, person.unit_id), []).append(Known(person.id, person.birth_date))

    def forget(self, known: Known, name: str) -> None:
        """A person this import meant to add but could not."""
        self.people[(vntext.fold(name), known.unit_id or 0)].remove(known)

    def wrote(self, command: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        """Run a core command inside the import's recording; whether it changed anything."""
        before = len(self.rec.changeset.changes)
        command(self.db, *args, **kwargs)
        return len(self.rec.changeset.changes) > before

    def error(self, sheet: SheetPlan, record: Record | None, field_name: str | None, message: str) -> None:
        column = record.columns.get(field_name) if record and field_name else None
        if column is None and record is not None:
            column = record.columns.get("full_name")
        self.result.errors.append(Issue(sheet.place(record.row if record else None, column), message))
        if len(self.result.errors) >= MAX_ERRORS:
            raise ImportAborted

    def invalid(self, sheet: SheetPlan, record: Record, exc: ValidationError) -> None:
        """Each field's message of a refused command, on its cell."""
        for name, message in exc.fields.items():
            self.error(sheet, record, name, message)

    def unit_of(self, sheet: SheetPlan, record: Record) -> int | None:
        try:
            return self.units.resolve(record.values.get("unit"), record.values.get("committee"))
        except UnitProblem as problem:
            self.error(sheet, record, "unit" if "unit" in record.columns else "committee", problem.message)
            return None

    def candidates(self, name: str, unit_id: int, birth: str | None, folded: str | None = None) -> list[Known]:
        """The known people a row of `name` (folded: `folded`, when known) may be."""
        same = self.people.get((folded or vntext.fold(name), unit_id), [])
        if not birth:
            return list(same)
        exact = [k for k in same if k.birth == birth]
        # A date known only by year or month ("1968") is the same birth as any day inside it.
        inside = [k for k in same if k.birth and (k.birth.startswith(birth) or birth.startswith(k.birth))]
        return exact or inside or [k for k in same if k.birth is None]

    def describe(self, known: Known) -> str:
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
