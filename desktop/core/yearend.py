"""Cuối năm: loading the year's inputs, storing points, flags and decisions.

`score(db, year)` loads everyone on the list at 31/12 with their points,
flags and history, and runs the pure `scoring.score_year` once per
grass-roots organisation (đảng bộ cơ sở, or chi bộ cơ sở). Every write is a
recorded change, so a locked year (chốt sổ) refuses it with LockedYearError.

Earlier years' levels are stored, not scored again. The "5 năm liền"
marks look back on four earlier years (`history_before`), and scoring each
cost as much as scoring the year shown. `levels_of_year` keeps a year's final
levels in `settled_levels` (schema v4) and reads them back while the year is
in `settled_years`. They are a copy of what scoring gives, never data: SQL
triggers drop a year from `settled_years` in the same transaction as any
write that could change its levels (a row of that year in the year-end, the
reviews, the roll call or the deeds, its rule set or review date) and drop
every year on a change of a person's list data, status history or the unit
tree. So the stored levels always equal a fresh scoring, whatever wrote
(an edit, an undo, an import, a raw SQL change), and locking a year (chốt
sổ) or reopening it changes nothing there. They are stored only when no
other connection committed while they were scored (`PRAGMA data_version`),
never inside an edit, and not in a read-only file (then scored each time).
Storing only locked years was the other choice; a file's earlier year is
often not locked (the demo's is not), so it would rarely help.

Suggested task-results points (`suggest_points`) are only suggestions; the
formula, so a secretary can check it by hand:

- each of the person's deeds of the year with a result counts
  Hoàn thành vượt mức 100%, Hoàn thành 90%, Hoàn thành trễ hạn 80%,
  Chưa hoàn thành 50%
  (deeds without a result yet are left out and named);
- the quarters (core.quarters: derived from the monthly reviews, or
  assessed by the chi bộ) count Tốt 100%, Đạt 80%, Chưa đạt 40%, each
  weighted by the months reviewed in it (QĐ 366 Điều 15); fewer than two
  reviewed months is "chưa đủ dữ liệu" and left out;
- the two averages (or the one available) are averaged again, and that
  share of each task-results criterion's maximum, rounded to the nearest
  half point, is the suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlite_utils import Database

from desktop.core import (
    datafile,
    dates,
    encryption,
    people,
    quarters,
    reviews,
    units,
    vntext,
    years,
)
from desktop.core.changes import ChangeSet, Recorder, recording
from desktop.core.errors import UserError
from desktop.core.rules import FORMS, LEVEL_CODES, RuleSet, format_points, rules_for_year
from desktop.core.scoring import (
    NOT_RATED,
    TITLE_CODES,
    OrgResult,
    PersonYearInput,
    TaskFacts,
    YearScore,
    quota_check,
    score_person,
    score_year,
    title_check,
)

FLAG_LABELS = {
    "disciplined": "Bị kỷ luật trong năm",
    "discipline_remedied": "Tự phát hiện và khắc phục (trường hợp bị kỷ luật)",
    "degraded": "Bị kết luận suy thoái",
    "all_tasks_done": "Hoàn thành 100% chỉ tiêu, nhiệm vụ",
    "beyond_30": "Vượt yêu cầu ≥ 30%",
    "shortcomings_fixed": "Khắc phục hạn chế, khuyết điểm",
    "initiative": "Có sáng kiến được công nhận",
    "long_sick_leave": "Nghỉ ốm dài ngày (từ 3 tháng) hoặc nghỉ thai sản",
    "temporary_attendance": "Sinh hoạt tạm thời ở chi bộ khác",
}
# Task facts (counts) a secretary may correct; NULL derives them from the deeds.
TASK_FIELDS = {
    "tasks_assigned": "Số nhiệm vụ được giao",
    "tasks_on_time": "Hoàn thành đúng hạn",
    "tasks_late": "Hoàn thành trễ hạn",
    "tasks_not_done": "Không hoàn thành",
    "tasks_beyond": "Vượt mức yêu cầu",
}
# Words of a position that choose the self-assessment form (HD 43: Mẫu 2A, 2B; else 2C).
_LEADER_WORDS = ("bi thu", "chu tich", "truong", "pho ", "giam doc", "chu nhiem", "chi huy", "thu truong")
_AGENCY_WORDS = ("can bo", "cong chuc", "vien chuc", "giao vien", "bac si", "chuyen vien", "nhan vien",
                 "ke toan", "cong an", "quan doi", "si quan")
DEED_SHARES = {"vuot_muc": Decimal("1"), "hoan_thanh": Decimal("0.9"), "tre_han": Decimal("0.8"),
               "chua_hoan_thanh": Decimal("0.5")}

_RESULT_COLUMNS = (*FLAG_LABELS, "manual_level", "final_level", "override_reason", "title", *TASK_FIELDS,
                   "form", "attendance_comment", "council_vote")


def form_for_position(position: str | None) -> str:
    """2A for a leader or manager, 2B for someone working in an agency, else 2C (changeable)."""
    folded = f" {vntext.fold(position or '')} "
    if any(word in folded for word in _LEADER_WORDS):
        return "2A"
    if any(word in folded for word in _AGENCY_WORDS):
        return "2B"
    return "2C"


def derived_tasks(db: Database, year: int, unit_ids: list[int] | None = None) -> dict[int, TaskFacts]:
    """person id → task facts counted from the person's registered deeds and their results."""
    where, params = _person_filter(unit_ids)
    found: dict[int, TaskFacts] = {}
    for person_id, n, on_time, late, not_done, beyond, unrecorded in db.execute(
        "SELECT person_id, count(outcome), sum(outcome IN ('hoan_thanh', 'vuot_muc')), sum(outcome = 'tre_han'), "
        "sum(outcome = 'chua_hoan_thanh'), sum(outcome = 'vuot_muc'), sum(outcome IS NULL) FROM deeds "
        f"WHERE year = ? AND person_id IS NOT NULL{where} GROUP BY person_id", [year, *params]
    ).fetchall():
        found[person_id] = TaskFacts(int(n), int(on_time or 0), int(late or 0), int(not_done or 0),
                                     int(beyond or 0), int(unrecorded or 0))
    return found


def _task_facts(derived: TaskFacts | None, stored: dict[str, Any]) -> TaskFacts | None:
    """The derived facts with the secretary's corrections laid over them."""
    base = derived or TaskFacts(0, 0, 0, 0, 0)
    values = {field: stored.get(field) for field in TASK_FIELDS}
    if derived is None and all(v is None for v in values.values()):
        return None
    counts = {f.removeprefix("tasks_"): int(v) if v is not None else getattr(base, f.removeprefix("tasks_"))
              for f, v in values.items()}
    return TaskFacts(**counts, unrecorded=0 if values["tasks_assigned"] is not None else base.unrecorded)


def review_dates(db: Database, year: int) -> dict[int, str]:
    """unit id → the date the 6 months of party age count to: the year's review
    date when set, else the unit's (or its chi bộ's) December meeting, else 31/12."""
    row = db.execute("SELECT review_date FROM years WHERE year = ?", [year]).fetchone()
    fixed = row[0] if row and row[0] else None
    meetings = {unit_id: held for unit_id, held in db.execute(
        "SELECT unit_id, held_on FROM meetings WHERE year = ? AND month = 12 AND held_on IS NOT NULL", [year])}
    found: dict[int, str] = {}
    for unit in units.list_units(db):
        found[unit.id] = fixed or meetings.get(unit.id) or meetings.get(unit.parent_id or 0) or f"{year}-12-31"
    return found


def stored_review_date(db: Database, year: int) -> dt.date | None:
    """The review date set for the year (None: the December meeting, or 31/12)."""
    row = db.execute("SELECT review_date FROM years WHERE year = ?", [year]).fetchone()
    return dates.from_iso(row[0]) if row and row[0] else None


def unit_marks(db: Database, year: int) -> dict[int, tuple[bool, bool | None]]:
    """unit id → (judged outstanding, titles switch or None for the default)."""
    return {u: (bool(o), None if t is None else bool(t)) for u, o, t in db.execute(
        "SELECT unit_id, outstanding, titles_enabled FROM unit_years WHERE year = ?", [year])}


def organisations(db: Database) -> dict[int, units.Unit]:
    """unit id → its grass-roots organisation (tổ chức cơ sở đảng).

    A chi bộ under a đảng bộ that has only chi bộ belongs to that đảng bộ
    cơ sở; a chi bộ at the top, or directly under a đảng bộ that itself has
    đảng bộ below it, is a chi bộ cơ sở of its own.
    """
    all_units = units.list_units(db)
    by_id = {u.id: u for u in all_units}
    has_party_committee_child = {u.parent_id for u in all_units if u.kind == "dang_bo"}
    result: dict[int, units.Unit] = {}
    for unit in all_units:
        branch = by_id[unit.parent_id] if unit.kind == "to_dang" and unit.parent_id else unit
        parent = by_id.get(branch.parent_id) if branch.parent_id is not None else None
        if branch.kind == "chi_bo" and parent is not None and parent.id not in has_party_committee_child:
            result[unit.id] = parent
        else:
            result[unit.id] = branch
    return result


def _person_filter(unit_ids: list[int] | None) -> tuple[str, list[int]]:
    """An SQL condition keeping the rows of people in the units (all when None)."""
    if unit_ids is None:
        return "", []
    marks = ", ".join("?" for _ in unit_ids)
    return f" AND person_id IN (SELECT id FROM people WHERE unit_id IN ({marks}))", list(unit_ids)


def _scores(db: Database, year: int, unit_ids: list[int] | None = None) -> dict[int, dict[str, float]]:
    found: dict[int, dict[str, float]] = {}
    where, params = _person_filter(unit_ids)
    for person_id, criterion, points in db.execute(
        f"SELECT person_id, criterion, points FROM scores WHERE year = ?{where}", [year, *params]
    ).fetchall():
        found.setdefault(person_id, {})[criterion] = points
    return found


def _results(db: Database, year: int, unit_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    columns = ", ".join(_RESULT_COLUMNS)
    where, params = _person_filter(unit_ids)
    rows = db.execute(f"SELECT person_id, {columns} FROM year_results WHERE year = ?{where}",
                      [year, *params]).fetchall()
    return {r[0]: dict(zip(_RESULT_COLUMNS, r[1:], strict=True)) for r in rows}


@dataclass(frozen=True)
class YearEntries:
    """What is entered for a person's year: points per criterion, marks, the chi bộ's level."""

    points: dict[str, float]
    flags: dict[str, bool]
    manual_level: str | None
    exists: bool  # anything stored at all for the year


def year_entries(db: Database, year: int, person_id: int) -> YearEntries:
    points = dict(db.execute("SELECT criterion, points FROM scores WHERE person_id = ? AND year = ?",
                             [person_id, year]).fetchall())
    row = db.execute(f"SELECT {', '.join(FLAG_LABELS)}, manual_level FROM year_results "
                     "WHERE person_id = ? AND year = ?", [person_id, year]).fetchone()
    flags = {k: bool(v) for k, v in zip(FLAG_LABELS, row or (), strict=False)}
    return YearEntries(points, flags, row[-1] if row else None, bool(points) or row is not None)


def organisation_units(db: Database, org_ids: Collection[int]) -> list[int]:
    """The units whose people belong to the grass-roots organisations."""
    return [unit_id for unit_id, org in organisations(db).items() if org.id in org_ids]


def organisations_of(db: Database, unit_id: int) -> list[int]:
    """The grass-roots organisations a unit's subtree touches, in the unit tree's order.

    A tổ đảng or a chi bộ inside a đảng bộ cơ sở gives that đảng bộ: its
    quota counts everyone in it, not only the unit shown.
    """
    orgs = organisations(db)
    found: list[int] = []
    for sub in units.subtree_ids(db, unit_id):
        org_id = orgs[sub].id
        if org_id not in found:
            found.append(org_id)
    return found


History = dict[int, dict[int, str]]
"""person id → earlier year → final level (the "5 năm liền" marks read it)."""


def history_before(db: Database, year: int, checkpoint: Callable[[], None] = lambda: None) -> History:
    """The final levels of the years a streak of `year` looks back on.

    Scoring an earlier year is as costly as scoring this one, so a screen
    loads this once per year shown and hands it to `score` / `year_inputs`.
    `checkpoint` is called before each year (a worker stops there when cancelled).
    """
    history: History = {}
    span = rules_for_year(db, year).titles.excellent_streak_years
    for earlier in range(year - span + 1, year):
        checkpoint()
        for person_id, level in levels_of_year(db, earlier).items():
            history.setdefault(person_id, {})[earlier] = level
    return history


def year_inputs(db: Database, year: int, *, unit_id: int | None = None, with_history: bool = True,
                org_ids: Collection[int] | None = None, history: History | None = None) -> list[PersonYearInput]:
    """Everyone on the list at 31/12 of the year, as scoring inputs.

    `unit_id` keeps a unit's subtree, `org_ids` the given grass-roots
    organisations (whole, so their quotas come out exact). `history`, when
    given, stands for `history_before(db, year)`.
    """
    year_end = dt.date(year, 12, 31)
    unit_ids = None if unit_id is None else units.subtree_ids(db, unit_id)
    if org_ids is not None:
        in_orgs = organisation_units(db, org_ids)
        unit_ids = in_orgs if unit_ids is None else [u for u in unit_ids if u in set(in_orgs)]
    listed = people.active_on(db, year_end, unit_ids)
    status = reviews.statuses_on(db, year_end, unit_ids)
    orgs = organisations(db)
    points = _scores(db, year, unit_ids)
    results = _results(db, year, unit_ids)
    if not with_history:
        history = {}
    elif history is None:
        history = history_before(db, year)
    tasks = derived_tasks(db, year, unit_ids)
    review_on = review_dates(db, year)
    marks = unit_marks(db, year)
    # A unit's people only: reading every quarter of a 20,000-person file costs a second.
    quarter_levels = quarters.quarters_of(db, year, None if unit_ids is None else [p.id for p in listed])
    inputs: list[PersonYearInput] = []
    for person in listed:
        org = orgs[person.unit_id]
        stored = results.get(person.id, {})
        flags = {key: bool(stored.get(key)) for key in FLAG_LABELS}
        outstanding, titles_switch = marks.get(org.id, (False, None))
        unit_switch = marks.get(person.unit_id, (False, None))[1]
        form = stored.get("form") or form_for_position(person.position)
        inputs.append(PersonYearInput(
            person_id=person.id, name=person.full_name, unit_id=person.unit_id,
            unit_name=person.unit_name, org_id=org.id, org_name=org.name, kind=person.kind,
            status=status.get(person.id, person.status), joined_date=person.joined_date,
            points=points.get(person.id, {}), **flags,
            manual_level=stored.get("manual_level"), final_level=stored.get("final_level"),
            override_reason=stored.get("override_reason"), title=stored.get("title"),
            history=history.get(person.id, {}),
            tasks=_task_facts(tasks.get(person.id), stored),
            form=form,
            review_date=review_on.get(person.unit_id),
            attendance_comment=stored.get("attendance_comment"), council_vote=stored.get("council_vote"),
            outstanding_unit=outstanding,
            quarters=tuple(q.level for q in quarter_levels.get(person.id, [])),
            titles_apply=next((s for s in (unit_switch, titles_switch) if s is not None), form != "2C"),
        ))
    return inputs


def levels_of_year(db: Database, year: int) -> dict[int, str]:
    """person id → final level of an earlier year (for "5 năm liền" marks).

    Read back from `settled_levels` when the year's stored levels are current,
    else scored and stored (see the module docstring)."""
    if years.get_year(db, year) is None:
        return {}
    if db.execute("SELECT 1 FROM settled_years WHERE year = ?", [year]).fetchone():
        return dict(db.execute("SELECT person_id, level FROM settled_levels WHERE year = ?", [year]).fetchall())
    seen = _data_version(db)
    result = score_year(rules_for_year(db, year), year_inputs(db, year, with_history=False), year)
    levels = {p.person.person_id: p.final_level for p in result.people if p.final_level}
    _settle(db, year, levels, seen)
    return levels


def _data_version(db: Database) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def _settle(db: Database, year: int, levels: dict[int, str], seen: int) -> None:
    """Store a year's levels, unless the file changed while they were scored (another
    connection committed: `PRAGMA data_version` moved), an edit is under way on this
    connection, or the file is read-only or busy: then the next reading scores again."""
    conn = db.conn
    if datafile.of(db).recorder is not None or conn.in_transaction:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except encryption.ERRORS:  # read-only, or another connection is writing
        return
    try:
        if _data_version(db) == seen:
            conn.execute("DELETE FROM settled_levels WHERE year = ?", [year])
            conn.executemany("INSERT INTO settled_levels (year, person_id, level) VALUES (?, ?, ?)",
                             [(year, person_id, level) for person_id, level in levels.items()])
            conn.execute("INSERT OR IGNORE INTO settled_years (year) VALUES (?)", [year])
        conn.execute("COMMIT")
    except encryption.ERRORS:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def score(db: Database, year: int, *, org_ids: Collection[int] | None = None,
          history: History | None = None) -> list[YearScore]:
    """One YearScore per grass-roots organisation, in the unit tree's order.

    With `org_ids`, only those organisations: each is scored whole, so the
    result is exactly their part of the full scoring.
    """
    rules = rules_for_year(db, year)
    inputs = year_inputs(db, year, org_ids=org_ids, history=history)
    order: list[int] = []
    for org in organisations(db).values():
        if org.id not in order:
            order.append(org.id)
    groups: dict[int, list[PersonYearInput]] = {org_id: [] for org_id in order}
    for item in inputs:
        groups[item.org_id].append(item)
    return [score_year(rules, group, year) for group in groups.values() if group]


def rescore_person(db: Database, year: int, scored: list[YearScore], person_id: int,
                   history: History | None = None) -> list[YearScore] | None:
    """`scored` (from `score`, or its `shown_part`) after an edit of one person's year: that
    person scored again and their organisation's quota and title checks redone from its
    tally (the others' counts), so an edit costs one person, not the organisation.
    None when the person is not in `scored` (score again in full)."""
    rules = rules_for_year(db, year)
    person = people.get_person(db, person_id)
    found = [i for i in year_inputs(db, year, unit_id=person.unit_id, history=history) if i.person_id == person_id]
    for n, result in enumerate(scored):
        place = next((k for k, p in enumerate(result.people) if p.person.person_id == person_id), None)
        if place is None or not found:
            continue
        before = result.people[place]
        tally = result.tallies.get(before.person.org_id)
        if tally is None or before.person.org_id != found[0].org_id:
            return None
        again = score_person(rules, found[0], year)
        group = [*result.people[:place], again, *result.people[place + 1:]]
        counted = tally.replaced(before, again)
        org_id = before.person.org_id
        orgs = [o if o.org_id != org_id else
                OrgResult(o.org_id, o.org_name, quota_check(rules, counted, o.org_name),
                          title_check(rules, counted, o.org_name))
                for o in result.organisations]
        return [*scored[:n], YearScore(result.year, result.rule_set, result.preset, group, orgs,
                                       {**result.tallies, org_id: counted}), *scored[n + 1:]]
    return None


def _person_input(db: Database, year: int, person_id: int) -> PersonYearInput:
    person = people.get_person(db, person_id)
    for item in year_inputs(db, year, unit_id=person.unit_id, with_history=False):
        if item.person_id == person_id:
            return item
    raise UserError(f"{person.full_name} không có trong danh sách cuối năm {year} (đã chuyển đi, từ trần hoặc ra khỏi Đảng).")


def _member(db: Database, person_id: int) -> people.Person:
    person = people.get_person(db, person_id)
    if person.kind != "dang_vien":
        raise UserError(f"{person.full_name} là quần chúng: không chấm điểm, xếp loại đảng viên.")
    return person


def _set_result(db: Database, rec: Recorder, year: int, person_id: int, values: dict[str, Any]) -> None:
    """Write `values` into the person's year result (made on first use)."""
    years.ensure_year(db, year)
    rec.put("year_results", {"person_id": person_id, "year": year}, values)


def parse_points(value: float | int | str | None) -> float | None:
    """12.5, "12,5", " 12.5 " → 12.5; "" or None → None; ValueError otherwise."""
    if value is None or isinstance(value, (int, float)):
        return None if value is None else float(value)
    text = vntext.clean(value).replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"“{vntext.clean(value)}” không phải số điểm; hãy ghi số, ví dụ 25 hoặc 27,5.") from None


def person_form(db: Database, year: int, person_id: int) -> str:
    """The person's self-assessment form of the year: the one chosen, else the position's."""
    row = db.execute("SELECT form FROM year_results WHERE person_id = ? AND year = ?", [person_id, year]).fetchone()
    return (row[0] if row else None) or form_for_position(people.get_person(db, person_id).position)


def set_points(db: Database, year: int, person_id: int, values: dict[str, float | int | str | None]) -> ChangeSet:
    """Store points per criterion (code or name) of the person's form's table; an empty value clears it."""
    year_rules = rules_for_year(db, year)
    person = _member(db, person_id)
    if not year_rules.uses_points:
        raise UserError(f"Năm {year} áp dụng {year_rules.name}: xếp loại không chấm điểm; hãy nhập mức xếp loại.")
    form = person_form(db, year, person_id)
    rules = year_rules.for_form(form)
    parsed: dict[str, float | None] = {}
    for key, raw in values.items():
        criterion = rules.criterion(key) or next(
            (c for c in rules.criteria if vntext.fold(c.name) == vntext.fold(key)), None)
        if criterion is None:
            known = ", ".join(f"{c.code} ({c.name})" for c in rules.criteria)
            other = year_rules.criteria_for_forms(FORMS)
            if any(key in (c.code, c.name) or vntext.fold(c.name) == vntext.fold(key) for c in other):
                raise UserError(f"Tiêu chí “{key}” không thuộc bảng tiêu chí Mẫu {form} của {person.full_name} "
                                f"năm {year}; các tiêu chí của Mẫu {form}: {known}. Nếu người này dùng mẫu khác, "
                                "hãy đổi mẫu trước khi chấm điểm.")
            raise UserError(f"Tiêu chí “{key}” không có trong bộ quy định năm {year}; các tiêu chí: {known}.")
        try:
            value = parse_points(raw)
        except ValueError as exc:
            raise UserError(f"Tiêu chí “{criterion.name}” của {person.full_name}: {exc}") from None
        if value is not None and not 0 <= value <= criterion.max_points:
            raise UserError(
                f"Điểm tiêu chí “{criterion.name}” của {person.full_name} phải từ 0 đến "
                f"{format_points(criterion.max_points)} (đã nhập {format_points(value)})."
            )
        parsed[criterion.code] = value
    with recording(db, f"Chấm điểm năm {year}: {person.full_name}") as rec:
        years.ensure_year(db, year)
        for code, value in parsed.items():
            rec.put("scores", {"person_id": person_id, "year": year, "criterion": code},
                    None if value is None else {"points": value})
        return rec.changeset


def set_flags(db: Database, year: int, person_id: int, flags: dict[str, bool]) -> ChangeSet:
    """Kỷ luật, vượt 30%, khắc phục hạn chế, sáng kiến…: see FLAG_LABELS."""
    person = _member(db, person_id)
    unknown = [k for k in flags if k not in FLAG_LABELS]
    if unknown:
        raise UserError(f"Không có mục đánh dấu “{', '.join(unknown)}”.")
    with recording(db, f"Đánh dấu cuối năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {k: int(v) for k, v in flags.items()})
        return rec.changeset


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVEL_CODES:
        raise UserError(f"Mức “{level}” không có; hãy chọn HTXSNV, HTTNV, HTNV hoặc KHTNV.")


def set_manual_level(db: Database, year: int, person_id: int, level: str | None) -> ChangeSet:
    """The chi bộ's level in years rated without points (Quy định 124)."""
    _check_level(level)
    person = _member(db, person_id)
    with recording(db, f"Nhập mức xếp loại năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {"manual_level": level})
        return rec.changeset


def set_final_level(db: Database, year: int, person_id: int, level: str | None, reason: str | None = None) -> ChangeSet:
    """The level the competent body decided; one that differs from the
    proposal needs a written reason, kept in the audit log. The proposal's
    own level (or None) clears a previous decision."""
    _check_level(level)
    rules = rules_for_year(db, year)
    item = _person_input(db, year, person_id)
    current = score_person(rules, item, year)
    if current.status == NOT_RATED:
        raise UserError(f"{item.name} không thuộc diện xếp loại năm {year}: {current.reasons[0]}")
    why = vntext.clean(reason)
    differs = level is not None and level != current.proposed_level
    if differs and not why:
        proposal = rules.level_name(current.proposed_level) if current.proposed_level else "chưa có"
        raise UserError(
            f"Mức {rules.level_name(level or '')} khác mức đề xuất ({proposal}) nên cần ghi rõ lý do "
            "(ví dụ số, ngày văn bản của cấp có thẩm quyền)."
        )
    label = (f"Quyết định mức {rules.level_name(level or '')} năm {year}: {item.name}" if differs
             else f"Theo mức đề xuất năm {year}: {item.name}")
    with recording(db, label, reason=why or None) as rec:
        _set_result(db, rec, year, person_id, {
            "final_level": level if differs else None,
            "override_reason": why if differs else None,
        })
        return rec.changeset


def parse_count(value: int | float | str | None, what: str) -> int | None:
    """3, 3.0, " 3 " → 3; "" or None → None; a clear ValueError otherwise."""
    if value is None or (isinstance(value, str) and not vntext.clean(value)):
        return None
    try:
        number = float(vntext.clean(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ValueError(f"“{vntext.clean(str(value))}” ở mục {what} không phải số việc; hãy ghi số nguyên, ví dụ 8.") from None
    if number != int(number) or number < 0:
        raise ValueError(f"Mục {what} phải là số nguyên không âm (đã ghi {value}).")
    return int(number)


def task_facts(db: Database, year: int, person_id: int) -> TaskFacts | None:
    """The person's task facts as scoring sees them (derived from the deeds, then corrected)."""
    derived = db.execute(
        "SELECT count(outcome), sum(outcome IN ('hoan_thanh', 'vuot_muc')), sum(outcome = 'tre_han'), "
        "sum(outcome = 'chua_hoan_thanh'), sum(outcome = 'vuot_muc'), sum(outcome IS NULL) FROM deeds "
        "WHERE year = ? AND person_id = ?", [year, person_id]).fetchone()
    base = TaskFacts(*(int(v or 0) for v in derived)) if derived and (derived[0] or derived[5]) else None
    row = db.execute(f"SELECT {', '.join(TASK_FIELDS)} FROM year_results WHERE year = ? AND person_id = ?",
                     [year, person_id]).fetchone()
    return _task_facts(base, dict(zip(TASK_FIELDS, row, strict=True)) if row else {})


def task_counts(facts: TaskFacts | None) -> dict[str, int | None]:
    """TASK_FIELDS key → count (None when there are no facts), as the Chấm điểm sheet shows them."""
    return {key: None if facts is None else getattr(facts, key.removeprefix("tasks_")) for key in TASK_FIELDS}


def set_task_facts(db: Database, year: int, person_id: int,
                   values: dict[str, int | float | str | None]) -> ChangeSet:
    """Correct the task facts (TASK_FIELDS keys); an empty value goes back to the deeds' count."""
    person = _member(db, person_id)
    unknown = [k for k in values if k not in TASK_FIELDS]
    if unknown:
        raise UserError(f"Không có mục số liệu nhiệm vụ “{', '.join(unknown)}”.")
    parsed: dict[str, int | None] = {}
    for key, raw in values.items():
        try:
            parsed[key] = parse_count(raw, TASK_FIELDS[key])
        except ValueError as exc:
            raise UserError(f"{person.full_name}: {exc}") from None
    stored = _results(db, year, [person.unit_id]).get(person_id, {})
    merged = _task_facts(derived_tasks(db, year, [person.unit_id]).get(person_id), {**stored, **parsed})
    problem = merged.problem() if merged else None
    if problem:
        raise UserError(f"Số liệu nhiệm vụ năm {year} của {person.full_name} không khớp: {problem}. "
                        "Hãy sửa lại các số.")
    with recording(db, f"Số liệu nhiệm vụ năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, dict(parsed))
        return rec.changeset


def set_form(db: Database, year: int, person_id: int, form: str | None) -> ChangeSet:
    """The self-assessment form (2A/2B/2C); None goes back to the one chosen from the position."""
    if form is not None and form not in FORMS:
        raise UserError(f"Mẫu “{form}” không có; hãy chọn 2A, 2B hoặc 2C.")
    person = _member(db, person_id)
    with recording(db, f"Mẫu tự đánh giá năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {"form": form})
        return rec.changeset


def set_attendance_comment(db: Database, year: int, person_id: int, comment: str | None) -> ChangeSet:
    """The comments of the chi bộ a member attends temporarily (HD 43 §7.6)."""
    person = _member(db, person_id)
    with recording(db, f"Ý kiến chi bộ nơi sinh hoạt tạm thời năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {"attendance_comment": vntext.clean(comment) or None})
        return rec.changeset


def set_council_vote(db: Database, year: int, person_id: int, percent: float | None) -> ChangeSet:
    """The emulation council's vote (percent of the council) for the person's title."""
    if percent is not None and not 0 <= percent <= 100:
        raise UserError(f"Tỷ lệ phiếu Hội đồng thi đua phải từ 0 đến 100% (đã nhập {format_points(percent)}).")
    person = _member(db, person_id)
    with recording(db, f"Biểu quyết Hội đồng thi đua năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {"council_vote": percent})
        return rec.changeset


def set_review_date(db: Database, year: int, review_date: dt.date | None) -> ChangeSet:
    """The date the 6 months of party age count to; None: the December meeting, or 31/12."""
    with recording(db, f"Ngày tính tuổi Đảng khi xếp loại năm {year}") as rec:
        years.ensure_year(db, year)
        rec.update("years", year, {"review_date": review_date.isoformat() if review_date else None})
        return rec.changeset


def set_unit_year(db: Database, year: int, unit_id: int, *, outstanding: bool | None = None,
                  titles_enabled: bool | None | str = "keep") -> ChangeSet:
    """Mark a unit outstanding for the year (quota raised), or switch its emulation titles."""
    unit = units.get_unit(db, unit_id)
    changes: dict[str, Any] = {}
    if outstanding is not None:
        changes["outstanding"] = int(outstanding)
    if titles_enabled != "keep":
        changes["titles_enabled"] = None if titles_enabled is None else int(bool(titles_enabled))
    with recording(db, f"Cuối năm {year}: {unit.name}") as rec:
        years.ensure_year(db, year)
        rec.put("unit_years", {"unit_id": unit_id, "year": year}, changes)
        return rec.changeset


def set_title(db: Database, year: int, person_id: int, title: str | None) -> ChangeSet:
    """Decide the emulation title (a TITLE_* code); None follows the proposal."""
    if title is not None and title not in TITLE_CODES:
        raise UserError(f"Danh hiệu “{title}” không có.")
    person = _member(db, person_id)
    with recording(db, f"Danh hiệu thi đua năm {year}: {person.full_name}") as rec:
        _set_result(db, rec, year, person_id, {"title": title})
        return rec.changeset


@dataclass(frozen=True)
class Suggestion:
    """Suggested task-results points and how they were derived."""

    value: float | None
    by_criterion: dict[str, float]
    all_tasks_done: bool | None
    beyond_30: bool | None
    explanation: str


def _pct(share: Decimal) -> str:
    return f"{format_points((share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP))}%"


def _average(counts: dict[str, int], shares: dict[str, Decimal]) -> Decimal | None:
    n = sum(counts.values())
    if not n:
        return None
    return sum((shares[k] * c for k, c in counts.items()), Decimal(0)) / n


def suggest_points(db: Database, year: int, person_id: int) -> Suggestion:
    person = _member(db, person_id)
    rules = rules_for_year(db, year).for_form(person_form(db, year, person_id))
    if not rules.uses_points or rules.task_group is None:
        return Suggestion(None, {}, None, None, f"Năm {year} áp dụng {rules.name}, không chấm điểm.")
    outcomes = [r[0] for r in db.execute(
        "SELECT outcome FROM deeds WHERE year = ? AND person_id = ?", [year, person_id]).fetchall()]
    deed_counts = {k: outcomes.count(k) for k in DEED_SHARES}
    unfinished = outcomes.count(None)
    found = quarters.quarters_of(db, year, [person_id]).get(person_id, [])
    review_share, months = quarters.weighted_share(found)
    deed_share = _average(deed_counts, DEED_SHARES)
    parts: list[str] = []
    if deed_share is not None:
        listed = ", ".join(f"{n} {_deed_word(k)} ({_pct(DEED_SHARES[k])})" for k, n in deed_counts.items() if n)
        parts.append(f"Việc đăng ký: {listed} → {_pct(deed_share)}")
    if unfinished:
        parts.append(f"{unfinished} việc chưa có kết quả, không tính")
    if review_share is not None and not any(q.stored for q in found) and months < 2:
        parts.append(f"Đánh giá quý: mới có {months} tháng được đánh giá, chưa đủ dữ liệu, không tính")
        review_share = None
    elif review_share is not None:
        listed = ", ".join(q.describe() for q in found if q.level)
        parts.append(f"Đánh giá quý (theo số tháng được đánh giá): {listed} → {_pct(review_share)}")
    known = [s for s in (deed_share, review_share) if s is not None]
    assessed = sum(deed_counts.values())
    all_done = None if unfinished or not assessed else deed_counts["chua_hoan_thanh"] == 0
    beyond = None if not assessed else Decimal(deed_counts["vuot_muc"]) / assessed >= Decimal("0.3")
    if not known:
        said = "; ".join(parts)
        return Suggestion(None, {}, all_done, beyond,
                          f"{person.full_name} chưa đủ dữ liệu năm {year} để gợi ý: chưa có kết quả việc đăng ký "
                          f"hay đủ tháng đánh giá{'; ' + said if said else ''}.")
    share = sum(known, Decimal(0)) / len(known)
    group = rules.group(rules.task_group)
    by_criterion = {
        c.code: float((share * Decimal(str(c.max_points)) * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2)
        for c in rules.criteria if c.group == rules.task_group
    }
    value = float(sum(Decimal(str(v)) for v in by_criterion.values()))
    group_name = group.name if group else rules.task_group
    parts.append(f"trung bình {_pct(share)} × {format_points(group.max_points if group else 0)} điểm "
                 f"“{group_name}” ≈ {format_points(value)} điểm (làm tròn đến 0,5)")
    return Suggestion(value, by_criterion, all_done, beyond, "; ".join(parts) + ".")


def _deed_word(outcome: str) -> str:
    return {"vuot_muc": "vượt mức", "hoan_thanh": "hoàn thành", "tre_han": "trễ hạn",
            "chua_hoan_thanh": "chưa hoàn thành"}[outcome]


def rules_summary(rules: RuleSet) -> str:
    """One line naming the rule set and its criteria (per form where forms have their own), for headers."""
    if not rules.uses_points:
        return f"{rules.name} (không chấm điểm)"
    def listed(table: RuleSet) -> str:
        return ", ".join(f"{c.name} {format_points(c.max_points)}" for c in table.criteria)

    if not rules.form_criteria:
        return f"{rules.name}: {listed(rules)}"
    own = "; ".join(f"Mẫu {form}: {listed(rules.for_form(form))}" for form in FORMS if form in rules.form_criteria)
    others = [form for form in FORMS if form not in rules.form_criteria]
    rest = f"; Mẫu {', '.join(others)}: {listed(rules)}" if others else ""
    return f"{rules.name} — {own}{rest}"


def flags_in_use(rules: RuleSet) -> tuple[str, ...]:
    """The flags (FLAG_LABELS keys) some rule of the year reads, in FLAG_LABELS order.

    A flag no rule reads (long sick leave while its cap is off, the HTXSNV
    conditions in a year rated by hand) would only invite pointless ticking.
    """
    used = set(rules.failing_conditions) | set(rules.excellence_conditions)
    if "disciplined" in used and rules.discipline_remedy_allowed:
        used.add("discipline_remedied")
    if rules.titles.enabled:
        used.add("initiative")
    if rules.sick_leave_note:
        used.add("long_sick_leave")
    if rules.uses_points:
        used.add("temporary_attendance")
    used |= {cap.flag for cap in rules.caps if cap.enabled}
    return tuple(flag for flag in FLAG_LABELS if flag in used)


def scored_criteria(db: Database, year: int) -> dict[str, int]:
    """criterion code → how many people have points stored for it in the year.

    The rule-set editor warns when a criterion that already holds points is
    renamed or removed: those points stay in the file but stop counting.
    """
    rows = db.execute("SELECT criterion, count(*) FROM scores WHERE year = ? GROUP BY criterion", [year]).fetchall()
    return {code: int(n) for code, n in rows}


@dataclass(frozen=True)
class RatingCalendar:
    """How far the year-end rating is (HD 43 §4: finished before 31/12, or 15/01 where the year closes later)."""

    year: int
    deadline: dt.date
    late_deadline: dt.date
    days_left: int  # to the deadline; negative once past
    days_left_late: int
    to_rate: int
    no_points: list[str]  # names of those to be rated without points yet (years rated with points)
    no_level: list[str]  # without a level (no points, a gap the committee decides, or none entered)

    def describe(self, today: dt.date) -> str:
        if self.days_left >= 0:
            when = f"còn {self.days_left} ngày đến hạn {dates.format_date(self.deadline)}"
        elif self.days_left_late >= 0:
            when = (f"đã qua hạn {dates.format_date(self.deadline)}; đơn vị khóa sổ muộn còn "
                    f"{self.days_left_late} ngày đến {dates.format_date(self.late_deadline)}")
        else:
            when = f"đã qua hạn {dates.format_date(self.late_deadline)}"
        return f"Xếp loại cuối năm {self.year} ({dates.format_date(today)}): {when}."


def rating_calendar(db: Database, year: int, today: dt.date,
                    scored: list[YearScore] | None = None) -> RatingCalendar:
    """The days left and who still has no points or no level, as of `today`
    (`scored`: the year's scoring when the caller already has it)."""
    rules = rules_for_year(db, year)
    people_scored = [p for result in (score(db, year) if scored is None else scored) for p in result.people
                     if p.person.kind == "dang_vien" and p.status != NOT_RATED]
    deadline, late = dt.date(year, 12, 31), dt.date(year + 1, 1, 15)
    return RatingCalendar(
        year=year, deadline=deadline, late_deadline=late,
        days_left=(deadline - today).days, days_left_late=(late - today).days,
        to_rate=len(people_scored),
        no_points=[p.person.name for p in people_scored if rules.uses_points and not p.points],
        no_level=[p.person.name for p in people_scored if p.final_level is None],
    )

