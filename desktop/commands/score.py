"""`score --db F --year Y [--json]`: year-end scoring, as a table or JSON.

JSON: one object per grass-roots organisation (a list when the file holds
several): {"year", "rule_set", "organisation", "people": [{"name", "unit",
"kind", "points", "total", "level", "reasons", "form", "criteria" (the criteria
table of the person's form: code, name, group, max_points), ...}], "quota": {"limit_percent",
"excellent", "good", "allowed", "exceeded", ...}}. `level` is the final level,
null for people not rated (or not scored yet). "collectives": the organisation's
đảng bộ and chi bộ with their own year rating (QĐ 366), the award proposed
(HD 06-HD/TW) and the members' figures it draws on.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlite_utils import Database

from desktop.commands import add_db_argument, open_for_reading
from desktop.core import collectives, yearend, years
from desktop.core.errors import UserError
from desktop.core.people import KIND_LABELS
from desktop.core.rules import RuleSet, format_points, rules_for_year
from desktop.core.scoring import (
    NOT_RATED,
    PersonScore,
    QuotaCheck,
    YearScore,
    describe_quota,
    quota_check,
    title_name,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("score", help="chấm điểm, xếp loại đảng viên cuối năm")
    add_db_argument(parser)
    parser.add_argument("--year", type=int, required=True, help="năm đánh giá")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.set_defaults(run=run)


def _quota(result: YearScore, rules: RuleSet) -> QuotaCheck:
    if result.organisations:
        return result.organisations[0].quota
    return quota_check(rules, [], "")


def _person_json(rules: RuleSet, p: PersonScore) -> dict[str, Any]:
    return {
        "name": p.person.name,
        "unit": p.person.unit_name,
        "kind": p.person.kind,
        "points": p.points,
        "total": p.total,
        "level": p.final_level,
        "proposed_level": p.proposed_level,
        "status": p.status,
        "reasons": p.reasons,
        "title": title_name(rules, p.title),
        "form": p.person.form,
        "criteria": [{"code": c.code, "name": c.name, "group": c.group, "max_points": c.max_points}
                     for c in rules.for_form(p.person.form).criteria] if rules.uses_points else [],
        "tasks": None if p.person.tasks is None else {
            "assigned": p.person.tasks.assigned, "on_time": p.person.tasks.on_time, "late": p.person.tasks.late,
            "not_done": p.person.tasks.not_done, "beyond": p.person.tasks.beyond,
            "unrecorded": p.person.tasks.unrecorded,
        },
        "conditions": [{"level": c.level, "condition": c.text, "held": c.held} for c in p.conditions],
        "committee_decides": p.committee_decides,
        "awards": p.awards,
        "quarters": list(p.person.quarters) or [None] * 4,
        "flags": {"long_sick_or_maternity_leave": p.person.long_sick_leave,
                  "temporary_attendance": p.person.temporary_attendance},
    }


def _collective_json(rules: RuleSet, found: collectives.Collective,
                     figures: collectives.MemberFigures) -> dict[str, Any]:
    return {
        "unit": found.name,
        "kind": found.kind,
        "level": found.rating.level,
        "level_name": collectives.level_label(rules, found.rating.level),
        "exemplary": found.rating.exemplary,
        "note": found.rating.note or None,
        "awards": found.awards,
        "earlier": {str(y): {"level": r.level, "exemplary": r.exemplary} for y, r in sorted(found.earlier.items())},
        "members": {
            "counts": figures.counts, "rated": figures.rated, "not_rated": figures.not_rated,
            "pending": figures.pending, "excellent_percent_of_good": figures.excellent_percent_of_good,
            "failing": figures.failing, "disciplined": figures.disciplined,
        },
    }


def _collectives_of(db: Database, year: int, results: list[YearScore]) -> dict[int | None, list[dict[str, Any]]]:
    """organisation id → its collectives as JSON (None: a file with no one scored)."""
    rules = rules_for_year(db, year)
    orgs = yearend.organisations(db)
    found: dict[int | None, list[dict[str, Any]]] = {}
    known = {r.organisations[0].org_id for r in results if r.organisations}
    items = collectives.collectives(db, year)
    figures = collectives.figures_of_units(db, [item.unit_id for item in items], results)
    for item in items:
        org_id = orgs[item.unit_id].id
        key = org_id if org_id in known else None
        found.setdefault(key, []).append(_collective_json(rules, item, figures[item.unit_id]))
    return found


def _result_json(rules: RuleSet, result: YearScore, groups: dict[int | None, list[dict[str, Any]]]) -> dict[str, Any]:
    quota = _quota(result, rules)
    org_id = result.organisations[0].org_id if result.organisations else None
    return {
        "year": result.year,
        "rule_set": result.rule_set,
        "organisation": result.organisations[0].org_name if result.organisations else None,
        "people": [_person_json(rules, p) for p in result.people],
        "quota": {
            "limit_percent": quota.limit_percent,
            "base": quota.base,
            "rated": quota.rated,
            "excellent": quota.excellent,
            "good": quota.good,
            "allowed": quota.allowed,
            "exceeded": quota.exceeded,
            "excellent_percent_of_rated": quota.excellent_percent_of_rated,
            "excellent_percent_of_good": quota.excellent_percent_of_good,
            "warning": quota.warning,
            "group": rules.quota.group,
            "group_warnings": quota.group_warnings,
        },
        "collectives": groups.get(org_id, []) + (groups.get(None, []) if org_id is None else []),
    }


def _level_cell(p: PersonScore) -> str:
    if p.final_level:
        return p.final_level + (" *" if p.overridden else "")
    if p.committee_decides:
        return "cấp ủy quyết định"
    return "không xếp loại" if p.status == NOT_RATED else "chưa chấm"


def _table(rules: RuleSet, result: YearScore) -> list[str]:
    # People of several forms: a column per criterion of any of their tables, "·" where
    # a criterion is not in a person's form (blank: in the form, not scored yet).
    forms = sorted({p.person.form for p in result.people})
    criteria = rules.criteria_for_forms(forms) if rules.uses_points else ()
    codes = [c.code for c in criteria]
    mixed = any(f in rules.form_criteria for f in forms)
    header = ["STT", "Họ và tên", "Chi bộ", "Loại", *(["Mẫu"] if mixed else []), *codes, "Tổng", "Đề xuất", "Mức"]
    rows = [
        [str(i), p.person.name, p.person.unit_name, KIND_LABELS.get(p.person.kind, p.person.kind),
         *([p.person.form] if mixed else []),
         *(format_points(p.points[c]) if c in p.points else "" if rules.has_criterion(p.person.form, c) else "·"
           for c in codes),
         format_points(p.total) if p.total is not None else "",
         p.proposed_level or "", _level_cell(p)]
        for i, p in enumerate(result.people, start=1)
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    first = 5 if mixed else 4
    numeric = {0, *range(first, first + 1 + len(codes))}

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    org = result.organisations[0].org_name if result.organisations else ""
    out = [f"{org} — năm {result.year} — {yearend.rules_summary(rules)}".strip(" —"), ""]
    if criteria:  # the columns carry the codes of the Chấm điểm sheet; say what each is
        out += ["Cột điểm: " + "; ".join(f"{c.code} = {c.name} (tối đa {rules.maxima_text(c.code, forms)})"
                                         for c in criteria) + ".", ""]
    if mixed:
        out += ["Bảng tiêu chí theo mẫu: " + "; ".join(
            f"Mẫu {f}: {', '.join(c.code for c in rules.for_form(f).criteria)}" for f in forms) + ".", ""]
    out += [line(header), line(["-" * w for w in widths])]
    for row, p in zip(rows, result.people, strict=True):
        out.append(line(row))
        out.extend(f"      · {reason}" for reason in p.reasons)
    out.append("")
    quota = _quota(result, rules)
    out.extend(describe_quota(rules, quota))
    if quota.warning:
        out.append(f"CẢNH BÁO: {quota.warning}")
    if result.organisations:
        titles = result.organisations[0].titles
        cap = f" (tối đa {titles.allowed})" if titles.allowed is not None else ""
        out.append(f"Đề nghị {rules.titles.advanced_name}: {titles.advanced}; "
                   f"{rules.titles.soldier_name}: {titles.soldier}{cap}")
        if titles.warning:
            out.append(f"CẢNH BÁO: {titles.warning}")
        if titles.streak_names:
            out.append(f"{rules.level_name('HTXSNV')} {rules.titles.excellent_streak_years} năm liền: "
                       + ", ".join(titles.streak_names))
    if any(p.overridden for p in result.people):
        out.append("(* mức do cấp có thẩm quyền quyết định khác mức đề xuất)")
    return out


def run(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    try:
        if years.get_year(db, args.year) is None:
            known = ", ".join(str(y.year) for y in years.list_years(db)) or "chưa có năm nào"
            raise UserError(f"Tệp chưa có năm {args.year} (các năm có trong tệp: {known}). Hãy chọn đúng năm.")
        rules = rules_for_year(db, args.year)
        results = yearend.score(db, args.year)
        groups = _collectives_of(db, args.year, results)
    finally:
        db.close()
    if not results:
        results = [YearScore(args.year, rules.name, rules.preset, [], [])]
    if args.json:
        payload = [_result_json(rules, r, groups) for r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        return 0
    for index, result in enumerate(results):
        if index:
            print()
        print("\n".join(_table(rules, result)))
        org_id = result.organisations[0].org_id if result.organisations else None
        for item in groups.get(org_id, []) + (groups.get(None, []) if org_id is None else []):
            tick = f", {collectives.EXEMPLARY_LABEL.lower()}" if item["exemplary"] else ""
            print(f"{collectives.TITLE} — {item['unit']}: {item['level_name']}{tick}; "
                  f"khen thưởng: {'; '.join(item['awards']) or collectives.NO_AWARD}")
    return 0
