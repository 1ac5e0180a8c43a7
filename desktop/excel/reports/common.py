"""What every report shares: the header from Cài đặt, the file's unit, the sheets.

A report builder returns `Sheet`s: each a `ReportTable` that party_form lays
out as a party document, and whose rows also go to the hidden raw-data sheet
for the higher committee. Builders never style a cell.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import settings, units, vntext
from desktop.core.report_data import ReportData, report_data
from desktop.core.statistics import Statistics
from desktop.excel.reports.report_table import PartyHeader, ReportTable

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


# A đảng bộ's executive committee by the level of the đảng bộ (HD 36-HD/VPTW): the
# name it signs with and the letters of its document symbol. A centrally-run
# city's committee is a Thành ủy of provincial rank (TU); any other city's is HU.
_COMMITTEES = (
    ("dang bo tinh ", "Tỉnh ủy", "TU"),
    ("dang bo thanh pho ", "Thành ủy", "HU"),
    ("dang bo huyen ", "Huyện ủy", "HU"),
    ("dang bo quan ", "Quận ủy", "HU"),
    ("dang bo thi xa ", "Thị ủy", "HU"),
)
_FOLDED_WORDS = [(prefix, vntext.fold(word) + " ") for prefix, word, _code in _COMMITTEES]
_CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}


@dataclass(frozen=True)
class IssuingBody:
    """Who issues a document: "Tỉnh ủy Thái Nguyên", its kind ("Tỉnh ủy") and symbol letters."""

    name: str
    body: str
    code: str


def issuing_body(committee: str, party_committee: bool) -> IssuingBody:
    """The issuing body of `committee`: a đảng bộ's documents are issued by its cấp ủy
    (a province's Tỉnh ủy, -BC/TU; a commune's Đảng ủy, -BC/ĐU), a chi bộ's by itself."""
    name = vntext.clean(committee)
    if not party_committee:
        return IssuingBody(name, "Chi bộ", "CB")
    folded = vntext.fold(name)
    if folded.startswith("dang uy "):  # "Đảng ủy tỉnh …": the đảng bộ named by its committee
        name, folded = "Đảng bộ " + name[8:], "dang bo " + folded[8:]
    for prefix, word, code in _COMMITTEES:
        if folded.startswith(prefix):
            rest = name[len(prefix):]
            return IssuingBody(f"{word} {rest}", word, _city_code(word, rest, code))
        if folded.startswith(vntext.fold(word) + " "):  # already "Tỉnh ủy Thái Nguyên"
            return IssuingBody(name, word, _city_code(word, name[len(word) + 1:], code))
    if folded.startswith("dang bo "):
        return IssuingBody("Đảng ủy " + name[8:], "Đảng ủy", "ĐU")
    return IssuingBody(name, "Đảng ủy", "ĐU")


def organisation_key(name: str) -> str:
    """One spelling for a party organisation, whoever names it: "Tỉnh ủy Thái Nguyên",
    "Đảng ủy tỉnh Thái Nguyên" and "Đảng bộ tỉnh Thái Nguyên" are one đảng bộ."""
    folded = vntext.fold(vntext.clean(name))
    if folded.startswith("dang uy "):
        return "dang bo " + folded[len("dang uy "):]
    for prefix, word in _FOLDED_WORDS:
        if folded.startswith(word):
            return prefix + folded[len(word):]
    return folded


def _city_code(word: str, place: str, code: str) -> str:
    return "TU" if word == "Thành ủy" and vntext.fold(place) in _CENTRAL_CITIES else code


def issuer_name(committee: str, party_committee: bool) -> str:
    """The issuing body's name: "Đảng bộ xã La Bằng" issues as "Đảng ủy xã La Bằng"."""
    return issuing_body(committee, party_committee).name


def leading_committee(party_body: str) -> str:
    """The committee that leads a đảng bộ: "Đảng bộ xã La Bằng" → "Đảng ủy xã La Bằng",
    "Đảng bộ tỉnh Thái Nguyên" → "Tỉnh ủy Thái Nguyên"; any other name as it is."""
    return issuing_body(party_body, True).name


def default_recipients(superior: str, party_committee: bool) -> tuple[str, ...]:
    """"Nơi nhận" when Cài đặt names none: the superior's committee, and the file copy."""
    keeper = "Lưu Văn phòng Đảng ủy" if party_committee else "Lưu chi bộ"
    return (f"{leading_committee(superior)} (để báo cáo)", keeper) if superior else (keeper,)


def party_header(
    *, superior: str, committee: str, party_committee: bool, place: str, signer_name: str,
    signer_role: str, margins_mm: Any, today: dt.date, recipients: Sequence[str] = (),
) -> PartyHeader:
    """The header block and signature: "Số …-BC/ĐU" and T/M ĐẢNG ỦY for a commune's
    đảng bộ ("-BC/TU", T/M TỈNH ỦY for a province's), "-BC/CB" and T/M CHI BỘ for a
    chi bộ. The number itself is left blank for the office to fill in when the
    report is registered and sent. `superior` heads the page (the đảng bộ);
    `recipients` are the committees under "Nơi nhận" (Cài đặt), derived from the
    superior when none are set."""
    body = issuing_body(committee, party_committee)
    named = tuple(r for r in (vntext.clean(x) for x in recipients) if r)
    recipients = named or default_recipients(superior, party_committee)
    margins = tuple(float(m) for m in margins_mm) if margins_mm and len(margins_mm) == 4 else (20, 20, 30, 15)
    return PartyHeader(
        superior_name=superior,
        issuer_name=body.name,
        doc_number=f"Số       -BC/{body.code}",
        place=place or "……………",
        date=today,
        signer_on_behalf=f"T/M {body.body.upper()}",
        signer_role=signer_role or "BÍ THƯ",
        signer_name=signer_name,
        recipients=tuple(recipients),
        margins_mm=margins,  # type: ignore[arg-type]
    )


def unit_tree(db: Database, figure_rows: Sequence[str]) -> list[dict[str, Any]]:
    """The units the file covers, for its raw data, so that a consolidation counts each
    unit once: name, kind, parent (the top unit's is the superior committee of Cài đặt)
    and the index of the figures row that counts its people (None: counted nowhere
    directly, as a đảng bộ that holds nobody itself). A tổ đảng counts in its chi bộ."""
    superior = vntext.clean(settings.get(db, "superior_name")) or None
    all_units = units.list_units(db)
    names = {u.id: u.name for u in all_units}
    tree: list[dict[str, Any]] = []
    position = 0  # the rows follow the units' order, leaving out those without figures
    for unit in all_units:
        if unit.kind == "to_dang":
            continue
        row = None
        if position < len(figure_rows) and figure_rows[position] == unit.name:
            row, position = position, position + 1
        parent = names[unit.parent_id] if unit.parent_id is not None else superior
        tree.append({"name": unit.name, "kind": unit.kind, "parent": parent, "row": row})
    return tree


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
        today=today, recipients=recipient_lines(values.get("recipients")),
    )


def recipient_lines(value: Any) -> list[str]:
    """The stored "Nơi nhận" setting (a list, or text with one committee per line)."""
    if isinstance(value, str):
        return value.splitlines()
    return [str(v) for v in value or []]


@dataclass
class Context:
    """The year being reported and its figures (core.report_data), computed once."""

    db: Database
    year: int
    today: dt.date

    @functools.cached_property
    def data(self) -> ReportData:
        return report_data(self.db, self.year, committee_name(self.db), self.today)

    @property
    def stats(self) -> Statistics:
        return self.data.statistics


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


SHARES_NOTE = ("Tỷ lệ các mức làm tròn đến 0,1% theo phương pháp phần dư lớn nhất "
               "để các mức cộng lại đúng 100%.")


def shares_adding_to_100(counts: Sequence[int]) -> list[float | None]:
    """Each count's share (a fraction) rounded to 0.1 % so that the shares add up to
    exactly 100 % (largest-remainder rounding); None each when the counts are all 0."""
    whole = sum(counts)
    if not whole:
        return [None] * len(counts)
    tenths = [count * 1000 / whole for count in counts]
    floors = [int(t) for t in tenths]
    by_remainder = sorted(range(len(counts)), key=lambda i: (floors[i] - tenths[i], i))
    for i in by_remainder[: 1000 - sum(floors)]:
        floors[i] += 1
    return [f / 1000 for f in floors]
