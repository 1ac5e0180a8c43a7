"""Recorded writes: every edit is a `ChangeSet` that can be undone and audited.

Domain functions write through a `Recorder` instead of raw SQL. It keeps
each row's before and after values, so one generic mechanism gives
(a) undo/redo of any edit, (b) the audit log (who, when, what, before,
after, why) and (c) the "what changed" summary (`Changed`, in domain
words) the window uses to refresh only the views concerned. It also
enforces chốt sổ: no row of a locked year can be written, through an edit
or through undo.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from sqlite_utils import Database

from desktop.core import datafile
from desktop.core.accounts import current_user
from desktop.core.dates import now_iso
from desktop.core.errors import LockedYearError, UserError

Row = dict[str, Any]

# Tables whose rows are not recorded (the log itself, full-text shadows).
_UNRECORDED = {"audit_log"}


@dataclass(frozen=True)
class RowChange:
    table: str
    pk: Any
    before: Row | None
    after: Row | None


@dataclass(frozen=True)
class Changed:
    """What an edit changed, in the secretary's words; views refresh on these,
    never on table names. Computed in core from the rows a recording wrote."""

    people: bool = False  # a person, their status history
    units: bool = False  # đảng bộ, chi bộ, tổ đảng
    deeds: bool = False  # việc làm theo Bác registered or assessed
    meetings: bool = False  # a month's meeting and who attended
    reviews: bool = False  # đánh giá hằng tháng (with the deeds' progress noted there)
    scores: bool = False  # year-end points and final levels
    years: bool = False  # a working year, its chuyên đề or its rule set
    year_lock: bool = False  # chốt sổ or its reopening
    settings: bool = False  # the file's settings (names, place, signer, password)

    @classmethod
    def everything(cls) -> Changed:
        return cls(**{f.name: True for f in fields(cls)})

    @classmethod
    def of_rows(cls, changes: list[RowChange]) -> Changed:
        flags: set[str] = set()
        for change in changes:
            if change.table == "years" and _only_lock_changed(change):
                flags.add("year_lock")
                continue
            flag = TABLE_FLAGS[change.table]
            flags.add(flag)
            if flag == "years" and _lock_changed(change):
                flags.add("year_lock")
        return cls(**{name: True for name in flags})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changed) -> Changed:
        return Changed(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __le__(self, other: Changed) -> bool:
        """Whether everything this says changed is also in `other`."""
        return all(getattr(other, f.name) for f in fields(self) if getattr(self, f.name))


# Which kind of change a write to each recorded table is.
TABLE_FLAGS = {
    "people": "people", "status_changes": "people", "units": "units", "deeds": "deeds",
    "meetings": "meetings", "attendance": "meetings", "reviews": "reviews", "deed_progress": "reviews",
    "scores": "scores", "year_results": "scores", "unit_years": "scores", "unit_ratings": "scores",
    "quarter_results": "reviews",
    "years": "years", "settings": "settings",
}
_LOCK_COLUMNS = frozenset({"locked", "locked_at"})


def _lock_changed(change: RowChange) -> bool:
    before, after = change.before or {}, change.after or {}
    return bool(before.get("locked")) != bool(after.get("locked"))


def _only_lock_changed(change: RowChange) -> bool:
    if change.before is None or change.after is None:
        return False
    differing = {k for k in change.after if change.after[k] != change.before.get(k)}
    return bool(differing) and differing <= _LOCK_COLUMNS


@dataclass
class ChangeSet:
    """One user action: a label ("Thêm đảng viên"), its row changes, a reason.

    An action that must not be taken back by Ctrl+Z (chốt sổ and its
    reopening, which needs a written reason) is not `undoable`."""

    label: str
    changes: list[RowChange] = field(default_factory=list)
    reason: str | None = None
    undoable: bool = True

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(c.table for c in self.changes)

    @property
    def changed(self) -> Changed:
        """What this change touched, in domain words."""
        return Changed.of_rows(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def inserted_id(self, table: str) -> Any:
        """The key of the first row this change inserted into `table`."""
        for change in self.changes:
            if change.table == table and change.before is None:
                return change.pk
        return None


class Recorder:
    """Writes rows and remembers how to put them back."""

    def __init__(self, db: Database, changeset: ChangeSet) -> None:
        self.db = db
        self.changeset = changeset
        self._pks: dict[str, str] = {}
        self._rowid_keys: dict[str, bool] = {}
        # Runs of `changeset.changes` that `insert_many` wrote as consecutive rowids:
        # (table, index of the run's first change, its length); their audit rows are built in SQL.
        self.inserted_runs: list[tuple[str, int, int]] = []

    def _pk(self, table: str) -> str:
        if table not in self._pks:
            pks = self.db[table].pks  # type: ignore[union-attr]
            self._pks[table] = pks[0]
        return self._pks[table]

    def get(self, table: str, pk: Any) -> Row | None:
        cursor = self.db.execute(f"SELECT * FROM [{table}] WHERE [{self._pk(table)}] = ?", [pk])
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def _guard_year(self, table: str, before: Row | None, after: Row | None) -> None:
        years = {r.get("year") for r in (before, after) if r and r.get("year") is not None}
        for year in years:
            locked = self.db.execute("SELECT locked FROM years WHERE year = ?", [year]).fetchone()
            if not locked or not locked[0]:
                continue
            if table == "years" and before and after:
                changed = {k for k in after if after[k] != before.get(k)}
                if changed <= {"locked", "locked_at"}:
                    continue
            raise LockedYearError(
                f"Năm {year} đã chốt sổ nên không sửa được. "
                "Muốn sửa, hãy mở khóa năm trong màn hình Cuối năm (việc mở khóa được ghi nhật ký)."
            )

    def insert(self, table: str, values: Row) -> Any:
        self._guard_year(table, None, values)
        cursor = self.db.execute(_insert_sql(table, tuple(values)), list(values.values()))
        pk = values.get(self._pk(table), cursor.lastrowid)
        self._record(table, pk, None, self.get(table, pk))
        return pk

    def insert_many(self, table: str, rows: Sequence[Row]) -> list[Any]:
        """`insert` for many rows (an import's): the same checks and records,
        each year checked once, rows with the same columns written by one
        `executemany`, and the rows read back in one query.

        SQLite gives a row inserted without its key the rowid one above the
        largest (documented; only at the very top of the range does it pick
        at random), so the rows just written are those above the largest
        rowid before, in the order written. Rows that give their key, or a
        table whose key is not its rowid, go one by one.
        """
        for year in {r["year"] for r in rows if r.get("year") is not None}:
            self._guard_year(table, None, {"year": year})
        pk_name = self._pk(table)
        top = self._top_rowid(table) if self._rowid_key(table) and all(pk_name not in r for r in rows) else None
        if top is None or top > _LARGEST_ROWID - len(rows):
            return self._insert_each(table, rows)
        start = 0
        while start < len(rows):
            columns = tuple(rows[start])
            end = start + 1
            while end < len(rows) and tuple(rows[end]) == columns:
                end += 1
            self.db.conn.executemany(_insert_sql(table, columns), [tuple(r.values()) for r in rows[start:end]])
            start = end
        cursor = self.db.execute(f"SELECT * FROM [{table}] WHERE rowid > ? ORDER BY rowid", [top])
        names = [d[0] for d in cursor.description]
        written = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if len(written) != len(rows):
            raise RuntimeError(f"{table}: wrote {len(rows)} rows, read back {len(written)}")
        if written:
            self.inserted_runs.append((table, len(self.changeset.changes), len(written)))
        for after in written:
            self._record(table, after[pk_name], None, after)
        return [after[pk_name] for after in written]

    def _insert_each(self, table: str, rows: Sequence[Row]) -> list[Any]:
        pk_name = self._pk(table)
        pks = []
        for values in rows:
            cursor = self.db.execute(_insert_sql(table, tuple(values)), list(values.values()))
            pks.append(values.get(pk_name, cursor.lastrowid))
        after: dict[Any, Row] = {}
        for start in range(0, len(pks), _READ_BACK):
            chunk = pks[start:start + _READ_BACK]
            cursor = self.db.execute(
                f"SELECT * FROM [{table}] WHERE [{pk_name}] IN ({', '.join('?' for _ in chunk)})", chunk)
            names = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                found = dict(zip(names, row, strict=True))
                after[found[pk_name]] = found
        for pk in pks:
            self._record(table, pk, None, after[pk])
        return pks

    def _rowid_key(self, table: str) -> bool:
        """Whether the table's key is its rowid (an INTEGER PRIMARY KEY of a rowid table)."""
        if table not in self._rowid_keys:
            info = self.db.execute(f"PRAGMA table_info([{table}])").fetchall()
            keys = [column for column in info if column[5]]
            sql = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  [table]).fetchone()
            self._rowid_keys[table] = (len(keys) == 1 and keys[0][2].upper() == "INTEGER"
                                       and keys[0][1] == self._pk(table) and sql is not None
                                       and "WITHOUT ROWID" not in sql[0].upper())
        return self._rowid_keys[table]

    def _top_rowid(self, table: str) -> int:
        return int(self.db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()[0])

    def update(self, table: str, pk: Any, values: Row) -> bool:
        """Set the given columns; a no-op (and not recorded) when nothing differs."""
        before = self.get(table, pk)
        if before is None:
            raise KeyError(f"{table} {pk} không còn tồn tại")
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return False
        self._guard_year(table, before, {**before, **changed})
        assignments = ", ".join(f"[{c}] = ?" for c in changed)
        self.db.execute(
            f"UPDATE [{table}] SET {assignments} WHERE [{self._pk(table)}] = ?",
            [*changed.values(), pk],
        )
        self._record(table, pk, before, self.get(table, pk))
        return True

    def put(self, table: str, key: Row, values: Row | None) -> None:
        """The one row of `table` matching `key` (a year's points for a criterion, a
        quarter's level…) gets `values`: inserted, updated, or deleted when None."""
        where = " AND ".join(f"[{column}] = ?" for column in key)
        row = self.db.execute(f"SELECT [{self._pk(table)}] FROM [{table}] WHERE {where}", list(key.values())).fetchone()
        if row and values is None:
            self.delete(table, row[0])
        elif row:
            self.update(table, row[0], values or {})
        elif values is not None:
            self.insert(table, {**key, **values})

    def delete(self, table: str, pk: Any) -> None:
        before = self.get(table, pk)
        if before is None:
            return
        self._guard_year(table, before, None)
        self._delete_dependents(table, pk)
        self.db.execute(f"DELETE FROM [{table}] WHERE [{self._pk(table)}] = ?", [pk])
        self._record(table, pk, before, None)

    def _delete_dependents(self, table: str, pk: Any) -> None:
        """Delete rows that reference this one, recorded, so undo restores them.

        ON DELETE CASCADE would remove them unseen by the recorder.
        """
        for child in self.db.tables:
            for fk in child.foreign_keys:
                if fk.other_table == table and child.name not in _UNRECORDED:
                    cursor = self.db.execute(
                        f"SELECT [{self._pk(child.name)}] FROM [{child.name}] WHERE [{fk.column}] = ?",
                        [pk],
                    )
                    for (child_pk,) in cursor.fetchall():
                        if child.name == table and child_pk == pk:
                            continue
                        if fk.column == "carried_from":
                            self.update(child.name, child_pk, {fk.column: None})
                        else:
                            self.delete(child.name, child_pk)

    def _record(self, table: str, pk: Any, before: Row | None, after: Row | None) -> None:
        if table not in _UNRECORDED:
            self.changeset.changes.append(RowChange(table, pk, before, after))


_READ_BACK = 500  # rows per query when `insert_many` reads its rows back (SQLite's variable limit: 999)
_LARGEST_ROWID = 2**63 - 1
# The audit log's JSON, as json.dumps(..., ensure_ascii=False) writes it, without making an encoder per row.
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})")


def _write_audit(db: Database, changeset: ChangeSet, runs: Sequence[tuple[str, int, int]] = ()) -> None:
    """One audit entry per row change, in order: its row before and after as JSON.

    A run of rows `insert_many` added (an import's people) that are still as
    they were added gets its entries from one INSERT … SELECT with
    json_object over those rows: the same keys in the same order and the same
    values (no REAL in the run, whose spelling may differ), only a compact
    spelling (no space after ":" and ","), which every reader decodes alike.
    """
    at, user = now_iso(), current_user()
    changes = changeset.changes
    in_sql = _runs_in_sql(db, changes, runs)
    start = 0
    for table, first, count in [*in_sql, ("", len(changes), 0)]:
        db.conn.executemany(
            "INSERT INTO audit_log (at, user, label, table_name, row_id, before, after, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(at, user, changeset.label, c.table, c.pk if isinstance(c.pk, int) else None,
              _TO_JSON(c.before) if c.before is not None else None,
              _TO_JSON(c.after) if c.after is not None else None,
              changeset.reason) for c in changes[start:first]],
        )
        if count:
            after = changes[first].after or {}
            pairs = ", ".join(f"'{name}', [{name}]" for name in after)
            db.execute(
                "INSERT INTO audit_log (at, user, label, table_name, row_id, before, after, reason) "
                f"SELECT ?, ?, ?, ?, rowid, NULL, json_object({pairs}), ? FROM [{table}] "
                "WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                [at, user, changeset.label, table, changeset.reason, changes[first].pk, changes[first + count - 1].pk],
            )
        start = first + count


def _runs_in_sql(db: Database, changes: list[RowChange],
                 runs: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The runs whose audit entries SQL can build from the table: each change
    an insert of the next rowid, the row not changed again later in this
    change, the columns plain names, no REAL value."""
    if not runs:
        return []
    last = {(c.table, c.pk): i for i, c in enumerate(changes)}
    kept = []
    for table, first, count in runs:
        run = changes[first:first + count]
        if len(run) != count or not run:
            continue
        top = run[0].pk
        columns = list(run[0].after or {})
        if not (isinstance(top, int) and columns and all(_PLAIN_NAME.fullmatch(c) for c in columns)):
            continue
        if not all(c.table == table and c.before is None and c.after is not None and c.pk == top + i
                   and last[(table, c.pk)] == first + i and list(c.after) == columns
                   for i, c in enumerate(run)):
            continue
        reals = " OR ".join(f"typeof([{c}]) = 'real'" for c in columns)
        if db.execute(f"SELECT EXISTS (SELECT 1 FROM [{table}] WHERE rowid BETWEEN ? AND ? AND ({reals}))",
                      [top, top + count - 1]).fetchone()[0]:
            continue
        kept.append((table, first, count))
    return kept


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@contextmanager
def recording(db: Database, label: str, reason: str | None = None, undoable: bool = True) -> Iterator[Recorder]:
    """One transaction whose writes form one ChangeSet, audited on commit.

    Nested use joins the outer change (a savepoint), so a domain function
    can be called alone or as part of a bigger action such as an import.
    The running recording is the file's own (`DataFile.recorder`).
    """
    file = datafile.of(db)
    if isinstance(file.recorder, Recorder):
        with db.atomic():
            yield file.recorder
        return
    changeset = ChangeSet(label, reason=reason, undoable=undoable)
    recorder = Recorder(db, changeset)
    with db.atomic():
        file.recorder = recorder
        try:
            yield recorder
            if changeset:
                _write_audit(db, changeset, recorder.inserted_runs)
        finally:
            file.recorder = None


def _apply(recorder: Recorder, changes: list[RowChange], forward: bool) -> None:
    sequence = changes if forward else list(reversed(changes))
    for change in sequence:
        target = change.after if forward else change.before
        current = recorder.get(change.table, change.pk)
        if target is None:
            if current is not None:
                recorder.delete(change.table, change.pk)
        elif current is None:
            recorder.insert(change.table, target)
        else:
            recorder.update(change.table, change.pk, target)


def _refuse_if_final(changeset: ChangeSet) -> None:
    if not changeset.undoable:
        raise UserError(f"“{changeset.label}” không hoàn tác được. Chốt sổ hay mở khóa năm làm lại bằng nút "
                        "của màn hình Cuối năm (mở khóa cần ghi lý do).")


def undo(db: Database, changeset: ChangeSet) -> ChangeSet:
    """Put back what `changeset` changed; returns the change that made."""
    _refuse_if_final(changeset)
    with recording(db, f"Hoàn tác: {changeset.label}", changeset.reason) as rec:
        with _deferred_fks(db):
            _apply(rec, changeset.changes, forward=False)
        return rec.changeset


def redo(db: Database, changeset: ChangeSet) -> ChangeSet:
    """Do `changeset` again after an undo."""
    _refuse_if_final(changeset)
    with recording(db, f"Làm lại: {changeset.label}", changeset.reason) as rec:
        with _deferred_fks(db):
            _apply(rec, changeset.changes, forward=True)
        return rec.changeset


@contextmanager
def _deferred_fks(db: Database) -> Iterator[None]:
    """Check foreign keys at commit: rows come back in dependency order anyway,
    but a row and its self-reference (carried_from) may arrive together."""
    db.execute("PRAGMA defer_foreign_keys = ON")
    yield
