"""The exchange workbook ("Xuất mẫu nhập liệu"): the file's data, ready to fill in.

Five sheets with the columns of DESIGN.md (Đảng viên, Đăng ký, Đánh giá
tháng, Chấm điểm) and Xếp loại tập thể (each đảng bộ and chi bộ's own year
rating, tiêu biểu and note, with the earlier years of the "5 năm liền" run
stored), one plain header row each, so that a secretary can fill
it in Excel and import it back, and `importer` reads it exactly: export,
import into an empty file, export again gives the same data. Two columns go
beyond the design's list because the round trip needs them: Đảng bộ (a file
may hold several, each with a "Chi bộ 1") and Ngày sinh on the year sheets
(two people of one chi bộ may share a name). Every sheet lists the people
already in the file; the Chấm điểm sheet lists every đảng viên due a rating,
with one column per criterion of the year's rule set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from desktop.core import dates, deeds, exchange, people, reviews, settings, units, yearend
from desktop.core.rules import RuleSet, rules_for_year
from desktop.core.schema import SCHEMA_VERSION
from desktop.excel.importing.headers import FIELDS, SHEET_TITLES
from desktop.excel.importing.rows import CRITERION_PREFIX
from desktop.excel.raw_data import attach_raw_data
from desktop.excel.reports.party_form import FONT_NAME, put_value
from desktop.excel.safe_save import save_workbook

_LABEL = {kind: {f.name: f.label for f in fields} for kind, fields in FIELDS.items()}
_TEXT_WIDTH = {"full_name": 26, "content": 50, "unit": 24, "committee": 24, "target": 24, "result": 30,
               "note": 24, "position": 22, "collective": 18}
_FLAGS = tuple(yearend.FLAG_LABELS)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_DATE_FORMAT = "dd/mm/yyyy"
# The drop-down lists reach this far below the data, for the rows the chi bộ adds by hand.
CHOICE_ROWS_BELOW = 2000


class _Units:
    """The Đảng bộ and Chi bộ texts of each unit, as the importer resolves them back."""

    def __init__(self, db: Database) -> None:
        self.by_id = {u.id: u for u in units.list_units(db)}
        self.order = {u.id: i for i, u in enumerate(units.list_units(db))}

    def committee(self, unit_id: int) -> str:
        current = self.by_id[unit_id].parent_id
        while current is not None:
            unit = self.by_id[current]
            if unit.kind == "dang_bo":
                return unit.name
            current = unit.parent_id
        return ""

    def branch(self, unit_id: int) -> str:
        unit = self.by_id[unit_id]
        if unit.kind == "to_dang" and unit.parent_id is not None:
            return f"{self.by_id[unit.parent_id].name} / {unit.name}"
        return unit.name


def _date(value: str | None) -> dt.date | str | None:
    """A real date cell, or a date known only by year or month as written ("1968", "03/1968")."""
    if dates.is_partial(value):
        return dates.format_date(value)
    return dates.from_iso(value)


def _mark(value: Any) -> str:
    return "x" if value else ""


def _write_sheet(wb: Workbook, title: str, columns: Sequence[tuple[str, str]], rows: list[dict[str, Any]],
                 choices: dict[str, Sequence[str]] | None = None) -> None:
    """One sheet: a bold header row, frozen, filtered, then the rows (key → value)."""
    ws: Worksheet = wb.create_sheet(title)
    ws.append([header for _, header in columns])
    for cell in ws[1]:
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = Font(name=FONT_NAME)
    for r, row in enumerate(rows, start=2):
        for c, (key, _) in enumerate(columns, start=1):
            cell = ws.cell(r, c)
            put_value(cell, row.get(key))
            cell.font = body
            if isinstance(row.get(key), dt.date):
                cell.number_format = _DATE_FORMAT
            elif key in ("cccd", "phone", "party_card_no"):
                cell.number_format = "@"  # typed-in numbers keep their leading zeros
    for c, (key, header) in enumerate(columns, start=1):
        width = _TEXT_WIDTH.get(key, max(10, min(22, len(header) + 2)))
        ws.column_dimensions[get_column_letter(c)].width = 6 if key == "stt" else width
    ws.freeze_panes = "A2"
    last = max(len(rows) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    for key, values in (choices or {}).items():
        index = next(i for i, (k, _) in enumerate(columns, start=1) if k == key)
        letter = get_column_letter(index)
        rule = DataValidation(type="list", formula1=f'"{",".join(values)}"', allow_blank=True)
        rule.error = f"Hãy chọn một trong: {', '.join(values)}."
        rule.showErrorMessage = False  # a hint, not a lock: short forms are accepted on import
        ws.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last + CHOICE_ROWS_BELOW}")


def _people_rows(db: Database, names: _Units) -> list[dict[str, Any]]:
    rows = []
    for n, p in enumerate(exchange.everyone(db), start=1):
        rows.append({
            "stt": n, "full_name": p.full_name, "gender": people.GENDER_LABELS.get(p.gender or ""),
            "birth_date": _date(p.birth_date), "ethnicity": p.ethnicity,
            "committee": names.committee(p.unit_id), "unit": names.branch(p.unit_id),
            "kind": people.KIND_LABELS[p.kind],
            "membership": people.MEMBERSHIP_LABELS.get(p.membership or ""),
            "joined_date": _date(p.joined_date), "official_date": _date(p.official_date),
            "party_card_no": p.party_card_no, "position": p.position,
            "status": people.STATUS_LABELS[p.status], "status_date": _date(p.status_date),
            "cccd": p.cccd, "phone": p.phone, "note": p.note,
        })
    return rows


def _owner(owner: exchange.Owner, names: _Units) -> dict[str, Any]:
    return {"full_name": owner.full_name, "birth_date": _date(owner.birth_date),
            "committee": names.committee(owner.unit_id), "unit": names.branch(owner.unit_id)}


def _deed_rows(db: Database, year: int, names: _Units) -> list[dict[str, Any]]:
    return [{
        "stt": n, "year": year, **_owner(d.owner, names), "collective": d.owner.collective, "content": d.content,
        "category": d.category, "target": d.target, "due_date": _date(d.due_date),
        "outcome": deeds.OUTCOME_LABELS.get(d.outcome or ""), "result": d.result, "is_model": _mark(d.is_model),
    } for n, d in enumerate(exchange.deeds(db, year), start=1)]


def _review_rows(db: Database, year: int, names: _Units) -> list[dict[str, Any]]:
    return [{
        "stt": n, "year": year, "month": r.month, **_owner(r.owner, names),
        "level": reviews.REVIEW_LEVELS.get(r.level or ""), "commended": _mark(r.commended),
        "reminded": _mark(r.reminded), "note": r.note,
    } for n, r in enumerate(exchange.reviews(db, year), start=1)]


def _score_rows(rules: RuleSet, scores: list[exchange.ScoreRow], year: int, names: _Units,
                criteria: list[str], with_form: bool) -> list[dict[str, Any]]:
    """A criterion outside a person's form's table stays blank on their row."""
    rows = []
    for n, score in enumerate(scores, start=1):
        row: dict[str, Any] = {"stt": n, "year": year, **_owner(score.owner, names),
                               "manual_level": score.manual_level}
        if with_form:
            row["form"] = score.form
        row.update({flag: _mark(score.flags[flag]) for flag in _FLAGS})
        row.update(score.tasks)
        own = rules.for_form(score.form)
        row.update({f"{CRITERION_PREFIX}{code}": score.points.get(code) if own.criterion(code) else None
                    for code in criteria})
        rows.append(row)
    return rows


def _collective_rows(db: Database, year: int, names: _Units) -> list[dict[str, Any]]:
    """Each đảng bộ / chi bộ's rating: a đảng bộ's row names it in Đảng bộ and leaves Chi bộ blank."""
    rows = []
    for n, r in enumerate(exchange.collective_ratings(db, year), start=1):
        unit = names.by_id[r.unit_id]
        place = ({"committee": unit.name, "unit": None} if unit.kind == "dang_bo"
                 else {"committee": names.committee(r.unit_id), "unit": names.branch(r.unit_id)})
        rows.append({"stt": n, "year": r.year, **place, "unit_level": r.level, "exemplary": _mark(r.exemplary),
                     "note": r.note})
    return rows


# Steps `export_exchange` reports: five sheets, the raw data, the save.
EXPORT_STEPS = 7


def export_exchange(db: Database, year: int, path: Path,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the exchange workbook of `year` to `path` (atomically); returns the path.

    `progress(step, EXPORT_STEPS)` is called after each step; it may raise to
    stop the export (the window's Dừng button), and then nothing is saved.
    """
    def step(done: int) -> None:
        if progress is not None:
            progress(done, EXPORT_STEPS)

    names = _Units(db)
    rules = rules_for_year(db, year)
    wb = Workbook()
    wb.remove(wb.active)
    member_columns = [("stt", "STT"), *((k, _LABEL["members"][k]) for k in (
        "full_name", "gender", "birth_date", "ethnicity", "committee", "unit", "kind", "membership",
        "joined_date", "official_date", "party_card_no", "position", "status", "status_date", "cccd",
        "phone", "note"))]
    member_rows = _people_rows(db, names)
    _write_sheet(wb, SHEET_TITLES["members"], member_columns, member_rows, {
        "gender": list(people.GENDER_LABELS.values()), "kind": list(people.KIND_LABELS.values()),
        "membership": list(people.MEMBERSHIP_LABELS.values()),
    })
    step(1)
    deed_columns = [("stt", "STT"), *((k, _LABEL["deeds"][k]) for k in (
        "year", "full_name", "birth_date", "collective", "committee", "unit", "content", "category",
        "target", "due_date", "outcome", "result", "is_model"))]
    deed_rows = _deed_rows(db, year, names)
    _write_sheet(wb, SHEET_TITLES["deeds"], deed_columns, deed_rows,
                 {"outcome": list(deeds.OUTCOME_LABELS.values())})
    step(2)
    review_columns = [("stt", "STT"), *((k, _LABEL["reviews"][k]) for k in (
        "year", "month", "full_name", "birth_date", "committee", "unit", "level", "commended",
        "reminded", "note"))]
    review_rows = _review_rows(db, year, names)
    _write_sheet(wb, SHEET_TITLES["reviews"], review_columns, review_rows,
                 {"level": list(reviews.REVIEW_LEVELS.values())})
    step(3)
    scores = exchange.scores(db, year)
    # People of several forms: one column per criterion of any of their tables.
    shown = rules.criteria_for_forms({s.form for s in scores}) if rules.uses_points else ()
    criteria = [c.code for c in shown]
    score_columns = [("stt", "STT"), *((k, _LABEL["scores"][k]) for k in (
        "year", "full_name", "birth_date", "committee", "unit"))]
    forms = {s.form for s in scores}
    # Forms with tables of their own: a Mẫu column says which table each row follows.
    with_form = rules.uses_points and any(f in rules.form_criteria for f in forms)
    if with_form:
        score_columns.append(("form", _LABEL["scores"]["form"]))
    score_columns += [(f"{CRITERION_PREFIX}{c.code}", f"{c.name} (tối đa {rules.maxima_text(c.code, forms)})")
                      for c in shown]
    score_columns += [(flag, _LABEL["scores"][flag]) for flag in _FLAGS]
    if rules.task_conditions.enabled:
        score_columns += [(key, _LABEL["scores"][key]) for key in yearend.TASK_FIELDS]
    score_columns.append(("manual_level", _LABEL["scores"]["manual_level"]))
    score_rows = _score_rows(rules, scores, year, names, criteria, with_form)
    _write_sheet(wb, SHEET_TITLES["scores"], score_columns, score_rows,
                 {"manual_level": ["HTXSNV", "HTTNV", "HTNV", "KHTNV"], **({"form": ["2A", "2B", "2C"]} if with_form else {})})
    step(4)
    collective_columns = [("stt", "STT"), *((k, _LABEL["collectives"][k]) for k in (
        "year", "committee", "unit", "unit_level", "exemplary", "note"))]
    collective_rows = _collective_rows(db, year, names)
    _write_sheet(wb, SHEET_TITLES["collectives"], collective_columns, collective_rows,
                 {"unit_level": ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]})
    step(5)
    committee = settings.get(db, "committee_name") or next(
        (u.name for u in names.by_id.values() if u.parent_id is None), "")
    attach_raw_data(wb, {"unit": committee, "year": year, "schema_version": SCHEMA_VERSION, "kind": "exchange"}, {
        "people": _json_rows(member_rows), "deeds": _json_rows(deed_rows),
        "reviews": _json_rows(review_rows), "scores": _json_rows(score_rows),
        "collectives": _json_rows(collective_rows),
    })
    step(6)
    save_workbook(wb, path)
    step(EXPORT_STEPS)
    return path


def _json_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "stt" and v not in (None, "")} for row in rows]
