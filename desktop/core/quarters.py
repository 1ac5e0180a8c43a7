"""Quarter assessments (QĐ 366-QĐ/TW Điều 15: quarterly results are a basis for the year's rating).

A person's quarter is derived from the monthly reviews of its three months,
unless the chi bộ stored its own assessment (table quarter_results). The
derivation, so a secretary can check it by hand: each reviewed month counts
Tốt 100%, Đạt 80%, Chưa đạt 40%; the quarter's average is Tốt from 90%,
Đạt from 70%, else Chưa đạt. A quarter with no reviewed month has no level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from desktop.core import people, reviews, vntext, years
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError

REVIEW_SHARES = {"tot": Decimal("1"), "dat": Decimal("0.8"), "chua_dat": Decimal("0.4")}
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
_TOT_FROM, _DAT_FROM = Decimal("0.9"), Decimal("0.7")


@dataclass(frozen=True)
class Quarter:
    quarter: int
    level: str | None  # tot / dat / chua_dat, None without any reviewed month
    months_reviewed: int
    stored: bool  # the chi bộ's own assessment, not the derived one

    @property
    def share(self) -> Decimal | None:
        return REVIEW_SHARES[self.level] if self.level else None

    def describe(self) -> str:
        if self.level is None:
            return f"quý {QUARTER_NAMES[self.quarter]} chưa đánh giá"
        how = "chi bộ ghi" if self.stored else f"{self.months_reviewed} tháng"
        return f"quý {QUARTER_NAMES[self.quarter]} {reviews.REVIEW_LEVELS[self.level]} ({how})"


def derived_level(levels: list[str]) -> str | None:
    """The quarter's level from its reviewed months' levels (see the module's formula)."""
    if not levels:
        return None
    share = sum((REVIEW_SHARES[level] for level in levels), Decimal(0)) / len(levels)
    return "tot" if share >= _TOT_FROM else "dat" if share >= _DAT_FROM else "chua_dat"


def quarters_of(db: Database, year: int, person_ids: list[int] | None = None) -> dict[int, list[Quarter]]:
    """person id → the four quarters of the year (only people with a review or a stored quarter)."""
    where, params = "", []
    if person_ids is not None:
        where = f" AND person_id IN ({', '.join('?' for _ in person_ids)})"
        params = list(person_ids)
    months: dict[int, dict[int, list[str]]] = {}
    for person_id, month, level in db.execute(
        f"SELECT person_id, month, level FROM reviews WHERE year = ? AND level IS NOT NULL{where}", [year, *params]
    ):
        months.setdefault(person_id, {}).setdefault((month - 1) // 3 + 1, []).append(level)
    stored: dict[int, dict[int, str]] = {}
    for person_id, quarter, level in db.execute(
        f"SELECT person_id, quarter, level FROM quarter_results WHERE year = ?{where}", [year, *params]
    ):
        stored.setdefault(person_id, {})[quarter] = level
    found: dict[int, list[Quarter]] = {}
    for person_id in set(months) | set(stored):
        reviewed = months.get(person_id, {})
        kept = stored.get(person_id, {})
        found[person_id] = [
            Quarter(q, kept.get(q) or derived_level(reviewed.get(q, [])), len(reviewed.get(q, [])), q in kept)
            for q in range(1, 5)
        ]
    return found


def set_quarter(db: Database, year: int, person_id: int, quarter: int, level: str | None) -> ChangeSet:
    """Store the chi bộ's assessment of a quarter; None goes back to the one derived from the months."""
    if quarter not in QUARTER_NAMES:
        raise UserError(f"Quý {quarter} không có; hãy chọn quý 1 đến 4.")
    if level is not None and level not in REVIEW_SHARES:
        raise UserError(f"Mức “{level}” không có; hãy chọn Tốt, Đạt hoặc Chưa đạt.")
    person = people.get_person(db, person_id)
    label = reviews.REVIEW_LEVELS[level] if level else "theo đánh giá tháng"
    with recording(db, f"Đánh giá quý {QUARTER_NAMES[quarter]}/{year}: {vntext.clean(person.full_name)} — {label}") as rec:
        years.ensure_year(db, year)
        rec.put("quarter_results", {"person_id": person_id, "year": year, "quarter": quarter},
                None if level is None else {"level": level})
        return rec.changeset


def weighted_share(found: list[Quarter]) -> tuple[Decimal | None, int]:
    """(the quarters' share weighted by the months reviewed in each, months reviewed).

    A quarter the chi bộ assessed without monthly reviews weighs as its three months.
    """
    total, weight = Decimal(0), 0
    for quarter in found:
        if quarter.share is None:
            continue
        months = quarter.months_reviewed or 3
        total += quarter.share * months
        weight += months
    return (total / weight if weight else None), sum(q.months_reviewed for q in found)
