"""Xếp loại tập thể: storing a collective's year rating, its checks, the award it earns, undo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core import changes, collectives, integrity, people, units, yearend, years
from desktop.core import db as dbmod
from desktop.core.collectives import Rating
from desktop.core.errors import LockedYearError, UserError
from desktop.core.rules import rules_for_year

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FULL = {"all_tasks_done": True, "beyond_30": True, "shortcomings_fixed": True}


@pytest.fixture
def commune(db) -> dict[str, int]:
    """Đảng bộ xã (a đảng bộ cơ sở) with two chi bộ; An, Bình, Cường in Xóm Đồng, Dũng in Xóm Bãi."""
    root = units.add_unit(db, "Đảng bộ xã La Bằng", "dang_bo").inserted_id("units")
    dong = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo", root).inserted_id("units")
    bai = units.add_unit(db, "Chi bộ Xóm Bãi", "chi_bo", root).inserted_id("units")
    to = units.add_unit(db, "Tổ đảng 1", "to_dang", dong).inserted_id("units")
    ids = {"root": root, "dong": dong, "bai": bai, "to": to}
    for key, name, unit in (("An", "Nguyễn Văn An", dong), ("Bình", "Trần Văn Bình", dong),
                            ("Cường", "Lê Văn Cường", to), ("Dũng", "Phạm Văn Dũng", bai)):
        ids[key] = people.add_person(db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                          "joined_date": "19/05/2010"}).inserted_id("people")
    years.ensure_year(db, 2025)
    return ids


def test_v2_file_upgrades_to_v3_with_an_empty_rating_table(tmp_path) -> None:
    path = tmp_path / "so.sqlite"
    shutil.copy(FIXTURES / "schema_v2.sqlite", path)
    db = dbmod.open_db(path)
    try:
        assert dbmod.schema_version(db) == dbmod.SCHEMA_VERSION  # v3, and every step after it
        assert db.execute("SELECT count(*) FROM unit_ratings").fetchone()[0] == 0
        chi_bo = db.execute("SELECT id FROM units WHERE kind = 'chi_bo' LIMIT 1").fetchone()[0]
        collectives.set_rating(db, 2025, chi_bo, Rating("HTXSNV", True, "Dẫn đầu phong trào"),
                               {2021: Rating("HTXSNV", True)})
        assert db.execute("SELECT year, level, exemplary, note FROM unit_ratings ORDER BY year").fetchall() == [
            (2021, "HTXSNV", 1, None), (2025, "HTXSNV", 1, "Dẫn đầu phong trào")]
        # The file's working years are untouched: 2021 was typed in, not opened.
        assert years.get_year(db, 2021) is None
        with pytest.raises(Exception, match="CHECK"), db.atomic():
            db.execute("UPDATE unit_ratings SET level = 'HTTNV' WHERE year = 2025")
    finally:
        dbmod.close_db(db)
    assert integrity.check_file(path).ok


def test_rating_is_stored_shown_and_undone(db, commune) -> None:
    change = collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True, "  Dẫn đầu  "))
    assert change.changed.scores and not change.changed.people
    found = collectives.collective(db, 2025, commune["dong"])
    assert found.rating == Rating("HTXSNV", True, "Dẫn đầu")
    assert found.level_text(rules_for_year(db, 2025)) == "Hoàn thành xuất sắc nhiệm vụ"
    changes.undo(db, change)
    assert collectives.collective(db, 2025, commune["dong"]).rating == Rating()
    assert db.execute("SELECT count(*) FROM unit_ratings").fetchone()[0] == 0
    audit = db.execute("SELECT label FROM audit_log WHERE table_name = 'unit_ratings'").fetchall()
    assert audit[0][0] == "Xếp loại tập thể năm 2025: Chi bộ Xóm Đồng"


def test_exemplary_needs_htxsnv_and_nothing_is_written(db, commune) -> None:
    with pytest.raises(UserError, match="chỉ tập thể được xếp loại Hoàn thành xuất sắc nhiệm vụ mới được chọn là "
                                        "tiêu biểu \\(đang là Hoàn thành tốt nhiệm vụ\\)"):
        collectives.set_rating(db, 2025, commune["dong"], Rating("HTTNV", True))
    with pytest.raises(UserError, match="đang là Chưa xếp loại"):
        collectives.set_rating(db, 2025, commune["dong"], Rating(None, True))
    with pytest.raises(UserError, match="năm 2022: chỉ tập thể"):  # an earlier year is checked too
        collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True), {2022: Rating("HTNV", True)})
    with pytest.raises(UserError, match="Tổ đảng 1 là tổ đảng, không xếp loại tập thể"):
        collectives.set_rating(db, 2025, commune["to"], Rating("HTTNV"))
    with pytest.raises(UserError, match="Năm đã qua phải trước năm 2025"):
        collectives.set_rating(db, 2025, commune["dong"], Rating("HTTNV"), {2026: Rating("HTTNV")})
    assert db.execute("SELECT count(*) FROM unit_ratings").fetchone()[0] == 0


def test_award_in_the_year_needs_htxsnv_and_exemplary(db, commune) -> None:
    collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", False))
    assert collectives.collective(db, 2025, commune["dong"]).awards == []
    assert collectives.collective(db, 2025, commune["dong"]).award_text == "Không đề nghị"
    collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True))
    assert collectives.collective(db, 2025, commune["dong"]).awards == [
        "Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2025"]
    # The đảng bộ cơ sở itself is awarded by the committee above it.
    collectives.set_rating(db, 2025, commune["root"], Rating("HTXSNV", True))
    assert collectives.collective(db, 2025, commune["root"]).awards == [
        "Giấy khen của cấp ủy cấp trên trực tiếp: Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2025"]


def test_five_years_running_from_typed_in_history(db, commune) -> None:
    earlier = {y: Rating("HTXSNV", True) for y in range(2021, 2025)}
    collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True), earlier)
    found = collectives.collective(db, 2025, commune["dong"])
    assert set(found.earlier) == {2021, 2022, 2023, 2024}
    assert found.awards[1] == ("Đề nghị cấp ủy cấp trên khen thưởng: Hoàn thành xuất sắc nhiệm vụ tiêu biểu "
                               "5 năm liền (2021–2025)")
    # 2023 HTXSNV but not tiêu biểu: the run is broken under the default reading…
    collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True), {2023: Rating("HTXSNV", False)})
    assert len(collectives.collective(db, 2025, commune["dong"]).awards) == 1
    # …and kept when the rule set reads "5 năm liền" as HTXSNV each year.
    rules = rules_for_year(db, 2025)
    from dataclasses import replace
    lenient = replace(rules, awards=replace(rules.awards, collective_streak_exemplary=False))
    assert len(collectives.collective(db, 2025, commune["dong"], lenient).awards) == 2
    # A missing year breaks it under both readings.
    collectives.set_rating(db, 2025, commune["dong"], Rating("HTXSNV", True), {2022: Rating()})
    assert len(collectives.collective(db, 2025, commune["dong"], lenient).awards) == 1


def test_proposals_follow_the_rule_sets_switch_and_span() -> None:
    from dataclasses import replace

    from desktop.core.rules import preset
    rules = preset("366")
    history = {y: Rating("HTXSNV", True) for y in range(2022, 2025)}
    assert len(collectives.proposals(rules, 2025, Rating("HTXSNV", True), history, grass_roots=False)) == 1
    shorter = replace(rules, titles=replace(rules.titles, excellent_streak_years=4))
    assert "4 năm liền (2022–2025)" in collectives.proposals(shorter, 2025, Rating("HTXSNV", True), history,
                                                              grass_roots=False)[1]
    old = replace(rules, awards=replace(rules.awards, enabled=False))
    assert collectives.proposals(old, 2025, Rating("HTXSNV", True), history, grass_roots=False) == []


def test_member_figures_count_the_subtree(db, commune) -> None:
    yearend.set_points(db, 2025, commune["An"], {"chung": 28, "nhiem_vu": 65})
    yearend.set_flags(db, 2025, commune["An"], FULL)
    yearend.set_points(db, 2025, commune["Bình"], {"chung": 25, "nhiem_vu": 55})
    yearend.set_flags(db, 2025, commune["Bình"], {"all_tasks_done": True})
    yearend.set_points(db, 2025, commune["Cường"], {"chung": 25, "nhiem_vu": 55})
    yearend.set_flags(db, 2025, commune["Cường"], {"all_tasks_done": True, "disciplined": True})
    figures = collectives.member_figures(db, 2025, commune["dong"])
    assert figures.counts == {"HTXSNV": 1, "HTTNV": 1, "HTNV": 0, "KHTNV": 1}
    assert figures.rated == 3 and figures.pending == 0
    assert figures.excellent_percent_of_good == 100
    assert figures.failing == ["Lê Văn Cường"] and figures.disciplined == ["Lê Văn Cường"]
    lines = figures.lines(rules_for_year(db, 2025))
    assert "Hoàn thành xuất sắc nhiệm vụ so với số Hoàn thành tốt nhiệm vụ: 100,0%" in lines
    assert "Không hoàn thành nhiệm vụ: Lê Văn Cường" in lines
    bai = collectives.member_figures(db, 2025, commune["bai"])
    assert bai.rated == 0 and bai.pending == 1 and bai.excellent_percent_of_good is None


def test_a_locked_year_refuses_the_rating(db, commune) -> None:
    years.lock_year(db, 2025)
    with pytest.raises(LockedYearError):
        collectives.set_rating(db, 2025, commune["dong"], Rating("HTTNV"))


def test_rated_units_are_dang_bo_and_chi_bo_in_tree_order(db, commune) -> None:
    assert [u.name for u in collectives.rated_units(db)] == [
        "Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
    assert [c.name for c in collectives.collectives(db, 2025)] == [
        "Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
