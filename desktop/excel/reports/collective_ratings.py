"""Xếp loại tổ chức đảng received: the collectives' own year ratings the branch reports carry.

Every report keeps each đảng bộ and chi bộ's rating in its raw data (meta
"collectives", `raw_rows`); a consolidation lists those of the units it
counts, so the committee sees every chi bộ's level and proposed award in one
table. Values are taken as the branch wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.core import collectives
from desktop.core.rules import RuleSet
from desktop.excel.reports.common import fit_width
from desktop.excel.reports.report_table import Column, ReportTable

TABLE = "collectives"
SHEET = collectives.TITLE


def raw_rows(rules: RuleSet, found: Sequence[collectives.Collective]) -> list[dict[str, Any]]:
    """The collectives' ratings as the raw data keeps them for the committee above."""
    return [{"unit": c.name, "kind": c.kind, "level": c.level_text(rules), "level_code": c.rating.level,
             "exemplary": "x" if c.rating.exemplary else "", "award": c.award_text, "note": c.rating.note}
            for c in found]


def received_table(year: int, sent: Sequence[tuple[str, Sequence[dict[str, Any]]]]) -> ReportTable | None:
    """(sending unit, its rows of the raw "collectives" list) → the table; None when no unit is rated yet."""
    rows: list[dict[str, Any]] = []
    for sender, found in sent:
        for row in found:
            if row.get("_totals") or not row.get("unit"):
                continue
            rows.append({"stt": len(rows) + 1, "sender": sender, "unit": row["unit"],
                         "level": row.get("level") or collectives.NOT_YET, "exemplary": row.get("exemplary") or "",
                         "award": row.get("award") or collectives.NO_AWARD, "note": row.get("note") or ""})
    if all(r["level"] == collectives.NOT_YET for r in rows):
        return None  # nothing rated yet (a report of the year's first months): no table of blanks
    return ReportTable(
        title=f"{collectives.TITLE} năm {year}",
        subtitle="Theo báo cáo của các đơn vị (mức xếp loại do cấp có thẩm quyền quyết định)",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Đơn vị gửi", "sender", width=fit_width((r["sender"] for r in rows), "Đơn vị gửi", 26)),
            Column("Tổ chức đảng", "unit", width=fit_width((r["unit"] for r in rows), "Tổ chức đảng", 26)),
            Column("Mức xếp loại", "level", width=28),
            Column("Tiêu biểu", "exemplary", width=9, align="center"),
            Column("Đề nghị khen thưởng", "award", width=44),
            Column("Ghi chú", "note", width=20),
        ],
        rows=rows,
        totals={"exemplary": sum(1 for r in rows if r["exemplary"])},
        landscape=True,
    )
