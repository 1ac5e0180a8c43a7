"""`registrations`: who registered which deeds (đăng ký việc làm theo Bác), and the rates.

Three sheets: the individuals' deeds (one row per deed; the person's number,
name, position and chi bộ on their first row only, as a clerk writes it by
hand), the collectives' deeds, and the registration rate per chi bộ. People
are those on the active list, as the Đăng ký screen and the statistics count
them, so every total here agrees with the rate sheet.
"""

from __future__ import annotations

from typing import Any

from desktop.core import dates, deeds, registrations
from desktop.core.statistics import Figures
from desktop.excel.reports.common import Context, Sheet, count_text, fit_width
from desktop.excel.reports.report_table import Column, ReportTable

_SHOWN_UNREGISTERED = 30


def _deed_text(number: int | None, content: str, target: str | None, is_model: bool) -> str:
    text = f"{number}. {content}" if number else content
    if target:
        text += f" (chỉ tiêu: {target})"
    return text + (" — mô hình" if is_model else "")


def _result_text(outcome: str | None, result: str | None) -> str:
    label = deeds.OUTCOME_LABELS.get(outcome or "", "Đang thực hiện")
    return f"{label}: {result}" if result else label


def individual_sheet(ctx: Context) -> Sheet:
    found = registrations.individual_deeds(ctx.db, ctx.year)
    per_person: dict[int | None, int] = {}
    for deed in found:
        per_person[deed.person_id] = per_person.get(deed.person_id, 0) + 1
    rows: list[dict[str, Any]] = []
    current, person_no, deed_no = None, 0, 0
    for deed in found:
        first = deed.person_id != current
        if first:
            current, person_no, deed_no = deed.person_id, person_no + 1, 0
        deed_no += 1
        rows.append({
            "stt": person_no if first else None,
            "name": deed.full_name if first else None,
            "position": (deed.position or "") if first else None,
            "unit": deed.unit_name if first else None,
            "content": _deed_text(deed_no if per_person[deed.person_id] > 1 else None, deed.content, deed.target,
                                  deed.is_model),
            "due": dates.from_iso(deed.due_date),
            "result": _result_text(deed.outcome, deed.result),
        })
    total = ctx.stats.total
    registered = total.members_registered + total.masses_registered
    notes = [_unregistered_note(ctx, total)] if total.members + total.masses > registered else []
    return Sheet("individual_deeds", "Đăng ký cá nhân", ReportTable(
        title=f"Danh sách cá nhân đăng ký việc làm theo Bác năm {ctx.year}",
        subtitle=(f"Người đang sinh hoạt (không kể người đã chuyển đi): {count_text(registered, 'người')} đăng ký ({total.members_registered}/{total.members} "
                  f"đảng viên, {total.masses_registered}/{total.masses} quần chúng) "
                  f"với {count_text(total.individual_deeds, 'việc làm')}"),
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Họ và tên", "name", width=fit_width((r["name"] for r in rows), "Họ và tên", 26)),
            Column("Chức vụ", "position", width=fit_width((r["position"] for r in rows), "Chức vụ", 18)),
            Column("Chi bộ", "unit", width=fit_width((r["unit"] for r in rows), "Chi bộ", 26)),
            Column("Nội dung đăng ký", "content", width=46),
            Column("Thời hạn", "due", "date", width=11),
            Column("Kết quả", "result", width=fit_width((r["result"] for r in rows), "Kết quả", 24)),
        ],
        rows=rows,
        keep_together=[i for i, row in enumerate(rows) if row["stt"] is not None],
        totals={"content": f"{count_text(len(rows), 'việc')} của {count_text(len(per_person), 'người')}"},
        notes=notes,
        landscape=True,
    ))


def _unregistered_note(ctx: Context, total: Figures) -> str:
    names = [f"{p.full_name} ({p.unit_name})" for p in registrations.unregistered(ctx.db, ctx.year)]
    head = (f"Chưa đăng ký: {total.members - total.members_registered} đảng viên, "
            f"{total.masses - total.masses_registered} quần chúng")
    shown = ", ".join(names[:_SHOWN_UNREGISTERED])
    more = f" và {len(names) - _SHOWN_UNREGISTERED} người khác" if len(names) > _SHOWN_UNREGISTERED else ""
    return f"{head}: {shown}{more}."


def collective_sheet(ctx: Context) -> Sheet:
    found = registrations.collective_deeds(ctx.db, ctx.year)
    rows = [{
        "stt": n, "unit": d.unit_name, "collective": d.collective,
        "content": _deed_text(None, d.content, d.target, False), "model": "x" if d.is_model else "",
        "due": dates.from_iso(d.due_date), "result": _result_text(d.outcome, d.result),
    } for n, d in enumerate(found, start=1)]
    models = sum(1 for d in found if d.is_model)
    return Sheet("collective_deeds", "Đăng ký tập thể", ReportTable(
        title=f"Danh sách tập thể đăng ký việc làm theo Bác năm {ctx.year}",
        subtitle=f"{count_text(len(rows), 'việc')} của tập thể, trong đó {count_text(models, 'mô hình')}",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Chi bộ", "unit", width=fit_width((r["unit"] for r in rows), "Chi bộ", 26)),
            Column("Tập thể", "collective", width=fit_width((r["collective"] for r in rows), "Tập thể", 20)),
            Column("Nội dung đăng ký", "content", width=46),
            Column("Mô hình", "model", width=8, align="center"),
            Column("Thời hạn", "due", "date", width=11),
            Column("Kết quả", "result", width=fit_width((r["result"] for r in rows), "Kết quả", 24)),
        ],
        rows=rows,
        totals={"content": count_text(len(rows), "việc"), "model": models},
        landscape=True,
    ))


def rate_table(year: int, branches: list[Figures], total: Figures, unit_title: str,
               subtitle: str | None) -> ReportTable:
    """Tỷ lệ đăng ký per branch (also the first table of the statistics and consolidation)."""

    def row(f: Figures) -> dict[str, Any]:
        return {
            "members": f.members, "members_registered": f.members_registered, "members_rate": f.members_rate,
            "masses": f.masses, "masses_registered": f.masses_registered, "masses_rate": f.masses_rate,
            "individual_deeds": f.individual_deeds, "collective_deeds": f.collective_deeds, "models": f.models,
        }

    return ReportTable(
        title=f"Thống kê đăng ký việc làm theo Bác năm {year}",
        subtitle=subtitle,
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column(unit_title, "unit"),
            Column("Tổng số", "members", "int"),
            Column("Đã đăng ký", "members_registered", "int"),
            Column("Tỷ lệ", "members_rate", "percent"),
            Column("Tổng số", "masses", "int"),
            Column("Đã đăng ký", "masses_registered", "int"),
            Column("Tỷ lệ", "masses_rate", "percent"),
            Column("Cá nhân", "individual_deeds", "int"),
            Column("Tập thể", "collective_deeds", "int"),
            Column("Số mô hình", "models", "int"),
        ],
        groups=[("", 2), ("Đảng viên", 3), ("Quần chúng", 3), ("Số việc đăng ký", 2), ("", 1)],
        rows=[{"stt": n, "unit": f.unit, **row(f)} for n, f in enumerate(branches, start=1)],
        totals=row(total),
        landscape=False,
    )


def sheets(ctx: Context) -> list[Sheet]:
    stats = ctx.stats
    rates = rate_table(ctx.year, stats.branches, stats.total, "Chi bộ",
                       "Tính trên người đang sinh hoạt; đã đăng ký: có ít nhất một việc làm theo Bác trong năm")
    return [individual_sheet(ctx), collective_sheet(ctx), Sheet("registration_rates", "Tỷ lệ đăng ký", rates)]
