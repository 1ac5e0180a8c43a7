"""Đăng ký việc làm theo Bác of a year: who registered what, and the counts.

One definition for every screen and report: the people counted are those on
the list (not moved out, dead or expelled: people.LEFT_STATUSES); a person
has registered when they have at least one deed in the year; the deeds
counted are those of the people counted and of the collectives, and the
models (mô hình) are counted among those deeds. Tổng quan, the Đăng ký
screen's rates, the statistics and the registrations report all read these.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import people, units, vntext


@dataclass(frozen=True)
class RegistrationCounts:
    """The registration counts of one unit's own people and deeds (or a sum of units')."""

    members: int = 0
    members_registered: int = 0
    masses: int = 0
    masses_registered: int = 0
    individual_deeds: int = 0
    collective_deeds: int = 0
    models: int = 0

    def __add__(self, other: RegistrationCounts) -> RegistrationCounts:
        return RegistrationCounts(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other),
                                                          strict=True)))


def _on_list() -> str:
    return people.on_list_condition("p.status")


def registration_counts(db: Database, year: int) -> dict[int, RegistrationCounts]:
    """unit id → the counts of the people and deeds kept directly in that unit.

    Two grouped scans (a committee file may hold 100,000 people); callers add
    units up (a subtree, a chi bộ with its tổ đảng, the whole file).
    """
    own: dict[int, RegistrationCounts] = {}
    for unit_id, *counts in db.execute(
        f"""SELECT p.unit_id,
              sum(p.kind = 'dang_vien'), sum(p.kind = 'dang_vien' AND d.n > 0),
              sum(p.kind = 'quan_chung'), sum(p.kind = 'quan_chung' AND d.n > 0),
              coalesce(sum(d.n), 0), 0, coalesce(sum(d.models), 0)
            FROM people p
            LEFT JOIN (SELECT person_id, count(*) AS n, sum(is_model) AS models FROM deeds
                       WHERE year = ? AND person_id IS NOT NULL GROUP BY person_id) d
              ON d.person_id = p.id
            WHERE {_on_list()}
            GROUP BY p.unit_id""",
        [year],
    ).fetchall():
        own[unit_id] = RegistrationCounts(*(c or 0 for c in counts))
    for unit_id, collective, models in db.execute(
        "SELECT unit_id, count(*), coalesce(sum(is_model), 0) FROM deeds WHERE year = ? AND person_id IS NULL "
        "GROUP BY unit_id",
        [year],
    ).fetchall():
        own[unit_id] = own.get(unit_id, RegistrationCounts()) + RegistrationCounts(
            collective_deeds=collective, models=models)
    return own


def total_counts(db: Database, year: int) -> RegistrationCounts:
    """The whole file's registration counts."""
    return sum(registration_counts(db, year).values(), RegistrationCounts())


@dataclass(frozen=True)
class RegisteredDeed:
    """A deed with who registered it: a person (on the list) or a collective of a unit."""

    deed_id: int
    person_id: int | None
    full_name: str | None
    position: str | None  # the person's chức vụ
    unit_id: int
    unit_name: str
    collective: str | None
    content: str
    target: str | None
    due_date: str | None
    outcome: str | None
    result: str | None
    is_model: bool


def _registered(row: tuple) -> RegisteredDeed:
    (deed_id, person_id, full_name, position, unit_id, unit_name, collective, content, target, due_date,
     outcome, result, is_model) = row[:13]
    return RegisteredDeed(deed_id, person_id, full_name, position, unit_id, unit_name, collective, content,
                          target, due_date, outcome, result, bool(is_model))


def _tree_order(db: Database) -> dict[int, int]:
    return {u.id: n for n, u in enumerate(units.list_units(db))}


def individual_deeds(db: Database, year: int) -> list[RegisteredDeed]:
    """The deeds of people on the list: by unit (tree order), person (name order), the person's order."""
    rows = db.execute(
        f"""SELECT d.id, p.id, p.full_name, p.position, p.unit_id, u.name, NULL, d.content, d.target,
                   d.due_date, d.outcome, d.result, d.is_model
            FROM deeds d JOIN people p ON p.id = d.person_id JOIN units u ON u.id = p.unit_id
            WHERE d.year = ? AND {_on_list()}
            ORDER BY p.sort_key, p.id, d.position, d.id""",
        [year],
    ).fetchall()
    order = _tree_order(db)
    found = [_registered(r) for r in rows]
    return sorted(found, key=lambda d: order[d.unit_id])


def collective_deeds(db: Database, year: int) -> list[RegisteredDeed]:
    """The collectives' deeds: by unit (tree order), collective (Vietnamese order), their order."""
    rows = db.execute(
        """SELECT d.id, NULL, NULL, NULL, d.unit_id, u.name, d.collective, d.content, d.target, d.due_date,
                  d.outcome, d.result, d.is_model, d.position
           FROM deeds d JOIN units u ON u.id = d.unit_id
           WHERE d.year = ? AND d.person_id IS NULL""",
        [year],
    ).fetchall()
    order = _tree_order(db)
    # A collective's name has no stored sort key: the few collectives are sorted here.
    rows.sort(key=lambda r: (order[r[4]], vntext.sort_key(r[6]), r[13], r[0]))
    return [_registered(r) for r in rows]


@dataclass(frozen=True)
class Unregistered:
    person_id: int
    full_name: str
    unit_name: str


def unregistered(db: Database, year: int) -> list[Unregistered]:
    """People on the list with no deed in the year, by unit name then person name."""
    return [Unregistered(*r) for r in db.execute(
        f"""SELECT p.id, p.full_name, u.name FROM people p JOIN units u ON u.id = p.unit_id
            WHERE {_on_list()} AND NOT EXISTS (SELECT 1 FROM deeds d WHERE d.person_id = p.id AND d.year = ?)
            ORDER BY u.sort_key, p.sort_key, p.id""",
        [year],
    ).fetchall()]
