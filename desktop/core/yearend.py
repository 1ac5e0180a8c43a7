"""Cuối năm: loading the year's inputs, storing points, flags and decisions.

`score(db, year)` loads everyone on the list at 31/12 with their points,
flags and history, and runs the pure `scoring.score_year` once per
grass-roots organisation (đảng bộ cơ sở, or chi bộ cơ sở). Every write is a
recorded change, so a locked year (chốt sổ) refuses it with LockedYearError.

Suggested task-results points (`suggest_points`) are only suggestions; the
formula, so a secretary can check it by hand:

- each of the person's deeds of the year with a result counts
  Hoàn thành vượt mức 100%, Hoàn thành 90%, Chưa hoàn thành 50%
  (deeds without a result yet are left out and named);
- each monthly review counts Tốt 100%, Đạt 80%, Chưa đạt 40%;
- the two averages (or the one available) are averaged again, and that
  share of each task-results criterion's maximum, rounded to the nearest
  half point, is the suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlite_utils import Database

from desktop.core import people, reviews, units, vntext, years
from desktop.core.changes import ChangeSet, Recorder, recording
from desktop.core.errors import UserError
from desktop.core.rules import LEVEL_CODES, RuleSet, format_points, rules_for_year
from desktop.core.scoring import (
    NOT_RATED,
    TITLE_CODES,
    OrgResult,
    PersonYearInput,
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
    "long_sick_leave": "Nghỉ ốm dài ngày",
}
DEED_SHARES = {"vuot_muc": Decimal("1"), "hoan_thanh": Decimal("0.9"), "chua_hoan_thanh": Decimal("0.5")}
REVIEW_SHARES = {"tot": Decimal("1"), "dat": Decimal("0.8"), "chua_dat": Decimal("0.4")}

_RESULT_COLUMNS = (*FLAG_LABELS, "manual_level", "final_level", "override_reason", "title")


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


def history_before(db: Database, year: int) -> History:
    """The final levels of the years a streak of `year` looks back on.

    Scoring an earlier year is as costly as scoring this one, so a screen
    loads this once per year shown and hands it to `score` / `year_inputs`.
    """
    history: History = {}
    span = rules_for_year(db, year).titles.excellent_streak_years
    for earlier in range(year - span + 1, year):
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
    inputs: list[PersonYearInput] = []
    for person in listed:
        org = orgs[person.unit_id]
        stored = results.get(person.id, {})
        flags = {key: bool(stored.get(key)) for key in FLAG_LABELS}
        inputs.append(PersonYearInput(
            person_id=person.id, name=person.full_name, unit_id=person.unit_id,
            unit_name=person.unit_name, org_id=org.id, org_name=org.name, kind=person.kind,
            status=status.get(person.id, person.status), joined_date=person.joined_date,
            points=points.get(person.id, {}), **flags,
            manual_level=stored.get("manual_level"), final_level=stored.get("final_level"),
            override_reason=stored.get("override_reason"), title=stored.get("title"),
            history=history.get(person.id, {}),
        ))
    return inputs


def levels_of_year(db: Database, year: int) -> dict[int, str]:
    """person id → final level of an earlier year (for "5 năm liền" marks)."""
    if years.get_year(db, year) is None:
        return {}
    result = score_year(rules_for_year(db, year), year_inputs(db, year, with_history=False), year)
    return {p.person.person_id: p.final_level for p in result.people if p.final_level}


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
    """`scored` (from `score`) after an edit of one person's year: that person scored again
    and their organisation's quota and title checks redone from the others' stored scores.
    None when the person is not in `scored` (score again in full)."""
    rules = rules_for_year(db, year)
    person = people.get_person(db, person_id)
    found = [i for i in year_inputs(db, year, unit_id=person.unit_id, history=history) if i.person_id == person_id]
    for n, result in enumerate(scored):
        place = next((k for k, p in enumerate(result.people) if p.person.person_id == person_id), None)
        if place is None or not found or result.people[place].person.org_id != found[0].org_id:
            continue
        again = score_person(rules, found[0], year)
        group = [*result.people[:place], again, *result.people[place + 1:]]
        orgs = [OrgResult(o.org_id, o.org_name, quota_check(rules, [p for p in group if p.person.org_id == o.org_id],
                                                            o.org_name),
                          title_check(rules, [p for p in group if p.person.org_id == o.org_id], o.org_name))
                for o in result.organisations]
        return [*scored[:n], YearScore(result.year, result.rule_set, result.preset, group, orgs), *scored[n + 1:]]
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


def _result_id(db: Database, rec: Recorder, year: int, person_id: int) -> int:
    years.ensure_year(db, year)
    row = db.execute("SELECT id FROM year_results WHERE person_id = ? AND year = ?", [person_id, year]).fetchone()
    if row:
        return int(row[0])
    return int(rec.insert("year_results", {"person_id": person_id, "year": year}))


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


def set_points(db: Database, year: int, person_id: int, values: dict[str, float | int | str | None]) -> ChangeSet:
    """Store points per criterion (code or name); an empty value clears it."""
    rules = rules_for_year(db, year)
    person = _member(db, person_id)
    if not rules.uses_points:
        raise UserError(f"Năm {year} áp dụng {rules.name}: xếp loại không chấm điểm; hãy nhập mức xếp loại.")
    parsed: dict[str, float | None] = {}
    for key, raw in values.items():
        criterion = rules.criterion(key) or next(
            (c for c in rules.criteria if vntext.fold(c.name) == vntext.fold(key)), None)
        if criterion is None:
            known = ", ".join(f"{c.code} ({c.name})" for c in rules.criteria)
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
            row = db.execute("SELECT id FROM scores WHERE person_id = ? AND year = ? AND criterion = ?",
                             [person_id, year, code]).fetchone()
            if row and value is None:
                rec.delete("scores", row[0])
            elif row:
                rec.update("scores", row[0], {"points": value})
            elif value is not None:
                rec.insert("scores", {"person_id": person_id, "year": year, "criterion": code, "points": value})
        return rec.changeset


def set_flags(db: Database, year: int, person_id: int, flags: dict[str, bool]) -> ChangeSet:
    """Kỷ luật, vượt 30%, khắc phục hạn chế, sáng kiến…: see FLAG_LABELS."""
    person = _member(db, person_id)
    unknown = [k for k in flags if k not in FLAG_LABELS]
    if unknown:
        raise UserError(f"Không có mục đánh dấu “{', '.join(unknown)}”.")
    with recording(db, f"Đánh dấu cuối năm {year}: {person.full_name}") as rec:
        rec.update("year_results", _result_id(db, rec, year, person_id), {k: int(v) for k, v in flags.items()})
        return rec.changeset


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVEL_CODES:
        raise UserError(f"Mức “{level}” không có; hãy chọn HTXSNV, HTTNV, HTNV hoặc KHTNV.")


def set_manual_level(db: Database, year: int, person_id: int, level: str | None) -> ChangeSet:
    """The chi bộ's level in years rated without points (Quy định 124)."""
    _check_level(level)
    person = _member(db, person_id)
    with recording(db, f"Nhập mức xếp loại năm {year}: {person.full_name}") as rec:
        rec.update("year_results", _result_id(db, rec, year, person_id), {"manual_level": level})
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
        rec.update("year_results", _result_id(db, rec, year, person_id), {
            "final_level": level if differs else None,
            "override_reason": why if differs else None,
        })
        return rec.changeset


def set_title(db: Database, year: int, person_id: int, title: str | None) -> ChangeSet:
    """Decide the emulation title (a TITLE_* code); None follows the proposal."""
    if title is not None and title not in TITLE_CODES:
        raise UserError(f"Danh hiệu “{title}” không có.")
    person = _member(db, person_id)
    with recording(db, f"Danh hiệu thi đua năm {year}: {person.full_name}") as rec:
        rec.update("year_results", _result_id(db, rec, year, person_id), {"title": title})
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
    rules = rules_for_year(db, year)
    person = _member(db, person_id)
    if not rules.uses_points or rules.task_group is None:
        return Suggestion(None, {}, None, None, f"Năm {year} áp dụng {rules.name}, không chấm điểm.")
    outcomes = [r[0] for r in db.execute(
        "SELECT outcome FROM deeds WHERE year = ? AND person_id = ?", [year, person_id]).fetchall()]
    deed_counts = {k: outcomes.count(k) for k in DEED_SHARES}
    unfinished = outcomes.count(None)
    review_counts = {k: 0 for k in REVIEW_SHARES}
    for (level,) in db.execute("SELECT level FROM reviews WHERE year = ? AND person_id = ? AND level IS NOT NULL",
                               [year, person_id]).fetchall():
        review_counts[level] += 1
    deed_share = _average(deed_counts, DEED_SHARES)
    review_share = _average(review_counts, REVIEW_SHARES)
    parts: list[str] = []
    if deed_share is not None:
        listed = ", ".join(f"{n} {_deed_word(k)} ({_pct(DEED_SHARES[k])})" for k, n in deed_counts.items() if n)
        parts.append(f"Việc đăng ký: {listed} → {_pct(deed_share)}")
    if unfinished:
        parts.append(f"{unfinished} việc chưa có kết quả, không tính")
    if review_share is not None:
        listed = ", ".join(f"{n} tháng {reviews.REVIEW_LEVELS[k]} ({_pct(REVIEW_SHARES[k])})"
                           for k, n in review_counts.items() if n)
        parts.append(f"Đánh giá tháng: {listed} → {_pct(review_share)}")
    known = [s for s in (deed_share, review_share) if s is not None]
    assessed = sum(deed_counts.values())
    all_done = None if unfinished or not assessed else deed_counts["chua_hoan_thanh"] == 0
    beyond = None if not assessed else Decimal(deed_counts["vuot_muc"]) / assessed >= Decimal("0.3")
    if not known:
        return Suggestion(None, {}, all_done, beyond,
                          f"{person.full_name} chưa có kết quả việc đăng ký hay đánh giá tháng nào năm {year} để gợi ý.")
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
    return {"vuot_muc": "vượt mức", "hoan_thanh": "hoàn thành", "chua_hoan_thanh": "chưa hoàn thành"}[outcome]


def rules_summary(rules: RuleSet) -> str:
    """One line naming the rule set and its criteria, for headers."""
    if not rules.uses_points:
        return f"{rules.name} (không chấm điểm)"
    criteria = ", ".join(f"{c.name} {format_points(c.max_points)}" for c in rules.criteria)
    return f"{rules.name}: {criteria}"


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
    used |= {cap.flag for cap in rules.caps if cap.enabled}
    return tuple(flag for flag in FLAG_LABELS if flag in used)


def scored_criteria(db: Database, year: int) -> dict[str, int]:
    """criterion code → how many people have points stored for it in the year.

    The rule-set editor warns when a criterion that already holds points is
    renamed or removed: those points stay in the file but stop counting.
    """
    rows = db.execute("SELECT criterion, count(*) FROM scores WHERE year = ? GROUP BY criterion", [year]).fetchall()
    return {code: int(n) for code, n in rows}
