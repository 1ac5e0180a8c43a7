"""`year-end`: each đảng viên's points, level and emulation proposal (xếp loại cuối năm).

The levels come from `yearend.score`, the same function the Cuối năm screen
and the `score` command use: points per criterion of the year's rule set,
the total, the proposed level, the level the competent body decided (when it
differs), the title proposed, and the reasons in words. Members who are not
rated (exempt, suspended, admitted less than six months before) are listed
apart with why.
"""

from __future__ import annotations

from typing import Any

from desktop.core import collectives
from desktop.core.rules import FORMS, LEVEL_CODES, RuleSet, rules_for_year
from desktop.core.scoring import NOT_RATED, title_name
from desktop.excel.reports.common import (
    SHARES_NOTE,
    Context,
    Sheet,
    count_text,
    fit_width,
    shares_adding_to_100,
)
from desktop.excel.reports.report_table import Column, ReportTable

LEGEND = ("Viết tắt: HTXSNV Hoàn thành xuất sắc nhiệm vụ; HTTNV Hoàn thành tốt nhiệm vụ; "
          "HTNV Hoàn thành nhiệm vụ; KHTNV Không hoàn thành nhiệm vụ.")


def sheets(ctx: Context) -> list[Sheet]:
    rules = rules_for_year(ctx.db, ctx.year)
    members = ctx.data.members
    rated = [p for p in members if p.status != NOT_RATED]
    not_rated = [p for p in members if p.status == NOT_RATED]
    forms = sorted({p.person.form for p in rated})
    # People of several forms in one list: the union of their tables' criteria; a
    # criterion outside a person's form stays blank on their row.
    criteria = list(rules.criteria_for_forms(forms)) if rules.uses_points else []
    rows: list[dict[str, Any]] = []
    for n, p in enumerate(rated, start=1):
        row: dict[str, Any] = {
            "stt": n, "name": p.person.name, "unit": p.person.unit_name,
            "total": p.total, "proposed": p.proposed_text, "final": p.final_level or "",
            "title": title_name(rules, p.title) or "", "reasons": " ".join(p.reasons),
        }
        row.update({f"c:{c.code}": p.points.get(c.code) for c in criteria})
        rows.append(row)
    stats = ctx.stats.total
    counts = [stats.level(code) for code in LEVEL_CODES]
    shares = shares_adding_to_100(counts)
    levels = "; ".join(f"{code}: {n}" + (f" ({share * 100:.1f}%)".replace(".", ",") if share is not None else "")
                       for code, n, share in zip(LEVEL_CODES, counts, shares, strict=True))
    # The summary goes in the widest column; "Tổng cộng" spans the rest of the row.
    totals = {
        "reasons": f"{levels}. {rules.titles.advanced_name}: {stats.title_advanced} (trong đó "
                   f"{rules.titles.soldier_name}: {stats.title_soldier}).",
    }
    columns = [
        Column("STT", "stt", "int", width=5, align="center"),
        Column("Họ và tên", "name", width=fit_width((r["name"] for r in rows), "Họ và tên", 26)),
        Column("Chi bộ", "unit", width=fit_width((r["unit"] for r in rows), "Chi bộ", 26)),
        *[Column(f"{c.name} (tối đa {rules.maxima_text(c.code, forms)})", f"c:{c.code}", "number", width=11)
          for c in criteria],
    ]
    if rules.uses_points:
        columns.append(Column("Tổng điểm", "total", "number", width=9))
    columns += [
        Column("Mức đề xuất", "proposed", width=10, align="center"),
        Column("Mức được quyết định", "final", width=12, align="center"),
        Column("Danh hiệu thi đua đề nghị", "title", width=17),
        Column("Căn cứ xếp loại", "reasons", width=50),
    ]
    quota_lines = [q.text for q in ctx.stats.quotas]
    pending = (f" ({stats.pending} người chưa có mức: chưa chấm điểm hoặc chờ cấp ủy quyết định)"
               if stats.pending else "")
    main = ReportTable(
        title=f"Kết quả xếp loại chất lượng đảng viên năm {ctx.year}",
        subtitle=(f"Đảng viên có tên tính đến 31/12/{ctx.year}, theo {rules.name}: "
                  f"{count_text(stats.rated, 'đảng viên')} được xếp loại{pending}; "
                  f"{count_text(len(not_rated), 'đảng viên')} không xếp loại"),
        columns=columns,
        rows=rows,
        totals=totals,
        notes=[SHARES_NOTE, *quota_lines, *(c.summary(rules) for c in _in_notes(ctx.data.collectives))],
        abbreviations=LEGEND,
        landscape=True,
        appendices=criteria_tables(rules, ctx.year, forms) if rules.uses_points else (),
    )
    apart = ReportTable(
        title=f"Đảng viên không xếp loại chất lượng năm {ctx.year}",
        subtitle=(f"Tính đến 31/12/{ctx.year}: miễn công tác và sinh hoạt đảng, đình chỉ sinh hoạt, "
                  "mới kết nạp chưa đủ thời gian"),
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Họ và tên", "name", width=fit_width((p.person.name for p in not_rated), "Họ và tên", 26)),
            Column("Chi bộ", "unit", width=fit_width((p.person.unit_name for p in not_rated), "Chi bộ", 26)),
            Column("Lý do không xếp loại", "reason"),
        ],
        rows=[{"stt": n, "name": p.person.name, "unit": p.person.unit_name, "reason": p.reasons[0]}
              for n, p in enumerate(not_rated, start=1)],
        totals={"reason": count_text(len(not_rated), "đảng viên")},
        landscape=False,
    )
    found = [Sheet("year_end", "Xếp loại cuối năm", main), Sheet("not_rated", "Không xếp loại", apart)]
    if _branches(ctx.data.collectives) > 1:  # a đảng ủy: its chi bộ's own ratings in a short table
        found.append(Sheet("collectives", collectives.TITLE, collectives_table(rules, ctx.data.collectives, ctx.year)))
    return found


def _branches(found: list[collectives.Collective]) -> int:
    return sum(c.kind == "chi_bo" for c in found)


def _in_notes(found: list[collectives.Collective]) -> list[collectives.Collective]:
    """The collectives whose own rating the list's notes give: the chi bộ of a one-chi-bộ file
    (the đảng bộ above it is only its frame), else the grass-roots organisations."""
    if _branches(found) == 1:
        return [c for c in found if c.kind == "chi_bo"]
    return [c for c in found if c.grass_roots]


def collectives_table(rules: RuleSet, found: list[collectives.Collective], year: int) -> ReportTable:
    """Xếp loại tổ chức đảng: each đảng bộ and chi bộ, its level, tiêu biểu and the award proposed."""
    rows = [{"stt": n, "unit": c.name, "level": c.level_text(rules),
             "exemplary": "x" if c.rating.exemplary else "", "award": c.award_text, "note": c.rating.note}
            for n, c in enumerate(found, start=1)]
    counts = "; ".join(f"{code}: {sum(c.rating.level == code for c in found)}" for code in LEVEL_CODES)
    return ReportTable(
        title=f"{collectives.TITLE} năm {year}",
        subtitle=(f"Mức xếp loại của từng tổ chức đảng và đề nghị khen thưởng ({rules.awards.collective_name}, "
                  "Hướng dẫn 06-HD/TW)"),
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Tổ chức đảng", "unit", width=fit_width((r["unit"] for r in rows), "Tổ chức đảng", 30)),
            Column("Mức xếp loại", "level", width=30),
            Column("Tiêu biểu", "exemplary", width=9, align="center"),
            Column("Đề nghị khen thưởng", "award", width=46),
            Column("Ghi chú", "note", width=24),
        ],
        rows=rows,
        totals={"level": counts, "exemplary": sum(c.rating.exemplary for c in found)},
        landscape=True,
    )


def criteria_tables(rules: RuleSet, year: int, forms: list[str]) -> tuple[ReportTable, ...]:
    """One criteria table per table in use, in form order: each form with its own (e.g.
    Phụ lục 5 for Mẫu 2C), and one for the forms using the default; just the default,
    titled as before, when no form in use has its own."""
    if not any(f in rules.form_criteria for f in forms):
        return (criteria_table(rules, year),)
    shared = [f for f in forms if f not in rules.form_criteria]
    tables: list[ReportTable] = []
    for form in forms:
        if form in rules.form_criteria:
            tables.append(criteria_table(rules.for_form(form), year, FORMS.get(form, f"Mẫu {form}")))
        elif form == shared[0]:
            label = FORMS.get(form, f"Mẫu {form}") if len(shared) == 1 else "Mẫu " + ", ".join(shared)
            tables.append(criteria_table(rules, year, label))
    return tuple(tables)


def criteria_table(rules: RuleSet, year: int, forms: str = "") -> ReportTable:
    """A criteria table and its maxima, printed with the list it scored; `forms` names
    who it is for (the rule set's name stands there when it is the year's only table)."""
    rows = [{"stt": n, "group": group.name if (group := rules.group(c.group)) else c.group,
             "name": c.name, "max": c.max_points}
            for n, c in enumerate(rules.criteria, start=1)]
    return ReportTable(
        title=f"Tiêu chí chấm điểm năm {year}, {forms}" if forms else f"Tiêu chí chấm điểm năm {year} ({rules.name})",
        subtitle=None,
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Nhóm tiêu chí", "group", width=26),
            Column("Tiêu chí", "name", width=55),
            Column("Điểm tối đa", "max", "number", width=11),
        ],
        rows=rows,
        totals={"max": rules.max_total},
    )
