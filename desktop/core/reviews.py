"""Đánh giá hằng tháng: monthly reviews, the chi bộ meeting and attendance.

Who appears in a month comes from the status history (people.active_on): a
member who moved out in June is listed through June and keeps January–May,
one who moved in is listed from the month they arrived. Edits come in
batches (a pasted block, "mark every unmarked row Đạt") and each batch is
one recorded change, so one undo takes it back whole.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from desktop.core import dates, people, units, vntext, years
from desktop.core.changes import ChangeSet, Recorder, recording
from desktop.core.errors import UserError
from desktop.core.rules import format_points
from desktop.core.shares import percent

REVIEW_LEVELS = {"tot": "Tốt", "dat": "Đạt", "chua_dat": "Chưa đạt"}
PRESENCE_LABELS = {
    "co_mat": "Có mặt",
    "vang_co_ly_do": "Vắng có lý do",
    "vang_khong_ly_do": "Vắng không lý do",
    "mien": "Miễn",
}
# On the list but not expected at meetings or reviews that month.
NOT_REVIEWED_STATUSES = frozenset({"mien_sinh_hoat", "dinh_chi"})

# Folded, space-free spellings people type or paste from Excel.
_LEVEL_WORDS = {
    "t": "tot", "tot": "tot",
    "d": "dat", "dat": "dat",
    "c": "chua_dat", "cd": "chua_dat", "chuadat": "chua_dat", "khongdat": "chua_dat",
}
_PRESENCE_WORDS = {
    "co": "co_mat", "cm": "co_mat", "comat": "co_mat", "x": "co_mat",
    "p": "vang_co_ly_do", "vcl": "vang_co_ly_do", "vcld": "vang_co_ly_do", "vangcolydo": "vang_co_ly_do",
    "k": "vang_khong_ly_do", "vkl": "vang_khong_ly_do", "vkld": "vang_khong_ly_do",
    "vangkhonglydo": "vang_khong_ly_do",
    "m": "mien", "mien": "mien",
}


def _squash(text: str | None) -> str:
    return "".join(ch for ch in vntext.fold(text) if ch.isalnum())


def parse_review_level(text: str | None) -> str | None:
    """"T", "Tốt", "tot", "Đ", "D", "Đạt", "C", "Chưa đạt"… → a code; "" → None.

    Raises ValueError with a Vietnamese message for anything else, so an
    importer can name the cell.
    """
    key = _squash(text)
    if not key:
        return None
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    raise ValueError(f"“{vntext.clean(text)}” không phải mức đánh giá; hãy ghi Tốt (T), Đạt (Đ) hoặc Chưa đạt (C).")


def parse_presence(text: str | None) -> str | None:
    """"Có mặt", "x", "P", "Vắng không lý do", "K", "Miễn"… → a code; "" → None."""
    key = _squash(text)
    if not key:
        return None
    if key in _PRESENCE_WORDS:
        return _PRESENCE_WORDS[key]
    raise ValueError(
        f"“{vntext.clean(text)}” không rõ; hãy ghi Có mặt (x), Vắng có lý do (P), "
        "Vắng không lý do (K) hoặc Miễn (M)."
    )


def _check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise UserError(f"Tháng {month} không hợp lệ; tháng phải từ 1 đến 12.")
    if not 2000 <= year <= 2100:
        raise UserError(f"Năm {year} không hợp lệ.")


def _unit_ids(db: Database, unit_id: int | None) -> list[int] | None:
    return None if unit_id is None else units.subtree_ids(db, unit_id)


def people_for_month(db: Database, year: int, month: int, unit_id: int | None) -> list[people.Person]:
    """People on the list on some day of the month: on the first or the last day."""
    _check_month(year, month)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return people.listed_between(db, first, last, _unit_ids(db, unit_id))


def _in_units(column: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    """SQL ` AND column IN (...)` for the units shown (nothing for the whole file)."""
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in ids)})", list(ids)


def statuses_on(db: Database, day: dt.date, unit_ids: list[int] | None = None) -> dict[int, str]:
    """person id → status on a day, from the history (the stored status without one);
    only the people of `unit_ids` when given."""
    in_units, params = _in_units("p.unit_id", unit_ids)
    rows = db.execute(
        f"""SELECT p.id, coalesce(
               (SELECT s.status FROM status_changes s WHERE s.person_id = p.id AND s.effective_date <= ?
                ORDER BY s.effective_date DESC, s.id DESC LIMIT 1),
               CASE WHEN EXISTS (SELECT 1 FROM status_changes s WHERE s.person_id = p.id)
                    THEN 'dang_sinh_hoat' ELSE p.status END)
           FROM people p WHERE 1{in_units}""",
        [day.isoformat(), *params],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


@dataclass(frozen=True)
class DeedProgress:
    deed_id: int
    content: str
    outcome: str | None
    progress: str | None


@dataclass(frozen=True)
class ReviewRow:
    """One person's line of the month grid."""

    person_id: int
    full_name: str
    unit_id: int
    unit_name: str
    kind: str
    status: str  # during the month (end of month)
    level: str | None
    commended: bool
    reminded: bool
    note: str | None
    presence: str | None
    deeds: tuple[DeedProgress, ...] = ()

    @property
    def level_label(self) -> str:
        return REVIEW_LEVELS.get(self.level or "", "")

    @property
    def expected(self) -> bool:
        """False for people exempt or suspended that month: no review is due."""
        return self.status not in NOT_REVIEWED_STATUSES

    @property
    def mixed(self) -> str | None:
        """Marks that contradict each other: allowed (it happens), but never to go unnoticed."""
        if self.commended and self.reminded:
            return "vừa biểu dương vừa nhắc nhở"
        if self.level == "tot" and self.reminded:
            return "xếp Tốt nhưng bị nhắc nhở"
        return None


def _month_reviews(db: Database, year: int, month: int, ids: list[int] | None) -> dict[int, tuple]:
    in_units, params = _in_units("p.unit_id", ids)
    sql = ("SELECT r.person_id, r.level, r.commended, r.reminded, r.note FROM reviews r "
           f"JOIN people p ON p.id = r.person_id WHERE r.year = ? AND r.month = ?{in_units}")
    return {r[0]: r[1:] for r in db.execute(sql, [year, month, *params]).fetchall()}


def month_grid(db: Database, year: int, month: int, unit_id: int | None, *, with_deeds: bool = False) -> list[ReviewRow]:
    """The month's lines of the people of `unit_id` (and its units below), or of the whole
    file for None; every query reads only the units shown."""
    listed = people_for_month(db, year, month, unit_id)
    ids = _unit_ids(db, unit_id)
    reviews = _month_reviews(db, year, month, ids)
    status = statuses_on(db, dt.date(year, month, calendar.monthrange(year, month)[1]), ids)
    in_units, params = _in_units("p.unit_id", ids)
    presence = dict(db.execute(
        "SELECT a.person_id, a.presence FROM attendance a JOIN meetings m ON m.id = a.meeting_id "
        f"JOIN people p ON p.id = a.person_id WHERE m.year = ? AND m.month = ?{in_units} ORDER BY a.id",
        [year, month, *params]).fetchall())
    deeds: dict[int, list[DeedProgress]] = {}
    if with_deeds:
        wanted = {p.id for p in listed}
        for deed_id, person_id, content, outcome, progress in db.execute(
            "SELECT d.id, d.person_id, d.content, d.outcome, dp.progress FROM deeds d "
            "LEFT JOIN deed_progress dp ON dp.deed_id = d.id AND dp.month = ? "
            "JOIN people p ON p.id = d.person_id "
            f"WHERE d.year = ? AND d.person_id IS NOT NULL{in_units} ORDER BY d.person_id, d.position, d.id",
            [month, year, *params],
        ).fetchall():
            if person_id in wanted:
                deeds.setdefault(person_id, []).append(DeedProgress(deed_id, content, outcome, progress))
    rows: list[ReviewRow] = []
    for person in listed:
        level, commended, reminded, note = reviews.get(person.id, (None, 0, 0, None))
        rows.append(ReviewRow(
            person.id, person.full_name, person.unit_id, person.unit_name, person.kind,
            status.get(person.id, person.status), level, bool(commended), bool(reminded), note,
            presence.get(person.id), tuple(deeds.get(person.id, ())),
        ))
    return rows


class _Keep:
    """Marks a ReviewEdit field the edit leaves as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


@dataclass(frozen=True)
class Review:
    """One person's stored review of a month."""

    level: str | None = None
    commended: bool = False
    reminded: bool = False
    note: str | None = None

    @property
    def empty(self) -> bool:
        """No level, no mark, no note: not kept (the coverage counts real reviews only)."""
        return self.level is None and not self.commended and not self.reminded and not self.note


def month_reviews(db: Database, year: int, month: int) -> dict[int, Review]:
    """person id → their stored review of the month."""
    return {pid: Review(level, bool(commended), bool(reminded), note)
            for pid, (level, commended, reminded, note) in _month_reviews(db, year, month, None).items()}


@dataclass(frozen=True)
class ReviewEdit:
    """A change to one person's review of the month; fields left KEEP are untouched."""

    person_id: int
    level: str | None | _Keep = KEEP
    commended: bool | _Keep = KEEP
    reminded: bool | _Keep = KEEP
    note: str | None | _Keep = KEEP
    progress: dict[int, str | None] = field(default_factory=dict)  # deed id → text

    def applied_to(self, stored: Review | None) -> Review:
        """The review after this edit."""
        before = stored or Review()
        return Review(
            before.level if isinstance(self.level, _Keep) else self.level,
            before.commended if isinstance(self.commended, _Keep) else bool(self.commended),
            before.reminded if isinstance(self.reminded, _Keep) else bool(self.reminded),
            before.note if isinstance(self.note, _Keep) else vntext.clean_or_none(self.note),
        )


def _names(db: Database, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(db.execute(
            f"SELECT id, full_name FROM people WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
        ).fetchall())
    return found


def _listed_among(db: Database, year: int, month: int, person_ids: list[int]) -> set[int]:
    """Which of these people are on the month's list (reading only their units)."""
    unit_ids = sorted({int(r[0]) for start in range(0, len(person_ids), 500) for r in db.execute(
        f"SELECT DISTINCT unit_id FROM people WHERE id IN ({', '.join('?' for _ in person_ids[start:start + 500])})",
        person_ids[start:start + 500]).fetchall()})
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return {p.id for p in people.listed_between(db, first, last, unit_ids)}


def set_reviews(db: Database, year: int, month: int, changes: list[ReviewEdit]) -> ChangeSet:
    """Apply a batch of edits as one recorded change (one undo).

    A review left with no level, no mark and no note is removed, so the
    coverage line counts only real reviews.
    """
    _check_month(year, month)
    names = _names(db, [c.person_id for c in changes])
    listed = _listed_among(db, year, month, [c.person_id for c in changes])
    for change in changes:
        if change.person_id not in names:
            raise UserError("Có người trong danh sách đánh giá không còn trong tệp; hãy tải lại màn hình.")
        if change.person_id not in listed:
            raise UserError(
                f"{names[change.person_id]} không có trong danh sách sinh hoạt tháng {month}/{year} "
                "(chưa chuyển đến hoặc đã chuyển đi, từ trần); không ghi đánh giá tháng này."
            )
        if not isinstance(change.level, _Keep) and change.level is not None and change.level not in REVIEW_LEVELS:
            raise UserError(f"Mức “{change.level}” không có; hãy chọn Tốt, Đạt hoặc Chưa đạt.")
    label = (f"Đánh giá tháng {month}/{year}: {names[changes[0].person_id]}" if len(changes) == 1
             else f"Đánh giá tháng {month}/{year} ({len(changes)} người)")
    with recording(db, label) as rec:
        years.ensure_year(db, year)
        for change in changes:
            row = db.execute(
                "SELECT id, level, commended, reminded, note FROM reviews WHERE person_id = ? AND year = ? AND month = ?",
                [change.person_id, year, month],
            ).fetchone()
            stored = Review(row[1], bool(row[2]), bool(row[3]), row[4]) if row else None
            after = change.applied_to(stored)
            values = {"level": after.level, "commended": int(after.commended), "reminded": int(after.reminded),
                      "note": after.note}
            if row and after.empty:
                rec.delete("reviews", row[0])
            elif row:
                rec.update("reviews", row[0], values)
            elif not after.empty:
                rec.insert("reviews", {"person_id": change.person_id, "year": year, "month": month, **values})
            for deed_id, text in change.progress.items():
                _set_progress(db, rec, year, month, change.person_id, deed_id, text)
        return rec.changeset


def _set_progress(db: Database, rec: Recorder, year: int, month: int, person_id: int, deed_id: int, text: str | None) -> None:
    owner = db.execute("SELECT person_id, year FROM deeds WHERE id = ?", [deed_id]).fetchone()
    if owner is None or owner[0] != person_id or owner[1] != year:
        raise UserError(f"Việc đăng ký số {deed_id} không phải của người này trong năm {year}.")
    row = db.execute("SELECT id FROM deed_progress WHERE deed_id = ? AND month = ?", [deed_id, month]).fetchone()
    progress = vntext.clean_or_none(text)
    if row and progress is None:
        rec.delete("deed_progress", row[0])
    elif row:
        rec.update("deed_progress", row[0], {"progress": progress})
    elif progress is not None:
        rec.insert("deed_progress", {"deed_id": deed_id, "year": year, "month": month, "progress": progress})


def mark_unmarked(db: Database, year: int, month: int, unit_id: int | None, level: str = "dat") -> ChangeSet:
    """Give every expected person without a level this month `level` (one undo)."""
    if level not in REVIEW_LEVELS:
        raise UserError(f"Mức “{level}” không có; hãy chọn Tốt, Đạt hoặc Chưa đạt.")
    edits = [ReviewEdit(r.person_id, level=level)
             for r in month_grid(db, year, month, unit_id) if r.level is None and r.expected]
    if not edits:
        return ChangeSet(f"Đánh dấu {REVIEW_LEVELS[level]} tháng {month}/{year}")
    return set_reviews(db, year, month, edits)


@dataclass(frozen=True)
class YearRow:
    """A person × 12 months; `listed[m-1]` is False for months they were not on the list."""

    person_id: int
    full_name: str
    unit_name: str
    kind: str
    levels: tuple[str | None, ...]
    listed: tuple[bool, ...]
    commended: int
    reminded: int
    commended_months: tuple[bool, ...]
    reminded_months: tuple[bool, ...]


def year_grid(db: Database, year: int, unit_id: int | None) -> list[YearRow]:
    listed_by_month = [{p.id: p for p in people_for_month(db, year, m, unit_id)} for m in range(1, 13)]
    everyone: dict[int, people.Person] = {}
    for month_people in listed_by_month:
        for pid, person in month_people.items():
            everyone.setdefault(pid, person)
    ids = _unit_ids(db, unit_id)
    sql = ("SELECT r.person_id, r.month, r.level, r.commended, r.reminded FROM reviews r "
           "JOIN people p ON p.id = r.person_id WHERE r.year = ?")
    params: list[Any] = [year]
    if ids is not None:
        sql += f" AND p.unit_id IN ({', '.join('?' for _ in ids)})"
        params.extend(ids)
    levels: dict[int, list[str | None]] = {pid: [None] * 12 for pid in everyone}
    marks: dict[int, list[list[bool]]] = {pid: [[False] * 12, [False] * 12] for pid in everyone}
    for person_id, month, level, commended, reminded in db.execute(sql, params).fetchall():
        if person_id in everyone:
            levels[person_id][month - 1] = level
            marks[person_id][0][month - 1] = bool(commended)
            marks[person_id][1][month - 1] = bool(reminded)
    rank = people.name_order(db)
    ordered = sorted(everyone.values(), key=lambda p: rank[p.id])
    return [
        YearRow(p.id, p.full_name, p.unit_name, p.kind, tuple(levels[p.id]),
                tuple(p.id in month_people for month_people in listed_by_month),
                sum(marks[p.id][0]), sum(marks[p.id][1]), tuple(marks[p.id][0]), tuple(marks[p.id][1]))
        for p in ordered
    ]


@dataclass(frozen=True)
class MonthTotals:
    """One month of the year view: on the list, reviewed, commended, reminded."""

    month: int
    listed: int
    reviewed: int
    commended: int
    reminded: int


def month_totals(rows: list[YearRow]) -> list[MonthTotals]:
    """Per-month counts under the year view, from the rows it shows."""
    return [
        MonthTotals(
            m + 1,
            sum(r.listed[m] for r in rows),
            sum(r.levels[m] is not None for r in rows),
            sum(r.commended_months[m] for r in rows),
            sum(r.reminded_months[m] for r in rows),
        )
        for m in range(12)
    ]


@dataclass(frozen=True)
class QuarterCell:
    """A quarter of one person: months at each level and the quarter's level.

    The quarter's level is the one most of its reviewed months had, a tie
    going to the lower level; a chi bộ that reviews quarterly has one month.
    """

    tot: int
    dat: int
    chua_dat: int

    @property
    def level(self) -> str | None:
        counted = [("chua_dat", self.chua_dat), ("dat", self.dat), ("tot", self.tot)]
        best = max(counted, key=lambda item: item[1])
        return best[0] if best[1] else None


@dataclass(frozen=True)
class QuarterRow:
    person_id: int
    full_name: str
    unit_name: str
    kind: str
    quarters: tuple[QuarterCell, ...]
    commended: int
    reminded: int


def quarter_grid(db: Database, year: int, unit_id: int | None) -> list[QuarterRow]:
    rows: list[QuarterRow] = []
    for row in year_grid(db, year, unit_id):
        cells = []
        for q in range(4):
            months = row.levels[q * 3:q * 3 + 3]
            cells.append(QuarterCell(months.count("tot"), months.count("dat"), months.count("chua_dat")))
        rows.append(QuarterRow(row.person_id, row.full_name, row.unit_name, row.kind, tuple(cells),
                               row.commended, row.reminded))
    return rows


@dataclass(frozen=True)
class Coverage:
    year: int
    month: int
    expected: int
    reviewed: int
    missing_ids: list[int]
    missing_names: list[str]
    mixed: list[str] = field(default_factory=list)  # "name (why)" of rows whose marks contradict

    @property
    def text(self) -> str:
        head = f"Tháng {self.month}/{self.year}: đã đánh giá {self.reviewed}/{self.expected} người"
        if self.missing_names:
            head += f"; chưa đánh giá: {_some(self.missing_names)}"
        if self.mixed:
            head += f". Cần xem lại: {_some(self.mixed)}"
        return head + "."


def _some(names: list[str], shown: int = 10) -> str:
    more = f" và {len(names) - shown} người khác" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def coverage(db: Database, year: int, month: int, unit_id: int | None) -> Coverage:
    """Who is due a review this month and has none (exempt and suspended are not due),
    and whose marks contradict each other."""
    return coverage_of(year, month, month_grid(db, year, month, unit_id))


def coverage_of(year: int, month: int, grid: list[ReviewRow]) -> Coverage:
    """The coverage of a month grid already read (the screen shows both)."""
    rows = [r for r in grid if r.expected]
    missing = [r for r in rows if r.level is None]
    return Coverage(year, month, len(rows), len(rows) - len(missing),
                    [r.person_id for r in missing], [r.full_name for r in missing],
                    [f"{r.full_name} ({r.mixed})" for r in rows if r.mixed])


@dataclass(frozen=True)
class Attendance:
    """A meeting's attendance: đảng viên (the meeting's rate) apart from invited quần chúng."""

    present: int = 0
    excused: int = 0
    unexcused: int = 0
    exempt: int = 0
    masses_present: int = 0

    @property
    def expected(self) -> int:
        return self.present + self.excused + self.unexcused

    @property
    def rate(self) -> float | None:
        return percent(self.present, self.expected)

    @property
    def text(self) -> str:
        rate = f" ({format_points(round(100 * self.rate, 1))}%)" if self.rate is not None else ""
        parts = [f"đảng viên có mặt {self.present}/{self.expected}{rate}"]
        parts += [f"{label} {count}" for label, count in (("vắng có lý do", self.excused),
                                                          ("vắng không lý do", self.unexcused),
                                                          ("miễn", self.exempt)) if count]
        text = ", ".join(parts)
        return text + (f"; quần chúng dự {self.masses_present}" if self.masses_present else "")


def meeting_attendance(rows: list[ReviewRow]) -> Attendance:
    """Attendance from a month's grid (its presence column is the meeting's roll call)."""
    return count_attendance([(r.kind, r.presence) for r in rows])


def count_attendance(marks: list[tuple[str, str | None]]) -> Attendance:
    """Attendance from (kind, presence) pairs, e.g. a roll call not saved yet."""
    members = [presence for kind, presence in marks if kind == "dang_vien"]
    return Attendance(members.count("co_mat"), members.count("vang_co_ly_do"), members.count("vang_khong_ly_do"),
                      members.count("mien"),
                      sum(1 for kind, presence in marks if kind != "dang_vien" and presence == "co_mat"))


@dataclass(frozen=True)
class Meeting:
    """Buổi sinh hoạt chi bộ of a month: date, note and attendance."""

    id: int
    unit_id: int
    year: int
    month: int
    held_on: str | None
    note: str | None
    attendance: dict[int, str]
    thematic: bool = False  # sinh hoạt chuyên đề (Chỉ thị 50-CT/TW: at least once a quarter)

    def count(self, presence: str) -> int:
        return sum(1 for value in self.attendance.values() if value == presence)


def get_meeting(db: Database, unit_id: int, year: int, month: int) -> Meeting | None:
    row = db.execute("SELECT id, held_on, note, thematic FROM meetings WHERE unit_id = ? AND year = ? AND month = ?",
                     [unit_id, year, month]).fetchone()
    if row is None:
        return None
    attendance = dict(db.execute("SELECT person_id, presence FROM attendance WHERE meeting_id = ?",
                                 [row[0]]).fetchall())
    return Meeting(row[0], unit_id, year, month, row[1], row[2], attendance, bool(row[3]))


def save_meeting(
    db: Database, unit_id: int, year: int, month: int, held_on: dt.date | str | None, note: str | None,
    attendance: dict[int, str], *, thematic: bool | None = None,
) -> ChangeSet:
    """Create or replace the month's meeting; people left out of `attendance` lose their mark.

    `thematic` marks a sinh hoạt chuyên đề (None keeps what is stored)."""
    _check_month(year, month)
    unit = units.get_unit(db, unit_id)
    try:
        day = held_on if isinstance(held_on, dt.date) or held_on is None else dates.parse_date(held_on)
    except ValueError as exc:
        raise UserError(f"Ngày họp: {exc}") from exc
    if day is not None and (day.year, day.month) != (year, month):
        raise UserError(f"Ngày họp {dates.format_date(day)} không thuộc tháng {month}/{year}; hãy kiểm tra lại ngày và tháng.")
    listed = {p.id: p for p in people_for_month(db, year, month, unit_id)}
    for person_id, presence in attendance.items():
        if presence not in PRESENCE_LABELS:
            raise UserError(f"“{presence}” không phải cách ghi điểm danh; hãy chọn Có mặt, Vắng có lý do, Vắng không lý do hoặc Miễn.")
        if person_id not in listed:
            name = _names(db, [person_id]).get(person_id, "Một người")
            raise UserError(f"{name} không thuộc danh sách {unit.name} tháng {month}/{year}; không điểm danh được.")
    with recording(db, f"Buổi sinh hoạt tháng {month}/{year}: {unit.name}") as rec:
        years.ensure_year(db, year)
        values: dict[str, object] = {"held_on": dates.to_iso(day), "note": vntext.clean_or_none(note)}
        if thematic is not None:
            values["thematic"] = int(thematic)
        meeting = get_meeting(db, unit_id, year, month)
        if meeting is None:
            meeting_id = rec.insert("meetings", {"unit_id": unit_id, "year": year, "month": month, **values})
            marks: dict[int, int] = {}
        else:
            meeting_id = meeting.id
            rec.update("meetings", meeting_id, values)
            marks = dict(db.execute("SELECT person_id, id FROM attendance WHERE meeting_id = ?",
                                    [meeting_id]).fetchall())
        for person_id, presence in attendance.items():
            if person_id in marks:
                rec.update("attendance", marks[person_id], {"presence": presence})
            else:
                rec.insert("attendance", {"meeting_id": meeting_id, "year": year,
                                          "person_id": person_id, "presence": presence})
        for person_id, mark_id in marks.items():
            if person_id not in attendance:
                rec.delete("attendance", mark_id)
        return rec.changeset

