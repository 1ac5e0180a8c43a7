"""One data row of an imported sheet, converted to stored values.

Each field has its converter (`cells`); a cell that cannot be read becomes
a problem on that cell, not an exception, so the wizard can mark every bad
cell of the preview at once. Person rows also get the form's own checks
(`people.check_new`), so a birth date in the future shows in the preview, and
the checked row is what the import hands to core to add the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core import people, reviews, vntext
from desktop.core.errors import ValidationError
from desktop.excel.importing import cells
from desktop.excel.importing.cells import CellError

# Columns of a Chấm điểm sheet whose header names a criterion of the year's rule set.
CRITERION_PREFIX = "criterion:"


@dataclass(frozen=True)
class Record:
    """A data row converted to stored values; `columns` says where each came from."""

    row: int
    values: dict[str, Any]
    columns: dict[str, int]
    # Values as the file wrote them where the import changed their form (a name in capitals).
    as_written: dict[str, str] = field(default_factory=dict)
    # A person row as core checked it for the preview, to be added without checking again.
    person: people.ValidPerson | None = None


Converter = Callable[[Any], Any]


def _levels(value: Any) -> str | None:
    try:
        return reviews.parse_review_level(cells.to_text(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _form(value: Any) -> str | None:
    """"2A", "Mẫu 2a", "mau 2C" → the form code (HD 43's Mẫu 2A/2B/2C)."""
    text = vntext.fold(cells.to_text(value)).replace("mau", "").replace(" ", "").upper()
    if not text:
        return None
    if text not in ("2A", "2B", "2C"):
        raise CellError(f"“{cells.to_text(value)}” không phải mẫu kiểm điểm; hãy ghi 2A, 2B hoặc 2C.")
    return text


def _choice(table: dict[str, str], labels: dict[str, str], what: str) -> Converter:
    return lambda value: cells.to_choice(value, table, labels, what)


_CONVERTERS: dict[str, Converter] = {
    "gender": _choice(cells.GENDERS, people.GENDER_LABELS, "Giới tính"),
    "kind": _choice(cells.KINDS, people.KIND_LABELS, "Loại"),
    "membership": _choice(cells.MEMBERSHIPS, people.MEMBERSHIP_LABELS, "Chính thức/dự bị"),
    "status": _choice(cells.STATUSES, people.STATUS_LABELS, "Trạng thái"),
    "birth_date": cells.to_partial_date,
    "birth_date_male": cells.to_partial_date,
    "birth_date_female": cells.to_partial_date,
    "joined_date": cells.to_partial_date,
    "official_date": cells.to_partial_date,
    "status_date": cells.to_date,
    "due_date": cells.to_date,
    "year": lambda v: cells.to_int(v, 2000, 2100, "Năm"),
    "month": lambda v: cells.to_int(v, 1, 12, "Tháng"),
    "level": _levels,
    "form": _form,
    "commended": cells.to_flag,
    "reminded": cells.to_flag,
    "is_model": cells.to_flag,
    "disciplined": cells.to_flag,
    "beyond_30": cells.to_flag,
    "shortcomings_fixed": cells.to_flag,
    "all_tasks_done": cells.to_flag,
    "initiative": cells.to_flag,
    "discipline_remedied": cells.to_flag,
    "degraded": cells.to_flag,
    "long_sick_leave": cells.to_flag,
    "temporary_attendance": cells.to_flag,
    "tasks_assigned": lambda v: cells.to_int(v, 0, 1000, "Số nhiệm vụ được giao"),
    "tasks_on_time": lambda v: cells.to_int(v, 0, 1000, "Hoàn thành đúng hạn"),
    "tasks_late": lambda v: cells.to_int(v, 0, 1000, "Hoàn thành trễ hạn"),
    "tasks_not_done": lambda v: cells.to_int(v, 0, 1000, "Không hoàn thành"),
    "tasks_beyond": lambda v: cells.to_int(v, 0, 1000, "Vượt mức yêu cầu"),
    "manual_level": cells.to_year_level,
    "unit_level": cells.to_year_level,
    "exemplary": cells.to_flag,
}
PADDED = {
    "cccd": (cells.to_cccd, "đã thêm lại số 0 ở đầu cho {n} số CCCD bị lưu dạng số (đủ 12 chữ số)."),
    "phone": (cells.to_phone, "đã thêm lại số 0 ở đầu cho {n} số điện thoại bị lưu dạng số."),
}


def _convert(field_name: str, value: Any) -> tuple[Any, bool]:
    """(stored value, whether a leading zero was restored)."""
    if field_name in PADDED:
        return PADDED[field_name][0](value)
    if field_name.startswith(CRITERION_PREFIX):
        return cells.to_points(value), False
    converter = _CONVERTERS.get(field_name, cells.to_text_or_none)
    return converter(value), False


def first_cell(row: list[Any]) -> Any:
    """The row's first cell that is not empty, or None."""
    return next((v for v in row if not cells.is_empty(v)), None)


def folded_start(text: str, words: tuple[str, ...]) -> bool:
    folded = vntext.fold(text)
    return any(folded.startswith(w) for w in words)


def has_owner(record: Record, kind: str = "") -> bool:
    if kind == "collectives":
        return bool(record.values.get("unit") or record.values.get("committee"))
    return bool(record.values.get("full_name") or record.values.get("collective"))


class Conversions(dict[tuple[str, type, Any], tuple[Any, bool] | CellError]):
    """Each distinct cell of a sheet converted once (a list repeats its genders,
    chi bộ, positions… down thousands of rows): field, type and value →
    the stored value and whether zeros were restored, or the cell's error.
    The type is part of the key, since True == 1 == 1.0 read differently."""

    def __missing__(self, key: tuple[str, type, Any]) -> tuple[Any, bool] | CellError:
        try:
            converted: tuple[Any, bool] | CellError = _convert(key[0], key[2])
        except CellError as exc:
            converted = exc
        self[key] = converted
        return converted


def convert_row(row: int, values: dict[int, Any], fields: dict[int, str],
                conversions: Conversions | None = None) -> tuple[Record, dict[int, str], list[str]]:
    conversions = Conversions() if conversions is None else conversions
    out: dict[str, Any] = {}
    columns: dict[str, int] = {}
    problems: dict[int, str] = {}
    restored: list[str] = []
    outcome_text: str | None = None
    outcome_column = 0
    for index, raw in values.items():
        name = fields[index]
        if name == "outcome":
            # "Kết quả" holds an outcome ("Hoàn thành") or, in hand-made lists, what was done.
            key = cells.choice_key(cells.to_text(raw))
            if key in cells.OUTCOMES:
                out[name], columns[name] = cells.OUTCOMES[key], index
            elif key not in cells.OUTCOME_PENDING:
                outcome_text, outcome_column = cells.to_text(raw), index
            continue
        converted = conversions[(name, type(raw), raw)]
        if isinstance(converted, CellError):
            problems[index] = converted.message
            continue
        value, padded = converted
        if padded:
            restored.append(name)
        if value is not None:
            out[name], columns[name] = value, index
    if outcome_text and "result" not in out:
        out["result"], columns["result"] = outcome_text, outcome_column
    if "full_name" not in out and ("family_name" in out or "given_name" in out):
        parts = [out.pop("family_name", None), out.pop("given_name", None)]
        out["full_name"] = " ".join(p for p in parts if p)
        columns["full_name"] = columns.get("family_name", columns.get("given_name", 0))
    out.pop("family_name", None)
    out.pop("given_name", None)
    _birth_by_gender(out, columns, problems)
    return Record(row, out, columns), problems, restored


_BY_GENDER = {"birth_date_male": "nam", "birth_date_female": "nu"}


def _birth_by_gender(out: dict[str, Any], columns: dict[str, int], problems: dict[int, str]) -> None:
    """"Năm sinh" split into "Nam | Nữ": the column the date sits in gives the gender."""
    given = [name for name in _BY_GENDER if name in out]
    if not given:
        return
    if len(given) == 2:
        problems[columns["birth_date_female"]] = ("dòng này có ngày sinh ở cả cột Nam và cột Nữ; "
                                                  "hãy xóa ô không đúng.")
        return
    name = given[0]
    gender = _BY_GENDER[name]
    if out.get("gender") not in (None, gender):
        problems[columns[name]] = (f"ngày sinh ở cột {people.GENDER_LABELS[gender]} nhưng cột Giới tính ghi "
                                   f"{people.GENDER_LABELS[out['gender']]}; hãy sửa một trong hai.")
        return
    out["birth_date"], columns["birth_date"] = out.pop(name), columns.pop(name)
    if "gender" not in out:
        out["gender"], columns["gender"] = gender, columns["birth_date"]


def given_facts(values: dict[str, Any]) -> dict[str, Any]:
    """The person's facts a row gives: an empty cell is no value, never a blank."""
    return {k: values[k] for k in people.DETAIL_FIELDS if values.get(k) is not None}


def name_fold(record: Record) -> str:
    """The folded name a person row is matched by: the one core's check made, when it checked this very name."""
    person, name = record.person, record.values["full_name"]
    if person is not None and person.values.get("full_name") == name:
        return str(person.values["name_fold"])
    return vntext.fold(name)


def check_person(record: Record, today: dt.date) -> tuple[Record, dict[int, str]]:
    """The form's own checks (a birth date in the future…) on a person row:
    the record with the checked row (`person`) for the import to add, or
    the problems marked on their cells.

    The checks are core's (`people.check_new`, what `create_people` runs on
    a raw row), run once here so the preview shows them before anything is
    written; a row matching a stored person is checked again with the
    stored facts when written (`update_person`).
    """
    raw = given_facts(record.values)
    if "full_name" in record.values:
        raw["full_name"] = record.values["full_name"]
    try:
        person = people.check_new(raw, today)
    except ValidationError as exc:
        name_column = record.columns.get("full_name", 0)
        return record, {record.columns.get(k, name_column): message for k, message in exc.fields.items()}
    return Record(record.row, record.values, record.columns, record.as_written, person), {}
