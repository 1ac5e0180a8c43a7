"""`score --db F --year Y [--json]` on demo and hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import people, rules, units, yearend
from desktop.core.db import open_db

LEVELS = {"HTXSNV", "HTTNV", "HTNV", "KHTNV", None}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("score") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--members", "80", "--year", "2025", "--today", "23/11/2026"]) == 0
    return path


def run_json(capsys, path: Path, year: int):
    capsys.readouterr()
    assert main(["score", "--db", str(path), "--year", str(year), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_shape_on_a_demo_file(demo_file, capsys) -> None:
    data = run_json(capsys, demo_file, 2025)
    assert isinstance(data, dict)  # one organisation: one object
    assert data["year"] == 2025 and data["rule_set"] == "Quy định 366-QĐ/TW"
    assert {"limit_percent", "excellent", "good", "allowed", "exceeded"} <= set(data["quota"])
    assert data["people"]
    for person in data["people"]:
        assert {"name", "unit", "kind", "points", "total", "level", "reasons"} <= set(person)
        assert {"form", "tasks", "conditions", "committee_decides", "awards", "flags"} <= set(person)
        assert person["form"] in {"2A", "2B", "2C"}
        if person["tasks"] is not None:
            assert {"assigned", "on_time", "late", "not_done", "beyond", "unrecorded"} == set(person["tasks"])
        for check in person["conditions"]:
            assert set(check) == {"level", "condition", "held"}
        assert person["level"] in LEVELS
        assert person["reasons"], person["name"]
        if person["kind"] == "quan_chung":
            assert person["level"] is None
    rated = [p for p in data["people"] if p["level"]]
    assert rated, "the demo scores its members"
    assert data["quota"]["excellent"] == sum(p["level"] == "HTXSNV" for p in rated)
    assert data["quota"]["good"] == sum(p["level"] == "HTTNV" for p in rated)
    assert data["quota"]["exceeded"] == (data["quota"]["excellent"] > data["quota"]["allowed"])


def test_demo_year_totals_add_up(demo_file, capsys) -> None:
    for person in run_json(capsys, demo_file, 2025)["people"]:
        if person["points"]:
            assert person["total"] == pytest.approx(sum(person["points"].values()))
            assert set(person["points"]) <= {"chung", "nhiem_vu"}


def test_readable_table_in_vietnamese(demo_file, capsys) -> None:
    capsys.readouterr()
    assert main(["score", "--db", str(demo_file), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Đảng bộ xã La Bằng — năm 2025 — Quy định 366-QĐ/TW" in out
    header = next(line for line in out.splitlines() if line.startswith("STT"))
    assert "Họ và tên" in header and "Tổng" in header and "Mức" in header
    assert "Số được xếp loại:" in out


def test_missing_file_exits_2(tmp_path, capsys) -> None:
    assert main(["score", "--db", str(tmp_path / "khong-co.sqlite"), "--year", "2025"]) == 2
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err
    assert not (tmp_path / "khong-co.sqlite").exists()


def test_year_not_in_file_exits_2(demo_file, capsys) -> None:
    assert main(["score", "--db", str(demo_file), "--year", "2019"]) == 2
    assert "Tệp chưa có năm 2019" in capsys.readouterr().err


def test_several_organisations_give_a_list(tmp_path, capsys) -> None:
    path = tmp_path / "hai-chi-bo.sqlite"
    db = open_db(path, create=True)
    for branch in ("Chi bộ Trường THCS", "Chi bộ Trạm Y tế"):
        unit = units.add_unit(db, branch, "chi_bo").inserted_id("units")
        person = people.add_person(db, {"full_name": f"Nguyễn Văn An {branch[-3:]}", "unit_id": unit,
                                        "joined_date": "01/01/2000"}).inserted_id("people")
        yearend.set_points(db, 2025, person, {"chung": 25, "nhiem_vu": 50})
    db.close()
    data = run_json(capsys, path, 2025)
    assert isinstance(data, list) and len(data) == 2
    assert {d["organisation"] for d in data} == {"Chi bộ Trạm Y tế", "Chi bộ Trường THCS"}
    assert all(d["people"][0]["level"] == "HTTNV" and d["people"][0]["total"] == 75 for d in data)


def test_json_carries_each_collectives_rating_award_and_figures(tmp_path, capsys) -> None:
    from desktop.core import collectives
    from desktop.core.collectives import Rating
    path = tmp_path / "dang-uy.sqlite"
    db = open_db(path, create=True)
    root = units.add_unit(db, "Đảng bộ xã La Bằng", "dang_bo").inserted_id("units")
    dong = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo", root).inserted_id("units")
    units.add_unit(db, "Chi bộ Xóm Bãi", "chi_bo", root)
    person = people.add_person(db, {"full_name": "Nguyễn Văn An", "unit_id": dong,
                                    "joined_date": "01/01/2000"}).inserted_id("people")
    yearend.set_points(db, 2025, person, {"chung": 25, "nhiem_vu": 50})
    collectives.set_rating(db, 2025, dong, Rating("HTXSNV", True, "Dẫn đầu"),
                           {y: Rating("HTXSNV", True) for y in range(2021, 2025)})
    db.close()
    data = run_json(capsys, path, 2025)
    assert isinstance(data, dict) and data["people"]  # the previous keys stay
    assert [c["unit"] for c in data["collectives"]] == ["Đảng bộ xã La Bằng", "Chi bộ Xóm Bãi", "Chi bộ Xóm Đồng"]
    dong_json = data["collectives"][2]
    assert dong_json["level"] == "HTXSNV" and dong_json["exemplary"] and dong_json["note"] == "Dẫn đầu"
    assert dong_json["awards"] == [
        "Giấy khen của Đảng ủy cơ sở: Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2025",
        "Đề nghị cấp ủy cấp trên khen thưởng: Hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền (2021–2025)"]
    assert dong_json["earlier"]["2021"] == {"level": "HTXSNV", "exemplary": True}
    assert dong_json["members"]["counts"] == {"HTXSNV": 0, "HTTNV": 1, "HTNV": 0, "KHTNV": 0}
    assert data["collectives"][1]["level"] is None and data["collectives"][1]["level_name"] == "Chưa xếp loại"
    assert data["collectives"][0]["members"]["rated"] == 1
    capsys.readouterr()
    assert main(["score", "--db", str(path), "--year", "2025"]) == 0
    assert ("Xếp loại tổ chức đảng — Chi bộ Xóm Đồng: Hoàn thành xuất sắc nhiệm vụ, tiêu biểu; khen thưởng: "
            "Giấy khen của Đảng ủy cơ sở") in capsys.readouterr().out


def test_json_and_table_with_people_of_forms_whose_criteria_differ(tmp_path, capsys) -> None:
    path = tmp_path / "mau.sqlite"
    assert main(["demo", "--db", str(path), "--members", "30", "--year", "2025", "--today", "23/11/2026"]) == 0
    db = open_db(path)
    rules.set_rules(db, 2025, rules.preset("366-2C"))
    forms = {p.person_id: p.form for p in yearend.year_inputs(db, 2025) if p.kind == "dang_vien"}
    farmer = next(pid for pid, form in forms.items() if form == "2C")
    yearend.set_points(db, 2025, farmer, {"chinh_tri": 18, "tu_phe_binh": 9, "nhiem_vu_chi_bo": 36,
                                          "hoc_tap": 13.5, "phong_trao": 14})
    name = people.get_person(db, farmer).full_name
    db.close()
    data = run_json(capsys, path, 2025)
    by_form = {p["form"]: p for p in data["people"] if p["kind"] == "dang_vien"}
    assert [c["code"] for c in by_form["2A"]["criteria"]] == ["chung", "nhiem_vu"]
    assert by_form["2C"]["criteria"][0] == {"code": "chinh_tri", "group": "chung", "max_points": 20,
                                            "name": "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật"}
    person = next(p for p in data["people"] if p["name"] == name)
    assert person["points"] == {"chinh_tri": 18, "tu_phe_binh": 9, "nhiem_vu_chi_bo": 36, "hoc_tap": 13.5,
                                "phong_trao": 14}
    assert person["total"] == 90.5 and {"name", "unit", "kind", "level", "reasons", "tasks"} <= set(person)
    assert main(["score", "--db", str(path), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("STT")).split()
    assert header[header.index("Loại") + 1:header.index("Tổng")] == [
        "Mẫu", "chung", "nhiem_vu", "chinh_tri", "tu_phe_binh", "nhiem_vu_chi_bo", "hoc_tap", "phong_trao"]
    row = next(line for line in out.splitlines() if name in line)
    assert row.split()[-11:-2] == ["2C", "·", "·", "18", "9", "36", "13,5", "14", "90,5"], row
    assert ("Bảng tiêu chí theo mẫu: Mẫu 2A: chung, nhiem_vu; Mẫu 2C: chinh_tri, tu_phe_binh, nhiem_vu_chi_bo, "
            "hoc_tap, phong_trao.") in out
