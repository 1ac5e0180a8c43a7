"""Xếp loại tổ chức đảng received: the collectives' own year ratings the branch reports carry.

Every report keeps each đảng bộ and chi bộ's rating in its raw data (meta
"collectives", `raw_rows`); a consolidation lists those of the units it
counts, so the committee sees every chi bộ's level and proposed award in one
table, and keeps them in its own raw data with the report each came from
(`received_rows`), so the committee above that consolidates it again sees the
same table as if it had received every branch report itself. Values are taken
as the branch wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.core import collectives, vntext
from desktop.core.rules import RuleSet
from desktop.excel.reports.common import fit_width, organisation_key
from desktop.excel.reports.report_table import Column, ReportTable

TABLE = "collectives"
SHEET = collectives.TITLE


def raw_rows(rules: RuleSet, found: Sequence[collectives.Collective]) -> list[dict[str, Any]]:
    """The collectives' ratings as the raw data keeps them for the committee above."""
    return [{"unit": c.name, "kind": c.kind, "level": c.level_text(rules), "level_code": c.rating.level,
             "exemplary": "x" if c.rating.exemplary else "", "award": c.award_text, "note": c.rating.note}
            for c in found]


def received_rows(stored: Iterable[Any], sender: str, file: str, parents: dict[str, str | None]) -> list[dict[str, Any]]:
    """A received file's rating rows, each saying which unit's report gave it (`source`, its
    file `source_file`) and the unit above it (`parent`, from the file's unit tree `parents`:
    unit key → parent's name). Rows a consolidation passed on keep the report they came from."""
    found: list[dict[str, Any]] = []
    for row in stored:
        if not isinstance(row, dict) or row.get("_totals") or not row.get("unit"):
            continue
        unit = vntext.clean(str(row["unit"]))
        parent = row.get("parent") if "parent" in row else parents.get(organisation_key(unit))
        found.append({
            "unit": unit, "kind": str(row.get("kind") or ""),
            "parent": vntext.clean(str(parent)) if parent else None,
            "level": str(row.get("level") or collectives.NOT_YET), "level_code": row.get("level_code"),
            "exemplary": "x" if row.get("exemplary") else "", "award": str(row.get("award") or collectives.NO_AWARD),
            "note": str(row.get("note") or ""),
            "source": vntext.clean(str(row.get("source") or sender)),
            "source_file": str(row.get("source_file") or file),
        })
    return found


def rating_text(row: dict[str, Any]) -> str:
    """The level and tiêu biểu as one phrase, for a message."""
    return f"{row['level']}{', tiêu biểu' if row.get('exemplary') else ''}"


def same_rating(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same level (by its code when both say it) and the same tiêu biểu mark."""
    level_a, level_b = (a.get("level_code"), b.get("level_code"))
    same_level = level_a == level_b if level_a and level_b else vntext.fold(a["level"]) == vntext.fold(b["level"])
    return same_level and bool(a.get("exemplary")) == bool(b.get("exemplary"))


def in_order(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows grouped by the unit above them ("Đảng ủy xã X" and "Đảng bộ xã X" are one), then
    by the report that gave them (each report's own order kept): the same order however the
    reports reached the committee."""
    return sorted(rows, key=lambda r: (organisation_key(r.get("parent") or ""), vntext.sort_key(r["source"]),
                                       r["source_file"]))


def received_table(year: int, rows: Sequence[dict[str, Any]]) -> ReportTable | None:
    """The received ratings (`received_rows`, in order) as a table; None when no unit is rated yet."""
    shown = [{"stt": n, "unit": r["unit"], "parent": r.get("parent") or "", "level": r["level"],
              "exemplary": r.get("exemplary") or "", "award": r.get("award") or collectives.NO_AWARD,
              "note": r.get("note") or "", "source": f"{r['source']} (tệp «{r['source_file']}»)"}
             for n, r in enumerate(rows, start=1)]
    if all(r["level"] == collectives.NOT_YET for r in shown):
        return None  # nothing rated yet (a report of the year's first months): no table of blanks
    return ReportTable(
        title=f"{collectives.TITLE} năm {year}",
        subtitle="Theo báo cáo của các đơn vị (mức xếp loại do cấp có thẩm quyền quyết định)",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Tổ chức đảng", "unit", width=fit_width((r["unit"] for r in shown), "Tổ chức đảng", 26)),
            Column("Trực thuộc", "parent", width=fit_width((r["parent"] for r in shown), "Trực thuộc", 22)),
            Column("Mức xếp loại", "level", width=24),
            Column("Tiêu biểu", "exemplary", width=9, align="center"),
            Column("Đề nghị khen thưởng", "award", width=40),
            Column("Ghi chú", "note", width=16),
            Column("Theo báo cáo của", "source", width=30),
        ],
        rows=shown,
        totals={"exemplary": sum(1 for r in shown if r["exemplary"])},
        landscape=True,
    )
