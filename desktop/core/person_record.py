"""What the file knows about one person in a year, and across the years.

The personal forms (bản đăng ký, bản kiểm điểm cá nhân, lịch sử) print these
records; every figure on them comes from here, from the same functions the
screens use (deeds, monthly reviews, `yearend.score`), so a form never
disagrees with the Cuối năm screen or the Excel reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop.core import deeds, people, units, vntext, yearend, years
from desktop.core.rules import RuleSet, rules_for_year
from desktop.core.scoring import PersonScore


@dataclass(frozen=True)
class MonthMark:
    """One month's review of the person (đánh giá hằng tháng)."""

    month: int
    level: str | None  # reviews.REVIEW_LEVELS key
    commended: bool
    reminded: bool
    note: str | None


@dataclass(frozen=True)
class PersonYear:
    """A person's year: registered deeds with outcomes, months, points and level."""

    person: people.Person
    year: int
    theme: str | None
    term_theme: str | None
    rules: RuleSet
    deeds: list[deeds.Deed]
    months: list[MonthMark]
    score: PersonScore | None  # None: not on the year-end list (quần chúng, or left)

    @property
    def level(self) -> str | None:
        return self.score.final_level if self.score else None


@dataclass(frozen=True)
class PersonHistory:
    """One person across every year the file holds something about them."""

    person: people.Person
    years: list[PersonYear]
    status_changes: list[people.StatusChange] = field(default_factory=list)


def _months(db: Database, year: int, person_id: int) -> list[MonthMark]:
    rows = db.execute(
        "SELECT month, level, commended, reminded, note FROM reviews WHERE year = ? AND person_id = ? "
        "ORDER BY month", [year, person_id]).fetchall()
    return [MonthMark(int(m), level, bool(c), bool(r), note) for m, level, c, r, note in rows]


def _scores(db: Database, year: int, person_list: Collection[people.Person]) -> dict[int, PersonScore]:
    """The year-end scoring of the organisations these people belong to, by person id."""
    if years.get_year(db, year) is None:
        return {}
    orgs = yearend.organisations(db)
    org_ids = {orgs[p.unit_id].id for p in person_list if p.unit_id in orgs}
    found: dict[int, PersonScore] = {}
    for result in yearend.score(db, year, org_ids=org_ids):
        for ps in result.people:
            found[ps.person.person_id] = ps
    return found


def year_records(db: Database, year: int, person_ids: list[int]) -> list[PersonYear]:
    """The year's record of each person, in the given order (scoring runs once)."""
    persons = [people.get_person(db, pid) for pid in person_ids]
    scores = _scores(db, year, persons)
    rules = rules_for_year(db, year)
    info = years.get_year(db, year)
    return [PersonYear(
        person=p, year=year, theme=info.theme if info else None, term_theme=info.term_theme if info else None,
        rules=rules, deeds=deeds.person_deeds(db, year, p.id), months=_months(db, year, p.id),
        score=scores.get(p.id),
    ) for p in persons]


def year_record(db: Database, year: int, person_id: int) -> PersonYear:
    return year_records(db, year, [person_id])[0]


def history(db: Database, person_id: int) -> PersonHistory:
    """Every year with deeds, reviews or year-end results of the person, oldest first."""
    found = db.execute(
        "SELECT year FROM deeds WHERE person_id = ? UNION SELECT year FROM reviews WHERE person_id = ? "
        "UNION SELECT year FROM year_results WHERE person_id = ? UNION SELECT year FROM scores "
        "WHERE person_id = ? ORDER BY 1", [person_id] * 4).fetchall()
    records = [year_records(db, int(y), [person_id])[0] for (y,) in found]
    return PersonHistory(people.get_person(db, person_id), records, people.status_history(db, person_id))


def listed_people(db: Database, year: int, *, members_only: bool = False,
                  unit_id: int | None = None) -> list[people.Person]:
    """Who is on the list at the end of the year (or today, for the current year), in
    the official order: by unit, then by given name (the last word)."""
    unit_ids = None if unit_id is None else units.subtree_ids(db, unit_id)
    order = {u.id: i for i, u in enumerate(units.list_units(db))}
    found = people.active_on(db, dt.date(year, 12, 31), unit_ids)
    if members_only:
        found = [p for p in found if p.kind == "dang_vien"]
    # active_on gives them in name order (the stored sort key, then id): a stable sort by unit keeps it.
    return sorted(found, key=lambda p: order.get(p.unit_id, 0))


def find_person(db: Database, name: str) -> list[people.Person]:
    """People whose name matches `name` without regard to case or diacritics."""
    wanted = vntext.fold(vntext.clean(name))
    rows = db.execute("SELECT id FROM people WHERE name_fold = ? ORDER BY sort_key, id", [wanted]).fetchall()
    return [people.get_person(db, int(r[0])) for r in rows]
