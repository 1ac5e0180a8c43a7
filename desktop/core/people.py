"""Đảng viên and quần chúng: facts, validation, status history, lists.

Forms hand in raw text (dates as dd/mm/yyyy); `validate()` turns it into
stored values or a message per field, so the dialog can show each problem
next to its field and the importer can name the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlite_utils import Database

from desktop.core import datafile, dates, units, vntext
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError, ValidationError

KIND_LABELS = {"dang_vien": "Đảng viên", "quan_chung": "Quần chúng"}
MEMBERSHIP_LABELS = {"chinh_thuc": "Chính thức", "du_bi": "Dự bị"}
GENDER_LABELS = {"nam": "Nam", "nu": "Nữ"}
STATUS_LABELS = {
    "dang_sinh_hoat": "Đang sinh hoạt",
    "mien_sinh_hoat": "Miễn công tác và sinh hoạt",
    "dinh_chi": "Đình chỉ sinh hoạt",
    "chuyen_di": "Chuyển đi",
    "chuyen_den": "Chuyển đến",
    "tu_tran": "Từ trần",
    "ra_khoi_dang": "Ra khỏi Đảng",
}
# Statuses after which a person is no longer on the branch's active list.
LEFT_STATUSES = frozenset({"chuyen_di", "tu_tran", "ra_khoi_dang"})
_LEFT_LIST = ", ".join(f"'{code}'" for code in sorted(LEFT_STATUSES))


def on_list_condition(column: str = "p.status") -> str:
    """The SQL condition "still on the list" on a status column: the one spelling of LEFT_STATUSES in SQL."""
    return f"{column} NOT IN ({_LEFT_LIST})"


def left_condition(column: str = "p.status") -> str:
    """The SQL condition "has left the list" (moved out, died, left the party)."""
    return f"{column} IN ({_LEFT_LIST})"


# Field → label, in the order forms and exports show them.
FIELD_LABELS = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_date": "Ngày sinh",
    "ethnicity": "Dân tộc",
    "unit_id": "Chi bộ",
    "kind": "Loại",
    "membership": "Đảng viên chính thức/dự bị",
    "joined_date": "Ngày vào Đảng",
    "official_date": "Ngày chính thức",
    "party_card_no": "Số thẻ đảng viên",
    "position": "Chức vụ",
    "cccd": "Số CCCD",
    "phone": "Điện thoại",
    "note": "Ghi chú",
}
DATE_FIELDS = ("birth_date", "joined_date", "official_date")
# The facts an edit may give one by one; the others stored are checked with them.
DETAIL_FIELDS = (
    "gender", "birth_date", "ethnicity", "kind", "membership", "joined_date", "official_date",
    "party_card_no", "position", "cccd", "phone", "note",
)
TEXT_FIELDS = ("full_name", "ethnicity", "party_card_no", "position", "note")
# The longest Vietnamese names run to about 50 characters; anything past this is a cell pasted by mistake.
MAX_NAME_LENGTH = 100


@dataclass
class Person:
    id: int
    unit_id: int
    kind: str
    full_name: str
    gender: str | None = None
    birth_date: str | None = None
    ethnicity: str | None = None
    party_card_no: str | None = None
    membership: str | None = None
    joined_date: str | None = None
    official_date: str | None = None
    position: str | None = None
    cccd: str | None = None
    phone: str | None = None
    status: str = "dang_sinh_hoat"
    status_date: str | None = None
    note: str | None = None
    unit_name: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


_PERSON_COLUMNS = (
    "p.id, p.unit_id, p.kind, p.full_name, p.gender, p.birth_date, p.ethnicity, p.party_card_no, "
    "p.membership, p.joined_date, p.official_date, p.position, p.cccd, p.phone, p.status, "
    "p.status_date, p.note, u.name"
)


def _person(row: tuple) -> Person:
    person = Person(*row[:-1])
    person.unit_name = row[-1]
    return person


_PHONE_MARKS = re.compile(r"[\s.\-()]")
_SPACE = re.compile(r"\s")


def normalise_phone(text: str) -> str:
    """Digits only, "+84" → "0", and a 9-digit mobile given back its 0."""
    digits = text if text.isascii() and text.isdigit() else _PHONE_MARKS.sub("", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if digits.isdigit() and len(digits) == 9:
        digits = "0" + digits
    return digits


def clean_cccd(text: str | None) -> str | None:
    """Số CCCD as stored (12 digits) or None; ValueError with the message forms and imports show."""
    digits = text if isinstance(text, str) and text.isascii() and text.isdigit() else _SPACE.sub("", vntext.clean(text))
    if digits and (not digits.isdigit() or len(digits) != 12):
        raise ValueError("Số CCCD phải có đúng 12 chữ số (giữ cả số 0 ở đầu; số CMND 9 số cũ không dùng được).")
    return digits or None


def clean_phone(text: str | None) -> str | None:
    """Phone number as stored or None; ValueError with the message forms and imports show."""
    phone = normalise_phone(vntext.clean(text))
    if phone and (not phone.isdigit() or not 10 <= len(phone) <= 11 or phone[0] != "0"):
        raise ValueError("Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
    return phone or None


# "dự bị" as whole words (not "Dư Bình", "Du Bình"); without any accent in the cell only when the
# whole cell is typed unaccented ("du bi", "DVDB" for đảng viên dự bị).
_PROBATION = re.compile(r"(?<!\w)(?:dự bị|đvdb)(?!\w)")
_PROBATION_UNACCENTED = re.compile(r"(?<!\w)(?:du bi|dvdb)(?!\w)")


def infer_membership(values: dict[str, Any], texts: Iterable[str] = ()) -> str | None:
    """Chính thức/dự bị when a list leaves the column empty but says it elsewhere, or None.

    A "Ngày chính thức" means chính thức; "dự bị" written in another cell of
    the row (Loại, Chức vụ, Ghi chú…) means dự bị. Quần chúng have neither.
    `texts` is read only when the values leave it open (a generator is fine).
    """
    if values.get("membership") or values.get("kind") == "quan_chung":
        return None
    if values.get("official_date"):
        return "chinh_thuc"
    for text in texts:
        if text and _says_probation(text):
            return "du_bi"
    return None


def _says_probation(text: str) -> bool:
    lowered = unicodedata.normalize("NFC", text).lower()
    if _PROBATION.search(lowered):
        return True
    folded = vntext.fold(text)
    return folded == lowered and _PROBATION_UNACCENTED.search(folded) is not None


_NO_UNIT = "Hãy chọn chi bộ."


def validate(raw: dict[str, Any], today: dt.date, *, keys: bool = True) -> dict[str, Any]:
    """Raw form values → stored values; raises ValidationError per field.

    Only the keys present in `raw` are checked and returned, so an import can
    pass just the columns it has. A date after `today` is refused. With
    `keys` (what is stored), a name comes with its search and sort keys;
    without, only the checks run (an import's preview).
    """
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in TEXT_FIELDS:
            out[key] = vntext.clean_or_none(value)
        elif key in DATE_FIELDS:
            # A date may be known only by year or month ("1968", "03/1968"): stored as known.
            try:
                day = dates.to_iso(value) if isinstance(value, dt.date) else dates.parse_partial(value)
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if day and dates.earliest(day) > today:
                errors[key] = f"{FIELD_LABELS[key]} không thể ở tương lai ({dates.format_date(day)})."
                continue
            out[key] = day
        elif key in ("cccd", "phone"):
            try:
                out[key] = clean_cccd(value) if key == "cccd" else clean_phone(value)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in ("gender", "membership", "kind", "unit_id"):
            out[key] = value or None
        else:
            raise KeyError(key)
    if "full_name" in raw and not out.get("full_name"):
        errors["full_name"] = "Hãy nhập họ và tên."
    elif len(out.get("full_name") or "") > MAX_NAME_LENGTH:
        errors["full_name"] = (f"Họ và tên dài {len(out['full_name'])} ký tự, quá giới hạn {MAX_NAME_LENGTH} ký tự; "
                               "hãy chỉ ghi họ và tên (điều cần ghi thêm để vào mục Ghi chú).")
    if "unit_id" in raw and not out.get("unit_id"):
        errors["unit_id"] = _NO_UNIT
    if "kind" in raw and out.get("kind") not in KIND_LABELS:
        errors["kind"] = "Hãy chọn đảng viên hoặc quần chúng."
    if out.get("kind") == "quan_chung":
        for key in ("membership", "joined_date", "official_date", "party_card_no"):
            if out.get(key):
                errors[key] = f"Quần chúng không có {FIELD_LABELS[key].lower()}."
    birth, joined, official = (out.get(k) for k in DATE_FIELDS)
    # Partial dates compare by what they can be: wrong only when no day of one can follow the other.
    if birth and joined and dates.latest(joined) < dates.earliest(birth):
        errors["joined_date"] = "Ngày vào Đảng phải sau ngày sinh."
    if joined and official and dates.latest(official) < dates.earliest(joined):
        errors["official_date"] = "Ngày chính thức phải sau ngày vào Đảng."
    if errors:
        raise ValidationError(errors)
    if keys and out.get("full_name"):
        out["name_fold"] = vntext.fold(out["full_name"])
        out["sort_key"] = vntext.name_sort_key(out["full_name"])
    return out


def get_person(db: Database, person_id: int) -> Person:
    row = db.execute(
        f"SELECT {_PERSON_COLUMNS} FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = ?",
        [person_id],
    ).fetchone()
    if row is None:
        raise UserError("Người này không còn trong tệp (có thể đã bị xóa).")
    return _person(row)


def create_person(db: Database, raw: dict[str, Any], *, today: dt.date | None = None) -> int:
    """Add a person (recorded, joining an action in progress); returns their id."""
    values = validate({"kind": "dang_vien", **raw}, today or _today(db))
    units.get_unit(db, values["unit_id"])
    now = dates.now_iso()
    with recording(db, _added_label(values)) as rec:
        return int(rec.insert("people", {**values, "created_at": now, "updated_at": now}))


@dataclass(frozen=True, slots=True)
class ValidPerson:
    """A new person's row checked by `validate` (with its search and sort
    keys), as `check_new` returns it: `create_people` stores it without
    checking it again. Made only here (`check_new`, `in_unit`); a test scans
    the code so no other module builds one, and the values cannot be changed.
    """

    values: Mapping[str, Any]
    unit_id: int | None = None  # the chi bộ, when placed after the check (`in_unit`)

    def in_unit(self, unit_id: int | None) -> ValidPerson:
        """The same person placed in a chi bộ (which an import knows only when it writes)."""
        if not unit_id:
            raise ValidationError({"unit_id": _NO_UNIT})
        return ValidPerson(self.values, unit_id)

    def stored(self) -> dict[str, Any]:
        """The values to store."""
        return {**self.values, "unit_id": self.unit_id} if self.unit_id else dict(self.values)


def check_new(raw: dict[str, Any], today: dt.date) -> ValidPerson:
    """A new person's row checked as `create_person` checks it (a đảng viên
    unless it says otherwise); raises ValidationError per field. An import
    checks its rows once this way for the preview and writes the same objects."""
    return ValidPerson(MappingProxyType(validate({"kind": "dang_vien", **raw}, today)))


def create_people(db: Database, raws: Sequence[dict[str, Any] | ValidPerson], *,
                  today: dt.date | None = None) -> list[int | ValidationError]:
    """Add many people (an import's), recorded in one change joining an action
    in progress, with `create_person`'s checks; in order, each row's id or the
    ValidationError that refused it (the other rows are still added).

    A raw row is checked here; a `ValidPerson` was checked by the same
    `validate` when it was made (`check_new`) and is not checked again. Every
    row must name its chi bộ, which must exist.

    Rows with the same columns go in one statement, and are read back in one
    query: a 10,000-row list costs what its rows cost.
    """
    day = today
    checked: list[Mapping[str, Any] | ValidationError] = []
    for raw in raws:
        if isinstance(raw, ValidPerson):
            values = raw.stored()
            checked.append(values if values.get("unit_id") else ValidationError({"unit_id": _NO_UNIT}))
            continue
        day = day or _today(db)
        try:
            checked.append(validate({"kind": "dang_vien", **raw}, day))
        except ValidationError as exc:
            checked.append(exc)
    valid = [v for v in checked if not isinstance(v, ValidationError)]
    for unit_id in {v["unit_id"] for v in valid}:
        units.get_unit(db, unit_id)
    now = dates.now_iso()
    with recording(db, f"Thêm {len(valid)} người") as rec:
        ids = iter(rec.insert_many("people", [{**v, "created_at": now, "updated_at": now} for v in valid]))
    return [v if isinstance(v, ValidationError) else int(next(ids)) for v in checked]


def _added_label(values: dict[str, Any]) -> str:
    return f"Thêm {KIND_LABELS[values['kind']].lower()} {values['full_name']}"


def add_person(db: Database, raw: dict[str, Any], *, today: dt.date | None = None) -> ChangeSet:
    day = today or _today(db)
    with recording(db, _added_label(validate({"kind": "dang_vien", **raw}, day))) as rec:
        create_person(db, raw, today=day)
        return rec.changeset


def update_person(db: Database, person_id: int, raw: dict[str, Any], *,
                  today: dt.date | None = None) -> ChangeSet:
    """Change the given fields; a field left out keeps its stored value.

    The given fields are checked together with the stored ones (a date of
    joining before the stored birth date is refused), and only the given
    fields are written.
    """
    current = get_person(db, person_id)
    stored = {k: getattr(current, k) for k in DETAIL_FIELDS if getattr(current, k) is not None}
    values = validate({**stored, **raw}, today or _today(db))
    given = {k: v for k, v in values.items() if k in raw or k in ("name_fold", "sort_key")}
    with recording(db, f"Sửa thông tin {current.full_name}") as rec:
        if rec.update("people", person_id, given):
            rec.update("people", person_id, {"updated_at": dates.now_iso()})
        return rec.changeset


def _today(db: Database) -> dt.date:
    """The day an edit that does not say which day it is gets checked against: the file's clock."""
    return datafile.of(db).clock.today()


def delete_person(db: Database, person_id: int) -> ChangeSet:
    """Delete a person with their deeds, reviews and points (undoable).

    A person who left should normally get a status change instead, which
    keeps their history; the window says so before deleting.
    """
    person = get_person(db, person_id)
    with recording(db, f"Xóa {person.full_name}") as rec:
        rec.delete("people", person_id)
        return rec.changeset


def change_status(db: Database, person_id: int, status: str, on: dt.date | str, note: str | None = None) -> ChangeSet:
    """Record a status change on a date; the history keeps every step, each once.

    The person's current status is the latest step of the history.
    """
    if status not in STATUS_LABELS:
        raise UserError(f"Trạng thái “{status}” không có.")
    day = on if isinstance(on, dt.date) else dates.parse_date(on)
    if day is None:
        raise ValidationError({"status_date": "Hãy nhập ngày thay đổi trạng thái."})
    person = get_person(db, person_id)
    with recording(db, f"{STATUS_LABELS[status]}: {person.full_name}") as rec:
        known = db.execute(
            "SELECT 1 FROM status_changes WHERE person_id = ? AND status = ? AND effective_date = ?",
            [person_id, status, day.isoformat()],
        ).fetchone()
        if not known:
            rec.insert("status_changes", {
                "person_id": person_id, "status": status, "effective_date": day.isoformat(),
                "note": vntext.clean_or_none(note), "created_at": dates.now_iso(),
            })
        latest = db.execute(
            "SELECT status, effective_date FROM status_changes WHERE person_id = ? "
            "ORDER BY effective_date DESC, id DESC LIMIT 1",
            [person_id],
        ).fetchone()
        rec.update("people", person_id, {"status": latest[0], "status_date": latest[1]})
        return rec.changeset


def set_status(db: Database, person_id: int, status: str, on: dt.date | str | None = None,
               note: str | None = None) -> ChangeSet:
    """A status as a list gives it: with its date, a step of the history
    (`change_status`); without one, only the current status (old lists
    seldom say since when), which a dated step later replaces."""
    if on is not None and on != "":
        return change_status(db, person_id, status, on, note)
    if status not in STATUS_LABELS:
        raise UserError(f"Trạng thái “{status}” không có.")
    person = get_person(db, person_id)
    with recording(db, f"{STATUS_LABELS[status]}: {person.full_name}") as rec:
        rec.update("people", person_id, {"status": status})
        return rec.changeset


@dataclass(frozen=True)
class StatusChange:
    status: str
    effective_date: str
    note: str | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def status_history(db: Database, person_id: int) -> list[StatusChange]:
    rows = db.execute(
        "SELECT status, effective_date, note FROM status_changes WHERE person_id = ? "
        "ORDER BY effective_date, id",
        [person_id],
    ).fetchall()
    return [StatusChange(*r) for r in rows]


@dataclass(frozen=True)
class PersonFilter:
    """What the list shows: search text (no diacritics needed), unit, kind, status."""

    text: str = ""
    unit_id: int | None = None
    kind: str | None = None
    status: str | None = None      # a status, or "active" / "left"
    ids: tuple[int, ...] = field(default=())


def _where(db: Database, flt: PersonFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    terms = vntext.search_terms(flt.text)
    if terms:
        match = " AND ".join(f'"{t}"*' for t in terms)
        clauses.append("p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)")
        params.append(match)
    if flt.unit_id is not None:
        ids = units.subtree_ids(db, flt.unit_id)
        clauses.append(f"p.unit_id IN ({', '.join('?' for _ in ids)})")
        params.extend(ids)
    if flt.kind:
        clauses.append("p.kind = ?")
        params.append(flt.kind)
    if flt.status == "active":
        clauses.append(on_list_condition())
    elif flt.status == "left":
        clauses.append(left_condition())
    elif flt.status:
        clauses.append("p.status = ?")
        params.append(flt.status)
    if flt.ids:
        clauses.append(f"p.id IN ({', '.join('?' for _ in flt.ids)})")
        params.extend(flt.ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


SORT_COLUMNS = {
    "name": "p.sort_key",
    "birth_date": "p.birth_date",
    "unit": "u.sort_key",
    "kind": "p.kind",
    "status": "p.status",
    "position": "p.position",
    "joined_date": "p.joined_date",
}


def count_people(db: Database, flt: PersonFilter) -> int:
    where, params = _where(db, flt)
    return int(db.execute(f"SELECT count(*) FROM people p {where}", params).fetchone()[0])


def list_people(
    db: Database, flt: PersonFilter, *, order: str = "name", descending: bool = False,
    offset: int = 0, limit: int = 200,
) -> list[Person]:
    """One window of the filtered list, in Vietnamese name order by default."""
    where, params = _where(db, flt)
    direction = "DESC" if descending else "ASC"
    column = SORT_COLUMNS[order]
    sql = (
        f"SELECT {_PERSON_COLUMNS} FROM people p JOIN units u ON u.id = p.unit_id {where} "
        f"ORDER BY {column} IS NULL, {column} {direction}, p.sort_key {direction}, p.id "
        "LIMIT ? OFFSET ?"
    )
    return [_person(r) for r in db.execute(sql, [*params, limit, offset]).fetchall()]


def _listed_on(day: str) -> str:
    """SQL: person p is on the branch's list on the day bound to `day` (a parameter name).

    A person counts from the later of their creation-independent first status
    (joining) and is gone from the day they moved out, died or left the party.
    """
    latest = (f"coalesce((SELECT s.status FROM status_changes s WHERE s.person_id = p.id "
              f"AND s.effective_date <= {day} ORDER BY s.effective_date DESC, s.id DESC LIMIT 1), 'dang_sinh_hoat')")
    return f"""({on_list_condition(latest)}
        AND NOT EXISTS (
            SELECT 1 FROM status_changes f WHERE f.person_id = p.id
            AND f.status = 'chuyen_den' AND f.effective_date > {day}
            AND NOT EXISTS (SELECT 1 FROM status_changes e WHERE e.person_id = p.id
                            AND e.effective_date <= {day})))"""


def _listed(db: Database, condition: str, params: list[Any], unit_ids: list[int] | None) -> list[Person]:
    unit_clause = ""
    if unit_ids is not None:
        unit_clause = f"AND p.unit_id IN ({', '.join('?' for _ in unit_ids)})"
        params = [*params, *unit_ids]
    sql = (f"SELECT {_PERSON_COLUMNS} FROM people p JOIN units u ON u.id = p.unit_id "
           f"WHERE {condition} {unit_clause} ORDER BY p.sort_key, p.id")
    return [_person(r) for r in db.execute(sql, params).fetchall()]


def active_on(db: Database, day: dt.date, unit_ids: list[int] | None = None) -> list[Person]:
    """People on the branch's list on a day, from their status history, in name order."""
    return _listed(db, _listed_on("?1"), [day.isoformat()], unit_ids)


def listed_between(db: Database, first: dt.date, last: dt.date, unit_ids: list[int] | None = None) -> list[Person]:
    """People on the list on the first or on the last day (a month's list), in name order."""
    return _listed(db, f"({_listed_on('?1')} OR {_listed_on('?2')})", [first.isoformat(), last.isoformat()], unit_ids)


def name_order(db: Database) -> dict[int, int]:
    """person id → place in Vietnamese name order (the stored sort_key, then id)."""
    return {r[0]: n for n, r in enumerate(db.execute("SELECT id FROM people ORDER BY sort_key, id"))}


@dataclass(frozen=True)
class Identity:
    """What tells people apart when a list names them: name, unit, birth date."""

    id: int
    name_fold: str
    unit_id: int
    birth_date: str | None


def identities(db: Database, names: Iterable[str] | None = None) -> list[Identity]:
    """The identities of the people an imported list may name: every person's,
    or with `names` (folded names, `vntext.fold`) only those people's, read
    through the name index (a 10,000-row list in a 100,000-person file)."""
    sql = "SELECT id, name_fold, unit_id, birth_date FROM people"
    if names is None:
        return [Identity(*r) for r in db.execute(f"{sql} ORDER BY id")]
    wanted = sorted(set(names))
    found: list[Identity] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found += [Identity(*r) for r in db.execute(
            f"{sql} WHERE name_fold IN ({', '.join('?' for _ in chunk)})", chunk)]
    return sorted(found, key=lambda person: person.id)
