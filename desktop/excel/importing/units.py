"""Finding (or creating) the chi bộ a row of an imported list names.

What a secretary expects, decided here once for every sheet:

- A name matches whatever its spelling: case, diacritics, and with or
  without the word "Chi bộ" ("Xóm Đồng" is "Chi bộ Xóm Đồng"). "A / B"
  names tổ đảng B of chi bộ A. An optional "Đảng bộ" column narrows the
  search to that đảng bộ.
- A chi bộ the data file does not have yet is created when it is clear
  where it belongs: under the đảng bộ the row names, under the đảng bộ the
  import was given (`--committee`, the wizard's Đảng bộ box), under the
  file's only đảng bộ, or at the top of an empty file. Its creation is listed among
  the warnings, so a misspelt name does not go unnoticed. In a file that
  held only one chi bộ, or several đảng bộ, before the import, an unknown
  name is an error: there a new branch is far more likely a typo than a
  fact. (Judged against the file before the import, so an empty file takes
  every chi bộ a commune's list names.)
- Rows that name no chi bộ belong to the list's chi bộ: the one chosen for
  the import (`--unit`, the wizard), the one its title names, or the file's
  only chi bộ.
- A name that two units share (a "Chi bộ 1" in each of two đảng bộ) is an
  error that names both and asks for the Đảng bộ column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import units, vntext
from desktop.core.errors import UserError

_KIND_WORDS = (("dang bo ", "dang_bo"), ("chi bo ", "chi_bo"), ("to dang ", "to_dang"))
# "Chi bộ A / Tổ 1" as the export writes it; a bare "/" belongs to names like "Khu 1/5".
_PATH_SPLIT = re.compile(r"\s+/\s+|\s*›\s*")


class UnitProblem(Exception):
    """A unit name that cannot be resolved; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _key(name: str) -> str:
    """Folded name without the leading kind word: "Chi bộ Xóm Đồng" → "xom dong"."""
    folded = vntext.fold(name)
    for word, _ in _KIND_WORDS:
        if folded.startswith(word):
            return folded[len(word):].strip()
    return folded


def _kind_from_name(name: str, default: str) -> str:
    folded = vntext.fold(name) + " "
    return next((kind for word, kind in _KIND_WORDS if folded.startswith(word)), default)


@dataclass
class _Unit:
    id: int
    parent_id: int | None
    kind: str
    name: str


class UnitResolver:
    """Resolves (đảng bộ, chi bộ) texts to unit ids, creating units inside the import."""

    def __init__(self, db: Database, default_unit_id: int | None = None, *,
                 default_unit_name: str | None = None, committee_name: str | None = None) -> None:
        """`default_unit_name`: the chi bộ of rows that name none (a list's title, `--unit`);
        `committee_name`: the đảng bộ new chi bộ go under (`--committee`), found or created."""
        self.db = db
        self.default_unit_id = default_unit_id
        self.default_unit_name = vntext.clean_or_none(default_unit_name)
        self.committee_name = vntext.clean_or_none(committee_name)
        self.created: list[str] = []
        self._cache: dict[tuple[str, str], int] = {}
        self._as_written: dict[tuple[str | None, str | None], int] = {}  # the same cells again, unfolded
        self._units = {u.id: _Unit(u.id, u.parent_id, u.kind, u.name) for u in units.list_units(db)}
        # "A new name is a typo" is judged against the file as it was before this import.
        self._roots_before = self._children(None)

    def _children(self, parent: int | None) -> list[_Unit]:
        return [u for u in self._units.values() if u.parent_id == parent]

    def _subtree(self, root: int) -> list[_Unit]:
        found, todo = [], [root]
        while todo:
            current = todo.pop()
            found.append(self._units[current])
            todo.extend(u.id for u in self._children(current))
        return found

    def describe(self, unit_id: int) -> str:
        unit = self._units[unit_id]
        parent = self._units.get(unit.parent_id) if unit.parent_id is not None else None
        return f"{unit.name} ({parent.name})" if parent else unit.name

    def _create(self, name: str, kind: str, parent_id: int | None) -> int:
        try:
            units.add_unit(self.db, name, kind, parent_id)
        except UserError as exc:
            raise UnitProblem(f"không tạo được đơn vị «{name}»: {exc.message}") from None
        created = next(u for u in units.find_by_name(self.db, name, kind) if u.parent_id == parent_id)
        unit = _Unit(created.id, parent_id, kind, created.name)
        self._units[unit.id] = unit
        where = f" trong {self._units[parent_id].name}" if parent_id is not None else ""
        self.created.append(f"{units.KIND_LABELS[kind]} mới «{unit.name}»{where}")
        return unit.id

    def _committee(self, text: str) -> int:
        found = [u for u in self._units.values() if u.kind == "dang_bo" and _key(u.name) == _key(text)]
        if len(found) > 1:
            raise UnitProblem(
                f"có {len(found)} đảng bộ cùng tên «{text}» trong tệp dữ liệu; hãy đổi tên cho khác nhau trước khi nhập."
            )
        if found:
            return found[0].id
        name = text if _kind_from_name(text, "") == "dang_bo" else f"Đảng bộ {text}"
        return self._create(name, "dang_bo", None)

    def _find(self, text: str, scope: list[_Unit]) -> list[_Unit]:
        key = _key(text)
        return [u for u in scope if _key(u.name) == key]

    def _place_for_new(self, name: str, committee_id: int | None) -> int | None:
        """The parent for a chi bộ the file does not have yet, or UnitProblem."""
        if committee_id is not None:
            return committee_id
        if self.committee_name:
            return self._committee(self.committee_name)
        roots = self._roots_before
        if not roots:
            return None
        committees = [u for u in roots if u.kind == "dang_bo"]
        if len(roots) == 1 and committees:
            return committees[0].id
        known = ", ".join(u.name for u in self._units.values() if u.kind == "chi_bo") or "chưa có"
        raise UnitProblem(
            f"chi bộ «{name}» chưa có trong tệp dữ liệu (các chi bộ đang có: {known}). "
            "Hãy sửa tên cho đúng, hoặc thêm chi bộ này trong phần Đơn vị rồi nhập lại."
        )

    def resolve(self, unit_text: str | None, committee_text: str | None = None) -> int:
        """The unit id for a row; raises UnitProblem with a Vietnamese message."""
        written = (committee_text, unit_text)
        if written in self._as_written:
            return self._as_written[written]
        self._as_written[written] = unit_id = self._resolve(unit_text, committee_text)
        return unit_id

    def _resolve(self, unit_text: str | None, committee_text: str | None) -> int:
        cache_key = (vntext.fold(committee_text), vntext.fold(unit_text))
        if cache_key in self._cache:
            return self._cache[cache_key]
        committee_id = self._committee(committee_text) if committee_text else None
        if not unit_text:
            unit_id = self._without_unit(committee_id)
        else:
            parts = _PATH_SPLIT.split(unit_text.strip())
            if len(parts) > 2:
                raise UnitProblem(f"«{unit_text}» có quá nhiều cấp; hãy ghi tên chi bộ, hoặc «Chi bộ / Tổ đảng».")
            unit_id = self._resolve_path(parts, committee_id)
        self._cache[cache_key] = unit_id
        return unit_id

    def _without_unit(self, committee_id: int | None) -> int:
        if committee_id is not None:
            return committee_id
        if self.default_unit_id is not None:
            return self.default_unit_id
        if self.default_unit_name:
            return self.resolve(self.default_unit_name)
        branches = [u for u in self._units.values() if u.kind == "chi_bo"]
        if len(branches) == 1:
            return branches[0].id
        known = ", ".join(u.name for u in branches) or "tệp chưa có chi bộ nào"
        raise UnitProblem(f"thiếu tên chi bộ; hãy ghi cột Chi bộ cho dòng này, hoặc chọn chi bộ của cả danh sách "
                          f"(trình nhập: ô «Chi bộ»; dòng lệnh: --unit «tên chi bộ») ({known}).")

    def _resolve_path(self, parts: list[str], committee_id: int | None) -> int:
        scope = self._subtree(committee_id) if committee_id is not None else list(self._units.values())
        parent_id: int | None = committee_id
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            kind = _kind_from_name(part, "to_dang" if depth > 0 else "chi_bo")
            found = self._find(part, scope)
            if len(found) > 1:
                names = "; ".join(self.describe(u.id) for u in found)
                raise UnitProblem(
                    f"có {len(found)} đơn vị tên «{part}» ({names}); hãy ghi thêm cột Đảng bộ "
                    "hoặc ghi dạng «Chi bộ / Tổ đảng» để phân biệt."
                )
            if found:
                parent_id = found[0].id
            elif kind == "dang_bo" and depth == 0 and committee_id is None:
                parent_id = self._create(part, "dang_bo", None)
            elif kind == "to_dang" and parent_id is None:
                raise UnitProblem(f"tổ đảng «{part}» cần ghi kèm chi bộ, dạng «Chi bộ … / {part}».")
            else:
                parent = parent_id if depth > 0 else self._place_for_new(part, committee_id)
                parent_id = self._create(part, kind, parent)
            if not last:
                scope = self._subtree(parent_id)
        assert parent_id is not None
        return parent_id


def unit_key(name: str) -> str:
    """Folded name without its kind word, as units are matched: "Chi bộ Xóm Đồng" → "xom dong"."""
    return _key(name)
