"""A secretary's year for ten members covering each condition of QĐ 366 Điều 5 and 11.

Everything goes in through the core commands the screens use: deeds with
their results (one done late), points, marks, a corrected task count, and
the year settings; the program must propose exactly the level the texts give,
each with a reason naming the deciding condition.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import deeds, people, units, yearend
from desktop.core.errors import UserError

OUTCOMES = {"dung": "hoan_thanh", "vuot": "vuot_muc", "tre": "tre_han", "khong": "chua_hoan_thanh"}


def _member(db, unit: int, name: str, joined: str = "19/05/2010", **extra: str) -> int:
    raw = {"full_name": name, "unit_id": unit, "membership": "chinh_thuc", "joined_date": joined, **extra}
    return people.add_person(db, raw).inserted_id("people")


def _deeds(db, person_id: int, **counts: int) -> None:
    n = 0
    for key, count in counts.items():
        for _ in range(count):
            n += 1
            deeds.add_deed(db, 2025, {"content": f"Việc {n}", "outcome": OUTCOMES[key]}, person_id=person_id)


def _points(db, person_id: int, total: float) -> None:
    yearend.set_points(db, 2025, person_id, {"chung": min(total, 30), "nhiem_vu": total - min(total, 30)})


def test_ten_members_get_the_level_the_texts_give(db) -> None:
    unit = units.add_unit(db, "Chi bộ Thôn Đông", "chi_bo").inserted_id("units")
    ids = {
        "an": _member(db, unit, "Nguyễn Văn An"),
        "binh": _member(db, unit, "Trần Văn Bình"),
        "cuc": _member(db, unit, "Lê Thị Cúc"),
        "dao": _member(db, unit, "Phạm Văn Đào"),
        "em": _member(db, unit, "Hoàng Thị Em"),
        "giang": _member(db, unit, "Vũ Văn Giang"),
        "hai": _member(db, unit, "Đỗ Văn Hải"),
        "khanh": _member(db, unit, "Bùi Thị Khánh"),
        "lam": _member(db, unit, "Ngô Văn Lâm", joined="16/06/2025"),
        "minh": _member(db, unit, "Đinh Văn Minh"),
    }
    fixed = {"shortcomings_fixed": True}
    # An: 94 points, 8 deeds on time, 3 beyond, shortcomings fixed → HTXSNV
    _deeds(db, ids["an"], dung=5, vuot=3)
    _points(db, ids["an"], 94)
    yearend.set_flags(db, 2025, ids["an"], fixed)
    # Bình: 91 points, 2 of 8 beyond (25% < 30%) → HTTNV
    _deeds(db, ids["binh"], dung=6, vuot=2)
    _points(db, ids["binh"], 91)
    yearend.set_flags(db, 2025, ids["binh"], fixed)
    # Cúc: 91 points, 1 of 8 late (12.5% ≤ 20%) → HTNV
    _deeds(db, ids["cuc"], dung=4, vuot=3, tre=1)
    _points(db, ids["cuc"], 91)
    # Đào: 91 points, 2 of 8 late (25% > 20%) → the committee decides
    _deeds(db, ids["dao"], dung=6, tre=2)
    _points(db, ids["dao"], 91)
    # Em: 80 points, 1 of 5 late, exactly 20% → HTNV
    _deeds(db, ids["em"], dung=4, tre=1)
    _points(db, ids["em"], 80)
    # Giang: 75 points, 2 of 4 not done (50%, not more) → the committee decides
    _deeds(db, ids["giang"], dung=2, khong=2)
    _points(db, ids["giang"], 75)
    # Hải: 75 points; deeds say 3 of 5 not done, the secretary corrects: 6 tasks, 3 not done → 50%: committee
    _deeds(db, ids["hai"], dung=2, khong=3)
    _points(db, ids["hai"], 75)
    # Khánh: 80 points but concluded "suy thoái" → KHTNV
    _deeds(db, ids["khanh"], dung=3)
    _points(db, ids["khanh"], 80)
    yearend.set_flags(db, 2025, ids["khanh"], {"degraded": True})
    # Lâm: admitted 16/06/2025; the year-end meeting is 15/12/2025 → less than 6 months: not rated
    yearend.set_review_date(db, 2025, dt.date(2025, 12, 15))
    _points(db, ids["lam"], 85)
    # Minh: 45 points → KHTNV
    _deeds(db, ids["minh"], dung=2)
    _points(db, ids["minh"], 45)

    before = yearend.task_facts(db, 2025, ids["hai"])
    assert before is not None and (before.assigned, before.not_done) == (5, 3)
    yearend.set_task_facts(db, 2025, ids["hai"], {"tasks_assigned": "6", "tasks_on_time": 3})

    (result,) = yearend.score(db, 2025)
    by_id = {p.person.person_id: p for p in result.people}

    def seen(key: str) -> tuple[str | None, str]:
        person = by_id[ids[key]]
        return person.final_level, person.reasons[-1]

    assert seen("an") == ("HTXSNV", "Điều kiện nhiệm vụ đủ (8 việc, 8 đúng hạn, 3 vượt mức): "
                                    "Hoàn thành xuất sắc nhiệm vụ.")
    assert seen("binh") == ("HTTNV", "91 điểm nhưng 2/8 việc vượt mức (25% < 30%): Hoàn thành tốt nhiệm vụ.")
    assert seen("cuc") == ("HTNV", "91 điểm nhưng 1/8 việc trễ hạn (12,5% ≤ 20%): Hoàn thành nhiệm vụ.")
    level, reason = seen("dao")
    assert level is None and by_id[ids["dao"]].committee_decides
    assert reason.startswith("91 điểm nhưng 2/8 việc trễ hạn (25% > 20%)") and "cấp ủy xem xét, quyết định" in reason
    assert seen("em") == ("HTNV", "80 điểm nhưng 1/5 việc trễ hạn (20% ≤ 20%): Hoàn thành nhiệm vụ.")
    level, reason = seen("giang")
    assert level is None and reason.startswith("75 điểm nhưng 2/4 việc không hoàn thành (50%)")
    level, reason = seen("hai")
    assert level is None and reason.startswith("75 điểm nhưng 3/6 việc không hoàn thành (50%)")
    assert seen("khanh") == ("KHTNV", "Bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống: "
                                      "xếp Không hoàn thành nhiệm vụ.")
    lam = by_id[ids["lam"]]
    assert lam.status == "not_rated"
    assert lam.reasons[0].startswith("Vào Đảng ngày 16/06/2025, chưa đủ 6 tháng tính đến 15/12/2025")
    assert seen("minh")[0] == "KHTNV"
    assert by_id[ids["minh"]].reasons[0] == "Tổng 45 điểm, dưới 50 điểm: Không hoàn thành nhiệm vụ."

    # The committee decides Đào's case, with a written reason.
    yearend.set_final_level(db, 2025, ids["dao"], "HTNV", "Nghị quyết của chi ủy ngày 20/12/2025")
    (result,) = yearend.score(db, 2025)
    dao = next(p for p in result.people if p.person.person_id == ids["dao"])
    assert (dao.final_level, dao.overridden, dao.committee_decides) == ("HTNV", True, False)


def test_task_facts_refuse_counts_that_do_not_add_up(db) -> None:
    unit = units.add_unit(db, "Chi bộ Thôn Tây", "chi_bo").inserted_id("units")
    person = _member(db, unit, "Nguyễn Văn Tư")
    _deeds(db, person, dung=2)
    with pytest.raises(UserError, match="nhiều hơn số nhiệm vụ được giao"):
        yearend.set_task_facts(db, 2025, person, {"tasks_late": 1})
    with pytest.raises(UserError, match="không phải số việc"):
        yearend.set_task_facts(db, 2025, person, {"tasks_assigned": "tám"})
    yearend.set_task_facts(db, 2025, person, {"tasks_assigned": 3, "tasks_late": "1"})
    facts = yearend.task_facts(db, 2025, person)
    assert facts is not None and (facts.assigned, facts.on_time, facts.late) == (3, 2, 1)
    yearend.set_task_facts(db, 2025, person, {"tasks_assigned": "", "tasks_late": None})  # back to the deeds
    facts = yearend.task_facts(db, 2025, person)
    assert facts is not None and (facts.assigned, facts.late) == (2, 0)


def test_form_comes_from_the_position_and_can_be_changed(db) -> None:
    unit = units.add_unit(db, "Chi bộ Thôn Nam", "chi_bo").inserted_id("units")
    leader = _member(db, unit, "Nguyễn Văn Trưởng", position="Phó Chủ tịch UBND xã")
    teacher = _member(db, unit, "Trần Thị Giáo", position="Giáo viên")
    farmer = _member(db, unit, "Lê Văn Nông", position="Nông dân")
    forms = {p.person_id: p.form for p in yearend.year_inputs(db, 2025)}
    assert (forms[leader], forms[teacher], forms[farmer]) == ("2A", "2B", "2C")
    yearend.set_form(db, 2025, farmer, "2B")
    assert {p.person_id: p.form for p in yearend.year_inputs(db, 2025)}[farmer] == "2B"


def test_the_calendar_counts_the_days_and_names_who_is_not_done(db) -> None:
    unit = units.add_unit(db, "Chi bộ Thôn Bắc", "chi_bo").inserted_id("units")
    an = _member(db, unit, "Nguyễn Văn An")
    _member(db, unit, "Trần Văn Bình")
    _points(db, an, 80)
    calendar = yearend.rating_calendar(db, 2025, dt.date(2025, 12, 1))
    assert (calendar.days_left, calendar.days_left_late, calendar.to_rate) == (30, 45, 2)
    assert calendar.no_points == ["Trần Văn Bình"] and calendar.no_level == ["Trần Văn Bình"]
    assert calendar.describe(dt.date(2025, 12, 1)) == (
        "Xếp loại cuối năm 2025 (01/12/2025): còn 30 ngày đến hạn 31/12/2025.")
    late = yearend.rating_calendar(db, 2025, dt.date(2026, 1, 5))
    assert late.describe(dt.date(2026, 1, 5)) == (
        "Xếp loại cuối năm 2025 (05/01/2026): đã qua hạn 31/12/2025; đơn vị khóa sổ muộn còn 10 ngày đến 15/01/2026.")
