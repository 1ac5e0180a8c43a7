"""Dates known only by year or month, and look-alike letters: core's side of a real list's first import."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.core import dates, people, vntext
from desktop.core.errors import ValidationError
from desktop.core.rules import default_preset_for, preset
from desktop.core.scoring import PersonYearInput, _not_rated_reason


@pytest.mark.parametrize(("written", "stored", "shown"), [
    ("1968", "1968", "1968"),
    ("năm 1959", "1959", "1959"),
    ("NĂM 1959", "1959", "1959"),
    ("3/1968", "1968-03", "03/1968"),
    ("tháng 3/1968", "1968-03", "03/1968"),
    ("05/03/1968", "1968-03-05", "05/03/1968"),
])
def test_a_partial_date_is_stored_as_known_and_shown_as_written(written: str, stored: str, shown: str) -> None:
    assert dates.parse_partial(written) == stored
    assert dates.format_date(stored) == shown


def test_the_bounds_of_a_partial_date() -> None:
    assert (dates.earliest("1968"), dates.latest("1968")) == (dt.date(1968, 1, 1), dt.date(1968, 12, 31))
    assert (dates.earliest("2024-02"), dates.latest("2024-02")) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert dates.precision("1968-03") == dates.MONTH and dates.is_partial("1968") and not dates.is_partial("1968-03-05")
    with pytest.raises(ValueError, match="tháng 1–12"):
        dates.parse_partial("13/1968")


def test_validation_compares_partial_dates_by_what_they_can_be() -> None:
    today = dt.date(2026, 12, 1)
    out = people.validate({"birth_date": "1968", "joined_date": "1968", "official_date": "1968-12"}, today)
    assert (out["birth_date"], out["joined_date"], out["official_date"]) == ("1968", "1968", "1968-12")
    with pytest.raises(ValidationError) as exc:
        people.validate({"birth_date": "1990", "joined_date": "3/1989"}, today)
    assert "sau ngày sinh" in exc.value.fields["joined_date"]
    with pytest.raises(ValidationError) as exc:
        people.validate({"birth_date": "2027"}, today)
    assert "tương lai" in exc.value.fields["birth_date"]


def test_six_months_since_admission_counts_from_the_latest_possible_day_and_says_so() -> None:
    rules = preset(default_preset_for(2026))
    assert rules.min_party_months == 6
    person = PersonYearInput(1, "Lò Văn Pấu", 1, "Bản Nậm Ngá", 1, "Đảng bộ xã La Bằng", joined_date="2026")
    reason = _not_rated_reason(rules, person, 2026)  # admitted in 2026, any day up to 31/12: not sure of 6 months
    assert reason is not None
    assert "Vào Đảng 2026 (không rõ ngày; tính từ ngày muộn nhất có thể, 31/12/2026)" in reason
    person = dataclasses.replace(person, joined_date="2026-06")  # 30/06/2026 + 6 months = 30/12/2026: rated
    assert _not_rated_reason(rules, person, 2026) is None


def test_look_alike_letters_become_vietnamese() -> None:
    assert vntext.clean("\u00d0ào Thị Hoa") == "Đào Thị Hoa"
    assert vntext.clean("Nguy\u00f0n") == "Nguyđn"
    assert vntext.fold("\u00d0ào") == vntext.fold("Đào") == "dao"
    assert vntext.clean("\u0189inh") == "Đinh"
    assert vntext.search_terms("\u00d0ÀO") == ["dao"]


def test_names_in_capitals_become_vietnamese_title_case() -> None:
    assert vntext.is_capitals("LÒ VĂN PẤU") and not vntext.is_capitals("Lò Văn Pấu")
    assert vntext.title_case("LÒ VĂN PẤU") == "Lò Văn Pấu"
    assert vntext.title_case("ĐINH THỊ ĐÀO") == "Đinh Thị Đào"
    assert vntext.title_case("NGUYỄN THỊ MINH-KHAI") == "Nguyễn Thị Minh-Khai"


def test_a_stored_day_reads_as_itself_and_an_impossible_one_is_refused() -> None:
    assert dates.parse_partial("1968-03-05") == "1968-03-05"
    assert dates.parse_partial("1968-3-5") == "1968-03-05"
    with pytest.raises(ValueError, match="không phải ngày có thật"):
        dates.parse_partial("1968-02-30")
