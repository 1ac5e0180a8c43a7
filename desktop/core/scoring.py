"""Year-end scoring (xếp loại chất lượng cuối năm): a pure function.

`score_year(rules, people, year)` takes a year's `RuleSet` and plain inputs
and returns, per person, the points counted, the total, the proposed level
with its reasons (Vietnamese sentences: which threshold, which condition,
which cap, why not rated), the final level, the emulation title proposal,
and per grass-roots organisation the excellence-quota and title-cap checks.
No database here: `yearend.py` loads the inputs and stores the decisions.

Going over a quota is a warning with the numbers; nobody is demoted by the
program, because the decision belongs to the committee.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from desktop.core import dates, vntext
from desktop.core.rules import (
    CAP_FLAGS,
    EXCELLENCE_CONDITIONS,
    LEVEL_CODES,
    NOT_RATED_STATUSES,
    QUOTA_BASES,
    RuleSet,
    format_points,
)

# Emulation title codes stored in year_results.title; TITLE_NONE records a
# decision to propose no title (NULL means "follow the proposal").
TITLE_ADVANCED = "lao_dong_tien_tien"
TITLE_SOLDIER = "chien_si_thi_dua_co_so"
TITLE_NONE = "khong"
TITLE_CODES = (TITLE_ADVANCED, TITLE_SOLDIER, TITLE_NONE)

RATED = "rated"
NOT_RATED = "not_rated"
PENDING = "pending"  # to be rated, but no points (or no level) entered yet
# Shown where the texts propose no level (QĐ 366's gap): the committee decides.
COMMITTEE_DECIDES = "Cấp ủy quyết định"


@dataclass(frozen=True, slots=True)  # one per person (and condition): tens of thousands held
class TaskFacts:
    """A person's tasks of the year (counts): registered, done on time, late,
    not done, beyond requirement (a subset of those done). Tasks without a
    recorded result are `assigned - on_time - late - not_done`. Deeds still
    without a result at year end are `unrecorded`: named, not counted."""

    assigned: int
    on_time: int
    late: int
    not_done: int
    beyond: int
    unrecorded: int = 0

    @property
    def pending(self) -> int:
        return max(self.assigned - self.on_time - self.late - self.not_done, 0)

    def percent(self, count: int) -> Decimal:
        return Decimal(100) * count / self.assigned if self.assigned else Decimal(0)

    def problem(self) -> str | None:
        """Why the counts cannot be right, in Vietnamese; None when they add up."""
        if min(self.assigned, self.on_time, self.late, self.not_done, self.beyond) < 0:
            return "số việc không được âm"
        if self.on_time + self.late + self.not_done > self.assigned:
            return (f"đúng hạn {self.on_time} + trễ hạn {self.late} + không hoàn thành {self.not_done} "
                    f"nhiều hơn số nhiệm vụ được giao ({self.assigned})")
        if self.beyond > self.on_time + self.late:
            return f"số việc vượt mức ({self.beyond}) nhiều hơn số việc đã hoàn thành ({self.on_time + self.late})"
        return None


@dataclass(frozen=True, slots=True)  # one per person (and condition): tens of thousands held
class ConditionCheck:
    """One condition of a level, checked for a person (for the reasons and `score --json`)."""

    level: str
    text: str
    held: bool


@dataclass(frozen=True, slots=True)  # one per person (and condition): tens of thousands held
class PersonYearInput:
    """What scoring needs to know about one person in one year."""

    person_id: int
    name: str
    unit_id: int
    unit_name: str
    org_id: int
    org_name: str
    kind: str = "dang_vien"
    status: str = "dang_sinh_hoat"  # status on 31/12 of the year
    joined_date: str | None = None  # ngày vào Đảng, ISO
    points: dict[str, float] = field(default_factory=dict)
    disciplined: bool = False
    discipline_remedied: bool = False
    degraded: bool = False
    all_tasks_done: bool = False
    beyond_30: bool = False
    shortcomings_fixed: bool = False
    initiative: bool = False
    long_sick_leave: bool = False
    manual_level: str | None = None  # entered by hand in years without points
    final_level: str | None = None  # decided by the competent level, if it differs
    override_reason: str | None = None
    title: str | None = None  # decided title code; None follows the proposal
    history: dict[int, str] = field(default_factory=dict)  # earlier year → final level
    tasks: TaskFacts | None = None
    form: str = "2C"
    review_date: str | None = None  # ISO; the 6 months of party age count to it (default 31/12)
    temporary_attendance: bool = False
    attendance_comment: str | None = None
    council_vote: float | None = None
    outstanding_unit: bool = False  # quota raised for a unit judged outstanding
    titles_apply: bool = True  # the unit's switch for emulation titles
    quarters: tuple[str | None, ...] = ()  # quarter levels (core.quarters), for display beside the points


@dataclass(frozen=True, slots=True)  # one per person (and condition): tens of thousands held
class PersonScore:
    person: PersonYearInput
    status: str  # RATED, NOT_RATED or PENDING
    points: dict[str, float]
    total: float | None
    proposed_level: str | None
    final_level: str | None
    overridden: bool
    reasons: list[str]
    proposed_title: str | None
    title: str | None
    title_reason: str | None
    excellent_streak: bool
    conditions: list[ConditionCheck] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    committee_decides: bool = False  # the texts' gap: no level proposed

    @property
    def level(self) -> str | None:
        return self.final_level

    @property
    def proposed_text(self) -> str:
        """The proposed level as lists print it: its code, the committee's call, or blank."""
        return self.proposed_level or (COMMITTEE_DECIDES if self.committee_decides else "")


@dataclass(frozen=True)
class QuotaCheck:
    """The excellence quota of one grass-roots organisation."""

    enabled: bool
    limit_percent: float | None
    base: str
    rated: int
    not_rated: int
    pending: int
    counts: dict[str, int]
    shares: dict[str, float | None]  # percent of rated, per level
    excellent_percent_of_rated: float | None
    excellent_percent_of_good: float | None
    base_count: int
    allowed: int | None
    exceeded: bool
    warning: str | None
    group_warnings: list[str] = field(default_factory=list)  # per form, when grouped by form

    @property
    def excellent(self) -> int:
        return self.counts["HTXSNV"]

    @property
    def good(self) -> int:
        return self.counts["HTTNV"]


@dataclass(frozen=True)
class TitleCheck:
    """Emulation title proposals and the Chiến sĩ thi đua cơ sở cap."""

    advanced: int  # Lao động tiên tiến, including those proposed Chiến sĩ thi đua
    soldier: int
    cap_percent: float | None
    allowed: int | None
    exceeded: bool
    warning: str | None
    streak_names: list[str]


@dataclass(frozen=True)
class OrgResult:
    org_id: int
    org_name: str
    quota: QuotaCheck
    titles: TitleCheck


@dataclass
class GroupTally:
    """What an organisation's quota and title checks count of its people, kept so that one
    person scored again changes it in constant time (`replaced`): a đảng bộ cơ sở may hold
    20,000 people, and a screen that shows one chi bộ keeps this, not everyone's score."""

    counts: dict[str, int] = field(default_factory=lambda: {code: 0 for code in LEVEL_CODES})
    not_rated: int = 0  # đảng viên not rated (quần chúng are not counted)
    pending: int = 0
    outstanding: int = 0  # people of a unit judged outstanding (the quota is raised)
    forms: dict[str, int] = field(default_factory=dict)  # form → people with it
    form_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # form → level → people
    soldier: int = 0
    advanced: int = 0  # Lao động tiên tiến, including those proposed Chiến sĩ thi đua
    streak: dict[int, str] = field(default_factory=dict)  # person id → name, "5 năm liền"
    order: dict[int, int] = field(default_factory=dict)  # person id → place in the group

    @classmethod
    def of(cls, people: list[PersonScore]) -> GroupTally:
        tally = cls(order={p.person.person_id: n for n, p in enumerate(people)})
        for person in people:
            tally._count(person, 1)
        return tally

    def replaced(self, old: PersonScore, new: PersonScore) -> GroupTally:
        """The tally with `old` (one of its people) counted as `new` instead."""
        again = GroupTally(dict(self.counts), self.not_rated, self.pending, self.outstanding, dict(self.forms),
                           {form: dict(c) for form, c in self.form_counts.items()}, self.soldier, self.advanced,
                           dict(self.streak), self.order)
        again._count(old, -1)
        again._count(new, 1)
        return again

    def _count(self, person: PersonScore, sign: int) -> None:
        level, form = person.final_level, person.person.form
        self.forms[form] = self.forms.get(form, 0) + sign
        if not self.forms[form]:
            del self.forms[form]
        by_form = self.form_counts.setdefault(form, {code: 0 for code in LEVEL_CODES})
        if level is not None:
            self.counts[level] += sign
            by_form[level] += sign
        self.not_rated += sign * (person.status == NOT_RATED and person.person.kind == "dang_vien")
        self.pending += sign * (person.status == PENDING)
        self.outstanding += sign * bool(person.person.outstanding_unit)
        self.soldier += sign * (person.title == TITLE_SOLDIER)
        self.advanced += sign * (person.title in (TITLE_SOLDIER, TITLE_ADVANCED))
        if sign < 0:
            self.streak.pop(person.person.person_id, None)
        elif person.excellent_streak:
            self.streak[person.person.person_id] = person.person.name

    def streak_names(self) -> list[str]:
        return [name for _pid, name in sorted(self.streak.items(), key=lambda item: self.order.get(item[0], 0))]


@dataclass(frozen=True)
class YearScore:
    year: int
    rule_set: str
    preset: str
    people: list[PersonScore]
    organisations: list[OrgResult]
    # org id → its people's tally: the quota and title checks of `organisations` come from it,
    # so `people` may be cut down to the part shown (`shown_part`) and still be rescored.
    tallies: dict[int, GroupTally] = field(default_factory=dict)

    def shown_part(self, unit_ids: Collection[int]) -> YearScore:
        """Only the people of the given units, with every organisation's checks and tally whole."""
        wanted = set(unit_ids)
        return YearScore(self.year, self.rule_set, self.preset, [p for p in self.people if p.person.unit_id in wanted],
                         self.organisations, self.tallies)


def _rank(level: str) -> int:
    return LEVEL_CODES.index(level)


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _pct_text(value: float | None) -> str:
    return "—" if value is None else f"{format_points(value)}%"


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31/8 + 6 → 28/2)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _not_rated_reason(rules: RuleSet, p: PersonYearInput, year: int) -> str | None:
    if p.kind != "dang_vien":
        return "Quần chúng: không xếp loại chất lượng đảng viên."
    year_end = dates.from_iso(p.review_date) or dt.date(year, 12, 31)
    if p.status in rules.not_rated_statuses:
        label = NOT_RATED_STATUSES[p.status]
        return f"Không xếp loại: {label} (tính đến {dates.format_date(year_end)})."
    # A date known only by year or month counts from its last possible day: never rated too early.
    joined = dates.latest(p.joined_date) if p.joined_date else None
    if joined and rules.min_party_months and _add_months(joined, rules.min_party_months) > year_end:
        known = p.joined_date or ""
        when = (f"ngày {dates.format_date(joined)}" if not dates.is_partial(known) else
                f"{dates.format_date(known)} (không rõ ngày; tính từ ngày muộn nhất có thể, "
                f"{dates.format_date(joined)})")
        return (
            f"Vào Đảng {when}, chưa đủ {rules.min_party_months} tháng "
            f"tính đến {dates.format_date(year_end)}: được đánh giá nhưng không xếp loại."
        )
    return None


def _points_level(rules: RuleSet, p: PersonYearInput, reasons: list[str]) -> tuple[dict[str, float], Decimal | None, str | None]:
    counted: dict[str, float] = {}
    missing: list[str] = []
    for criterion in rules.criteria:
        value = p.points.get(criterion.code)
        if value is None:
            missing.append(criterion.name)
            continue
        if value > criterion.max_points:
            reasons.append(
                f"Điểm tiêu chí “{criterion.name}” ({format_points(value)}) vượt tối đa "
                f"{format_points(criterion.max_points)} điểm nên chỉ tính {format_points(criterion.max_points)}."
            )
            value = criterion.max_points
        counted[criterion.code] = value
    for code in p.points:
        if rules.criterion(code) is None:
            reasons.append(f"Điểm tiêu chí “{code}” không có trong bảng tiêu chí Mẫu {p.form} năm nay "
                           "nên không được tính.")
    if not counted:
        reasons.append("Chưa chấm điểm: hãy nhập điểm các tiêu chí.")
        return counted, None, None
    if missing:
        reasons.append(f"Chưa nhập điểm tiêu chí: {', '.join(missing)} (tạm tính 0 điểm).")
    total = sum((Decimal(str(v)) for v in counted.values()), Decimal(0))
    t = rules.thresholds
    excellent, good, done = (Decimal(str(x)) for x in (t.excellent, t.good, t.done))
    shown = format_points(total)
    if total >= excellent:
        level = "HTXSNV"
        reasons.append(f"Tổng {shown} điểm, từ {format_points(excellent)} điểm trở lên.")
    elif total >= good:
        level = "HTTNV"
        reasons.append(
            f"Tổng {shown} điểm, từ {format_points(good)} đến dưới {format_points(excellent)} điểm: "
            f"{rules.level_name('HTTNV')}."
        )
    elif total >= done:
        level = "HTNV"
        reasons.append(
            f"Tổng {shown} điểm, từ {format_points(done)} đến dưới {format_points(good)} điểm: "
            f"{rules.level_name('HTNV')}."
        )
    else:
        level = "KHTNV"
        reasons.append(f"Tổng {shown} điểm, dưới {format_points(done)} điểm: {rules.level_name('KHTNV')}.")
    return counted, total, level


def _excellence(rules: RuleSet, p: PersonYearInput, reasons: list[str]) -> str:
    """HTXSNV if every required condition holds, else HTTNV naming what failed."""
    failed = [EXCELLENCE_CONDITIONS[c] for c in rules.excellence_conditions if not getattr(p, c)]
    if failed:
        reasons.append(
            f"Chưa đủ điều kiện {rules.level_name('HTXSNV')}: chưa {'; chưa '.join(failed)}. "
            f"Xếp {rules.level_name('HTTNV')}."
        )
        return "HTTNV"
    if rules.excellence_conditions:
        held = "; ".join(EXCELLENCE_CONDITIONS[c] for c in rules.excellence_conditions)
        reasons.append(f"Đủ các điều kiện ({held}): {rules.level_name('HTXSNV')}.")
    return "HTXSNV"


def _count_text(count: int, facts: TaskFacts, what: str) -> str:
    return f"{count}/{facts.assigned} việc {what} ({_pct_text(float(round(facts.percent(count), 1)))})"


def _task_level(rules: RuleSet, p: PersonYearInput, level: str, total: Decimal | None,
                checks: list[ConditionCheck], reasons: list[str]) -> tuple[str | None, bool]:
    """The level that both the points (`level`) and the task facts allow (QĐ 366 Điều 11).

    Returns (level, committee decides). Without task facts the x marks stand in
    for them (HTXSNV only, as before 2025) and the lower levels go by points.
    """
    tc = rules.task_conditions
    facts = p.tasks
    name = rules.level_name
    if facts is not None and facts.unrecorded:
        reasons.append(f"{facts.unrecorded} việc đăng ký chưa ghi kết quả, chưa tính vào số liệu nhiệm vụ.")
    if facts is None or facts.assigned == 0:
        if level == "HTXSNV":
            return _excellence(rules, p, reasons), False
        if level != "KHTNV":
            reasons.append("Chưa có số liệu nhiệm vụ (số nhiệm vụ được giao): chưa kiểm tra được điều kiện "
                           "hoàn thành nhiệm vụ của các mức; hãy nhập hoặc ghi kết quả các việc đăng ký.")
        return level, False
    if level == "KHTNV":
        return level, False
    not_done_share = facts.percent(facts.not_done)
    fail_limit = Decimal(str(tc.not_done_fail_percent))
    too_many_undone = not_done_share > fail_limit
    checks.append(ConditionCheck("KHTNV", f"không quá {format_points(fail_limit)}% việc không hoàn thành",
                                 not too_many_undone))
    if too_many_undone:
        reasons.append(f"{_count_text(facts.not_done, facts, 'không hoàn thành')}, quá "
                       f"{format_points(fail_limit)}%: {name('KHTNV')}.")
        return "KHTNV", False
    all_on_time = facts.on_time == facts.assigned
    all_done = facts.on_time + facts.late == facts.assigned
    late_ok = facts.percent(facts.late) <= Decimal(str(tc.late_max_percent))
    beyond_ok = facts.percent(facts.beyond) >= Decimal(str(tc.beyond_min_percent))
    fixed_ok = "shortcomings_fixed" not in rules.excellence_conditions or p.shortcomings_fixed
    on_time_text = "hoàn thành 100% nhiệm vụ đúng hạn"
    beyond_text = f"ít nhất {format_points(tc.beyond_min_percent)}% nhiệm vụ vượt mức"
    late_text = f"hoàn thành 100% nhiệm vụ, trễ hạn không quá {format_points(tc.late_max_percent)}%"
    conditions = {
        "HTXSNV": [(on_time_text, all_on_time), (beyond_text, beyond_ok),
                   (EXCELLENCE_CONDITIONS["shortcomings_fixed"], fixed_ok)],
        "HTTNV": [(on_time_text, all_on_time)],
        "HTNV": [(late_text, all_done and late_ok)],
    }
    for code in ("HTXSNV", "HTTNV", "HTNV"):
        if _rank(code) < _rank(level):
            continue
        for text, held in conditions[code]:
            checks.append(ConditionCheck(code, text, held))
    facts_text = _facts_text(facts)
    first = level
    points = f"{format_points(total)} điểm" if total is not None else f"Mức {name(first)}"
    for code in ("HTXSNV", "HTTNV", "HTNV"):
        if _rank(code) < _rank(first):
            continue
        failed = [text for text, held in conditions[code] if not held]
        if not failed:
            if code == first:
                reasons.append(f"Điều kiện nhiệm vụ đủ ({facts_text}): {name(code)}.")
            else:
                reasons.append(f"{points} nhưng {_shortfall(facts, rules)}: {name(code)}.")
            return code, False
    if facts.pending:
        reasons.append(f"{facts.pending}/{facts.assigned} việc chưa ghi kết quả nên chưa đủ điều kiện mức nào "
                       "(hãy ghi kết quả các việc hoặc sửa số liệu nhiệm vụ).")
    else:
        reasons.append(f"{points} nhưng {_shortfall(facts, rules)}: không đủ điều kiện mức nào, cũng chưa quá "
                       f"{format_points(fail_limit)}% không hoàn thành; văn bản không quy định mức cho trường hợp "
                       "này, cấp ủy xem xét, quyết định (ghi rõ lý do).")
    if tc.gap_default_level is not None:
        reasons.append(f"Theo bộ quy định của năm, tạm đề xuất {name(tc.gap_default_level)}.")
        return tc.gap_default_level, True
    return None, True


def _facts_text(facts: TaskFacts) -> str:
    parts = [f"{facts.assigned} việc", f"{facts.on_time} đúng hạn"]
    if facts.late:
        parts.append(f"{facts.late} trễ hạn")
    if facts.not_done:
        parts.append(f"{facts.not_done} không hoàn thành")
    if facts.pending:
        parts.append(f"{facts.pending} chưa ghi kết quả")
    parts.append(f"{facts.beyond} vượt mức")
    return ", ".join(parts)


def _shortfall(facts: TaskFacts, rules: RuleSet) -> str:
    """What keeps a person below their points' level, with the numbers."""
    tc = rules.task_conditions
    parts: list[str] = []
    if facts.late:
        share = facts.percent(facts.late)
        limit = Decimal(str(tc.late_max_percent))
        compare = ">" if share > limit else "≤"
        parts.append(f"{facts.late}/{facts.assigned} việc trễ hạn ({_pct_text(float(round(share, 1)))} "
                     f"{compare} {format_points(limit)}%)")
    if facts.not_done:
        parts.append(_count_text(facts.not_done, facts, "không hoàn thành"))
    if facts.pending:
        parts.append(_count_text(facts.pending, facts, "chưa ghi kết quả"))
    if not parts:
        share = facts.percent(facts.beyond)
        parts.append(f"{facts.beyond}/{facts.assigned} việc vượt mức ({_pct_text(float(round(share, 1)))} "
                     f"< {format_points(tc.beyond_min_percent)}%)" if share < Decimal(str(tc.beyond_min_percent))
                     else "chưa khắc phục xong hạn chế, khuyết điểm đã được chỉ ra")
    return "; ".join(parts)


def _failing(rules: RuleSet, p: PersonYearInput, level: str | None, reasons: list[str]) -> str | None:
    if "disciplined" in rules.failing_conditions and p.disciplined:
        if p.discipline_remedied and rules.discipline_remedy_allowed:
            reasons.append(
                "Bị kỷ luật trong năm nhưng đã tự phát hiện và khắc phục, "
                f"nên không bắt buộc xếp {rules.level_name('KHTNV')}."
            )
        else:
            reasons.append(f"Bị thi hành kỷ luật trong năm: xếp {rules.level_name('KHTNV')}.")
            level = "KHTNV"
    if "degraded" in rules.failing_conditions and p.degraded:
        reasons.append(
            "Bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống: "
            f"xếp {rules.level_name('KHTNV')}."
        )
        level = "KHTNV"
    return level


def _caps(rules: RuleSet, p: PersonYearInput, level: str, reasons: list[str]) -> str:
    for cap in rules.caps:
        if cap.enabled and getattr(p, cap.flag) and _rank(level) < _rank(cap.max_level):
            reasons.append(
                f"{CAP_FLAGS[cap.flag].capitalize()}: tối đa {rules.level_name(cap.max_level)} "
                "theo quy định của năm."
            )
            level = cap.max_level
    return level


def _title(rules: RuleSet, p: PersonYearInput, final: str | None) -> tuple[str | None, str | None, str | None]:
    """(proposed title, effective title, why) for a rated person."""
    titles = rules.titles
    if not titles.enabled or final is None or not p.titles_apply:
        return None, None, None
    proposed: str | None = None
    why: str | None = None
    if _rank(final) <= _rank(titles.advanced_min_level):
        proposed = TITLE_ADVANCED
        why = f"Đề nghị {titles.advanced_name}: xếp loại {rules.level_name(final)}."
        if final == "HTXSNV" or p.initiative:
            ground = rules.level_name("HTXSNV") if final == "HTXSNV" else "có sáng kiến được công nhận"
            proposed = TITLE_SOLDIER
            why = f"Đề nghị {titles.soldier_name}: đạt {titles.advanced_name} và {ground}"
            need = format_points(titles.council_vote_min_percent)
            if p.council_vote is None:
                why += f"; cần ít nhất {need}% phiếu Hội đồng thi đua (chưa ghi kết quả biểu quyết)."
            elif p.council_vote >= titles.council_vote_min_percent:
                why += f"; Hội đồng thi đua biểu quyết {format_points(p.council_vote)}% (từ {need}%)."
            else:
                proposed = TITLE_ADVANCED
                why = (f"Hội đồng thi đua biểu quyết {format_points(p.council_vote)}% (dưới {need}%) nên không đề nghị "
                       f"{titles.soldier_name}; đề nghị {titles.advanced_name}.")
    effective = proposed
    if p.title is not None:
        effective = None if p.title == TITLE_NONE else p.title
        if effective != proposed:
            chosen = title_name(rules, effective) or "không đề nghị danh hiệu"
            why = f"Chi bộ quyết định: {chosen}."
    return proposed, effective, why


def title_name(rules: RuleSet, code: str | None) -> str | None:
    if code == TITLE_ADVANCED:
        return rules.titles.advanced_name
    if code == TITLE_SOLDIER:
        return rules.titles.soldier_name
    return None


def _streak(rules: RuleSet, p: PersonYearInput, final: str | None, year: int) -> str | None:
    span = rules.titles.excellent_streak_years
    if final != "HTXSNV" or span < 2:
        return None
    if all(p.history.get(year - k) == "HTXSNV" for k in range(1, span)):
        return f"{rules.level_name('HTXSNV')} {span} năm liền ({year - span + 1}–{year})."
    return None


def score_person(rules: RuleSet, p: PersonYearInput, year: int) -> PersonScore:
    rules = rules.for_form(p.form)  # the person's form's criteria table; thresholds stay the year's
    reasons: list[str] = []
    why_not = _not_rated_reason(rules, p, year)
    if why_not is not None:
        reasons.append(why_not)
        kept = {c: v for c, v in p.points.items() if rules.criterion(c) is not None}
        kept_total = float(sum(Decimal(str(v)) for v in kept.values())) if kept else None
        if p.final_level:
            reasons.append(
                f"Mức {rules.level_name(p.final_level)} ghi trước đây không áp dụng "
                "vì người này không thuộc diện xếp loại."
            )
        return PersonScore(p, NOT_RATED, kept, kept_total, None, None, False, reasons, None, None, None, False)

    total: Decimal | None = None
    level: str | None
    if rules.uses_points:
        counted, total, level = _points_level(rules, p, reasons)
    else:
        counted = {}
        level = p.manual_level
        if level is None:
            reasons.append("Năm này xếp loại không chấm điểm; chưa nhập mức xếp loại.")
        else:
            reasons.append(f"Mức do chi bộ nhập: {rules.level_name(level)}.")
    checks: list[ConditionCheck] = []
    gap = False
    if level is not None and rules.task_conditions.enabled:
        level, gap = _task_level(rules, p, level, total, checks, reasons)
    elif level == "HTXSNV":
        level = _excellence(rules, p, reasons)
    if level is not None:
        level = _caps(rules, p, level, reasons)
    before_failing = level
    level = _failing(rules, p, level, reasons)
    gap = gap and level == before_failing
    _notes(rules, p, reasons)

    final, overridden = level, False
    if p.final_level is not None and p.final_level != level:
        final, overridden = p.final_level, True
        proposal = rules.level_name(level) if level else "chưa có mức đề xuất"
        reasons.append(
            f"Cấp có thẩm quyền quyết định {rules.level_name(final)} (đề xuất: {proposal}). "
            f"Lý do: {p.override_reason or 'không ghi'}."
        )
    streak = _streak(rules, p, final, year)
    if streak:
        reasons.append(streak)
    proposed_title, title, title_reason = _title(rules, p, final)
    awards = _awards(rules, final, streak is not None)
    return PersonScore(
        person=p,
        status=RATED if final is not None else PENDING,
        points=counted,
        total=float(total) if total is not None else None,
        proposed_level=level,
        final_level=final,
        overridden=overridden,
        reasons=reasons,
        proposed_title=proposed_title,
        title=title,
        title_reason=title_reason,
        excellent_streak=streak is not None,
        conditions=checks,
        awards=awards,
        committee_decides=gap and not overridden,
    )


def _notes(rules: RuleSet, p: PersonYearInput, reasons: list[str]) -> None:
    """Facts that change how a person is assessed, not the level (HD 43 §7.5, §7.6)."""
    if rules.sick_leave_note and p.long_sick_leave:
        reasons.append("Nghỉ ốm dài ngày (từ 3 tháng) hoặc nghỉ thai sản: đánh giá trên kết quả công việc "
                       "thực tế được giao (HD 43 §7.5), không tự hạ mức.")
    if p.temporary_attendance:
        comment = vntext.clean(p.attendance_comment) or "chưa có"
        reasons.append("Sinh hoạt tạm thời ở chi bộ khác: chi bộ chính thức đánh giá, có ý kiến của chi bộ "
                       f"nơi sinh hoạt tạm thời (HD 43 §7.6). Ý kiến: {comment}.")


def _awards(rules: RuleSet, final: str | None, streak: bool) -> list[str]:
    """Party awards proposed for a person (HD 06-HD/TW 2025)."""
    awards = rules.awards
    if not awards.enabled or final != "HTXSNV":
        return []
    found = [f"{awards.yearly_name}: {rules.level_name('HTXSNV')} trong năm"]
    if streak:
        found.append(f"{awards.streak_name}: {rules.level_name('HTXSNV')} "
                     f"{rules.titles.excellent_streak_years} năm liền")
    return found


def _floor_percent(percent: float, base: int) -> int:
    return int((Decimal(str(percent)) * base / 100).to_integral_value(rounding=ROUND_FLOOR))


def _quota_limit(rules: RuleSet, tally: GroupTally) -> float:
    """The quota's percent: raised for a unit the committee judged outstanding."""
    if tally.outstanding:
        return rules.quota.outstanding_percent
    return rules.quota.percent


def _quota_warning(rules: RuleSet, name: str, counts: dict[str, int], percent: float) -> tuple[int, int, str | None]:
    """(base count, allowed, warning or None) for one group of similar role."""
    quota = rules.quota
    base_count = counts["HTTNV"] + (counts["HTXSNV"] if quota.base == "HTTNV_and_above" else 0)
    allowed = _floor_percent(percent, base_count)
    if counts["HTXSNV"] <= allowed:
        return base_count, allowed, None
    raised = " (đơn vị được đánh giá tiêu biểu)" if percent != quota.percent else ""
    return base_count, allowed, (
        f"{name}: {counts['HTXSNV']} người {rules.level_name('HTXSNV')}, vượt mức tối đa "
        f"{allowed} người ({format_points(percent)}%{raised} của {base_count} người — "
        f"{QUOTA_BASES[quota.base]}). Cấp ủy cần xem xét lại; chương trình không tự hạ mức."
    )


def quota_check(rules: RuleSet, people: list[PersonScore] | GroupTally, org_name: str) -> QuotaCheck:
    """The organisation's quota, from its people or their tally (the same counts)."""
    tally = people if isinstance(people, GroupTally) else GroupTally.of(people)
    counts = dict(tally.counts)
    rated = sum(counts.values())
    quota = rules.quota
    percent = _quota_limit(rules, tally)
    base_count, allowed, warning = _quota_warning(rules, org_name, counts, percent)
    group_warnings: list[str] = []
    if quota.enabled and quota.group == "org_form":
        for form in sorted(tally.forms):
            found = _quota_warning(rules, f"{org_name}, mẫu {form}", tally.form_counts[form], percent)[2]
            if found:
                group_warnings.append(found)
    exceeded = quota.enabled and (warning is not None if quota.group == "org" else bool(group_warnings))
    return QuotaCheck(
        enabled=quota.enabled,
        limit_percent=percent if quota.enabled else None,
        base=quota.base,
        rated=rated,
        not_rated=tally.not_rated,
        pending=tally.pending,
        counts=counts,
        shares={code: _percent(n, rated) for code, n in counts.items()},
        excellent_percent_of_rated=_percent(counts["HTXSNV"], rated),
        excellent_percent_of_good=_percent(counts["HTXSNV"], counts["HTTNV"]),
        base_count=base_count,
        allowed=allowed if quota.enabled else None,
        exceeded=exceeded,
        warning=(warning if quota.group == "org" else " ".join(group_warnings) or None) if quota.enabled else None,
        group_warnings=group_warnings,
    )


def title_check(rules: RuleSet, people: list[PersonScore] | GroupTally, org_name: str) -> TitleCheck:
    """The organisation's titles and the Chiến sĩ thi đua cap, from its people or their tally."""
    tally = people if isinstance(people, GroupTally) else GroupTally.of(people)
    titles = rules.titles
    soldier, advanced = tally.soldier, tally.advanced
    capped = titles.enabled and titles.soldier_cap_enabled
    allowed = _floor_percent(titles.soldier_cap_percent, advanced) if capped else None
    exceeded = allowed is not None and soldier > allowed
    warning = None
    if exceeded:
        warning = (
            f"{org_name}: đề nghị {soldier} {titles.soldier_name}, vượt mức tối đa {allowed} "
            f"({format_points(titles.soldier_cap_percent)}% của {advanced} {titles.advanced_name})."
        )
    return TitleCheck(
        advanced=advanced,
        soldier=soldier,
        cap_percent=titles.soldier_cap_percent if capped else None,
        allowed=allowed,
        exceeded=exceeded,
        warning=warning,
        streak_names=tally.streak_names(),
    )


def score_year(rules: RuleSet, people: list[PersonYearInput], year: int) -> YearScore:
    """Score everyone; quota and title checks per organisation, in input order."""
    scored = [score_person(rules, p, year) for p in people]
    by_org: dict[int, list[PersonScore]] = {}
    names: dict[int, str] = {}
    for result in scored:
        by_org.setdefault(result.person.org_id, []).append(result)
        names[result.person.org_id] = result.person.org_name
    tallies = {org_id: GroupTally.of(group) for org_id, group in by_org.items()}
    organisations = [
        OrgResult(org_id, names[org_id], quota_check(rules, tallies[org_id], names[org_id]),
                  title_check(rules, tallies[org_id], names[org_id]))
        for org_id in by_org
    ]
    return YearScore(year, rules.name, rules.preset, scored, organisations, tallies)


def describe_quota(rules: RuleSet, quota: QuotaCheck) -> list[str]:
    """The quota panel as lines of text (command line, reports)."""
    lines = [f"Số được xếp loại: {quota.rated}"
             f" (không xếp loại: {quota.not_rated}; chưa chấm: {quota.pending})"]
    for code in LEVEL_CODES:
        lines.append(f"{rules.level_name(code)}: {quota.counts[code]} ({_pct_text(quota.shares[code])})")
    lines.append(
        f"{rules.level_name('HTXSNV')} so với số được xếp loại: {_pct_text(quota.excellent_percent_of_rated)}; "
        f"so với số {rules.level_name('HTTNV')}: {_pct_text(quota.excellent_percent_of_good)}"
    )
    if quota.enabled:
        lines.append(
            f"Tối đa {format_points(quota.limit_percent or 0)}% của {quota.base_count} "
            f"({QUOTA_BASES[quota.base]}): {quota.allowed} người"
            + (" — VƯỢT" if quota.exceeded else " — trong giới hạn")
        )
    else:
        lines.append("Không áp dụng giới hạn tỷ lệ Hoàn thành xuất sắc nhiệm vụ năm này.")
    return lines
