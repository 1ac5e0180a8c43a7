"""Tổng hợp: the higher committee merges the branches' exported reports into one.

Each branch file is read through its hidden raw-data sheet (numbers, not
layout): the figures per chi bộ it carries are added up into one row for the
sending unit. Reading (`read_branch_file`, slow: it opens the workbook) is
kept apart from deciding (`decide`, instant), so the window can show the
problems and let the user take damaged files in without reading again:

- a file whose checksum fails (edited by hand or damaged) is left out with
  the reason, or taken with a visible warning when the user chooses so;
- a file of another year is refused;
- the same unit twice keeps the newer export and says so;
- units of the committee's own list that sent nothing are named.

The result is a party document like the branches' statistics, one row per
unit plus the total, and carries its own raw data so that the level above
can consolidate it again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import vntext
from desktop.core.rules import QUOTA_BASES, Quota
from desktop.core.schema import SCHEMA_VERSION
from desktop.core.statistics import Figures, quota_status
from desktop.excel.errors import ExcelUserError
from desktop.excel.raw_data import attach_raw_data, read_raw_data
from desktop.excel.reports.all_reports import FIGURES_TABLE
from desktop.excel.reports.common import Progress, Sheet, count_text
from desktop.excel.reports.party_form import (
    Column,
    PartyHeader,
    ReportTable,
    party_workbook,
    write_party_sheet,
)
from desktop.excel.reports.statistics import statistics_sheets
from desktop.excel.safe_save import save_workbook

INCLUDED = "included"
DAMAGED = "damaged"
DAMAGED_TAKEN = "damaged_taken"
OTHER_YEAR = "other_year"
DUPLICATE = "duplicate"
UNREADABLE = "unreadable"
STATUS_LABELS = {
    INCLUDED: "Đã tổng hợp",
    DAMAGED_TAKEN: "Đã tổng hợp (dữ liệu bị sửa, có cảnh báo)",
    DAMAGED: "Không tổng hợp: dữ liệu bị sửa hoặc hỏng",
    OTHER_YEAR: "Không tổng hợp: khác năm",
    DUPLICATE: "Không tổng hợp: trùng đơn vị",
    UNREADABLE: "Không tổng hợp: không đọc được",
}


@dataclass(frozen=True)
class BranchFile:
    """What one received file holds, as read (no decision yet)."""

    path: Path
    unit: str = ""
    year: int | None = None
    exported_at: str | None = None
    superior: str = ""
    months_due: int = 0
    quota: dict[str, Any] | None = None
    figures: Figures | None = None  # the file's rows added up, named after its unit
    checksum_ok: bool = False
    problem: str | None = None  # why it cannot be used, or what is wrong with it


@dataclass(frozen=True)
class FileDecision:
    file: BranchFile
    status: str
    note: str

    @property
    def included(self) -> bool:
        return self.status in (INCLUDED, DAMAGED_TAKEN)


@dataclass
class Consolidation:
    year: int | None
    decisions: list[FileDecision]
    missing: list[str] = field(default_factory=list)  # units of the list that sent nothing

    @property
    def included(self) -> list[FileDecision]:
        return [d for d in self.decisions if d.included]

    def problems(self) -> list[str]:
        """Every line the user must read: files left out or taken with a warning, units missing."""
        lines = [f"«{d.file.path.name}»: {d.note}" for d in self.decisions if d.status != INCLUDED]
        if self.missing:
            lines.append(f"Chưa gửi báo cáo ({len(self.missing)}): {', '.join(self.missing)}.")
        return lines


def read_branch_file(path: Path) -> BranchFile:
    """Read one branch's export; a file that cannot be used says why in `problem`."""
    path = Path(path)
    try:
        raw = read_raw_data(path)
    except ExcelUserError as exc:
        return BranchFile(path, problem=exc.message)
    meta = raw.meta
    rows = raw.tables.get(FIGURES_TABLE)
    year = meta.get("year")
    if not isinstance(year, int) or rows is None or not meta.get("unit"):
        why = raw.problem or f"Tệp «{path.name}» không có số liệu thống kê của chương trình."
        return BranchFile(path, problem=why)
    unit = vntext.clean(str(meta["unit"]))
    try:
        figures = Figures.total(unit, [Figures.from_row(r) for r in rows])
    except (TypeError, ValueError):
        return BranchFile(path, unit=unit, year=year, problem=raw.problem or
                          f"Số liệu trong tệp «{path.name}» bị hỏng. Hãy đề nghị đơn vị xuất lại tệp.")
    return BranchFile(
        path, unit=unit, year=year, exported_at=meta.get("exported_at"),
        superior=vntext.clean(str(meta.get("superior_name") or "")),
        months_due=int(meta.get("months_due") or 0), quota=meta.get("quota"),
        figures=figures, checksum_ok=raw.checksum_ok, problem=raw.problem,
    )


def _exported(file: BranchFile) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(file.exported_at or "")
    except ValueError:
        when = dt.datetime.fromtimestamp(file.path.stat().st_mtime)
    return when if when.tzinfo else when.astimezone()


def _shown(file: BranchFile) -> str:
    return _exported(file).strftime("%H:%M:%S ngày %d/%m/%Y")


def choose_year(files: Sequence[BranchFile]) -> int | None:
    """The year most files report (the latest on a tie)."""
    years = Counter(f.year for f in files if f.figures is not None and f.year is not None)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def decide(files: Sequence[BranchFile], *, year: int | None = None, expected_units: Sequence[str] = (),
           accept_damaged: bool = False) -> Consolidation:
    """Which files go into the report, and why the others do not."""
    year = year or choose_year(files)
    status: dict[int, tuple[str, str]] = {}
    candidates: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        if file.figures is None:
            status[index] = (UNREADABLE, file.problem or "Không đọc được số liệu.")
        elif file.year != year:
            status[index] = (OTHER_YEAR, f"Báo cáo năm {file.year} của {file.unit}, không phải năm {year}; "
                                         "không tổng hợp.")
        elif not file.checksum_ok and not accept_damaged:
            status[index] = (DAMAGED, f"{file.problem} Tệp này không được tổng hợp.")
        else:
            candidates.setdefault(vntext.fold(file.unit), []).append(index)
    for indexes in candidates.values():
        ordered = sorted(indexes, key=lambda i: _exported(files[i]), reverse=True)
        kept = files[ordered[0]]
        if kept.checksum_ok:
            status[ordered[0]] = (INCLUDED, "Đã tổng hợp.")
        else:
            status[ordered[0]] = (DAMAGED_TAKEN, f"{kept.problem} Vẫn tổng hợp theo yêu cầu; "
                                                 "số liệu của đơn vị này cần được kiểm tra lại.")
        for older in ordered[1:]:
            when = (f"xuất cùng lúc với tệp này ({_shown(kept)})" if _exported(kept) == _exported(files[older])
                    else f"xuất lúc {_shown(kept)}, mới hơn tệp này (xuất lúc {_shown(files[older])})")
            status[older] = (DUPLICATE, f"{files[older].unit} gửi hai lần; giữ tệp «{kept.path.name}» {when}.")
    decisions = [FileDecision(f, *status[i]) for i, f in enumerate(files)]
    sent = {vntext.fold(d.file.unit) for d in decisions if d.included}
    missing = [name for name in expected_units if vntext.fold(name) not in sent]
    return Consolidation(year, decisions, missing)


def _files_table(plan: Consolidation) -> ReportTable:
    rows = [{
        "stt": n, "file": d.file.path.name, "unit": d.file.unit or "—", "year": d.file.year,
        "exported": _exported(d.file).strftime("%d/%m/%Y %H:%M") if d.file.figures is not None else "", "status": STATUS_LABELS[d.status],
        "note": "" if d.status == INCLUDED else d.note,
    } for n, d in enumerate(plan.decisions, start=1)]
    return ReportTable(
        title=f"Danh sách tệp báo cáo đã nhận năm {plan.year}",
        subtitle=f"Tổng hợp {len(plan.included)}/{len(plan.decisions)} tệp",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Tệp", "file"),
            Column("Đơn vị", "unit"),
            Column("Năm", "year", "int", number_format="0", align="center"),
            Column("Ngày giờ xuất", "exported", align="center"),
            Column("Tình trạng", "status"),
            Column("Ghi chú", "note", width=45),
        ],
        rows=rows,
        totals={"status": f"Đã tổng hợp {count_text(len(plan.included), 'tệp')}"},
        notes=[f"Chưa gửi báo cáo: {', '.join(plan.missing)}."] if plan.missing else [],
        landscape=True,
    )


def resolve_quota(plan: Consolidation, quota: Quota | None) -> Quota:
    """The committee's own rule for the year if known, else the one the branches' files used."""
    if quota is not None:
        return quota
    stored = next((d.file.quota for d in plan.included if d.file.quota), None) or {}
    base = stored.get("base")
    return Quota(enabled=bool(stored.get("enabled", True)), percent=float(stored.get("percent", 20)),
                 base=base if base in QUOTA_BASES else "HTTNV")


def consolidation_sheets(plan: Consolidation, issuer: str, quota: Quota,
                         unit_order: Sequence[str] = ()) -> tuple[list[Sheet], list[Figures]]:
    """The statistics sheets (one row per unit and the total) and the files sheet."""
    taken = [d.file for d in plan.included]
    position = {vntext.fold(name): i for i, name in enumerate(unit_order)}
    rows = sorted((f.figures for f in taken if f.figures is not None),
                  key=lambda f: (position.get(vntext.fold(f.unit), len(position)), vntext.sort_key(f.unit)))
    total = Figures.total(issuer, rows)
    notes = []
    if plan.missing:
        notes.append(f"Chưa gửi báo cáo ({len(plan.missing)} đơn vị): {', '.join(plan.missing)}.")
    damaged = [d.file for d in plan.included if d.status == DAMAGED_TAKEN]
    if damaged:
        notes.append("CẢNH BÁO: số liệu của " + ", ".join(f"{f.unit} (tệp «{f.path.name}»)" for f in damaged)
                     + " đã bị sửa sau khi xuất, vẫn được tổng hợp theo yêu cầu; cần kiểm tra lại.")
    left_out = len(plan.decisions) - len(plan.included)
    if left_out:
        notes.append(f"Không tổng hợp {count_text(left_out, 'tệp')}: xem trang «Các tệp đã nhận».")
    months = max((f.months_due for f in taken), default=0)
    year = plan.year or 0
    sheets = statistics_sheets(year, rows, total, [quota_status(issuer, total, quota)], months, "Đơn vị",
                               f"Tổng hợp từ báo cáo của {count_text(len(rows), 'đơn vị')}", notes)
    return [*sheets, Sheet("files", "Các tệp đã nhận", _files_table(plan))], rows


def write_consolidation(plan: Consolidation, header: PartyHeader, path: Path, *, quota: Quota | None = None,
                        unit_order: Sequence[str] = (), progress: Progress | None = None) -> Path:
    """Write the consolidated report (atomically); raises ExcelUserError when nothing can be used."""
    if not plan.included:
        raise ExcelUserError("Không có tệp nào tổng hợp được: " + " ".join(plan.problems()), path)
    issuer = header.issuer_name
    quota = resolve_quota(plan, quota)
    sheets, rows = consolidation_sheets(plan, issuer, quota, unit_order)
    wb = party_workbook()
    for done, sheet in enumerate(sheets):
        if progress:
            progress(done, len(sheets) + 1, f"Đang ghi trang «{sheet.name}»…")
        write_party_sheet(wb.create_sheet(sheet.name), header, sheet.table)
    meta = {
        "unit": issuer, "unit_kind": "dang_bo", "year": plan.year, "schema_version": SCHEMA_VERSION,
        "kind": "consolidation", "superior_name": header.superior_name,
        "months_due": max((d.file.months_due for d in plan.included), default=0),
        "quota": {"enabled": quota.enabled, "percent": quota.percent, "base": quota.base},
        "sources": [{"file": d.file.path.name, "unit": d.file.unit, "exported_at": d.file.exported_at,
                     "checksum_ok": d.file.checksum_ok} for d in plan.included],
    }
    tables: dict[str, list[dict[str, Any]]] = {FIGURES_TABLE: [f.as_row() for f in rows]}
    for sheet in sheets:
        tables[sheet.key] = [{k: v for k, v in r.items() if v is not None} for r in sheet.table.rows]
    attach_raw_data(wb, meta, tables)
    if progress:
        progress(len(sheets), len(sheets) + 1, "Đang lưu tệp…")
    save_workbook(wb, path)
    return path
