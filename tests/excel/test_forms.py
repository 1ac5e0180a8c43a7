"""The printable forms of issue 12, read back as a clerk would: the person's deeds and level are there."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlite_utils import Database

from desktop.core import deeds, document_numbers, person_record, rules, yearend
from desktop.core.person_record import listed_people
from desktop.core.scoring import NOT_RATED
from desktop.core.statistics import statistics
from desktop.excel.forms.registry import FORMS, export_form
from desktop.excel.reports.common import committee_name
from tests.excel.import_builders import convert_with_libreoffice

TODAY = dt.date(2026, 11, 23)


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _rated_member(db: Database) -> tuple[int, str, str]:
    """A đảng viên with deeds and a level: (id, name, level)."""
    for result in yearend.score(db, 2026):
        for p in result.people:
            if p.final_level and deeds.person_deeds(db, 2026, p.person.person_id):
                return p.person.person_id, p.person.name, p.final_level
    raise AssertionError("the demo file has no rated member with deeds")


def test_self_assessment_carries_the_persons_deeds_outcomes_points_and_level(demo_db: Database, tmp_path: Path) -> None:
    pid, name, level = _rated_member(demo_db)
    out = export_form(demo_db, 2026, "self-assessment", tmp_path / "kd.docx", today=TODAY, person_ids=[pid])
    text = _text(out)
    assert name in text
    for deed in deeds.person_deeds(demo_db, 2026, pid):
        assert deed.content in text
        assert deed.outcome_label in text
    assert f"({level})" in text
    score = person_record.year_record(demo_db, 2026, pid).score
    assert score is not None and f"Năm 2026 (Mẫu {score.person.form})" in text  # the person's form of HD 43
    assert "NGƯỜI TỰ KIỂM ĐIỂM" in text and "T/M CHI BỘ" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ngày 23 tháng 11 năm 2026" in text


def test_pledge_form_lists_each_registered_deed_with_its_deadline(demo_db: Database, tmp_path: Path) -> None:
    pid, name, _ = _rated_member(demo_db)
    text = _text(export_form(demo_db, 2026, "pledge-forms", tmp_path / "dk.docx", today=TODAY, person_ids=[pid]))
    assert name in text and "NGƯỜI ĐĂNG KÝ" in text and "XÁC NHẬN CỦA CHI BỘ" in text
    for deed in deeds.person_deeds(demo_db, 2026, pid):
        assert deed.content in text
        if deed.due_date:
            assert dt.date.fromisoformat(deed.due_date).strftime("%d/%m/%Y") in text


def test_whole_chi_bo_gets_one_section_per_person_each_numbered_on_its_own(demo_db: Database, tmp_path: Path) -> None:
    everyone = listed_people(demo_db, 2026, members_only=True)
    out = export_form(demo_db, 2026, "self-assessment", tmp_path / "all.docx", today=TODAY)
    doc = Document(str(out))
    assert len(doc.sections) == len(everyone)
    for section in doc.sections:
        assert section.different_first_page_header_footer
        assert section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType") \
            .get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"
    text = _text(out)
    assert all(p.full_name in text for p in everyone)


def test_person_history_shows_each_year_with_level(demo_db: Database, tmp_path: Path) -> None:
    pid, name, level = _rated_member(demo_db)
    text = _text(export_form(demo_db, 2026, "person-history", tmp_path / "ls.docx", today=TODAY, person_ids=[pid]))
    assert name in text and "2026" in text and level in text


def test_annual_report_prints_the_statistics_figures(demo_db: Database, tmp_path: Path) -> None:
    total = statistics(demo_db, 2026, committee_name(demo_db), TODAY).total
    number = document_numbers.DocumentNumber("09", dt.date(2026, 12, 5))
    text = _text(export_form(demo_db, 2026, "annual-report", tmp_path / "bc.docx", today=TODAY, number=number))
    assert f"{total.members_registered}/{total.members}" in text
    assert f"{total.masses_registered}/{total.masses}" in text
    assert f"{total.individual_deeds} việc của cá nhân và {total.collective_deeds} việc của tập thể" in text
    assert f"{total.reviews_done}/{total.reviews_due}" in text
    assert f"Hoàn thành tốt nhiệm vụ: {total.httnv}/{total.rated}" in text
    assert "Số 09-BC/" in text and "ngày 05 tháng 12 năm 2026" in text
    for head in ("II. ƯU ĐIỂM", "III. HẠN CHẾ", "IV. NGUYÊN NHÂN", "V. PHƯƠNG HƯỚNG"):
        assert head in text
    assert "Nơi nhận:" in text


def test_collective_plan_lists_the_collective_deeds(demo_db: Database, tmp_path: Path) -> None:
    text = _text(export_form(demo_db, 2026, "collective-plan", tmp_path / "kh.docx", today=TODAY))
    found = deeds.collective_deeds(demo_db, 2026)
    assert found
    assert all(d.content in text for d in found)


def test_rating_list_has_each_rated_member_and_level(demo_db: Database, tmp_path: Path) -> None:
    pid, name, level = _rated_member(demo_db)
    out = export_form(demo_db, 2026, "rating-list", tmp_path / "ds.xlsx", today=TODAY)
    ws = load_workbook(out).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    mine = [r for r in rows if name in r]
    assert mine and level in mine[0]
    assert {"2A", "2B", "2C"} & set(mine[0])  # the person's form, not left blank


def test_typed_number_and_date_are_remembered_per_form_and_year(demo_db: Database) -> None:
    value = document_numbers.DocumentNumber("09", dt.date(2026, 12, 5))
    document_numbers.remember(demo_db, "annual-report", 2026, value)
    assert document_numbers.remembered(demo_db, "annual-report", 2026) == value
    assert document_numbers.remembered(demo_db, "annual-report", 2025) == document_numbers.DocumentNumber()
    assert document_numbers.parse_number("Số 09-BC/CB") == "09"
    assert document_numbers.parse_number("  ") is None


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", list(FORMS))
def test_each_form_opens_in_libreoffice(demo_db: Database, tmp_path: Path, name: str) -> None:
    ids = [p.id for p in listed_people(demo_db, 2026, members_only=True)[:2]] if FORMS[name].per_person else None
    out = export_form(demo_db, 2026, name, tmp_path / f"form{FORMS[name].suffix}", today=TODAY, person_ids=ids)
    pdf = convert_with_libreoffice(out, "pdf")
    assert pdf is not None and pdf.stat().st_size > 5_000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_chi_bo_paper_is_signed_for_the_chi_bo(demo_db: Database, tmp_path: Path) -> None:
    # The demo file is a đảng bộ's: a chi bộ's plan and a member's history are the chi bộ's papers.
    pid, name, _ = _rated_member(demo_db)
    history = _text(export_form(demo_db, 2026, "person-history", tmp_path / "ls.docx", today=TODAY,
                                person_ids=[pid]))
    assert "T/M CHI BỘ" in history and "T/M ĐẢNG ỦY" not in history
    plan = Document(str(export_form(demo_db, 2026, "collective-plan", tmp_path / "kh.docx", today=TODAY)))
    first_header = plan.tables[0].rows[0].cells[0].text
    assert first_header.startswith("ĐẢNG BỘ XÃ LA BẰNG\nCHI BỘ ") and "-KH/CB" in first_header
    signature = plan.tables[-1].rows[0].cells
    assert "T/M CHI BỘ" in signature[1].text and "Đảng ủy xã La Bằng (để báo cáo)," in signature[0].text


def test_the_signature_keeps_the_last_lines_with_it(demo_db: Database, tmp_path: Path) -> None:
    doc = Document(str(export_form(demo_db, 2026, "annual-report", tmp_path / "bc.docx", today=TODAY)))
    # the signature table ends the body; the paragraphs before it (section V and its lines) go with it
    assert doc.element.body[-2] is doc.tables[-1]._tbl  # the last child is the section properties
    last = doc.paragraphs[-3:]
    assert all(p.paragraph_format.keep_with_next for p in last)


def test_the_annual_reports_level_shares_add_up_to_100(demo_db: Database, tmp_path: Path) -> None:
    text = _text(export_form(demo_db, 2026, "annual-report", tmp_path / "bc.docx", today=TODAY))
    section = text[text.index("Số đảng viên được đánh giá, xếp loại"):]
    section = section[: section.index("Số Hoàn thành xuất sắc nhiệm vụ so với")]
    shares = [float(x.replace(",", ".")) for x in re.findall(r"\((\d+,\d)%\)", section)]
    assert len(shares) == 4 and round(sum(shares), 1) == 100.0
    assert "phần dư lớn nhất" in text


def test_self_assessment_prints_the_criteria_of_the_persons_form(demo_db: Database, tmp_path: Path) -> None:
    rules.set_rules(demo_db, 2026, rules.preset("366-2C"))
    rated = [p.person for r in yearend.score(demo_db, 2026) for p in r.people if p.status != NOT_RATED]
    leader = next(p for p in rated if p.form == "2A")
    farmer = next(p for p in rated if p.form == "2C")
    yearend.set_points(demo_db, 2026, farmer.person_id, {"chinh_tri": 18, "hoc_tap": 13.5})
    out = export_form(demo_db, 2026, "self-assessment", tmp_path / "kd.docx", today=TODAY,
                      person_ids=[leader.person_id, farmer.person_id])
    doc = Document(str(out))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables
              if t.rows and [c.text for c in t.rows[0].cells] == ["Tiêu chí", "Điểm tối đa", "Điểm tự chấm"]]
    assert [[row[:2] for row in t[1:]] for t in tables] == [
        [["Tiêu chí chung", "30"], ["Kết quả thực hiện nhiệm vụ", "70"], ["Tổng cộng", "100"]],  # 2A: the default
        [["Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", "20"],
         ["Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm", "10"],
         ["Thực hiện nhiệm vụ đảng viên và nhiệm vụ chi bộ phân công", "40"],
         ["Học tập, quán triệt nghị quyết; tham gia ý kiến trong sinh hoạt chi bộ", "15"],
         ["Nhiệm vụ đột xuất, phong trào ở địa phương (theo sức khỏe, độ tuổi)", "15"], ["Tổng cộng", "100"]]]
    assert [row[2] for row in tables[1][1:]] == ["18", "", "", "13,5", "", "31,5"]
