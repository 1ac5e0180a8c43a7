"""The organisation tree: đảng bộ → chi bộ → tổ đảng."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import vntext
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError

KIND_LABELS = {"dang_bo": "Đảng bộ", "chi_bo": "Chi bộ", "to_dang": "Tổ đảng"}
# Which kind of unit may sit under which.
_ALLOWED_PARENT: dict[str, set[str | None]] = {
    "dang_bo": {None, "dang_bo"}, "chi_bo": {None, "dang_bo"}, "to_dang": {"chi_bo"},
}


@dataclass(frozen=True)
class Unit:
    id: int
    parent_id: int | None
    kind: str
    name: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _row(r: tuple) -> Unit:
    return Unit(id=r[0], parent_id=r[1], kind=r[2], name=r[3])


def list_units(db: Database) -> list[Unit]:
    """All units, parents before children, siblings in Vietnamese order."""
    rows = db.execute("SELECT id, parent_id, kind, name FROM units ORDER BY sort_key").fetchall()
    units = [_row(r) for r in rows]
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None) -> None:
        for child in by_parent.get(parent, []):
            ordered.append(child)
            walk(child.id)

    walk(None)
    return ordered


def get_unit(db: Database, unit_id: int) -> Unit:
    row = db.execute("SELECT id, parent_id, kind, name FROM units WHERE id = ?", [unit_id]).fetchone()
    if row is None:
        raise UserError("Đơn vị này không còn trong tệp.")
    return _row(row)


def depth(db: Database, unit_id: int) -> int:
    level, current = 0, get_unit(db, unit_id).parent_id
    while current is not None:
        level += 1
        current = get_unit(db, current).parent_id
    return level


def subtree_ids(db: Database, unit_id: int) -> list[int]:
    """The unit and everything under it."""
    rows = db.execute(
        """WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL
               SELECT units.id FROM units JOIN sub ON units.parent_id = sub.id)
           SELECT id FROM sub""",
        [unit_id],
    ).fetchall()
    return [r[0] for r in rows]


def find_by_name(db: Database, name: str, kind: str | None = None) -> list[Unit]:
    sql = "SELECT id, parent_id, kind, name FROM units WHERE name_fold = ?"
    params: list = [vntext.fold(name)]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [_row(r) for r in db.execute(sql, params).fetchall()]


def _check(db: Database, name: str, kind: str, parent_id: int | None, own_id: int | None) -> str:
    name = vntext.clean(name)
    if not name:
        raise UserError("Hãy nhập tên đơn vị.")
    if kind not in KIND_LABELS:
        raise UserError(f"Loại đơn vị “{kind}” không có; chọn Đảng bộ, Chi bộ hoặc Tổ đảng.")
    parent_kind = get_unit(db, parent_id).kind if parent_id is not None else None
    if parent_kind not in _ALLOWED_PARENT[kind]:
        where = KIND_LABELS[parent_kind] if parent_kind else "cấp cao nhất"
        raise UserError(f"{KIND_LABELS[kind]} không thể nằm dưới {where}.")
    if own_id is not None and parent_id is not None and parent_id in subtree_ids(db, own_id):
        raise UserError("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị con của nó.")
    clash = db.execute(
        "SELECT id FROM units WHERE coalesce(parent_id, 0) = ? AND name_fold = ? AND id IS NOT ?",
        [parent_id or 0, vntext.fold(name), own_id],
    ).fetchone()
    if clash:
        raise UserError(f"Đã có đơn vị tên “{name}” ở cùng cấp.")
    return name


def add_unit(db: Database, name: str, kind: str, parent_id: int | None = None) -> ChangeSet:
    with recording(db, f"Thêm {KIND_LABELS.get(kind, 'đơn vị').lower()} {vntext.clean(name)}") as rec:
        clean_name = _check(db, name, kind, parent_id, None)
        rec.insert("units", {
            "parent_id": parent_id, "kind": kind, "name": clean_name,
            "name_fold": vntext.fold(clean_name), "sort_key": vntext.sort_key(clean_name),
        })
        return rec.changeset


def rename_unit(db: Database, unit_id: int, name: str) -> ChangeSet:
    unit = get_unit(db, unit_id)
    with recording(db, f"Đổi tên {unit.name}") as rec:
        clean_name = _check(db, name, unit.kind, unit.parent_id, unit.id)
        rec.update("units", unit_id, {
            "name": clean_name, "name_fold": vntext.fold(clean_name),
            "sort_key": vntext.sort_key(clean_name),
        })
        return rec.changeset


def move_unit(db: Database, unit_id: int, new_parent_id: int | None) -> ChangeSet:
    unit = get_unit(db, unit_id)
    with recording(db, f"Chuyển {unit.name}") as rec:
        _check(db, unit.name, unit.kind, new_parent_id, unit.id)
        rec.update("units", unit_id, {"parent_id": new_parent_id})
        return rec.changeset


def delete_unit(db: Database, unit_id: int) -> ChangeSet:
    """Delete an empty unit; refuse while it holds people, deeds or sub-units."""
    unit = get_unit(db, unit_id)
    people = db.execute("SELECT count(*) FROM people WHERE unit_id = ?", [unit_id]).fetchone()[0]
    if people:
        raise UserError(
            f"{unit.kind_label} {unit.name} còn {people} người. "
            "Hãy chuyển họ sang đơn vị khác trước khi xóa."
        )
    children = db.execute("SELECT count(*) FROM units WHERE parent_id = ?", [unit_id]).fetchone()[0]
    if children:
        raise UserError(f"{unit.kind_label} {unit.name} còn {children} đơn vị trực thuộc; hãy xóa hoặc chuyển chúng trước.")
    used = db.execute(
        "SELECT (SELECT count(*) FROM deeds WHERE unit_id = ?) + (SELECT count(*) FROM meetings WHERE unit_id = ?)",
        [unit_id, unit_id],
    ).fetchone()[0]
    if used:
        raise UserError(f"{unit.kind_label} {unit.name} còn việc đăng ký hoặc buổi sinh hoạt đã ghi; không xóa được.")
    with recording(db, f"Xóa {unit.kind_label.lower()} {unit.name}") as rec:
        rec.delete("units", unit_id)
        return rec.changeset
