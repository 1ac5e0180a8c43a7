"""What a report says, before it is laid out: the issuer and signer, the columns, the rows.

Report builders describe their tables with these; `party_form` writes them
as a party document, `page_layout` estimates how they print, `printable`
draws them as HTML. Plain data: no cell is styled here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "int", "percent", "date", "number"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class PartyHeader:
    """Who issues the document and who signs it (thể thức văn bản của Đảng)."""

    superior_name: str
    issuer_name: str
    doc_number: str
    place: str
    date: dt.date
    signer_on_behalf: str
    signer_role: str
    signer_name: str
    recipients: tuple[str, ...] = ("Như trên", "Lưu chi bộ")
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right


@dataclass(frozen=True)
class Column:
    """One table column; `width` None means fitted to its text (long text wraps)."""

    title: str
    key: str
    kind: Kind = "text"
    width: float | None = None
    align: Align | None = None  # None: numbers right, dates centred, text left
    number_format: str | None = None  # None: the kind's usual format


@dataclass
class ReportTable:
    """The body of a report. Percent values are fractions (0.25 is 25 %).

    `groups` gives an optional second header level: (title, span) pairs covering
    the columns in order; an empty title leaves those columns ungrouped.
    `keep_together` lists the rows that begin a run of rows a page break must
    not cut (the run moves to the next page whole).
    """

    title: str
    subtitle: str | None
    columns: list[Column]
    rows: list[dict[str, Any]]
    totals: dict[str, Any] | None = None
    notes: Sequence[str] = ()
    landscape: bool | None = None
    groups: list[tuple[str, int]] | None = None
    # Indexes of the rows that start a run kept on one page (a person's deeds under the name).
    keep_together: Sequence[int] = ()
    # The key to the abbreviations the table uses: printed under it and at the foot of every page.
    abbreviations: str | None = None
    # Small tables printed under the notes, above the signature, laid over the main
    # table's columns (give each column a width): what the document rests on, e.g. the
    # criteria used (one table per self-assessment form that has its own).
    appendices: Sequence[ReportTable] = ()
