"""Year rule sets (bộ quy định xếp loại): data stored per year, never constants.

The rules for rating party members changed in 2018, 2019, 2023 and 2025, so
everything scoring needs (levels, criteria and their maxima, thresholds,
conditions, not-rated cases, caps, the excellence quota, emulation titles)
lives in a `RuleSet` serialised as JSON in `years.rules`. Two presets are
built in; a committee edits a copy of one for its year in Cài đặt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from desktop.core import vntext, years
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import UserError

# Level codes, best first; the schema's CHECK constraints use the same codes.
LEVEL_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
DEFAULT_LEVEL_NAMES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# Conditions a rule set may require for HTXSNV, keyed by year_results column.
EXCELLENCE_CONDITIONS = {
    "all_tasks_done": "hoàn thành 100% chỉ tiêu, nhiệm vụ",
    "beyond_30": "có ít nhất 30% chỉ tiêu, nhiệm vụ hoàn thành vượt mức",
    "shortcomings_fixed": "khắc phục xong hạn chế, khuyết điểm đã được chỉ ra",
}
# Conditions that make a person KHTNV whatever their points.
FAILING_CONDITIONS = {
    "disciplined": "bị thi hành kỷ luật trong năm",
    "degraded": "bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống",
}
# Flags that may cap the level (optional rules of older guides).
CAP_FLAGS = {"long_sick_leave": "nghỉ ốm dài ngày hoặc nghỉ thai sản"}
# Self-assessment forms of HD 43-HD/BTCTW (Mẫu 2A/2B/2C).
FORMS = {
    "2A": "Mẫu 2A: cán bộ lãnh đạo, quản lý",
    "2B": "Mẫu 2B: đảng viên trong cơ quan, đơn vị, không giữ chức vụ lãnh đạo, quản lý",
    "2C": "Mẫu 2C: đảng viên ngoài hệ thống chính trị (nông dân, hưu trí, học sinh, doanh nghiệp…)",
}
# How people are grouped for the excellence quota ("nhóm có vai trò tương đồng").
QUOTA_GROUPS = {
    "org": "theo tổ chức cơ sở đảng",
    "org_form": "theo tổ chức cơ sở đảng và mẫu phiếu (2A/2B/2C)",
}
# Statuses (people.status codes) whose holders are not rated.
NOT_RATED_STATUSES = {
    "mien_sinh_hoat": "miễn công tác và sinh hoạt đảng",
    "dinh_chi": "đang bị đình chỉ sinh hoạt đảng",
}
QUOTA_BASES = {
    "HTTNV": "số được xếp loại Hoàn thành tốt nhiệm vụ",
    "HTTNV_and_above": "số được xếp loại Hoàn thành tốt nhiệm vụ trở lên",
}
PRESETS = ("366", "366-2C", "124")


@dataclass(frozen=True)
class Level:
    code: str
    name: str


@dataclass(frozen=True)
class CriteriaGroup:
    """Nhóm tiêu chí, e.g. Tiêu chí chung (30 điểm)."""

    code: str
    name: str
    max_points: float


@dataclass(frozen=True)
class Criterion:
    """One scored criterion; a group may be split into several, within its maximum."""

    code: str
    name: str
    group: str
    max_points: float


@dataclass(frozen=True)
class FormCriteria:
    """A form's own criteria table (HD 43 §1: the province sets one per form)."""

    groups: tuple[CriteriaGroup, ...]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Thresholds:
    """Lowest total for each level; below `done` is KHTNV."""

    excellent: float = 90
    good: float = 70
    done: float = 50


@dataclass(frozen=True)
class Cap:
    """An optional ceiling: a person with `flag` set gets at most `max_level`."""

    flag: str
    max_level: str
    enabled: bool = False


@dataclass(frozen=True)
class Quota:
    """HTXSNV may not exceed `percent` of the base, per group of similar role
    (`group`, a QUOTA_GROUPS key); `outstanding_percent` for a unit the
    committee marks as outstanding."""

    enabled: bool = True
    percent: float = 20
    base: str = "HTTNV"
    group: str = "org"
    outstanding_percent: float = 25


@dataclass(frozen=True)
class TaskConditions:
    """The task conditions of every level (QĐ 366 Điều 11).

    With `enabled`, a person's task facts (tasks registered, done on time,
    late, not done, beyond requirement) decide, beside the points:
    HTXSNV and HTTNV need every task done on time, HTXSNV at least
    `beyond_min_percent` beyond requirement, HTNV every task done with at
    most `late_max_percent` late; more than `not_done_fail_percent` not done
    is KHTNV. Where no level's conditions hold (the texts' gap) the
    committee decides; `gap_default_level` may name a default (None: ask).
    """

    enabled: bool = False
    late_max_percent: float = 20
    not_done_fail_percent: float = 50
    beyond_min_percent: float = 30
    gap_default_level: str | None = None


@dataclass(frozen=True)
class PartyAwards:
    """Khen thưởng của Đảng (HD 06-HD/TW, 9/6/2025).

    A collective (tổ chức đảng) rated HTXSNV and picked "tiêu biểu" by the
    committee is proposed `collective_name` in the year; `collective_streak_exemplary`
    is how "5 năm liền" is read: the text names the title "Hoàn thành xuất sắc
    nhiệm vụ tiêu biểu" 5 years running, so by default each of the 5 years must
    be HTXSNV *and* tiêu biểu; False reads it as HTXSNV in each of the 5 years
    (tiêu biểu in the last one).
    """

    enabled: bool = False
    yearly_name: str = "Giấy khen của Đảng ủy cơ sở"
    streak_name: str = "Giấy khen của Ban Thường vụ cấp ủy cấp trên trực tiếp của cơ sở"
    collective_name: str = "Hoàn thành xuất sắc nhiệm vụ tiêu biểu"
    collective_streak_exemplary: bool = True


@dataclass(frozen=True)
class EmulationTitles:
    """Danh hiệu thi đua proposed from the level (Luật Thi đua, khen thưởng 2022)."""

    enabled: bool = True
    advanced_name: str = "Lao động tiên tiến"
    advanced_min_level: str = "HTTNV"
    soldier_name: str = "Chiến sĩ thi đua cơ sở"
    soldier_cap_enabled: bool = True
    soldier_cap_percent: float = 15
    excellent_streak_years: int = 5
    council_vote_min_percent: float = 80


@dataclass(frozen=True)
class RuleSet:
    preset: str
    name: str
    uses_points: bool
    levels: tuple[Level, ...]
    groups: tuple[CriteriaGroup, ...]
    criteria: tuple[Criterion, ...]
    task_group: str | None
    thresholds: Thresholds
    excellence_conditions: tuple[str, ...]
    failing_conditions: tuple[str, ...]
    discipline_remedy_allowed: bool
    not_rated_statuses: tuple[str, ...]
    min_party_months: int
    caps: tuple[Cap, ...]
    quota: Quota
    titles: EmulationTitles
    note: str = ""
    task_conditions: TaskConditions = TaskConditions()
    awards: PartyAwards = PartyAwards()
    sick_leave_note: bool = False  # HD 43 §7.5: rated on the work actually done, named in the reasons
    # Form (2A/2B/2C) → its own table; a form missing here uses `groups` and `criteria`.
    form_criteria: dict[str, FormCriteria] = field(default_factory=dict, hash=False)

    def for_form(self, form: str | None) -> RuleSet:
        """The rule set one person of `form` is rated by: the form's table when
        it has one, else the default; thresholds and conditions stay the year's.
        The result has no per-form tables of its own (it is one person's view)."""
        table = self.form_criteria.get(form or "")
        if table is None:
            return replace(self, form_criteria={}) if self.form_criteria else self
        return replace(self, groups=table.groups, criteria=table.criteria, form_criteria={})

    def criteria_for_forms(self, forms: Iterable[str | None]) -> tuple[Criterion, ...]:
        """The union (by code) of the criteria of the given forms, for a list of
        people of several forms: forms in 2A, 2B, 2C order, each table's order,
        a code first met kept where it first appeared."""
        wanted = set(forms)
        tables = [self.for_form(f).criteria for f in sorted(wanted, key=_form_order)] or [self.criteria]
        union: dict[str, Criterion] = {}
        for table in tables:
            for criterion in table:
                union.setdefault(criterion.code, criterion)
        return tuple(union.values())

    def has_criterion(self, form: str | None, code: str) -> bool:
        return self.for_form(form).criterion(code) is not None

    def maxima_text(self, code: str, forms: Iterable[str | None]) -> str:
        """A criterion's maximum ("20"), or its maxima where the forms' tables differ ("15/20")."""
        found = {c.max_points for f in [*forms] or [None] if (c := self.for_form(f).criterion(code)) is not None}
        return "/".join(format_points(m) for m in sorted(found))

    def level_name(self, code: str) -> str:
        for level in self.levels:
            if level.code == code:
                return level.name
        return DEFAULT_LEVEL_NAMES[code]

    def criterion(self, code: str) -> Criterion | None:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        return None

    def group(self, code: str) -> CriteriaGroup | None:
        for group in self.groups:
            if group.code == code:
                return group
        return None

    @property
    def max_total(self) -> float:
        return float(sum(Decimal(str(g.max_points)) for g in self.groups))


# Phụ lục 5 of QĐ 366 (Mẫu 2C): general 30 in two items, task results 70 in three.
_APPENDIX_5 = (
    Criterion("chinh_tri", "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", "chung", 20),
    Criterion("tu_phe_binh", "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm", "chung", 10),
    Criterion("nhiem_vu_chi_bo", "Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công", "nhiem_vu", 40),
    Criterion("hoc_tap", "Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ", "nhiem_vu", 15),
    Criterion("phong_trao", "Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi)", "nhiem_vu", 15),
)


_NOTE_366 = (
    "Quy định 366-QĐ/TW ngày 30/8/2025 (Điều 5, 11, 15), Hướng dẫn 43-HD/BTCTW ngày 31/10/2025, "
    "Luật Thi đua, khen thưởng 2022, Nghị định 98/2023/NĐ-CP, Hướng dẫn 06-HD/TW ngày 09/6/2025. "
    "Cách hiểu mặc định nơi văn bản chưa rõ: việc chưa ghi kết quả không tính vào điều kiện nhiệm vụ; "
    "trường hợp không mức nào đủ điều kiện (từ 50 điểm, chưa hoàn thành 100% hoặc trễ hạn quá 20%, "
    "không quá 50% không hoàn thành) do cấp ủy quyết định; không giới hạn tỷ lệ Chiến sĩ thi đua cơ sở."
)


def _form_order(form: str | None) -> tuple[int, str]:
    order = list(FORMS)
    return (order.index(form), "") if form in order else (len(order), form or "")


def _levels() -> tuple[Level, ...]:
    return tuple(Level(code, DEFAULT_LEVEL_NAMES[code]) for code in LEVEL_CODES)


def preset(preset_id: str) -> RuleSet:
    """A built-in rule set: "366" (2025 on, 100 points) or "124" (2023–2024, no points)."""
    if preset_id == "366":
        return RuleSet(
            preset="366",
            name="Quy định 366-QĐ/TW",
            uses_points=True,
            levels=_levels(),
            groups=(
                CriteriaGroup("chung", "Tiêu chí chung", 30),
                CriteriaGroup("nhiem_vu", "Kết quả thực hiện nhiệm vụ", 70),
            ),
            criteria=(
                Criterion("chung", "Tiêu chí chung", "chung", 30),
                Criterion("nhiem_vu", "Kết quả thực hiện nhiệm vụ", "nhiem_vu", 70),
            ),
            task_group="nhiem_vu",
            thresholds=Thresholds(),
            excellence_conditions=tuple(EXCELLENCE_CONDITIONS),
            failing_conditions=tuple(FAILING_CONDITIONS),
            discipline_remedy_allowed=True,
            not_rated_statuses=tuple(NOT_RATED_STATUSES),
            min_party_months=6,
            caps=(Cap("long_sick_leave", "HTNV", enabled=False),),
            quota=Quota(),
            titles=EmulationTitles(soldier_cap_enabled=False),
            note=_NOTE_366 + (" Một bảng tiêu chí cho cả ba mẫu 2A, 2B, 2C; tỉnh có bảng riêng cho mẫu nào thì "
                              "nhập ở Bộ quy định, mục Bảng tiêu chí của mẫu (Phụ lục 5 cho Mẫu 2C: chọn bộ mẫu "
                              "366-2C)."),
            task_conditions=TaskConditions(enabled=True),
            awards=PartyAwards(enabled=True),
            sick_leave_note=True,
        )
    if preset_id == "366-2C":
        # Phụ lục 5 of QĐ 366 is the table of Mẫu 2C (members outside the political system:
        # the usual commune or village chi bộ). The texts give no item split for 2A and 2B,
        # so those forms keep the 30 + 70 frame until the province's table is entered.
        # The split into items is the province's (HD 43 §1): to be matched with its table.
        base = preset("366")
        return replace(
            base, preset="366-2C", name="Quy định 366-QĐ/TW, Phụ lục 5 (Mẫu 2C)",
            form_criteria={"2C": FormCriteria(groups=base.groups, criteria=_APPENDIX_5)},
            note=_NOTE_366 + (" Phụ lục 5 là bảng tiêu chí của Mẫu 2C; điểm từng tiêu chí là mặc định, sửa theo "
                              "bảng của tỉnh. Mẫu 2A, 2B dùng bảng mặc định (30 điểm tiêu chí chung, 70 điểm kết "
                              "quả thực hiện nhiệm vụ) vì văn bản chưa chia thành tiêu chí; tỉnh có bảng riêng "
                              "thì nhập ở Bộ quy định, mục Bảng tiêu chí của mẫu."),
        )
    if preset_id == "124":
        return RuleSet(
            preset="124",
            name="Quy định 124-QĐ/TW",
            uses_points=False,
            levels=_levels(),
            groups=(),
            criteria=(),
            task_group=None,
            thresholds=Thresholds(),
            # 124 grades criteria by hand; its HTXSNV conditions are judged by the chi bộ.
            excellence_conditions=(),
            failing_conditions=tuple(FAILING_CONDITIONS),
            discipline_remedy_allowed=True,
            not_rated_statuses=tuple(NOT_RATED_STATUSES),
            min_party_months=6,
            caps=(Cap("long_sick_leave", "HTNV", enabled=False),),
            quota=Quota(),
            titles=EmulationTitles(),
            note="Quy định 124-QĐ/TW ngày 04/10/2023: xếp loại không chấm điểm, nhập mức bằng tay.",
        )
    raise UserError(f"Không có bộ quy định mẫu “{preset_id}”; hãy chọn 366, 366-2C hoặc 124.")


def default_preset_for(year: int) -> str:
    """366 from 2025 on; 124 before (the program keeps no older preset)."""
    return "366" if year >= 2025 else "124"


def validate(rules: RuleSet) -> None:
    """Raise UserError listing every problem, in Vietnamese."""
    problems: list[str] = []
    if not vntext.clean(rules.name):
        problems.append("Bộ quy định cần có tên.")
    codes = [level.code for level in rules.levels]
    if sorted(codes) != sorted(LEVEL_CODES):
        problems.append("Bộ quy định phải có đúng bốn mức: HTXSNV, HTTNV, HTNV, KHTNV.")
    for level in rules.levels:
        if not vntext.clean(level.name):
            problems.append(f"Mức {level.code} cần có tên.")
    problems.extend(_table_problems(rules, ""))
    for form in rules.form_criteria:
        if form not in FORMS:
            problems.append(f"Mẫu “{form}” không có; bảng tiêu chí riêng chỉ dành cho mẫu 2A, 2B hoặc 2C.")
            continue
        problems.extend(_table_problems(rules.for_form(form), f"Bảng tiêu chí Mẫu {form}: "))
    unknown = [c for c in rules.excellence_conditions if c not in EXCELLENCE_CONDITIONS]
    unknown += [c for c in rules.failing_conditions if c not in FAILING_CONDITIONS]
    unknown += [s for s in rules.not_rated_statuses if s not in NOT_RATED_STATUSES]
    if unknown:
        problems.append(f"Điều kiện không có trong chương trình: {', '.join(unknown)}.")
    if not 0 <= rules.min_party_months <= 24:
        problems.append("Số tháng tuổi Đảng tối thiểu để xếp loại phải từ 0 đến 24.")
    for cap in rules.caps:
        if cap.flag not in CAP_FLAGS or cap.max_level not in LEVEL_CODES:
            problems.append(f"Giới hạn mức “{cap.flag} → {cap.max_level}” không hợp lệ.")
    if not 0 <= rules.quota.percent <= 100:
        problems.append("Tỷ lệ tối đa Hoàn thành xuất sắc nhiệm vụ phải từ 0 đến 100%.")
    if rules.quota.base not in QUOTA_BASES:
        problems.append("Cơ sở tính tỷ lệ phải là HTTNV hoặc HTTNV_and_above.")
    titles = rules.titles
    if not 0 <= titles.soldier_cap_percent <= 100:
        problems.append("Tỷ lệ tối đa Chiến sĩ thi đua cơ sở phải từ 0 đến 100%.")
    if rules.quota.group not in QUOTA_GROUPS:
        problems.append("Cách nhóm tính tỷ lệ phải là org hoặc org_form.")
    if not 0 <= rules.quota.outstanding_percent <= 100:
        problems.append("Tỷ lệ tối đa cho đơn vị tiêu biểu phải từ 0 đến 100%.")
    tasks = rules.task_conditions
    if not (0 <= tasks.late_max_percent <= 100 and 0 <= tasks.not_done_fail_percent <= 100
            and 0 <= tasks.beyond_min_percent <= 100):
        problems.append("Các tỷ lệ điều kiện nhiệm vụ phải từ 0 đến 100%.")
    if tasks.gap_default_level is not None and tasks.gap_default_level not in LEVEL_CODES:
        problems.append("Mức mặc định cho trường hợp cấp ủy quyết định không hợp lệ.")
    if not 0 <= titles.council_vote_min_percent <= 100:
        problems.append("Tỷ lệ phiếu Hội đồng thi đua phải từ 0 đến 100%.")
    if titles.advanced_min_level not in LEVEL_CODES:
        problems.append("Mức tối thiểu để đề nghị Lao động tiên tiến không hợp lệ.")
    if not 1 <= titles.excellent_streak_years <= 20:
        problems.append("Số năm liền Hoàn thành xuất sắc để ghi nhận phải từ 1 đến 20.")
    if problems:
        raise UserError("Bộ quy định chưa hợp lệ: " + " ".join(dict.fromkeys(problems)))


def _table_problems(rules: RuleSet, where: str) -> list[str]:
    """Problems of one criteria table (the default or a form's), each led by `where`."""
    problems: list[str] = []
    group_codes = [g.code for g in rules.groups]
    if len(set(group_codes)) != len(group_codes):
        problems.append("Mã nhóm tiêu chí bị trùng.")
    criterion_codes = [c.code for c in rules.criteria]
    if len(set(criterion_codes)) != len(criterion_codes):
        problems.append("Mã tiêu chí bị trùng; mỗi tiêu chí cần một mã riêng.")
    for criterion in rules.criteria:
        if not criterion.code.strip() or not vntext.clean(criterion.name):
            problems.append("Mỗi tiêu chí cần có mã và tên.")
        if criterion.max_points <= 0:
            problems.append(f"Tiêu chí “{criterion.name}” phải có điểm tối đa lớn hơn 0.")
        if rules.group(criterion.group) is None:
            problems.append(f"Tiêu chí “{criterion.name}” thuộc nhóm “{criterion.group}” không có trong bộ quy định.")
    if rules.uses_points:
        problems.extend(_point_problems(rules))
    return [where + problem for problem in problems]


def _point_problems(rules: RuleSet) -> list[str]:
    problems: list[str] = []
    if not rules.groups:
        problems.append("Bộ quy định chấm điểm cần ít nhất một nhóm tiêu chí.")
    for group in rules.groups:
        members = [c for c in rules.criteria if c.group == group.code]
        total = sum(Decimal(str(c.max_points)) for c in members)
        if not members:
            problems.append(f"Nhóm “{group.name}” chưa có tiêu chí nào.")
        elif total != Decimal(str(group.max_points)):
            problems.append(
                f"Các tiêu chí của nhóm “{group.name}” cộng lại {format_points(total)} điểm, "
                f"phải bằng {format_points(group.max_points)} điểm tối đa của nhóm."
            )
    if rules.task_group is not None and rules.group(rules.task_group) is None:
        problems.append(f"Nhóm kết quả thực hiện nhiệm vụ “{rules.task_group}” không có trong bộ quy định.")
    t = rules.thresholds
    if not 0 < t.done < t.good < t.excellent <= rules.max_total:
        problems.append(
            "Ngưỡng điểm phải tăng dần: Hoàn thành nhiệm vụ < Hoàn thành tốt < Hoàn thành xuất sắc "
            f"≤ tổng điểm tối đa ({format_points(rules.max_total)})."
        )
    return problems


def format_points(value: float | Decimal) -> str:
    """30 → "30", 12.5 → "12,5" (Vietnamese decimal comma)."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


def to_json(rules: RuleSet) -> str:
    data = asdict(rules)
    if not rules.form_criteria:  # a rule set without per-form tables reads as before them
        del data["form_criteria"]
    return json.dumps({"format": 1, **data}, ensure_ascii=False)


RULES_FILE_KIND = "solamtheobac-bo-quy-dinh"


def export_text(rules: RuleSet, year: int) -> str:
    """A rule set as a file a đảng ủy hands to every chi bộ (UTF-8 JSON)."""
    return json.dumps({"kind": RULES_FILE_KIND, "year": year, "rules": json.loads(to_json(rules))},
                      ensure_ascii=False, indent=1)


def import_text(text: str, file_name: str) -> tuple[int, RuleSet]:
    """(year written in the file, rule set) from `export_text`; bad files are a UserError."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("kind") != RULES_FILE_KIND or not isinstance(data.get("rules"), dict):
        raise UserError(f"Tệp {file_name} không phải tệp bộ quy định xếp loại do chương trình xuất; "
                        "hãy xin lại tệp từ đảng ủy (Cuối năm → Bộ quy định → Xuất tệp).")
    rules = from_json(json.dumps(data["rules"], ensure_ascii=False))
    validate(rules)
    return int(data.get("year") or 0), rules


def save_file(path: Path, rules: RuleSet, year: int) -> None:
    """Write a rule set file (`export_text`) for the chi bộ under a đảng ủy."""
    validate(rules)
    try:
        path.write_text(export_text(rules, year), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Không ghi được tệp {path.name} ({exc.strerror}); hãy chọn thư mục khác.") from exc


def load_file(path: Path) -> tuple[int, RuleSet]:
    """Read a rule set file made by `save_file`; a bad file is a UserError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Không đọc được tệp {path.name}; hãy kiểm tra lại tệp đảng ủy gửi.") from exc
    return import_text(text, path.name)


def from_json(text: str) -> RuleSet:
    """Parse a stored rule set; a damaged one is a UserError naming what to do."""
    try:
        data = json.loads(text)
        return RuleSet(
            preset=str(data["preset"]),
            name=str(data["name"]),
            uses_points=bool(data["uses_points"]),
            levels=tuple(Level(**x) for x in data["levels"]),
            groups=tuple(CriteriaGroup(**x) for x in data["groups"]),
            criteria=tuple(Criterion(**x) for x in data["criteria"]),
            task_group=data.get("task_group"),
            thresholds=Thresholds(**data["thresholds"]),
            excellence_conditions=tuple(data["excellence_conditions"]),
            failing_conditions=tuple(data["failing_conditions"]),
            discipline_remedy_allowed=bool(data["discipline_remedy_allowed"]),
            not_rated_statuses=tuple(data["not_rated_statuses"]),
            min_party_months=int(data["min_party_months"]),
            caps=tuple(Cap(**x) for x in data["caps"]),
            quota=Quota(**data["quota"]),
            titles=EmulationTitles(**data["titles"]),
            note=str(data.get("note", "")),
            task_conditions=TaskConditions(**data.get("task_conditions", {})),
            awards=PartyAwards(**data.get("awards", {})),
            sick_leave_note=bool(data.get("sick_leave_note", False)),
            form_criteria={str(form): FormCriteria(groups=tuple(CriteriaGroup(**g) for g in table["groups"]),
                                                   criteria=tuple(Criterion(**c) for c in table["criteria"]))
                           for form, table in data.get("form_criteria", {}).items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(
            f"Bộ quy định lưu trong tệp bị hỏng ({exc}). "
            "Hãy chọn lại bộ quy định mẫu cho năm này trong Cài đặt."
        ) from exc


def rules_for_year(db: Database, year: int) -> RuleSet:
    """The rule set stored for the year, or the year's default preset."""
    row = db.execute("SELECT rules FROM years WHERE year = ?", [year]).fetchone()
    if row and row[0]:
        return from_json(row[0])
    return preset(default_preset_for(year))


def set_rules(db: Database, year: int, rules: RuleSet) -> ChangeSet:
    """Store a (validated) rule set for the year, as one recorded change."""
    validate(rules)
    with recording(db, f"Đặt bộ quy định xếp loại năm {year}: {rules.name}") as rec:
        years.ensure_year(db, year)
        rec.update("years", year, {"rules": to_json(rules)})
        return rec.changeset

