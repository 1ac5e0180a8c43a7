"""The data of the exchange workbook (Xuất mẫu nhập liệu), in the order it is written.

Every person in the file, the year's deeds, monthly reviews and year-end
points and marks, each đảng bộ and chi bộ's own year rating, each row carrying what the importer needs to find its
person again (name, birth date, unit). Rows go by unit in tree order, then
by name (the stored sort key) and birth date; the workbook writer only turns
them into cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import collectives, people, units, vntext, yearend
from desktop.core.rules import rules_for_year


def _unit_order(db: Database) -> dict[int, int]:
    return {u.id: n for n, u in enumerate(units.list_units(db))}


def _person_order(db: Database) -> dict[int, tuple[int, int]]:
    """person id → (unit in tree order, place by name then birth date)."""
    unit_order = _unit_order(db)
    return {pid: (unit_order[unit_id], n) for n, (pid, unit_id) in enumerate(
        db.execute("SELECT id, unit_id FROM people ORDER BY sort_key, birth_date, id"))}


def everyone(db: Database) -> list[people.Person]:
    """Every person in the file, on the list or not."""
    found: list[people.Person] = []
    while batch := people.list_people(db, people.PersonFilter(), offset=len(found), limit=5000):
        found.extend(batch)
    order = _person_order(db)
    return sorted(found, key=lambda p: order[p.id])


@dataclass(frozen=True)
class Owner:
    """Who a row belongs to, as the importer finds them: a person, or a collective of a unit."""

    unit_id: int
    full_name: str | None = None
    birth_date: str | None = None
    collective: str | None = None


@dataclass(frozen=True)
class DeedRow:
    owner: Owner
    content: str
    category: str | None
    target: str | None
    due_date: str | None
    outcome: str | None
    result: str | None
    is_model: bool


def deeds(db: Database, year: int) -> list[DeedRow]:
    """The year's deeds: the people's (by person), then the collectives' (by unit, collective)."""
    order = _person_order(db)
    unit_order = _unit_order(db)
    found = db.execute(
        """SELECT d.person_id, coalesce(p.unit_id, d.unit_id), p.full_name, p.birth_date, d.collective, d.content,
                  d.category, d.target, d.due_date, d.outcome, d.result, d.is_model, d.position, d.id
           FROM deeds d LEFT JOIN people p ON p.id = d.person_id WHERE d.year = ?""",
        [year],
    ).fetchall()

    def place(row: tuple) -> tuple:
        if row[0] is None:  # a collective's name has no stored sort key: the few are sorted here
            return (1, unit_order[row[1]], 0, vntext.sort_key(row[4]), row[12], row[13])
        return (0, *order[row[0]], "", row[12], row[13])

    return [DeedRow(Owner(r[1], r[2], r[3], r[4]), r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]))
            for r in sorted(found, key=place)]


@dataclass(frozen=True)
class ReviewRow:
    month: int
    owner: Owner
    level: str | None
    commended: bool
    reminded: bool
    note: str | None


def reviews(db: Database, year: int) -> list[ReviewRow]:
    """The year's monthly reviews, month by month."""
    order = _person_order(db)
    found = db.execute(
        "SELECT r.month, p.unit_id, p.full_name, p.birth_date, r.level, r.commended, r.reminded, r.note, p.id "
        "FROM reviews r JOIN people p ON p.id = r.person_id WHERE r.year = ?", [year],
    ).fetchall()
    found.sort(key=lambda r: (r[0], order[r[8]]))
    return [ReviewRow(r[0], Owner(r[1], r[2], r[3]), r[4], bool(r[5]), bool(r[6]), r[7]) for r in found]


@dataclass(frozen=True)
class ScoreRow:
    owner: Owner
    points: dict[str, float]  # criterion code → points
    flags: dict[str, bool]  # yearend.FLAG_LABELS → marked
    manual_level: str | None
    tasks: dict[str, int | None]  # yearend.TASK_FIELDS → the counts scoring uses (None: no facts)
    form: str = "2C"  # the self-assessment form of the year: its criteria table applies


def scores(db: Database, year: int) -> list[ScoreRow]:
    """Every đảng viên due a rating in the year, and anyone with points or marks stored."""
    flags = tuple(yearend.FLAG_LABELS)
    inputs = {i.person_id: i for i in yearend.year_inputs(db, year, with_history=False) if i.kind == "dang_vien"}
    listed = set(inputs)
    points: dict[int, dict[str, float]] = {}
    for pid, criterion, value in db.execute("SELECT person_id, criterion, points FROM scores WHERE year = ?", [year]):
        points.setdefault(pid, {})[criterion] = value
    results = {r[0]: r[1:] for r in db.execute(
        f"SELECT person_id, {', '.join(flags)}, manual_level FROM year_results WHERE year = ?", [year])}
    facts = {r[0]: r[1:] for r in db.execute("SELECT id, unit_id, full_name, birth_date FROM people")}
    order = _person_order(db)
    rows = []
    for pid in sorted(listed | set(points) | set(results), key=lambda pid: order[pid]):
        stored = results.get(pid, (0,) * len(flags) + (None,))
        rows.append(ScoreRow(Owner(*facts[pid]), points.get(pid, {}),
                             {flag: bool(value) for flag, value in zip(flags, stored, strict=False)}, stored[-1],
                             yearend.task_counts(inputs[pid].tasks if pid in inputs else None),
                             inputs[pid].form if pid in inputs else yearend.person_form(db, year, pid)))
    return rows


@dataclass(frozen=True)
class CollectiveRow:
    """A đảng bộ or chi bộ's rating of a year (Xếp loại tập thể sheet); level None: not rated yet."""

    year: int
    unit_id: int
    level: str | None
    exemplary: bool
    note: str | None


def collective_ratings(db: Database, year: int) -> list[CollectiveRow]:
    """Every đảng bộ and chi bộ for the year (blank where not rated yet, to fill in), and the
    stored earlier years of the "5 năm liền" run, by unit in tree order, then year."""
    rules = rules_for_year(db, year)
    first = year - rules.titles.excellent_streak_years + 1
    rows: list[CollectiveRow] = []
    for unit in collectives.rated_units(db):
        stored = collectives.ratings(db, unit.id, first, year)
        stored.setdefault(year, collectives.Rating())
        rows += [CollectiveRow(y, unit.id, r.level, r.exemplary, r.note or None) for y, r in sorted(stored.items())]
    return rows
