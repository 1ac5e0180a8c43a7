"""Writing the Chấm điểm sheet: points per criterion, year-end marks, manual level.

Criterion columns are matched to the year's rule set (`rules.rules_for_year`)
by the criterion's code or name, so a sheet made for 2025 is checked against
2025's criteria and maxima; a row is checked against the table of the
person's form (2A/2B/2C: the row's Mẫu column when given, which then
becomes the person's form of the year), so a point for another form's
criterion is refused. Everything is validated here, cell by cell, so
each problem names its row and column; the writes then go through
`yearend.set_points` / `set_flags` / `set_manual_level` / `set_task_facts`
(the task counts of the 2025 rules), the same rules the
Cuối năm screen uses.
"""

from __future__ import annotations

from desktop.core import people, yearend
from desktop.core.errors import UserError
from desktop.core.rules import (
    EXCELLENCE_CONDITIONS,
    FORMS,
    Criterion,
    RuleSet,
    format_points,
    rules_for_year,
)
from desktop.excel.importing.context import ImportContext, SheetCounts
from desktop.excel.importing.headers import field_labels, header_key
from desktop.excel.importing.plan import Issue, SheetPlan
from desktop.excel.importing.rows import CRITERION_PREFIX, Record
from desktop.excel.importing.sheet_years import year_of

_FLAGS = tuple(yearend.FLAG_LABELS)
_TASKS = tuple(yearend.TASK_FIELDS)


def _criterion(criteria: tuple[Criterion, ...], header: str) -> Criterion | None:
    key = header_key(header)
    return next((c for c in criteria if key in (header_key(c.code), header_key(c.name))), None)


def _criteria_list(criteria: tuple[Criterion, ...]) -> str:
    return ", ".join(f"{c.name} (mã {c.code}, tối đa {format_points(c.max_points)})" for c in criteria)


def import_scores(ctx: ImportContext, sheet: SheetPlan, counts: SheetCounts) -> None:
    locked: dict[int, bool] = {}
    seen: dict[tuple[int, int], int] = {}
    rule_sets: dict[int, RuleSet] = {}
    bad_columns: set[tuple[int, str]] = set()
    high: dict[int, list[int]] = {}
    for record in sheet.records:
        ctx.tick()
        year = year_of(ctx, sheet, record, locked)
        if year is None:
            continue
        person_id = ctx.find_person(sheet, record)
        if person_id is None:
            continue
        if (person_id, year) in seen:
            ctx.error(sheet, record, "full_name", (
                f"dòng này và dòng {seen[(person_id, year)]} cùng chấm điểm năm {year} cho một người; hãy giữ một dòng."))
            continue
        seen[(person_id, year)] = record.row
        rules = rule_sets.setdefault(year, rules_for_year(ctx.db, year))
        form = record.values.get("form")
        points = _points(ctx, sheet, record, rules, year, form or yearend.person_form(ctx.db, year, person_id),
                         bad_columns)
        flags = {k: bool(record.values[k]) for k in _FLAGS if k in record.values}
        tasks = {k: record.values[k] for k in _TASKS if record.values.get(k) is not None}
        level = record.values.get("manual_level")
        if points is None or not (points or flags or level or tasks or form):
            continue
        if people.get_person(ctx.db, person_id).kind != "dang_vien":
            ctx.error(sheet, record, "full_name", (
                f"«{record.values['full_name']}» là quần chúng: không chấm điểm, xếp loại đảng viên. "
                "Hãy bỏ dòng này khỏi trang Chấm điểm."))
            continue
        outcome = _write(ctx, sheet, record, year, person_id, form, points, flags, level, tasks)
        if outcome:
            counts.count(outcome)
            high.setdefault(year, []).append(person_id)
    _missing_conditions(ctx, sheet, rule_sets, high)


def _missing_conditions(ctx: ImportContext, sheet: SheetPlan, rule_sets: dict[int, RuleSet],
                        rated: dict[int, list[int]]) -> None:
    """Warn when the sheet lacks a column HTXSNV needs: how many people with enough points it holds back."""
    for year, rules in rule_sets.items():
        missing = [c for c in rules.excellence_conditions if sheet.column_of(c) is None]
        if not missing or not rules.uses_points:
            continue
        for condition in missing:
            held: list[int] = []
            for person_id in rated.get(year, []):
                stored = yearend.year_entries(ctx.db, year, person_id)
                if sum(stored.points.values()) >= rules.thresholds.excellent and not stored.flags.get(condition):
                    held.append(person_id)
            if not held:
                continue
            label = field_labels("scores").get(condition, condition)
            ctx.result.warnings.append(Issue(sheet.place(sheet.header_row, None), (
                f"trang không có cột «{label}» (điều kiện HTXSNV năm {year}: {EXCELLENCE_CONDITIONS[condition]}): "
                f"{len(held)} người có từ {format_points(rules.thresholds.excellent)} điểm trở lên chưa thể xếp "
                f"HTXSNV. Hãy thêm cột «{label}» (ghi x cho người đạt) rồi nhập lại, "
                "hoặc đánh dấu trong màn hình Cuối năm.")))


def _points(ctx: ImportContext, sheet: SheetPlan, record: Record, rules: RuleSet, year: int, form: str,
            bad_columns: set[tuple[int, str]]) -> dict[str, float] | None:
    """Criterion code → points of the row (checked against the table of the
    person's form `form`), or None after an error."""
    found: dict[str, float] = {}
    ok = True
    every_form = rules.criteria_for_forms(FORMS)
    for name, value in record.values.items():
        if not name.startswith(CRITERION_PREFIX):
            continue
        header = name.removeprefix(CRITERION_PREFIX)
        column = record.columns[name]
        known = _criterion(every_form, header) if rules.uses_points else None
        if known is not None:
            own = rules.for_form(form).criteria
            criterion = _criterion(own, header)
            if criterion is None:
                ctx.error(sheet, record, name, (
                    f"«{record.values.get('full_name')}» dùng Mẫu {form} năm {year}: tiêu chí «{known.name}» không "
                    f"thuộc bảng tiêu chí Mẫu {form}. Hãy để trống ô này và ghi điểm vào các tiêu chí của "
                    f"Mẫu {form}: {_criteria_list(own)}; nếu người này dùng mẫu khác, hãy đổi mẫu ở màn hình "
                    "Cuối năm rồi nhập lại."))
                ok = False
                continue
        else:
            criterion = None
        if criterion is None:
            ok = False
            if (year, header) in bad_columns:
                continue  # said once per column and year
            bad_columns.add((year, header))
            if not rules.uses_points:
                message = (f"năm {year} áp dụng {rules.name}, xếp loại không chấm điểm; hãy xóa điểm ở cột này "
                           "và ghi cột Mức xếp loại (HTXSNV, HTTNV, HTNV, KHTNV).")
            else:
                message = (f"cột «{header}» không phải tiêu chí của bộ quy định năm {year} ({rules.name}). "
                           f"Hãy đặt tiêu đề cột theo tên hoặc mã tiêu chí: {_criteria_list(every_form)}.")
            ctx.result.errors.append(Issue(sheet.place(record.row, column), message))
            continue
        if value > criterion.max_points:
            ctx.error(sheet, record, name, (
                f"điểm {format_points(value)} vượt mức tối đa {format_points(criterion.max_points)} "
                f"của tiêu chí «{criterion.name}»; hãy ghi từ 0 đến {format_points(criterion.max_points)}."))
            ok = False
            continue
        found[criterion.code] = value
    return found if ok else None


def _write(ctx: ImportContext, sheet: SheetPlan, record: Record, year: int, person_id: int, form: str | None,
           points: dict[str, float], flags: dict[str, bool], level: str | None,
           tasks: dict[str, int]) -> str | None:
    stored = yearend.year_entries(ctx.db, year, person_id)
    new_form = form is not None and form != yearend.person_form(ctx.db, year, person_id)
    new_points = {k: v for k, v in points.items() if stored.points.get(k) != v}
    new_flags = {k: v for k, v in flags.items() if stored.flags.get(k, False) != v}
    new_level = level is not None and stored.manual_level != level
    # Compared with the counts the program already uses (from the deeds, or
    # corrected), so re-importing an exported sheet changes nothing.
    in_use = yearend.task_counts(yearend.task_facts(ctx.db, year, person_id)) if tasks else {}
    new_tasks = {k: v for k, v in tasks.items() if in_use.get(k) != v}
    if not (new_form or new_points or new_flags or new_level or new_tasks):
        return "unchanged"
    existed = stored.exists
    if ctx.result.errors:
        return "updated" if existed else "added"  # nothing will be written anyway
    try:
        if new_form:  # first, so the points are checked against the new form's table
            yearend.set_form(ctx.db, year, person_id, form)
        if new_points:
            yearend.set_points(ctx.db, year, person_id, dict(new_points))
        if new_flags:
            yearend.set_flags(ctx.db, year, person_id, new_flags)
        if new_level:
            yearend.set_manual_level(ctx.db, year, person_id, level)
        if new_tasks:
            yearend.set_task_facts(ctx.db, year, person_id, dict(new_tasks))
    except UserError as exc:
        ctx.error(sheet, record, None, exc.message)
        return None
    return "updated" if existed else "added"
