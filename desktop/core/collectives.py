"""Xếp loại tập thể: the year rating of each party organisation and its award.

QĐ 366-QĐ/TW rates every party organisation (đảng bộ, chi bộ) each year
with the same four levels as a member. The committee above decides it; the
file keeps what was decided (table unit_ratings): the level, whether the
collective was picked "tiêu biểu" among those rated HTXSNV, and a short
note. HD 06-HD/TW (9/6/2025) awards a collective "Hoàn thành xuất sắc
nhiệm vụ tiêu biểu": in the year, a giấy khen of the đảng ủy cơ sở (for a
chi bộ under one) or of the committee above (for a tổ chức cơ sở đảng);
5 years running, a proposal to the committee above the cơ sở. The run reads
the stored ratings of the earlier years; a file that is new has none, so
the secretary types those years in (rows of unit_ratings for years the
file never worked in: the table does not need a working year).

Nothing here rates a collective automatically: `member_figures` shows what
the rating draws on (the members' levels this year), for the committee.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop.core import units, vntext, yearend
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError
from desktop.core.rules import LEVEL_CODES, RuleSet, rules_for_year
from desktop.core.scoring import NOT_RATED, PersonScore, YearScore

RATED_KINDS = ("dang_bo", "chi_bo")
EXEMPLARY_LABEL = "Tiêu biểu"
TITLE = "Xếp loại tổ chức đảng"
NOT_YET = "Chưa xếp loại"
NO_AWARD = "Không đề nghị"
NOTE_MAX = 500


@dataclass(frozen=True)
class Rating:
    """A collective's rating of one year as stored (level None: not rated yet)."""

    level: str | None = None
    exemplary: bool = False
    note: str = ""

    @property
    def empty(self) -> bool:
        return self.level is None and not self.exemplary and not self.note


@dataclass(frozen=True)
class Collective:
    """A party organisation rated each year, with its year's rating and the award proposed."""

    unit_id: int
    name: str
    kind: str
    year: int
    rating: Rating
    earlier: dict[int, Rating]  # the years of the run before `year` → their ratings (missing: none stored)
    awards: list[str] = field(default_factory=list)
    streak_years: int = 5
    grass_roots: bool = False  # a tổ chức cơ sở đảng itself, not a chi bộ under a đảng ủy cơ sở

    def level_text(self, rules: RuleSet) -> str:
        return rules.level_name(self.rating.level) if self.rating.level else NOT_YET

    @property
    def award_text(self) -> str:
        return "; ".join(self.awards) if self.awards else NO_AWARD

    def summary(self, rules: RuleSet) -> str:
        """One sentence for a report's notes: the level, tiêu biểu, the award proposed."""
        exemplary = f", {EXEMPLARY_LABEL.lower()}" if self.rating.exemplary else ""
        note = f" ({self.rating.note})" if self.rating.note else ""
        return (f"{TITLE} năm {self.year} — {self.name}: {self.level_text(rules)}{exemplary}{note}. "
                f"Đề nghị khen thưởng: {self.award_text}.")


def level_label(rules: RuleSet, level: str | None) -> str:
    """The level's name as the screens and reports write it, "Chưa xếp loại" for none."""
    return rules.level_name(level) if level else NOT_YET


def rated_units(db: Database) -> list[units.Unit]:
    """The đảng bộ and chi bộ of the file, in the unit tree's order (tổ đảng are not rated)."""
    return [u for u in units.list_units(db) if u.kind in RATED_KINDS]


def ratings(db: Database, unit_id: int, first: int, last: int) -> dict[int, Rating]:
    """year → the unit's stored rating, for the years first..last."""
    return {year: Rating(level, bool(exemplary), note or "") for year, level, exemplary, note in db.execute(
        "SELECT year, level, exemplary, note FROM unit_ratings WHERE unit_id = ? AND year BETWEEN ? AND ?",
        [unit_id, first, last])}


def is_grass_roots(db: Database, unit_id: int) -> bool:
    """Whether the unit is a tổ chức cơ sở đảng itself (not a chi bộ under a đảng ủy cơ sở)."""
    return yearend.organisations(db)[unit_id].id == unit_id


def proposals(rules: RuleSet, year: int, rating: Rating, earlier: Mapping[int, Rating], *,
              grass_roots: bool) -> list[str]:
    """The awards proposed for a collective (HD 06-HD/TW): pure, from its ratings.

    In the year: HTXSNV and tiêu biểu. 5 years running (the rule set's
    streak span): each year of the run HTXSNV and tiêu biểu, or only HTXSNV
    in the earlier years when `awards.collective_streak_exemplary` is off.
    """
    awards = rules.awards
    if not awards.enabled or rating.level != "HTXSNV" or not rating.exemplary:
        return []
    giver = "Giấy khen của cấp ủy cấp trên trực tiếp" if grass_roots else "Giấy khen của Đảng ủy cơ sở"
    found = [f"{giver}: {awards.collective_name} năm {year}"]
    span = rules.titles.excellent_streak_years

    def counts(r: Rating | None) -> bool:
        return r is not None and r.level == "HTXSNV" and (r.exemplary or not awards.collective_streak_exemplary)

    if span > 1 and all(counts(earlier.get(year - k)) for k in range(1, span)):
        found.append(f"Đề nghị cấp ủy cấp trên khen thưởng: {awards.collective_name} "
                     f"{span} năm liền ({year - span + 1}–{year})")
    return found


def collective(db: Database, year: int, unit_id: int, rules: RuleSet | None = None,
               orgs: Mapping[int, units.Unit] | None = None) -> Collective:
    """The unit's rating of the year, the earlier years of the run and the award proposed.

    `orgs` stands for `yearend.organisations(db)` when the caller has it."""
    unit = units.get_unit(db, unit_id)
    if unit.kind not in RATED_KINDS:
        raise UserError(f"{unit.name} là {unit.kind_label.lower()}, không xếp loại tập thể; "
                        "hãy chọn chi bộ hoặc đảng bộ.")
    rules = rules or rules_for_year(db, year)
    span = rules.titles.excellent_streak_years
    stored = ratings(db, unit_id, year - span + 1, year)
    rating = stored.pop(year, Rating())
    grass_roots = (orgs or yearend.organisations(db))[unit.id].id == unit.id
    return Collective(unit.id, unit.name, unit.kind, year, rating, stored,
                      proposals(rules, year, rating, stored, grass_roots=grass_roots), span, grass_roots)


def collectives(db: Database, year: int) -> list[Collective]:
    """Every đảng bộ and chi bộ of the file with its rating of the year, in tree order."""
    rules = rules_for_year(db, year)
    orgs = yearend.organisations(db)
    return [collective(db, year, u.id, rules, orgs) for u in rated_units(db)]


def _check(rules: RuleSet, rating: Rating, year: int, name: str) -> Rating:
    """The rating cleaned, or a UserError in Vietnamese."""
    if rating.level is not None and rating.level not in LEVEL_CODES:
        raise UserError(f"Mức xếp loại “{rating.level}” không có; hãy chọn một trong bốn mức.")
    if rating.exemplary and rating.level != "HTXSNV":
        raise UserError(
            f"{name} năm {year}: chỉ tập thể được xếp loại {rules.level_name('HTXSNV')} mới được chọn là "
            f"tiêu biểu (đang là {level_label(rules, rating.level)}). Hãy bỏ đánh dấu “{EXEMPLARY_LABEL}” "
            "hoặc chọn mức Hoàn thành xuất sắc nhiệm vụ.")
    note = vntext.clean(rating.note)
    if len(note) > NOTE_MAX:
        raise UserError(f"{name} năm {year}: ghi chú dài {len(note)} ký tự, quá {NOTE_MAX}; hãy viết ngắn lại.")
    return Rating(rating.level, rating.exemplary, note)


def set_rating(db: Database, year: int, unit_id: int, rating: Rating,
               earlier: Mapping[int, Rating] | None = None) -> ChangeSet:
    """Store the collective's rating of the year and, typed in, of earlier years (one undoable change).

    An empty rating (no level, not tiêu biểu, no note) removes the year's row.
    """
    unit = units.get_unit(db, unit_id)
    if unit.kind not in RATED_KINDS:
        raise UserError(f"{unit.name} là {unit.kind_label.lower()}, không xếp loại tập thể; "
                        "hãy chọn chi bộ hoặc đảng bộ.")
    rules = rules_for_year(db, year)
    name = unit.name
    given = {year: rating, **(earlier or {})}
    if any(y > year for y in given):
        raise UserError(f"Năm đã qua phải trước năm {year}.")
    checked = {y: _check(rules, r, y, name) for y, r in given.items()}
    with recording(db, f"Xếp loại tập thể năm {year}: {name}") as rec:
        for y, r in sorted(checked.items()):
            rec.put("unit_ratings", {"unit_id": unit_id, "year": y}, None if r.empty else {
                "level": r.level, "exemplary": int(r.exemplary), "note": r.note or None})
        return rec.changeset


@dataclass(frozen=True)
class MemberFigures:
    """What the collective's rating draws on: its members' levels this year (help, never a rule)."""

    counts: dict[str, int]  # level code → members rated at it
    rated: int
    not_rated: int  # not reviewed at all (exempt, suspended, < 6 months)
    pending: int  # due a rating, no level yet
    excellent_percent_of_good: float | None  # HTXSNV as % of HTTNV
    failing: list[str]  # names rated KHTNV
    disciplined: list[str]  # names disciplined in the year

    def lines(self, rules: RuleSet) -> list[str]:
        levels = "; ".join(f"{rules.level_name(code)}: {self.counts[code]}" for code in LEVEL_CODES)
        pct = "—" if self.excellent_percent_of_good is None else \
            f"{self.excellent_percent_of_good:.1f}".replace(".", ",") + "%"
        found = [f"Đảng viên được xếp loại: {self.rated} (không xếp loại: {self.not_rated}; "
                 f"chưa có mức: {self.pending})", levels,
                 f"{rules.level_name('HTXSNV')} so với số {rules.level_name('HTTNV')}: {pct}"]
        found.append(f"{rules.level_name('KHTNV')}: " + (", ".join(self.failing) if self.failing else "không có"))
        found.append("Bị kỷ luật trong năm: " + (", ".join(self.disciplined) if self.disciplined else "không có"))
        return found


def member_figures(db: Database, year: int, unit_id: int, scored: list[YearScore] | None = None) -> MemberFigures:
    """The levels of the đảng viên in the unit's subtree this year.

    `scored` (from `yearend.score`) saves scoring again when the caller has it.
    """
    if scored is None:
        scored = yearend.score(db, year, org_ids=yearend.organisations_of(db, unit_id))
    return figures_of_units(db, [unit_id], scored)[unit_id]


def figures_of_units(db: Database, unit_ids: list[int], scored: list[YearScore]) -> dict[int, MemberFigures]:
    """unit id → its members' figures, the scoring read once for all the units."""
    by_unit: dict[int, list[PersonScore]] = {}
    for result in scored:
        for p in result.people:
            if p.person.kind == "dang_vien":
                by_unit.setdefault(p.person.unit_id, []).append(p)
    return {unit_id: _figures([p for sub in units.subtree_ids(db, unit_id) for p in by_unit.get(sub, [])])
            for unit_id in unit_ids}


def _figures(members: list[PersonScore]) -> MemberFigures:
    counts = {code: 0 for code in LEVEL_CODES}
    for p in members:
        if p.status != NOT_RATED and p.final_level:
            counts[p.final_level] += 1
    return MemberFigures(
        counts=counts,
        rated=sum(counts.values()),
        not_rated=sum(1 for p in members if p.status == NOT_RATED),
        pending=sum(1 for p in members if p.status != NOT_RATED and not p.final_level),
        excellent_percent_of_good=(100 * counts["HTXSNV"] / counts["HTTNV"]) if counts["HTTNV"] else None,
        failing=[p.person.name for p in members if p.status != NOT_RATED and p.final_level == "KHTNV"],
        disciplined=[p.person.name for p in members if p.person.disciplined],
    )
