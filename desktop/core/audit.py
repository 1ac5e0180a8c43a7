"""Nhật ký thay đổi: who changed what, when, from what to what, and why.

The recorder (changes.py) writes one audit_log row per changed row with the
row before and after as JSON. This module reads it back for the audit
screen: filtered by person, kind of record, dates and text, a window at a
time, each change told in Vietnamese ("Điện thoại: 0912… → 0987…") with
codes, dates, units and people shown as a secretary knows them. Level
overrides, year unlocks and restores carry the reason the user gave.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import dates, deeds, people, reviews, units, vntext

TABLE_LABELS = {
    "people": "Người",
    "status_changes": "Trạng thái",
    "units": "Đơn vị",
    "years": "Năm",
    "deeds": "Việc làm theo Bác",
    "deed_progress": "Tiến độ việc",
    "meetings": "Buổi sinh hoạt",
    "attendance": "Điểm danh",
    "reviews": "Đánh giá tháng",
    "scores": "Điểm cuối năm",
    "year_results": "Kết quả cuối năm",
    "unit_years": "Đơn vị trong năm",
    "unit_ratings": "Xếp loại tập thể",
    "quarter_results": "Đánh giá quý",
    "settings": "Cài đặt",
    "file": "Toàn bộ tệp",
}

FIELD_LABELS: dict[str, str] = {
    **people.FIELD_LABELS,
    "status": "Trạng thái", "status_date": "Ngày đổi trạng thái", "effective_date": "Ngày hiệu lực",
    "person_id": "Người", "parent_id": "Thuộc", "name": "Tên", "year": "Năm", "month": "Tháng",
    "theme": "Chuyên đề năm", "term_theme": "Chuyên đề toàn khóa", "rules": "Bộ tiêu chí",
    "locked": "Chốt sổ", "locked_at": "Lúc chốt sổ",
    "collective": "Tập thể", "content": "Nội dung đăng ký", "category": "Nhóm", "target": "Chỉ tiêu",
    "due_date": "Thời hạn", "outcome": "Kết quả", "result": "Kết quả cụ thể", "is_model": "Mô hình",
    "carried_from": "Chuyển từ năm trước", "progress": "Tiến độ", "held_on": "Ngày họp",
    "presence": "Điểm danh", "meeting_id": "Buổi sinh hoạt", "level": "Mức",
    "commended": "Biểu dương", "reminded": "Nhắc nhở", "criterion": "Tiêu chí", "points": "Điểm",
    "disciplined": "Bị kỷ luật", "discipline_remedied": "Đã khắc phục kỷ luật",
    "degraded": "Suy thoái", "beyond_30": "Vượt yêu cầu ≥30%", "all_tasks_done": "Hoàn thành 100% nhiệm vụ",
    "shortcomings_fixed": "Khắc phục hạn chế", "initiative": "Có sáng kiến",
    "long_sick_leave": "Nghỉ ốm dài ngày", "manual_level": "Xếp loại sửa tay",
    "final_level": "Xếp loại", "override_reason": "Lý do sửa xếp loại", "title": "Danh hiệu",
    "key": "Mục", "value": "Giá trị",
    "tasks_assigned": "Số nhiệm vụ được giao", "tasks_on_time": "Hoàn thành đúng hạn",
    "tasks_late": "Hoàn thành trễ hạn", "tasks_not_done": "Không hoàn thành", "tasks_beyond": "Vượt mức yêu cầu",
    "form": "Mẫu tự đánh giá", "temporary_attendance": "Sinh hoạt tạm thời",
    "attendance_comment": "Ý kiến chi bộ nơi sinh hoạt tạm thời", "council_vote": "Phiếu Hội đồng thi đua (%)",
    "review_date": "Ngày tính tuổi Đảng khi xếp loại", "thematic": "Sinh hoạt chuyên đề",
    "outstanding": "Đơn vị tiêu biểu", "titles_enabled": "Đề nghị danh hiệu thi đua", "quarter": "Quý",
}
# Bookkeeping columns nobody needs to read in a log (a deed's position is
# its place in the list; a person's position is their chức vụ, shown).
_HIDDEN = {"id", "name_fold", "sort_key", "created_at", "updated_at"}
_HIDDEN_IN = {"deeds": {"position"}}
SETTING_LABELS = {
    "committee_name": "Tên đảng bộ/chi bộ", "superior_name": "Cấp ủy cấp trên", "place": "Địa danh",
    "signer_name": "Người ký", "signer_role": "Chức danh người ký", "working_year": "Năm làm việc",
    "margins_mm": "Lề trang (mm)", "second_backup_dir": "Nơi sao lưu thứ hai",
    "password_hash": "Mật khẩu mở tệp", "idle_lock_minutes": "Tự khóa khi không dùng (phút)",
}
_SECRET_SETTINGS = {"password_hash"}
_CODES: dict[str, dict[str, str]] = {
    "gender": people.GENDER_LABELS, "membership": people.MEMBERSHIP_LABELS,
    "status": people.STATUS_LABELS, "outcome": deeds.OUTCOME_LABELS,
    "level": reviews.REVIEW_LEVELS, "presence": reviews.PRESENCE_LABELS,
}
_FLAGS = {"locked", "is_model", "commended", "reminded", "disciplined", "discipline_remedied", "degraded",
          "beyond_30", "all_tasks_done", "shortcomings_fixed", "initiative", "long_sick_leave",
          "temporary_attendance", "thematic", "outstanding", "titles_enabled"}
_DATES = {"birth_date", "joined_date", "official_date", "status_date", "effective_date", "due_date",
          "held_on", "locked_at", "review_date"}
ACTION_LABELS = {"insert": "Thêm", "update": "Sửa", "delete": "Xóa", "file": "Khôi phục"}
EMPTY = "(trống)"

# The person a logged row concerns; the same expression backs the
# audit_log_person index (schema.py), so filtering by person stays fast.
PERSON_EXPR = (
    "(CASE WHEN table_name = 'people' THEN row_id "
    "ELSE json_extract(coalesce(after, before), '$.person_id') END)"
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str
    label: str  # the action as the user named it: "Sửa thông tin Nguyễn Văn An"
    table: str
    row_id: int | None
    action: str  # insert, update, delete, file
    subject: str  # what the row is: a name, "Tháng 3/2026 – Nguyễn Văn An"…
    changes: tuple[FieldChange, ...]
    reason: str | None

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table, self.table)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def when(self) -> str:
        return _format_datetime(self.at)

    @property
    def description(self) -> str:
        """One readable line: what, on which record, field by field, and why."""
        noun = self.table_label[:1].lower() + self.table_label[1:]
        head = f"{self.action_label} {noun}: {self.subject}" if self.subject else f"{self.action_label} {noun}"
        if self.action in ("update", "file"):
            parts = [f"{c.label}: {c.before} → {c.after}" for c in self.changes]
        else:
            parts = [f"{c.label}: {c.after if self.action != 'delete' else c.before}" for c in self.changes]
        text = head + (" — " + "; ".join(parts) if parts else "")
        if self.reason:
            text += f" (lý do: {self.reason})"
        return text


def _format_datetime(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment.strftime("%d/%m/%Y %H:%M")


class _Names:
    """Unit and person names for ids, looked up once per query."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache: dict[tuple[str, int], str] = {}

    def name(self, table: str, row_id: Any) -> str:
        if not isinstance(row_id, int):
            return EMPTY if row_id is None else str(row_id)
        key = (table, row_id)
        if key not in self.cache:
            column = "full_name" if table == "people" else "name"
            row = self.db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [row_id]).fetchone()
            self.cache[key] = row[0] if row else f"(đã xóa, mã {row_id})"
        return self.cache[key]


def _format_value(field: str, value: Any, table: str, names: _Names) -> str:
    if value is None or value == "":
        return EMPTY
    if field in ("unit_id", "parent_id"):
        return names.name("units", value)
    if field == "person_id":
        return names.name("people", value)
    if field == "kind":
        return {**people.KIND_LABELS, **units.KIND_LABELS}.get(value, str(value))
    if field in _CODES:
        return _CODES[field].get(value, str(value))
    if field in _FLAGS:
        return "có" if value else "không"
    if table == "settings" and field == "value" and isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = value
        if decoded in (None, "", []):
            return EMPTY
        return ", ".join(map(str, decoded)) if isinstance(decoded, list) else str(decoded)
    if field in _DATES and isinstance(value, str):
        return _format_datetime(value) if " " in value else dates.format_date(value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _subject(table: str, row: dict[str, Any], names: _Names) -> str:
    if table == "people":
        return str(row.get("full_name") or "")
    if table == "units":
        return str(row.get("name") or "")
    if table == "years":
        return f"Năm {row.get('year')}"
    if table == "settings":
        return SETTING_LABELS.get(str(row.get("key")), str(row.get("key")))
    owner = names.name("people", row["person_id"]) if row.get("person_id") else row.get("collective") or ""
    if table == "deeds":
        content = str(row.get("content") or "")
        return f"{owner} – {content[:60]}" if owner else content[:60]
    if table in ("reviews", "deed_progress", "meetings") and row.get("month"):
        return f"Tháng {row['month']}/{row.get('year')}" + (f" – {owner}" if owner else "")
    if table in ("scores", "year_results", "status_changes", "attendance"):
        return f"{owner} ({row['year']})" if row.get("year") else str(owner)
    return str(owner)


def _field_changes(
    table: str, before: dict[str, Any] | None, after: dict[str, Any] | None, names: _Names,
) -> tuple[FieldChange, ...]:
    old, new = before or {}, after or {}
    secret = table == "settings" and (old.get("key") or new.get("key")) in _SECRET_SETTINGS
    found = []
    for field in dict.fromkeys([*old, *new]):
        if field in _HIDDEN or field in _HIDDEN_IN.get(table, ()) or (table == "settings" and field == "key"):
            continue
        if before is None or after is None:
            value = new.get(field) if before is None else old.get(field)
            if value in (None, "") or (field in _FLAGS and not value):
                continue  # an added or deleted row: show only what it held
        elif old.get(field) == new.get(field):
            continue
        label = FIELD_LABELS.get(field, field)
        if secret:
            found.append(FieldChange(field, label, "(đã ẩn)", "(đã ẩn)"))
            continue
        found.append(FieldChange(
            field, label,
            _format_value(field, old.get(field), table, names) if before is not None else EMPTY,
            _format_value(field, new.get(field), table, names) if after is not None else EMPTY,
        ))
    return tuple(found)


def _entry(row: tuple, names: _Names) -> AuditEntry:
    entry_id, at, user, label, table, row_id, before_text, after_text, reason = row
    before = json.loads(before_text) if before_text else None
    after = json.loads(after_text) if after_text else None
    if table == "file":  # a restore (restore.py): the whole file replaced
        old, new = before or {}, after or {}
        subject = f"từ {new.get('from_backup', '?')}"
        if old.get("safety_backup"):
            subject += f"; trạng thái cũ được lưu ở {old['safety_backup']}"
        people_change = FieldChange("people", "Số người", str(old.get("people", EMPTY)), str(new.get("people")))
        return AuditEntry(entry_id, at, user, label, table, row_id, "file", subject, (people_change,), reason)
    action = "insert" if before is None else "delete" if after is None else "update"
    subject = _subject(table, after or before or {}, names)
    return AuditEntry(entry_id, at, user, label, table, row_id, action, subject,
                      _field_changes(table, before, after, names), reason)


def _where(
    db: Database, person_id: int | None, table: str | None, since: dt.date | None,
    until: dt.date | None, text: str | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if person_id is not None:
        clauses.append(f"{PERSON_EXPR} = ?")
        params.append(person_id)
    if table:
        clauses.append("table_name = ?")
        params.append(table)
    if since:
        clauses.append("at >= ?")
        params.append(since.isoformat())
    if until:
        clauses.append("at < ?")
        params.append((until + dt.timedelta(days=1)).isoformat())
    folded = vntext.fold(text)
    if folded:
        # Diacritic-insensitive, as every search in the program.
        db.register_function(vntext.fold, deterministic=True, replace=True, name="vn_fold")
        clauses.append("instr(vn_fold(label || ' ' || user || ' ' || coalesce(reason, '')), ?) > 0")
        params.append(folded)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query(
    db: Database, person_id: int | None = None, table: str | None = None,
    since: dt.date | None = None, until: dt.date | None = None, text: str | None = None,
    offset: int = 0, limit: int = 200,
) -> list[AuditEntry]:
    """One window of the log, newest first, filtered as the audit screen asks.

    person_id: changes to the person and to their deeds, reviews, points…;
    table: one kind of record (TABLE_LABELS); since/until: dates, inclusive;
    text: words in the action, the user name or the reason, without diacritics.
    """
    where, params = _where(db, person_id, table, since, until, text)
    rows = db.execute(
        "SELECT id, at, user, label, table_name, row_id, before, after, reason FROM audit_log"
        f"{where} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    names = _Names(db)
    return [_entry(row, names) for row in rows]


def count(
    db: Database, person_id: int | None = None, table: str | None = None,
    since: dt.date | None = None, until: dt.date | None = None, text: str | None = None,
) -> int:
    where, params = _where(db, person_id, table, since, until, text)
    return int(db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0])


def kinds_in_log(db: Database) -> list[tuple[str, str]]:
    """(table, label) of each kind of record the log holds, for the filter list."""
    rows = db.execute("SELECT DISTINCT table_name FROM audit_log").fetchall()
    found = [r[0] for r in rows]
    return sorted(((t, TABLE_LABELS.get(t, t)) for t in found), key=lambda item: vntext.sort_key(item[1]))
