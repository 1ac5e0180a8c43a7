"""What every report shares: the header from Cài đặt, the file's unit, the sheets.

A report builder returns `Sheet`s: each a `ReportTable` that party_form lays
out as a party document, and whose rows also go to the hidden raw-data sheet
for the higher committee. Builders never style a cell.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import settings, units, vntext
from desktop.core.statistics import Statistics, statistics
from desktop.excel.reports.party_form import PartyHeader, ReportTable

# Called between steps with (steps done, steps in all, what is being done);
# it may raise to stop the work (the window's Cancel button does).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Sheet:
    """One printed sheet; `key` names its rows in the hidden raw-data sheet."""

    key: str
    name: str
    table: ReportTable


def file_unit(db: Database) -> units.Unit | None:
    """The unit that keeps this file: the top of the tree (a đảng bộ or a chi bộ)."""
    tops = [u for u in units.list_units(db) if u.parent_id is None]
    return next((u for u in tops if u.kind == "dang_bo"), tops[0] if tops else None)


def is_party_committee(db: Database) -> bool:
    """True when the file is a đảng bộ's (it signs T/M ĐẢNG ỦY), False for a chi bộ."""
    unit = file_unit(db)
    return unit is None or unit.kind == "dang_bo"


def issuer_name(committee: str, party_committee: bool) -> str:
    """The issuing body: a đảng bộ's documents are issued by its đảng ủy (HD 36-HD/VPTW)."""
    name = vntext.clean(committee)
    if party_committee and vntext.fold(name).startswith("dang bo "):
        return "Đảng ủy " + name[len("Đảng bộ "):]
    return name


def party_header(
    *, superior: str, committee: str, party_committee: bool, place: str, signer_name: str,
    signer_role: str, margins_mm: Any, today: dt.date,
) -> PartyHeader:
    """The header block and signature: "Số …-BC/ĐU" and T/M ĐẢNG ỦY for a đảng bộ,
    "-BC/CB" and T/M CHI BỘ for a chi bộ. The number itself is left blank for
    the office to fill in when the report is registered and sent."""
    code = "ĐU" if party_committee else "CB"
    keeper = "Lưu Văn phòng Đảng ủy" if party_committee else "Lưu chi bộ"
    recipients = (f"{superior} (để báo cáo)", keeper) if superior else (keeper,)
    margins = tuple(float(m) for m in margins_mm) if margins_mm and len(margins_mm) == 4 else (20, 20, 30, 15)
    return PartyHeader(
        superior_name=superior,
        issuer_name=issuer_name(committee, party_committee),
        doc_number=f"Số       -BC/{code}",
        place=place or "……………",
        date=today,
        signer_on_behalf="T/M ĐẢNG ỦY" if party_committee else "T/M CHI BỘ",
        signer_role=signer_role or "BÍ THƯ",
        signer_name=signer_name,
        recipients=recipients,
        margins_mm=margins,  # type: ignore[arg-type]
    )


def committee_name(db: Database) -> str:
    unit = file_unit(db)
    return vntext.clean(settings.get(db, "committee_name")) or (unit.name if unit else "")


def report_header(db: Database, today: dt.date) -> PartyHeader:
    """The header of this file's reports, from Cài đặt."""
    values = settings.get_all(db)
    return party_header(
        superior=vntext.clean(values.get("superior_name")), committee=committee_name(db),
        party_committee=is_party_committee(db), place=vntext.clean(values.get("place")),
        signer_name=vntext.clean(values.get("signer_name")),
        signer_role=vntext.clean(values.get("signer_role")), margins_mm=values.get("margins_mm"),
        today=today,
    )


@dataclass
class Context:
    """The year being reported and what several reports need, computed once."""

    db: Database
    year: int
    today: dt.date

    @functools.cached_property
    def stats(self) -> Statistics:
        return statistics(self.db, self.year, committee_name(self.db), self.today)


def count_text(count: int, word: str) -> str:
    """12 345 → "12.345 người": Vietnamese thousands dots."""
    return f"{count:,}".replace(",", ".") + f" {word}"


def fit_width(values: Iterable[Any], title: str, cap: float = 30.0) -> float:
    """A text column just wide enough for its longest value (about 1.1 units per
    character of 12 pt Times New Roman), so that the report's long-text column,
    left to fit itself, takes the rest of the page width."""
    longest = max((len(str(v)) for v in values if v), default=0)
    words = max((len(w) for w in title.split()), default=0)
    return min(cap, max(longest, words + 1, 6) * 1.1 + 2.0)
