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
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from desktop.core import dates
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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

    @property
    def level(self) -> str | None:
        return self.final_level


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


@dataclass(frozen=True)
class YearScore:
    year: int
    rule_set: str
    preset: str
    people: list[PersonScore]
    organisations: list[OrgResult]


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
    year_end = dt.date(year, 12, 31)
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
            reasons.append(f"Điểm tiêu chí “{code}” không có trong bộ quy định năm nay nên không được tính.")
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
    if not titles.enabled or final is None:
        return None, None, None
    proposed: str | None = None
    why: str | None = None
    if _rank(final) <= _rank(titles.advanced_min_level):
        proposed = TITLE_ADVANCED
        why = f"Đề nghị {titles.advanced_name}: xếp loại {rules.level_name(final)}."
        if final == "HTXSNV" or p.initiative:
            ground = rules.level_name("HTXSNV") if final == "HTXSNV" else "có sáng kiến được công nhận"
            proposed = TITLE_SOLDIER
            why = f"Đề nghị {titles.soldier_name}: đạt {titles.advanced_name} và {ground}."
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
    if level == "HTXSNV":
        level = _excellence(rules, p, reasons)
    if level is not None:
        level = _caps(rules, p, level, reasons)
    level = _failing(rules, p, level, reasons)

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
    )


def _floor_percent(percent: float, base: int) -> int:
    return int((Decimal(str(percent)) * base / 100).to_integral_value(rounding=ROUND_FLOOR))


def quota_check(rules: RuleSet, people: list[PersonScore], org_name: str) -> QuotaCheck:
    counts = {code: 0 for code in LEVEL_CODES}
    for person in people:
        if person.final_level is not None:
            counts[person.final_level] += 1
    rated = sum(counts.values())
    not_rated = sum(1 for p in people if p.status == NOT_RATED and p.person.kind == "dang_vien")
    pending = sum(1 for p in people if p.status == PENDING)
    quota = rules.quota
    base_count = counts["HTTNV"] + (counts["HTXSNV"] if quota.base == "HTTNV_and_above" else 0)
    allowed = _floor_percent(quota.percent, base_count) if quota.enabled else None
    exceeded = allowed is not None and counts["HTXSNV"] > allowed
    warning = None
    if exceeded:
        warning = (
            f"{org_name}: {counts['HTXSNV']} người {rules.level_name('HTXSNV')}, vượt mức tối đa "
            f"{allowed} người ({format_points(quota.percent)}% của {base_count} người — "
            f"{QUOTA_BASES[quota.base]}). Cấp ủy cần xem xét lại; chương trình không tự hạ mức."
        )
    return QuotaCheck(
        enabled=quota.enabled,
        limit_percent=quota.percent if quota.enabled else None,
        base=quota.base,
        rated=rated,
        not_rated=not_rated,
        pending=pending,
        counts=counts,
        shares={code: _percent(n, rated) for code, n in counts.items()},
        excellent_percent_of_rated=_percent(counts["HTXSNV"], rated),
        excellent_percent_of_good=_percent(counts["HTXSNV"], counts["HTTNV"]),
        base_count=base_count,
        allowed=allowed,
        exceeded=exceeded,
        warning=warning,
    )


def title_check(rules: RuleSet, people: list[PersonScore], org_name: str) -> TitleCheck:
    titles = rules.titles
    soldier = sum(1 for p in people if p.title == TITLE_SOLDIER)
    advanced = soldier + sum(1 for p in people if p.title == TITLE_ADVANCED)
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
        streak_names=[p.person.name for p in people if p.excellent_streak],
    )


def score_year(rules: RuleSet, people: list[PersonYearInput], year: int) -> YearScore:
    """Score everyone; quota and title checks per organisation, in input order."""
    scored = [score_person(rules, p, year) for p in people]
    by_org: dict[int, list[PersonScore]] = {}
    names: dict[int, str] = {}
    for result in scored:
        by_org.setdefault(result.person.org_id, []).append(result)
        names[result.person.org_id] = result.person.org_name
    organisations = [
        OrgResult(org_id, names[org_id], quota_check(rules, group, names[org_id]),
                  title_check(rules, group, names[org_id]))
        for org_id, group in by_org.items()
    ]
    return YearScore(year, rules.name, rules.preset, scored, organisations)


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
