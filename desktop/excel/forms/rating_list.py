"""`rating-list`: Danh sách xếp loại chất lượng đảng viên (Mẫu 04-like), an Excel party document.

One row per đảng viên rated in the year: name, position, the self-assessment
form (2A/2B/2C, the person's form of the year: chosen from the position or set on Cuối năm),
total points and level, from `yearend.score` like the Cuối năm screen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.core.person_record import year_records
from desktop.core.rules import LEVEL_CODES
from desktop.core.scoring import NOT_RATED
from desktop.excel.forms.context import FormRequest, Progress
from desktop.excel.reports.common import count_text, fit_width
from desktop.excel.reports.party_form import (
    Column,
    PartyHeader,
    ReportTable,
    party_workbook,
    write_party_sheet,
)
from desktop.excel.reports.year_end import LEGEND
from desktop.excel.safe_save import save_workbook


def _header(req: FormRequest) -> PartyHeader:
    return replace(req.header, doc_number=req.number_line("DS"))


def write(req: FormRequest, person_ids: list[int], path: Path, progress: Progress | None = None) -> Path:
    if progress:
        progress(0, 2, "Đang lập danh sách xếp loại…")
    records = [r for r in year_records(req.db, req.year, person_ids)
               if r.person.kind == "dang_vien" and r.score is not None and r.score.status != NOT_RATED]
    rows: list[dict[str, Any]] = [
        {"stt": n, "name": r.person.full_name, "position": r.person.position or "", "unit": r.person.unit_name,
         "form": r.score.person.form if r.score else "", "total": r.score.total if r.score else None,
         "level": (r.score.final_level if r.score else None) or "", "note": ""}
        for n, r in enumerate(records, start=1)]
    counts = {code: sum(1 for r in rows if r["level"] == code) for code in LEVEL_CODES}
    rules = records[0].rules if records else None
    table = ReportTable(
        title=f"Danh sách đánh giá, xếp loại chất lượng đảng viên năm {req.year}",
        subtitle=(f"{count_text(len(rows), 'đảng viên')} được xếp loại (đang sinh hoạt, tính đến 31/12/{req.year})"
                  + (f", theo {rules.name}" if rules else "")),
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Họ và tên", "name", width=fit_width((r["name"] for r in rows), "Họ và tên", 26)),
            Column("Chức vụ", "position", width=fit_width((r["position"] for r in rows), "Chức vụ", 20)),
            Column("Chi bộ", "unit", width=fit_width((r["unit"] for r in rows), "Chi bộ", 22)),
            Column("Mẫu kiểm điểm", "form", width=10, align="center"),
            Column("Tổng điểm", "total", "number", width=9),
            Column("Xếp loại", "level", width=10, align="center"),
            Column("Ghi chú", "note", width=14),
        ],
        rows=rows,
        # The level counts in the wide "Chi bộ" column; "Tổng cộng" spans STT to Chức vụ.
        totals={"unit": "; ".join(f"{code}: {n}" for code, n in counts.items())},
        abbreviations=LEGEND,
        notes=["Cột «Mẫu kiểm điểm»: mẫu bản kiểm điểm (2A, 2B, 2C) của từng đảng viên trong năm."],
        landscape=False,
    )
    wb = party_workbook()
    write_party_sheet(wb.create_sheet("Danh sách xếp loại"), _header(req), table)
    if progress:
        progress(1, 2, "Đang lưu tệp…")
    save_workbook(wb, path)
    return path
