"""Việc làm theo Bác: the deeds each person and collective registers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import dates, registrations, units, vntext, years
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError, ValidationError

OUTCOME_LABELS = {
    "hoan_thanh": "Hoàn thành",
    "vuot_muc": "Hoàn thành vượt mức",
    "chua_hoan_thanh": "Chưa hoàn thành",
    "tre_han": "Hoàn thành trễ hạn",
}


@dataclass
class Deed:
    id: int
    year: int
    person_id: int | None
    unit_id: int
    collective: str | None
    content: str
    category: str | None
    target: str | None
    due_date: str | None
    outcome: str | None
    result: str | None
    is_model: bool
    carried_from: int | None
    position: int

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or "", "Đang thực hiện")


_COLUMNS = (
    "id, year, person_id, unit_id, collective, content, category, target, due_date, "
    "outcome, result, is_model, carried_from, position"
)


def _deed(row: tuple) -> Deed:
    deed = Deed(*row)
    deed.is_model = bool(deed.is_model)
    return deed


# About a page of text: a deed is one concrete undertaking, not a report.
MAX_CONTENT_LENGTH = 2_000


def validate(raw: dict[str, Any]) -> dict[str, Any]:
    """Form text → stored values; ValidationError names each bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("content", "category", "target", "result", "collective"):
            out[key] = vntext.clean_or_none(value)
        elif key == "due_date":
            try:
                day = value if isinstance(value, dt.date) else dates.parse_date(value)
                out[key] = dates.to_iso(day)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key == "outcome":
            if value and value not in OUTCOME_LABELS:
                errors[key] = "Kết quả phải là Hoàn thành, Hoàn thành vượt mức hoặc Chưa hoàn thành."
            out[key] = value or None
        elif key == "is_model":
            out[key] = 1 if value else 0
        else:
            raise KeyError(key)
    if "content" in raw and not out.get("content"):
        errors["content"] = "Hãy nhập nội dung việc làm theo Bác."
    elif len(out.get("content") or "") > MAX_CONTENT_LENGTH:
        errors["content"] = (f"Nội dung đăng ký dài {len(out['content'])} ký tự, quá giới hạn {MAX_CONTENT_LENGTH} "
                             "ký tự; hãy viết gọn lại, cách làm cụ thể ghi vào mục Chỉ tiêu.")
    if errors:
        raise ValidationError(errors)
    return out


def _next_position(db: Database, year: int, person_id: int | None, unit_id: int, collective: str | None) -> int:
    if person_id is not None:
        row = db.execute("SELECT max(position) FROM deeds WHERE year = ? AND person_id = ?", [year, person_id])
    else:
        row = db.execute(
            "SELECT max(position) FROM deeds WHERE year = ? AND unit_id = ? AND collective = ?",
            [year, unit_id, collective],
        )
    current = row.fetchone()[0]
    return 0 if current is None else current + 1


def _owner(db: Database, values: dict[str, Any], person_id: int | None, unit_id: int | None) -> tuple[int, str]:
    """(unit id, name) of a deed's owner: a person, or a collective of a unit."""
    if person_id is not None:
        row = db.execute("SELECT unit_id, full_name FROM people WHERE id = ?", [person_id]).fetchone()
        if row is None:
            raise UserError("Người này không còn trong tệp.")
        return row[0], row[1]
    if unit_id is None or not values.get("collective"):
        raise ValidationError({"collective": "Hãy ghi tên tập thể đăng ký."})
    units.get_unit(db, unit_id)
    return unit_id, values["collective"]


def create_deed(db: Database, year: int, raw: dict[str, Any], *, person_id: int | None = None,
                unit_id: int | None = None) -> int:
    """Register a deed for a person (its unit is the person's) or a collective
    of a unit, after the owner's other deeds of the year; returns its id.

    Joins an action in progress (an import) or is one change by itself.
    """
    values = validate(raw)
    owner_unit, owner = _owner(db, values, person_id, unit_id)
    if person_id is not None:
        values["collective"] = None
    years.ensure_year(db, year)
    now = dates.now_iso()
    with recording(db, f"Đăng ký việc làm theo Bác: {owner}") as rec:
        return int(rec.insert("deeds", {
            **values, "year": year, "person_id": person_id, "unit_id": owner_unit,
            "position": _next_position(db, year, person_id, owner_unit, values.get("collective")),
            "created_at": now, "updated_at": now,
        }))


def add_deed(db: Database, year: int, raw: dict[str, Any], *, person_id: int | None = None,
             unit_id: int | None = None) -> ChangeSet:
    """Register a deed for a person (its unit is the person's) or a collective of a unit.

    The label names the deed, so "Hoàn tác: Thêm việc …" says which one goes."""
    values = validate(raw)
    _, owner = _owner(db, values, person_id, unit_id)
    years.ensure_year(db, year)
    content = str(values.get("content") or "")
    short = content if len(content) <= 40 else content[:39].rstrip() + "…"
    with recording(db, f"Thêm việc “{short}” của {owner}") as rec:
        create_deed(db, year, raw, person_id=person_id, unit_id=unit_id)
        return rec.changeset


DeedKey = tuple[int, int | None, int | None, str, str]


def deed_key(year: int, person_id: int | None, unit_id: int | None, collective: str | None, content: str) -> DeedKey:
    """What makes a deed the same deed: its year, owner and content (spelling aside).

    Importing a list twice matches its rows to the deeds it added the first time.
    """
    return (year, person_id, unit_id if person_id is None else None, vntext.fold(collective), vntext.fold(content))


def deed_index(db: Database) -> dict[DeedKey, int]:
    """deed_key → deed id for every deed in the file."""
    found: dict[DeedKey, int] = {}
    for deed_id, *key in db.execute("SELECT id, year, person_id, unit_id, collective, content FROM deeds ORDER BY id"):
        found.setdefault(deed_key(*key), deed_id)
    return found


def get_deed(db: Database, deed_id: int) -> Deed:
    row = db.execute(f"SELECT {_COLUMNS} FROM deeds WHERE id = ?", [deed_id]).fetchone()
    if row is None:
        raise UserError("Việc đăng ký này không còn trong tệp.")
    return _deed(row)


def update_deed(db: Database, deed_id: int, raw: dict[str, Any]) -> ChangeSet:
    values = validate(raw)
    with recording(db, "Sửa việc làm theo Bác") as rec:
        if rec.update("deeds", deed_id, values):
            rec.update("deeds", deed_id, {"updated_at": dates.now_iso()})
        return rec.changeset


def delete_deeds(db: Database, deed_ids: list[int]) -> ChangeSet:
    with recording(db, f"Xóa {len(deed_ids)} việc làm theo Bác") as rec:
        for deed_id in deed_ids:
            rec.delete("deeds", deed_id)
        return rec.changeset


def person_deeds(db: Database, year: int, person_id: int) -> list[Deed]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM deeds WHERE year = ? AND person_id = ? ORDER BY position, id",
        [year, person_id],
    ).fetchall()
    return [_deed(r) for r in rows]


def collective_deeds(db: Database, year: int, unit_ids: list[int] | None = None) -> list[Deed]:
    sql = f"SELECT {_COLUMNS} FROM deeds WHERE year = ? AND person_id IS NULL"
    params: list[Any] = [year]
    if unit_ids is not None:
        sql += f" AND unit_id IN ({', '.join('?' for _ in unit_ids)})"
        params.extend(unit_ids)
    rows = db.execute(sql + " ORDER BY unit_id, collective, position, id", params).fetchall()
    return [_deed(r) for r in rows]


def deed_counts(db: Database, year: int) -> dict[int, int]:
    """person id → number of deeds registered in the year."""
    rows = db.execute(
        "SELECT person_id, count(*) FROM deeds WHERE year = ? AND person_id IS NOT NULL GROUP BY person_id",
        [year],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def copy_from_year(db: Database, from_year: int, to_year: int, person_ids: list[int]) -> ChangeSet:
    """Carry the chosen people's deeds over from last year (result cleared).

    A deed already carried over to `to_year` is not copied twice.
    """
    years.ensure_year(db, to_year)
    now = dates.now_iso()
    with recording(db, f"Chép việc đăng ký năm {from_year} sang năm {to_year}") as rec:
        for person_id in person_ids:
            for deed in person_deeds(db, from_year, person_id):
                already = db.execute(
                    "SELECT 1 FROM deeds WHERE year = ? AND carried_from = ?", [to_year, deed.id]
                ).fetchone()
                if already:
                    continue
                rec.insert("deeds", {
                    "year": to_year, "person_id": person_id, "unit_id": deed.unit_id,
                    "collective": None, "content": deed.content, "category": deed.category,
                    "target": deed.target, "due_date": None, "outcome": None, "result": None,
                    "is_model": int(deed.is_model), "carried_from": deed.id,
                    "position": _next_position(db, to_year, person_id, deed.unit_id, None),
                    "created_at": now, "updated_at": now,
                })
        return rec.changeset


@dataclass(frozen=True)
class RegistrationRate:
    """Tỷ lệ đăng ký of one unit (its subtree): people with ≥ 1 deed / all."""

    unit_id: int
    unit_name: str
    members: int
    members_registered: int
    masses: int
    masses_registered: int
    individual_deeds: int
    collective_deeds: int
    models: int

    @staticmethod
    def percent(part: int, whole: int) -> float | None:
        return round(100.0 * part / whole, 1) if whole else None


def registration_rates(db: Database, year: int) -> list[RegistrationRate]:
    """Per unit (each with its sub-units) and in unit-tree order.

    The counts of registrations.registration_counts (people on the list),
    summed up the unit tree in Python (units are few, people many).
    """
    own = registrations.registration_counts(db, year)
    ordered = units.list_units(db)
    totals = {u.id: own.get(u.id, registrations.RegistrationCounts()) for u in ordered}
    for unit in reversed(ordered):  # children come after their parent in list_units
        if unit.parent_id is not None and unit.parent_id in totals:
            totals[unit.parent_id] = totals[unit.parent_id] + totals[unit.id]
    return [RegistrationRate(unit_id=u.id, unit_name=u.name, **dataclasses.asdict(totals[u.id])) for u in ordered]


@dataclass(frozen=True)
class OverdueDeed:
    deed_id: int
    owner: str  # the person, or the collective and its unit
    content: str
    due_date: str


def overdue_deeds(db: Database, year: int, today: dt.date) -> list[OverdueDeed]:
    """Deeds of the year whose deadline has passed with no result written, oldest deadline first."""
    return [OverdueDeed(*row) for row in db.execute(
        """SELECT d.id, coalesce(p.full_name, coalesce(d.collective, u.name)), d.content, d.due_date
           FROM deeds d JOIN units u ON u.id = d.unit_id LEFT JOIN people p ON p.id = d.person_id
           WHERE d.year = ? AND d.due_date IS NOT NULL AND d.due_date < ? AND d.outcome IS NULL
           ORDER BY d.due_date, d.id""",
        [year, today.isoformat()],
    ).fetchall()]
