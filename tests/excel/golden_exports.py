"""The cell values of every workbook the demo file exports, as one JSON-able dict.

`test_golden_exports.py` compares today's exports with the values stored in
tests/fixtures/golden_exports.json, captured from the program before the
single-source-of-truth refactor (issue 9): a refactor must not change a figure.
Regenerate only for a change that is meant to change what a report shows:

    .venv/bin/python -m tests.excel.golden_exports   (writes the fixture)
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import time_machine
from openpyxl import load_workbook

from desktop.core import db as dbmod
from desktop.core import demo
from desktop.excel.raw_data import read_raw_data
from desktop.excel.reports.all_reports import ALL, REPORTS, export_report
from desktop.excel.reports.exchange import export_exchange

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "golden_exports.json"
# The demo's "today" and the reports' date: a Monday late in the year, so every
# month up to November has meetings and reviews.
MOMENT = dt.datetime(2026, 11, 23, 10, 0)
TODAY = MOMENT.date()
VOLATILE_META = {"exported_at", "program_version"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def workbook_values(path: Path) -> dict[str, Any]:
    """Every non-empty cell of the visible sheets, and the raw data without its time stamp."""
    wb = load_workbook(path)
    sheets: dict[str, Any] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        sheets[ws.title] = {cell.coordinate: _plain(cell.value)
                            for row in ws.iter_rows() for cell in row if cell.value is not None}
    raw = read_raw_data(path)
    meta = {k: v for k, v in (raw.meta or {}).items() if k not in VOLATILE_META} if raw else None
    return {"sheets": sheets, "raw_meta": meta, "raw_tables": raw.tables if raw else None}


def export_all(folder: Path) -> dict[str, Any]:
    """Make the demo file at MOMENT and export every report and the exchange workbook."""
    out: dict[str, Any] = {}
    with time_machine.travel(MOMENT, tick=False):
        db = dbmod.open_db(folder / "demo.sqlite", create=True)
        try:
            make_demo(db)
            for kind in [*REPORTS, ALL]:
                out[kind] = workbook_values(export_report(db, 2026, kind, folder / f"{kind}.xlsx", today=TODAY))
            out["exchange"] = workbook_values(export_exchange(db, 2026, folder / "exchange.xlsx"))
        finally:
            db.close()
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))




def make_demo(db: Any) -> None:
    """The demo file the golden values come from (60 people, seed 7, made on TODAY)."""
    demo.create_demo(db, members=60, seed=7, year=2026, today=TODAY)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        FIXTURE.write_text(json.dumps(export_all(Path(tmp)), ensure_ascii=False, indent=0, sort_keys=True),
                           encoding="utf-8")
    print(f"wrote {FIXTURE}")
