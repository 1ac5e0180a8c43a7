"""What every form shares: the request (year, people, number and date) and the header."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from desktop.core import people, units
from desktop.core.document_numbers import DocumentNumber
from desktop.excel.reports.common import committee_name, is_party_committee, report_header
from desktop.excel.reports.party_form import PartyHeader

# (steps done, steps in all, what is being done); may raise to stop the work.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FormRequest:
    """One export: the year, whose forms (None: everyone concerned), number and date."""

    db: Database
    year: int
    today: dt.date
    person_ids: list[int] | None = None
    number: DocumentNumber = field(default_factory=DocumentNumber)

    @property
    def header(self) -> PartyHeader:
        return report_header(self.db, self.number.date or self.today)

    @property
    def issued_on(self) -> dt.date:
        return self.number.date or self.today

    def number_line(self, kind_code: str) -> str:
        """"Số 09-BC/CB"; the number left blank for the office when none was typed."""
        unit = "ĐU" if is_party_committee(self.db) else "CB"
        return f"Số {self.number.number or '       '}-{kind_code}/{unit}"


def branch_of(db: Database, person: people.Person) -> str:
    """The person's chi bộ (a tổ đảng's parent chi bộ), for the header's second line."""
    by_id = {u.id: u for u in units.list_units(db)}
    unit = by_id.get(person.unit_id)
    while unit is not None and unit.kind == "to_dang" and unit.parent_id is not None:
        unit = by_id.get(unit.parent_id)
    return unit.name if unit else person.unit_name


def personal_header(req: FormRequest, person: people.Person) -> PartyHeader:
    """A member's own form is headed by the đảng bộ and the person's chi bộ (Mẫu 2A–2C)."""
    header = req.header
    branch = branch_of(req.db, person)
    top = committee_name(req.db) if is_party_committee(req.db) else header.superior_name
    if top == branch:
        top = header.superior_name
    return replace(header, superior_name=top, issuer_name=branch)


def branch_confirmation(req: FormRequest, header: PartyHeader) -> tuple[str, str, str]:
    """(on behalf, role, name) of the chi bộ's confirmation on a member's form: the
    file's signer when the file is the chi bộ's; otherwise its secretary signs by hand."""
    if is_party_committee(req.db):
        return "T/M CHI BỘ", "BÍ THƯ", ""
    return header.signer_on_behalf, header.signer_role, header.signer_name
