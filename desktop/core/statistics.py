"""The figures a chi bộ sends up (DOMAIN.md, "What goes up"), per branch and in total.

Three groups of plain counts per branch, so that a higher committee can add
the branches' figures up exactly:

- registration (đăng ký): people on the active list and how many of them
  registered at least one deed, đảng viên and quần chúng apart, the number of
  individual and collective deeds and of models (mô hình). Counted as the
  Đăng ký screen and Tổng quan count (registrations.registration_counts);
- monthly reviews (đánh giá hằng tháng) of the months already due: reviews
  due and done (coverage), levels, commended and reminded marks, the people
  commended or reminded at least once, meetings and attendance;
- year end (cuối năm): đảng viên on the list at 31/12 (chính thức / dự bị),
  exempt, suspended, too new to be rated, rated and still unscored, each of
  the four levels, disciplined, and the emulation titles proposed.

Percentages are derived from the counts (never stored), and the excellence
quota is checked on the counts of each grass-roots organisation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlite_utils import Database

from desktop.core import registrations, units, yearend
from desktop.core.review_year import ReviewYear, review_year
from desktop.core.rules import QUOTA_BASES, Quota, format_points, rules_for_year
from desktop.core.scoring import NOT_RATED, PENDING, TITLE_ADVANCED, TITLE_SOLDIER, YearScore
from desktop.core.shares import percent


@dataclass(frozen=True)
class Figures:
    """One branch's counts (or a sum of branches'); every field but `unit` adds up."""

    unit: str
    # registration
    members: int = 0
    members_registered: int = 0
    masses: int = 0
    masses_registered: int = 0
    individual_deeds: int = 0
    collective_deeds: int = 0
    models: int = 0
    # monthly reviews, over the months already due
    reviews_due: int = 0
    reviews_done: int = 0
    reviews_tot: int = 0
    reviews_dat: int = 0
    reviews_chua_dat: int = 0
    commended: int = 0
    reminded: int = 0
    people_commended: int = 0
    people_reminded: int = 0
    meetings: int = 0
    present: int = 0
    absent_excused: int = 0
    absent_unexcused: int = 0
    # year end
    year_members: int = 0
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    suspended: int = 0
    new_members: int = 0
    rated: int = 0
    pending: int = 0
    htxsnv: int = 0
    httnv: int = 0
    htnv: int = 0
    khtnv: int = 0
    disciplined: int = 0
    title_advanced: int = 0  # Lao động tiên tiến, including those proposed Chiến sĩ thi đua
    title_soldier: int = 0

    @classmethod
    def counts(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls) if f.name != "unit")

    @classmethod
    def total(cls, unit: str, items: Iterable[Figures]) -> Figures:
        sums = dict.fromkeys(cls.counts(), 0)
        for item in items:
            for key in sums:
                sums[key] += getattr(item, key)
        return cls(unit, **sums)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Figures:
        """Read back a stored row; a count a older export lacks is 0, unknown keys are ignored."""
        values = {key: int(row.get(key) or 0) for key in cls.counts()}
        return cls(str(row.get("unit") or ""), **values)

    def as_row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def level(self, code: str) -> int:
        return int(getattr(self, code.lower()))

    # derived shares -------------------------------------------------------------
    @property
    def members_rate(self) -> float | None:
        return percent(self.members_registered, self.members)

    @property
    def masses_rate(self) -> float | None:
        return percent(self.masses_registered, self.masses)

    @property
    def coverage(self) -> float | None:
        return percent(self.reviews_done, self.reviews_due)

    @property
    def attendance_rate(self) -> float | None:
        return percent(self.present, self.present + self.absent_excused + self.absent_unexcused)

    def level_share(self, code: str) -> float | None:
        return percent(self.level(code), self.rated)

    @property
    def excellent_of_good(self) -> float | None:
        """HTXSNV as a share of HTTNV: the quota check of the 2019 guide and 124-QĐ/TW."""
        return percent(self.htxsnv, self.httnv)


@dataclass(frozen=True)
class QuotaStatus:
    """The excellence quota of one grass-roots organisation, from its counts."""

    org_name: str
    enabled: bool
    limit_percent: float
    base: str
    base_count: int
    allowed: int | None
    excellent: int
    exceeded: bool

    @property
    def text(self) -> str:
        if not self.enabled:
            return f"{self.org_name}: năm này không áp dụng giới hạn tỷ lệ Hoàn thành xuất sắc nhiệm vụ."
        verdict = "VƯỢT giới hạn, cấp ủy cần xem xét lại" if self.exceeded else "trong giới hạn"
        return (
            f"{self.org_name}: {self.excellent} Hoàn thành xuất sắc nhiệm vụ; tối đa "
            f"{format_points(self.limit_percent)}% của {self.base_count} ({QUOTA_BASES[self.base]}) "
            f"= {self.allowed} người — {verdict}."
        )


def quota_status(org_name: str, figures: Figures, quota: Quota) -> QuotaStatus:
    """Same rule as scoring.quota_check (rounded down), applied to summed counts."""
    base_count = figures.httnv + (figures.htxsnv if quota.base == "HTTNV_and_above" else 0)
    allowed = None
    if quota.enabled:
        allowed = int((Decimal(str(quota.percent)) * base_count / 100).to_integral_value(rounding=ROUND_FLOOR))
    return QuotaStatus(
        org_name=org_name, enabled=quota.enabled, limit_percent=quota.percent, base=quota.base,
        base_count=base_count, allowed=allowed, excellent=figures.htxsnv,
        exceeded=allowed is not None and figures.htxsnv > allowed,
    )


@dataclass(frozen=True)
class Statistics:
    year: int
    months_due: int
    rule_set: str
    quota: Quota
    branches: list[Figures]
    total: Figures
    quotas: list[QuotaStatus] = field(default_factory=list)


def months_due(year: int, today: dt.date) -> int:
    """Months whose review is due: all 12 of a past year, up to this month of the current one."""
    if year < today.year:
        return 12
    return today.month if year == today.year else 0


def branch_of(db: Database) -> tuple[list[units.Unit], dict[int, units.Unit]]:
    """The reporting rows (each chi bộ, a đảng bộ only if it holds people or deeds
    directly) and unit id → its row; a tổ đảng reports within its chi bộ."""
    all_units = units.list_units(db)
    by_id = {u.id: u for u in all_units}
    mapping = {
        u.id: by_id[u.parent_id] if u.kind == "to_dang" and u.parent_id is not None else u
        for u in all_units
    }
    direct = {r[0] for r in db.execute(
        "SELECT unit_id FROM people UNION SELECT unit_id FROM deeds").fetchall()}
    rows = [u for u in all_units if u.kind == "chi_bo" or (u.kind == "dang_bo" and u.id in direct)]
    return rows, mapping


class _Tally:
    """Counts per reporting row while the queries run."""

    def __init__(self, rows: list[units.Unit], mapping: dict[int, units.Unit]) -> None:
        self.mapping = mapping
        self.values: dict[int, dict[str, int]] = {u.id: dict.fromkeys(Figures.counts(), 0) for u in rows}
        self.names = {u.id: u.name for u in rows}

    def add(self, unit_id: int, key: str, amount: int = 1) -> None:
        branch = self.mapping[unit_id]
        if branch.id not in self.values:  # a đảng bộ that holds nobody directly yet
            self.values[branch.id] = dict.fromkeys(Figures.counts(), 0)
            self.names[branch.id] = branch.name
        self.values[branch.id][key] += amount

    def figures(self, order: list[int]) -> list[Figures]:
        ids = [i for i in order if i in self.values]
        return [Figures(self.names[i], **self.values[i]) for i in ids]


def _registration(db: Database, year: int, tally: _Tally) -> None:
    for unit_id, counts in registrations.registration_counts(db, year).items():
        for key, value in dataclasses.asdict(counts).items():
            tally.add(unit_id, key, value)


def _monthly(db: Database, reviews: ReviewYear, tally: _Tally) -> None:
    """The months' reviews and roll calls per unit, as review_year counted them."""
    for unit_id, counts in reviews.units.items():
        for key, value in (("reviews_due", counts.due), ("reviews_done", counts.done), ("reviews_tot", counts.tot),
                           ("reviews_dat", counts.dat), ("reviews_chua_dat", counts.chua_dat),
                           ("commended", counts.commended), ("reminded", counts.reminded),
                           ("present", counts.present), ("absent_excused", counts.excused),
                           ("absent_unexcused", counts.unexcused)):
            if value:
                tally.add(unit_id, key, value)
    for person in reviews.people:  # the people marked at least once, each counted once
        if person.commended:
            tally.add(person.unit_id, "people_commended")
        if person.reminded:
            tally.add(person.unit_id, "people_reminded")
    for unit_id, count in db.execute(
        "SELECT unit_id, count(*) FROM meetings WHERE year = ? AND month <= ? GROUP BY unit_id",
        [reviews.year, reviews.months_due],
    ).fetchall():
        tally.add(unit_id, "meetings", count)


def _year_end(db: Database, year: int, scores: list[YearScore], tally: _Tally) -> None:
    rules = rules_for_year(db, year)
    year_end = dt.date(year, 12, 31).isoformat()
    membership = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT id, membership, official_date FROM people WHERE kind = 'dang_vien'").fetchall()}
    for result in scores:
        for scored in result.people:
            person = scored.person
            if person.kind != "dang_vien":
                continue
            unit_id = person.unit_id
            tally.add(unit_id, "year_members")
            kind, official_on = membership.get(person.person_id, (None, None))
            # Dự bị at 31/12: made official only after that day, or not yet (no date, still dự bị).
            still_probation = official_on > year_end if official_on else kind == "du_bi"
            tally.add(unit_id, "probationary" if still_probation else "official")
            if person.status == "mien_sinh_hoat":
                tally.add(unit_id, "exempt")
            elif person.status == "dinh_chi":
                tally.add(unit_id, "suspended")
            if scored.status == NOT_RATED and person.status not in rules.not_rated_statuses:
                tally.add(unit_id, "new_members")
            if scored.status == PENDING:
                tally.add(unit_id, "pending")
            if scored.final_level is not None:
                tally.add(unit_id, "rated")
                tally.add(unit_id, scored.final_level.lower())
            if person.disciplined:
                tally.add(unit_id, "disciplined")
            if scored.title in (TITLE_ADVANCED, TITLE_SOLDIER):
                tally.add(unit_id, "title_advanced")
            if scored.title == TITLE_SOLDIER:
                tally.add(unit_id, "title_soldier")


def statistics(db: Database, year: int, unit_name: str, today: dt.date, *,
               reviews: ReviewYear | None = None, scores: list[YearScore] | None = None) -> Statistics:
    """All figures of the year, per reporting row, with the total named `unit_name`.

    `reviews` (the months due by `today`) and `scores` (yearend.score) are
    made here unless the caller already has them for its other sheets.
    """
    rows, mapping = branch_of(db)
    tally = _Tally(rows, mapping)
    due = months_due(year, today)
    _registration(db, year, tally)
    _monthly(db, reviews if reviews is not None else review_year(db, year, due), tally)
    _year_end(db, year, scores if scores is not None else yearend.score(db, year), tally)
    order = [u.id for u in units.list_units(db)]
    branches = tally.figures(order)
    total = Figures.total(unit_name, branches)
    rules = rules_for_year(db, year)
    orgs = yearend.organisations(db)
    by_org: dict[int, list[Figures]] = {}
    org_names: dict[int, str] = {}
    for branch_id, figures in zip([i for i in order if i in tally.values], branches, strict=True):
        org = orgs[branch_id]
        by_org.setdefault(org.id, []).append(figures)
        org_names[org.id] = org.name
    quotas = [quota_status(org_names[org_id], Figures.total(org_names[org_id], group), rules.quota)
              for org_id, group in by_org.items()]
    return Statistics(year, due, rules.name, rules.quota, branches, total, quotas)
