"""Tổng hợp: the higher committee merges the branches' exported reports into one.

Each branch file is read through its hidden raw-data sheet (numbers, not
layout): its figures rows (one per chi bộ, or per sending unit of a
consolidation) and its unit tree (each unit's parent and the row that counts
it). Reading (`read_branch_file`, slow: it opens the workbook) is kept apart
from deciding (`decide`, instant), so the window can show the problems and let
the user choose without reading again. The rules:

- a unit is counted once: when two files hold the same unit (a đảng bộ's own
  report beside its chi bộ's, or one chi bộ sent twice) the file that covers
  more units is used for it, then the newer export; the others are told, and
  the clerk is told which file was used for which unit;
- units outside the committee's own tree (when its data file is given) are
  left out unless the clerk asks to include them;
- a file of another year than the one consolidated is refused;
- a file whose raw-data checksum fails is left out, or taken with a visible
  warning when the clerk chooses so;
- a figure shown on the statistics sheets that differs from the raw data is
  named; the raw data is used unless the clerk accepts the visible figures;
- units of the committee's list are named when they sent nothing, and apart
  when they sent a file that could not be used.

The result is a party document like the branches' statistics, one row per
sending unit plus the total, and carries its own raw data (with the unit tree)
so that the level above can consolidate it again.
"""

from __future__ import annotations

import datetime as dt
import functools
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import statistics, vntext, years
from desktop.core.rules import QUOTA_BASES, Quota
from desktop.core.schema import SCHEMA_VERSION
from desktop.core.statistics import Figures, quota_status
from desktop.excel.errors import ExcelUserError
from desktop.excel.raw_data import attach_raw_data, read_raw_data
from desktop.excel.reports import collective_ratings
from desktop.excel.reports.all_reports import FIGURES_TABLE
from desktop.excel.reports.common import (
    Progress,
    Sheet,
    committee_name,
    count_text,
    organisation_key,
    unit_tree,
)
from desktop.excel.reports.party_form import (
    Column,
    PartyHeader,
    ReportTable,
    create_sheet,
    streaming_workbook,
    write_party_sheet,
)
from desktop.excel.reports.shown_figures import Difference, compare, shown_rows
from desktop.excel.reports.statistics import statistics_sheets
from desktop.excel.safe_save import save_workbook

INCLUDED = "included"
PARTIAL = "partial"
DAMAGED_TAKEN = "damaged_taken"
FOREIGN_TAKEN = "foreign_taken"
DAMAGED = "damaged"
OTHER_YEAR = "other_year"
DUPLICATE = "duplicate"
CONTAINED = "contained"
FOREIGN = "foreign"
UNREADABLE = "unreadable"
TAKEN = (INCLUDED, PARTIAL, DAMAGED_TAKEN, FOREIGN_TAKEN)
STATUS_LABELS = {
    INCLUDED: "Đã tổng hợp",
    PARTIAL: "Đã tổng hợp một phần (có đơn vị đã tính theo tệp khác)",
    DAMAGED_TAKEN: "Đã tổng hợp (dữ liệu bị sửa, có cảnh báo)",
    FOREIGN_TAKEN: "Đã tổng hợp (có đơn vị ngoài danh sách, theo yêu cầu)",
    DAMAGED: "Đã gửi nhưng không dùng được: dữ liệu bị sửa hoặc hỏng",
    OTHER_YEAR: "Đã gửi nhưng không dùng được: khác năm",
    DUPLICATE: "Không tổng hợp: gửi trùng",
    CONTAINED: "Không tổng hợp: các đơn vị đã có trong tệp khác",
    FOREIGN: "Không tổng hợp: đơn vị không thuộc danh sách",
    UNREADABLE: "Đã gửi nhưng không dùng được",
}
_FOREIGN_ADVICE = "nếu đúng là đơn vị của cấp ủy, chọn «Tính cả đơn vị ngoài danh sách» hoặc thêm đơn vị vào danh sách"
_STATS_TABLES = ("stats_registration", "stats_monthly", "stats_year_end")


@dataclass(frozen=True)
class UnitRef:
    """A unit as a file names it: its parent is the unit above it in that file
    (the top unit's is the committee the file is addressed to, when known)."""

    name: str
    kind: str = "chi_bo"
    parent: str | None = None
    row: int | None = None  # the figures row that counts its people

    @functools.cached_property
    def key(self) -> str:
        return organisation_key(self.name)

    @functools.cached_property
    def parent_key(self) -> str | None:
        return organisation_key(self.parent) if self.parent else None

    def same_as(self, other: UnitRef) -> bool:
        """The same unit: same name, and same parent when both files say which."""
        if self.key != other.key:
            return False
        return self.parent_key is None or other.parent_key is None or self.parent_key == other.parent_key

    @property
    def label(self) -> str:
        return f"{self.name} ({self.parent})" if self.parent else self.name


@dataclass(frozen=True)
class Committee:
    """The consolidating committee's own list (from its data file): its unit tree,
    the units that should send a report, and its working year."""

    name: str
    units: tuple[UnitRef, ...]
    expected: tuple[str, ...]
    year: int | None = None

    @functools.cached_property
    def by_key(self) -> dict[str, list[UnitRef]]:
        found: dict[str, list[UnitRef]] = {}
        for unit in self.units:
            found.setdefault(unit.key, []).append(unit)
        return found

    @functools.cached_property
    def parents(self) -> set[str]:
        """The keys of the units that have units of their own on the list."""
        return {u.parent_key for u in self.units if u.parent_key}

    def find(self, unit: UnitRef) -> UnitRef | None:
        return next((c for c in self.by_key.get(unit.key, []) if unit.same_as(c)), None)


@dataclass(frozen=True)
class BranchFile:
    """What one received file holds, as read (no decision yet)."""

    path: Path
    unit: str = ""
    year: int | None = None
    exported_at: str | None = None
    superior: str = ""
    months_due: int = 0
    quota: dict[str, Any] | None = None
    rows: tuple[Figures, ...] = ()  # the file's figures rows, as recorded
    units: tuple[UnitRef, ...] = ()  # the units those rows count, and the structure above them
    differences: tuple[Difference, ...] = ()  # visible figures that differ from the recorded ones
    checksum_ok: bool = False
    problem: str | None = None  # why it cannot be used, or what is wrong with it
    # each đảng bộ / chi bộ's own rating (`collective_ratings.received_rows`; none in older files)
    collectives: tuple[dict[str, Any], ...] = ()

    @property
    def figures(self) -> Figures | None:
        """The file's rows added up, named after its unit (None when unusable)."""
        return Figures.total(self.unit, self.rows) if self.rows else None

    def counted(self, row: int) -> list[UnitRef]:
        return [u for u in self.units if u.row == row]


@dataclass(frozen=True)
class FileDecision:
    file: BranchFile
    status: str
    note: str
    warnings: tuple[str, ...] = ()
    used: tuple[UnitRef, ...] = ()  # the units counted from this file
    figures: Figures | None = None  # what this file adds to the report

    @property
    def included(self) -> bool:
        return self.status in TAKEN

    @property
    def label(self) -> str:
        if self.status == INCLUDED and self.warnings:
            return "Đã tổng hợp, có cảnh báo"
        return STATUS_LABELS[self.status]

    @property
    def remarks(self) -> str:
        """The note and every warning, as one text for a table cell."""
        parts = [] if self.status == INCLUDED else [self.note]
        return " ".join([*parts, *self.warnings])


@dataclass
class Consolidation:
    year: int | None
    decisions: list[FileDecision]
    missing: list[str] = field(default_factory=list)  # units of the list that sent nothing
    unusable: list[str] = field(default_factory=list)  # units of the list whose file could not be used
    ratings: list[dict[str, Any]] = field(default_factory=list)  # the collectives' ratings taken, in order

    @property
    def included(self) -> list[FileDecision]:
        return [d for d in self.decisions if d.included]

    @property
    def sources(self) -> list[tuple[UnitRef, str]]:
        """Which file was used for which unit."""
        return [(unit, d.file.path.name) for d in self.included for unit in d.used]

    @property
    def differences(self) -> list[Difference]:
        return [x for d in self.decisions if d.included for x in d.file.differences]

    def problems(self) -> list[str]:
        """Every line the user must read: files left out or taken with a warning, units missing."""
        lines = [f"«{d.file.path.name}»: {d.remarks}" for d in self.decisions if d.remarks]
        if self.unusable:
            lines.append(f"Đã gửi nhưng không dùng được ({len(self.unusable)}): {'; '.join(self.unusable)}.")
        if self.missing:
            lines.append(f"Chưa gửi báo cáo ({len(self.missing)}): {', '.join(self.missing)}.")
        return lines


class YearsDisagree(ExcelUserError):
    """The files are of several years and nothing says which to consolidate."""


def committee_of(db: Database, today: dt.date, year: int | None = None) -> Committee:
    """The committee of the open data file: its tree, the units that report, the year
    (`year`, else the file's working year on `today`)."""
    branches, _ = statistics.branch_of(db)
    tree = tuple(UnitRef(u["name"], u["kind"], u["parent"]) for u in unit_tree(db, []))
    return Committee(committee_name(db), tree, tuple(u.name for u in branches), year or years.working_year(db, today))


def read_branch_file(path: Path) -> BranchFile:
    """Read one branch's export; a file that cannot be used says why in `problem`."""
    path = Path(path)
    if path.suffix.lower() in (".xls", ".ods"):
        return BranchFile(path, problem=(
            f"Tệp «{path.name}» là định dạng {path.suffix.lower()}, không phải .xlsx: dữ liệu gốc của "
            "chương trình chỉ nằm trong tệp .xlsx. Hãy đề nghị chi bộ gửi đúng tệp .xlsx chương trình đã xuất "
            "(nếu đã mở và lưu lại, chọn Lưu thành… kiểu Excel Workbook (.xlsx))."))
    try:
        raw = read_raw_data(path)
    except ExcelUserError as exc:
        return BranchFile(path, problem=exc.message)
    meta = raw.meta
    if meta.get("kind") == "exchange":
        return BranchFile(path, unit=vntext.clean(str(meta.get("unit") or "")), year=meta.get("year"), problem=(
            f"Tệp «{path.name}» là mẫu nhập liệu (Tệp → Xuất mẫu nhập liệu…: tệp để điền rồi nhập lại vào "
            "chương trình), không phải báo cáo. Hãy đề nghị chi bộ gửi báo cáo xuất ở màn hình Báo cáo "
            "(Thống kê số liệu hoặc Tất cả báo cáo)."))
    stored = raw.tables.get(FIGURES_TABLE)
    year = meta.get("year")
    if not isinstance(year, int) or stored is None or not meta.get("unit"):
        why = raw.problem or f"Tệp «{path.name}» không có số liệu thống kê của chương trình."
        return BranchFile(path, problem=why)
    unit = vntext.clean(str(meta["unit"]))
    try:
        rows = tuple(Figures.from_row(r) for r in stored)
        units = _units(meta, rows)
    except (TypeError, ValueError, KeyError, AttributeError):
        return BranchFile(path, unit=unit, year=year, problem=raw.problem or
                          f"Số liệu trong tệp «{path.name}» bị hỏng. Hãy đề nghị đơn vị xuất lại tệp.")
    differences: tuple[Difference, ...] = ()
    if raw.checksum_ok and any(key in raw.tables for key in _STATS_TABLES):
        differences = tuple(compare(path, year, raw.tables, rows))
    return BranchFile(
        path, unit=unit, year=year, exported_at=meta.get("exported_at"),
        superior=vntext.clean(str(meta.get("superior_name") or "")),
        months_due=int(meta.get("months_due") or 0), quota=meta.get("quota"),
        rows=rows, units=units, differences=differences, checksum_ok=raw.checksum_ok, problem=raw.problem,
        collectives=tuple(collective_ratings.received_rows(
            meta.get(collective_ratings.TABLE) or [], unit, path.name, {u.key: u.parent for u in units})),
    )


def _units(meta: dict[str, Any], rows: tuple[Figures, ...]) -> tuple[UnitRef, ...]:
    """The file's unit tree; an export made before the tree was recorded gets one from its rows."""
    stored = meta.get("units")
    if isinstance(stored, list):
        found = tuple(UnitRef(vntext.clean(str(u["name"])), str(u.get("kind") or "chi_bo"),
                              vntext.clean(str(u["parent"])) if u.get("parent") else None,
                              u["row"] if isinstance(u.get("row"), int) and 0 <= u["row"] < len(rows) else None)
                      for u in stored)
        covered = {u.row for u in found}
        return found + tuple(UnitRef(r.unit, row=i) for i, r in enumerate(rows) if i not in covered)
    unit = vntext.clean(str(meta.get("unit") or ""))
    superior = vntext.clean(str(meta.get("superior_name") or "")) or None
    return tuple(UnitRef(r.unit, row=i, parent=superior if organisation_key(r.unit) == organisation_key(unit)
                         else (unit if len(rows) > 1 else superior)) for i, r in enumerate(rows))


def _exported(file: BranchFile) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(file.exported_at or "")
    except ValueError:
        when = dt.datetime.fromtimestamp(file.path.stat().st_mtime)
    return when if when.tzinfo else when.astimezone()


def _shown(file: BranchFile) -> str:
    return _exported(file).strftime("%H:%M:%S ngày %d/%m/%Y")


def years_of(files: Sequence[BranchFile]) -> dict[int, list[BranchFile]]:
    """The readable files by the year they report."""
    found: dict[int, list[BranchFile]] = {}
    for file in files:
        if file.figures is not None and file.year is not None:
            found.setdefault(file.year, []).append(file)
    return dict(sorted(found.items()))


def the_year(files: Sequence[BranchFile], year: int | None = None) -> int | None:
    """`year` when given, else the one year all readable files report; several years
    without a choice is an error listing the files of each year."""
    if year is not None:
        return year
    found = years_of(files)
    if len(found) <= 1:
        return next(iter(found), None)
    lines = "; ".join(f"năm {y}: {', '.join(f.path.name for f in group)}" for y, group in found.items())
    raise YearsDisagree(
        f"Các tệp không cùng một năm ({lines}). Hãy chọn năm cần tổng hợp (--year NĂM, hoặc --db tệp dữ liệu "
        "của cấp ủy để lấy năm làm việc); tệp của năm khác sẽ được ghi là không dùng được.")


def _belongs(unit: UnitRef, file: BranchFile, committee: Committee) -> bool:
    """In the committee's tree: the unit is on its list, or sits under a đảng bộ of the
    list whose own units the committee does not keep (it reports as a whole)."""
    if committee.find(unit) is not None:
        return True
    by_name = {u.key: u for u in file.units}
    seen: set[str] = set()
    current: UnitRef | None = unit
    while current is not None and current.parent_key and current.parent_key not in seen:
        seen.add(current.parent_key)
        above = by_name.get(current.parent_key) or UnitRef(current.parent or "", "dang_bo")
        holder = committee.find(above)
        if holder is not None:
            return holder.kind == "dang_bo" and holder.key not in committee.parents
        current = by_name.get(current.parent_key)
    return False


def decide(files: Sequence[BranchFile], *, year: int | None = None, committee: Committee | None = None,
           expected_units: Sequence[str] = (), accept_damaged: bool = False, include_foreign: bool = False,
           accept_visible: bool = False) -> Consolidation:
    """Which files (and which of their units) go into the report, and why the others do not.

    `year` wins, then the committee's working year; without either the files must agree
    (YearsDisagree otherwise)."""
    year = the_year(files, year if year is not None else committee.year if committee else None)
    expected = list(committee.expected) if committee else list(expected_units)
    verdict: dict[int, FileDecision] = {}
    candidates: list[int] = []
    for index, file in enumerate(files):
        if file.figures is None:
            verdict[index] = FileDecision(file, UNREADABLE, file.problem or "Không đọc được số liệu.")
        elif file.year != year:
            verdict[index] = FileDecision(file, OTHER_YEAR, f"Báo cáo năm {file.year} của {file.unit}, "
                                                            f"không phải năm {year}; không tổng hợp.")
        elif not file.checksum_ok and not accept_damaged:
            verdict[index] = FileDecision(file, DAMAGED, f"{file.problem} Tệp này không được tổng hợp.")
        else:
            candidates.append(index)
    for index, decision in _count_once(files, candidates, committee, include_foreign, accept_visible).items():
        verdict[index] = decision
    decisions = [verdict[i] for i in range(len(files))]
    ratings = _ratings(decisions)
    taken = [u for d in decisions if d.included for u in d.used]
    listed = {u.name: u for u in committee.units} if committee else {}
    missing, unusable = [], []
    for name in expected:
        wanted = listed.get(name) or UnitRef(name)
        if any(u.same_as(wanted) or u.parent_key == wanted.key for u in taken):
            continue
        refused = [d for d in decisions if not d.included and d.status not in (DUPLICATE, CONTAINED, FOREIGN)
                   and (organisation_key(d.file.unit) == wanted.key or any(u.same_as(wanted) for u in d.file.units))]
        if refused:
            unusable.append(f"{name} (tệp «{refused[0].file.path.name}»: {_reason(refused[0])})")
        else:
            missing.append(name)
    return Consolidation(year, decisions, missing, unusable, ratings)


def _covered(decision: FileDecision) -> set[str]:
    """The keys of the units whose own rating is taken from this file: those it counts,
    its own unit, and the đảng bộ above them in the file (counted through their chi bộ)."""
    file = decision.file
    keys = {u.key for u in decision.used} | {organisation_key(file.unit)}
    by_key = {u.key: u for u in file.units}
    for unit in decision.used:
        above = by_key.get(unit.parent_key or "")
        while above is not None and above.key not in keys:
            keys.add(above.key)
            above = by_key.get(above.parent_key or "")
    return keys


def _ratings(decisions: list[FileDecision]) -> list[dict[str, Any]]:
    """Each collective's rating once: from the file that counts the unit, else from another
    file used, else from a file left out because its units are counted in another; a unit rated differently in two files is named on the decision of the file
    whose rating is used (both files, the sheets that show it, the two ratings)."""
    ranked: list[tuple[int, int, dict[str, Any]]] = []  # (rank, decision, row): lower rank wins
    for index, decision in enumerate(decisions):
        if not decision.included and decision.status != CONTAINED:
            continue
        covered = _covered(decision) if decision.included else set()
        for row in decision.file.collectives:
            rank = 0 if organisation_key(row["unit"]) in covered else 1 if decision.included else 2
            ranked.append((rank, index, row))
    groups: list[tuple[UnitRef, list[tuple[int, int, dict[str, Any]]]]] = []
    by_key: dict[str, list[int]] = {}
    for entry in sorted(ranked, key=lambda e: (e[0], e[1])):
        row = entry[2]
        ref = UnitRef(row["unit"], row["kind"] or "chi_bo", row["parent"])
        group = next((g for g in by_key.get(ref.key, []) if groups[g][0].same_as(ref)), None)
        if group is None:
            by_key.setdefault(ref.key, []).append(len(groups))
            groups.append((ref, [entry]))
        else:
            groups[group][1].append(entry)
    warnings: dict[int, list[str]] = {}
    for ref, entries in groups:
        _, chosen, row = entries[0]
        for _, other, theirs in entries[1:]:
            if other != chosen and not collective_ratings.same_rating(row, theirs):
                warnings.setdefault(chosen, []).append(_rating_conflict(ref, decisions, (chosen, row), (other, theirs)))
    for index, found in warnings.items():
        d = decisions[index]
        decisions[index] = FileDecision(d.file, d.status, d.note, (*d.warnings, *found), d.used, d.figures)
    return collective_ratings.in_order(entries[0][2] for _, entries in groups)


def _rating_conflict(ref: UnitRef, decisions: list[FileDecision], used: tuple[int, dict[str, Any]],
                     other: tuple[int, dict[str, Any]]) -> str:
    def where(index: int, row: dict[str, Any]) -> str:
        file = decisions[index].file
        through = (f", theo báo cáo của {row['source']} (tệp «{row['source_file']}»)"
                   if row["source_file"] != file.path.name else "")
        return f"tệp «{file.path.name}» ({_rating_sheet(file.path)}{through}) ghi «{collective_ratings.rating_text(row)}»"

    name = decisions[used[0]].file.path.name
    return (f"Xếp loại tổ chức đảng của {ref.label} khác nhau: {where(*used)}; {where(*other)}. "
            f"Đã dùng theo tệp «{name}» (tệp dùng để tính đơn vị này); hãy hỏi lại cấp ủy đã quyết định xếp loại "
            "và đề nghị đơn vị gửi lại tệp đúng.")


def _rating_sheet(path: Path) -> str:
    """Where a received file shows the collectives' ratings, for a message."""
    try:
        wb = load_workbook(path, read_only=True)
        names = wb.sheetnames
        wb.close()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        names = []
    if collective_ratings.SHEET in names:
        return f"trang «{collective_ratings.SHEET}»"
    if "Xếp loại cuối năm" in names:
        return "trang «Xếp loại cuối năm», phần ghi chú dưới danh sách"
    return "dữ liệu gốc (trang ẩn) của tệp"


class _Taken:
    """The units already counted and the file each came from, found by name and parent."""

    def __init__(self) -> None:
        self._by_key: dict[str, dict[str | None, list[int]]] = {}

    def add(self, unit: UnitRef, owner: int) -> None:
        self._by_key.setdefault(unit.key, {}).setdefault(unit.parent_key, []).append(owner)

    def holders(self, unit: UnitRef) -> list[int]:
        """The files that already gave `unit` (same name; same parent when both are known)."""
        by_parent = self._by_key.get(unit.key, {})
        if unit.parent_key is None:
            return [o for owners in by_parent.values() for o in owners]
        return by_parent.get(unit.parent_key, []) + (by_parent.get(None, []) if unit.parent_key else [])


def _reason(decision: FileDecision) -> str:
    if decision.status == OTHER_YEAR:
        return f"báo cáo năm {decision.file.year}, không phải năm đang tổng hợp"
    if decision.status == DAMAGED:
        return "dữ liệu bị sửa hoặc hỏng sau khi xuất"
    return decision.note


def _count_once(files: Sequence[BranchFile], candidates: list[int], committee: Committee | None,
                include_foreign: bool, accept_visible: bool) -> dict[int, FileDecision]:
    """Take each unit from one file: the one covering most units, then the newest export."""

    def counted(index: int) -> list[UnitRef]:
        return [u for u in files[index].units if u.row is not None]

    order = sorted(candidates, key=lambda i: (len(counted(i)), _exported(files[i])), reverse=True)
    owners = _Taken()
    result: dict[int, FileDecision] = {}
    for index in order:
        file = files[index]
        rows = list(file.rows)
        warnings: list[str] = []
        if file.differences:
            if accept_visible:
                rows, left = shown_rows(rows, file.differences)
                warnings.append(f"Dùng số trên trang theo yêu cầu, khác dữ liệu gốc ở {len(file.differences)} "
                                f"ô: {' '.join(d.text for d in file.differences)}")
                warnings += left
            else:
                warnings.append(f"Số trên trang khác dữ liệu gốc ở {len(file.differences)} ô; đã dùng dữ liệu gốc "
                                "(muốn dùng số trên trang: chọn «Dùng số ghi trên trang»; "
                                "hoặc đề nghị chi bộ xuất lại báo cáo): "
                                + " ".join(d.text for d in file.differences))
        used: list[UnitRef] = []
        taken_rows: list[int] = []
        repeated: dict[int, list[str]] = {}  # owner file → this file's units already counted there
        foreign: list[str] = []
        unsplit: list[str] = []  # rows that mix counted units with units counted nowhere else
        for number in range(len(rows)):
            units = file.counted(number) or [UnitRef(rows[number].unit, row=number)]
            strangers = [u for u in units if committee is not None and not _belongs(u, file, committee)]
            if strangers and not include_foreign:
                foreign += [u.label for u in strangers]
                continue
            clashes = {id(u): holders[0] for u in units if (holders := owners.holders(u))}
            if clashes:
                for u in units:
                    if id(u) in clashes:
                        repeated.setdefault(clashes[id(u)], []).append(u.name)
                rest = [u.name for u in units if id(u) not in clashes]
                if rest:
                    unsplit.append(f"Dòng «{rows[number].unit}» gộp {', '.join(rest)} với đơn vị đã tính theo tệp "
                                   "khác, không tách được: các đơn vị này CHƯA ĐƯỢC TÍNH; hãy đề nghị gửi tệp riêng.")
                continue
            taken_rows.append(number)
            used += units
            for u in units:
                owners.add(u, index)
            if strangers:
                warnings.append(f"{', '.join(u.label for u in strangers)} không thuộc danh sách đơn vị của "
                                f"{committee.name if committee else 'cấp ủy'}; vẫn tổng hợp theo yêu cầu.")
        if foreign:
            where = committee.name if committee else "cấp ủy"
            warnings.append(f"{', '.join(foreign)} không thuộc danh sách đơn vị của {where}; không tổng hợp "
                            f"({_FOREIGN_ADVICE}).")
        figures = Figures.total(file.unit, [rows[n] for n in taken_rows]) if taken_rows else None
        if not taken_rows:
            status, note = _left_out(files, index, repeated, foreign, committee)
            warnings = []  # the note says it, and the figures of a file not counted need no check
        elif not file.checksum_ok:
            status, note = DAMAGED_TAKEN, (f"{file.problem} Vẫn tổng hợp theo yêu cầu; "
                                           "số liệu của đơn vị này cần được kiểm tra lại.")
        elif repeated or len(taken_rows) < len(rows):
            status, note = PARTIAL, "Chỉ tính: " + ", ".join(u.name for u in used) + "."
        elif committee is not None and any(not _belongs(u, file, committee) for u in used):
            status, note = FOREIGN_TAKEN, "Có đơn vị ngoài danh sách, vẫn tổng hợp theo yêu cầu."
        else:
            status, note = INCLUDED, "Đã tổng hợp."
        if taken_rows:
            warnings += [f"{', '.join(names)} đã được tính theo tệp «{files[owner].path.name}», không tính lại."
                         for owner, names in repeated.items()]
        if status != DUPLICATE:
            for owner, names in repeated.items():
                theirs = result[owner]
                result[owner] = FileDecision(
                    theirs.file, theirs.status, theirs.note,
                    (*theirs.warnings, f"Tệp này gồm cả {', '.join(names)} mà tệp «{file.path.name}» cũng gửi; "
                                       "mỗi đơn vị chỉ tính một lần, theo tệp này."),
                    theirs.used, theirs.figures)
        result[index] = FileDecision(file, status, note, (*unsplit, *warnings), tuple(used), figures)
    return result


def _left_out(files: Sequence[BranchFile], index: int, repeated: dict[int, list[str]],
              foreign: list[str], committee: Committee | None) -> tuple[str, str]:
    file = files[index]
    if not repeated:
        where = committee.name if committee else "cấp ủy"
        return FOREIGN, (f"{', '.join(foreign)}: không thuộc danh sách đơn vị của {where}; không tổng hợp "
                         f"({_FOREIGN_ADVICE}).")
    owner = files[next(iter(repeated))]
    if len(repeated) == 1 and len(owner.units) == len(file.units) and owner.unit == file.unit:
        when = (f"xuất cùng lúc với tệp này ({_shown(owner)})" if _exported(owner) == _exported(file)
                else f"xuất lúc {_shown(owner)}, mới hơn tệp này (xuất lúc {_shown(file)})")
        return DUPLICATE, f"{file.unit} gửi hai lần; giữ tệp «{owner.path.name}» {when}."
    where = ", ".join(f"«{files[o].path.name}»" for o in repeated)
    names = ", ".join(name for group in repeated.values() for name in group)
    return CONTAINED, (f"{names} của tệp này đã có trong {where} (tệp gồm nhiều đơn vị hơn); "
                       "không tính lại để không cộng hai lần.")


def _files_table(plan: Consolidation) -> ReportTable:
    rows = [{
        "stt": n, "file": d.file.path.name, "unit": d.file.unit or "—", "year": d.file.year,
        "exported": _exported(d.file).strftime("%d/%m/%Y %H:%M") if d.file.figures is not None else "",
        "status": d.label, "note": d.remarks,
    } for n, d in enumerate(plan.decisions, start=1)]
    notes = []
    if plan.unusable:
        notes.append(f"Đã gửi nhưng không dùng được: {'; '.join(plan.unusable)}.")
    if plan.missing:
        notes.append(f"Chưa gửi báo cáo: {', '.join(plan.missing)}.")
    return ReportTable(
        title=f"Danh sách tệp báo cáo đã nhận năm {plan.year}",
        subtitle=f"Tổng hợp {len(plan.included)}/{len(plan.decisions)} tệp",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Tệp", "file"),
            Column("Đơn vị", "unit"),
            Column("Năm", "year", "int", number_format="0", align="center"),
            Column("Ngày giờ xuất", "exported", align="center"),
            Column("Tình trạng", "status"),
            Column("Ghi chú", "note", width=45),
        ],
        rows=rows,
        totals={"status": f"Đã tổng hợp {count_text(len(plan.included), 'tệp')}"},
        notes=notes,
        landscape=True,
    )


def _sources_table(plan: Consolidation) -> ReportTable:
    rows = [{"stt": n, "unit": unit.name, "parent": unit.parent or "", "file": file}
            for n, (unit, file) in enumerate(plan.sources, start=1)]
    return ReportTable(
        title=f"Đơn vị đã tính và tệp đã dùng năm {plan.year}",
        subtitle="Mỗi đơn vị chỉ tính một lần, theo tệp ghi bên cạnh",
        columns=[
            Column("STT", "stt", "int", width=5, align="center"),
            Column("Đơn vị", "unit"),
            Column("Trực thuộc", "parent"),
            Column("Tệp đã dùng", "file", width=40),
        ],
        rows=rows,
        landscape=False,
    )


def resolve_quota(plan: Consolidation, quota: Quota | None) -> Quota:
    """The committee's own rule for the year if known, else the one the branches' files used."""
    if quota is not None:
        return quota
    stored = next((d.file.quota for d in plan.included if d.file.quota), None) or {}
    base = stored.get("base")
    return Quota(enabled=bool(stored.get("enabled", True)), percent=float(stored.get("percent", 20)),
                 base=base if base in QUOTA_BASES else "HTTNV")


def consolidation_sheets(plan: Consolidation, issuer: str, quota: Quota,
                         unit_order: Sequence[str] = ()) -> tuple[list[Sheet], list[Figures]]:
    """The statistics sheets (one row per sending unit and the total), the files sheet
    and the sheet saying which file was used for which unit."""
    taken = [d for d in plan.included if d.figures is not None]
    position = {organisation_key(name): i for i, name in enumerate(unit_order)}
    rows = sorted((d.figures for d in taken if d.figures is not None),
                  key=lambda f: (position.get(organisation_key(f.unit), len(position)), vntext.sort_key(f.unit)))
    total = Figures.total(issuer, rows)
    notes = []
    if plan.unusable:
        notes.append(f"Đã gửi nhưng không dùng được ({len(plan.unusable)} đơn vị): {'; '.join(plan.unusable)}.")
    if plan.missing:
        notes.append(f"Chưa gửi báo cáo ({len(plan.missing)} đơn vị): {', '.join(plan.missing)}.")
    damaged = [d.file for d in plan.included if d.status == DAMAGED_TAKEN]
    if damaged:
        notes.append("CẢNH BÁO: số liệu của " + ", ".join(f"{f.unit} (tệp «{f.path.name}»)" for f in damaged)
                     + " đã bị sửa sau khi xuất, vẫn được tổng hợp theo yêu cầu; cần kiểm tra lại.")
    if plan.differences:
        notes.append(f"CẢNH BÁO: {count_text(len(plan.differences), 'số')} trên trang báo cáo của các đơn vị khác "
                     "dữ liệu gốc: xem trang «Các tệp đã nhận».")
    warned = [d for d in plan.decisions if d.warnings or not d.included]
    if warned:
        notes.append(f"Có {count_text(len(warned), 'tệp')} cần lưu ý hoặc không tổng hợp: xem trang «Các tệp đã nhận»"
                     "; đơn vị nào tính theo tệp nào: xem trang «Đơn vị và tệp».")
    months = max((d.file.months_due for d in taken), default=0)
    year = plan.year or 0
    sheets = statistics_sheets(year, rows, total, [quota_status(issuer, total, quota)], months, "Đơn vị",
                               f"Tổng hợp từ báo cáo của {count_text(len(rows), 'đơn vị')}", notes)
    received = collective_ratings.received_table(year, plan.ratings)
    if received is not None:
        sheets.append(Sheet(collective_ratings.TABLE, collective_ratings.SHEET, received))
    return [*sheets, Sheet("files", "Các tệp đã nhận", _files_table(plan)),
            Sheet("sources", "Đơn vị và tệp", _sources_table(plan))], rows


def _tree(plan: Consolidation, rows: list[Figures]) -> list[dict[str, Any]]:
    """The units the consolidation covers, each pointing at the row that counts it."""
    index = {id(f): i for i, f in enumerate(rows)}
    tree: list[dict[str, Any]] = []
    for decision in plan.included:
        if decision.figures is None:
            continue
        row = index[id(decision.figures)]
        counted = {id(u) for u in decision.used}
        for unit in decision.file.units:
            if id(unit) in counted or (unit.row is None and unit.kind == "dang_bo"):
                tree.append({"name": unit.name, "kind": unit.kind, "parent": unit.parent,
                             "row": row if id(unit) in counted else None})
    return tree


def write_consolidation(plan: Consolidation, header: PartyHeader, path: Path, *, quota: Quota | None = None,
                        unit_order: Sequence[str] = (), progress: Progress | None = None) -> Path:
    """Write the consolidated report (atomically); raises ExcelUserError when nothing can be used."""
    if not plan.included:
        raise ExcelUserError("Không có tệp nào tổng hợp được: " + " ".join(plan.problems()), path)
    issuer = header.issuer_name
    quota = resolve_quota(plan, quota)
    sheets, rows = consolidation_sheets(plan, issuer, quota, unit_order)
    with streaming_workbook() as wb:
        for done, sheet in enumerate(sheets):
            if progress:
                progress(done, len(sheets) + 1, f"Đang ghi trang «{sheet.name}»…")
            write_party_sheet(create_sheet(wb, sheet.name), header, sheet.table)
        meta = {
            "unit": issuer, "unit_kind": "dang_bo", "year": plan.year, "schema_version": SCHEMA_VERSION,
            "kind": "consolidation", "superior_name": header.superior_name,
            "months_due": max((d.file.months_due for d in plan.included), default=0),
            "quota": {"enabled": quota.enabled, "percent": quota.percent, "base": quota.base},
            "units": _tree(plan, rows),
            collective_ratings.TABLE: plan.ratings,
            "sources": [{"file": d.file.path.name, "unit": d.file.unit, "exported_at": d.file.exported_at,
                         "checksum_ok": d.file.checksum_ok, "units": [u.name for u in d.used],
                         "visible_figures_taken": bool(d.file.differences) and any(
                             w.startswith("Dùng số trên trang") for w in d.warnings)} for d in plan.included],
        }
        tables: dict[str, list[dict[str, Any]]] = {FIGURES_TABLE: [f.as_row() for f in rows]}
        for sheet in sheets:
            table = sheet.table
            lines = [*table.rows, *([{"_totals": True, **table.totals}] if table.totals else [])]
            tables[sheet.key] = [{k: v for k, v in r.items() if v is not None} for r in lines]
        attach_raw_data(wb, meta, tables)
        if progress:
            progress(len(sheets), len(sheets) + 1, "Đang lưu tệp…")
        save_workbook(wb, path)
    return path
