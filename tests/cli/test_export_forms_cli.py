"""`export --report FORM`: the Word forms by person, number and date; bad input exits 2 in Vietnamese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from desktop.cli import main
from desktop.core import document_numbers, person_record
from desktop.core.db import close_db, open_db
from desktop.core.person_record import listed_people


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--members", "40", "--year", "2026"]) == 0
    return path


@pytest.fixture(scope="module")
def member(demo_file: Path) -> str:
    """A đảng viên whose name nobody else in the file has."""
    db = open_db(demo_file)
    try:
        return next(p.full_name for p in listed_people(db, 2026, members_only=True)
                    if len(person_record.find_person(db, p.full_name)) == 1)
    finally:
        close_db(db)


def _export(demo_file: Path, *args: str) -> int:
    return main(["export", "--db", str(demo_file), "--year", "2026", *args])


def _text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)


@pytest.mark.parametrize("form", ["pledge-forms", "self-assessment", "person-history"])
def test_a_per_person_form_for_one_person(demo_file, member, tmp_path, capsys, form) -> None:
    out = tmp_path / f"{form}.docx"
    assert _export(demo_file, "--report", form, "--person", member, "--date", "05/12/2026", "-o", str(out)) == 0
    assert f"Đã xuất {out}." in capsys.readouterr().out
    doc = Document(str(out))
    assert len(doc.sections) == 1  # one person, one document
    text = _text(out)
    assert member in text and "ngày 05 tháng 12 năm 2026" in text


def test_number_and_date_are_printed_and_remembered(demo_file, tmp_path, capsys) -> None:
    first = tmp_path / "bao-cao.docx"
    assert _export(demo_file, "--report", "annual-report", "--number", "09", "--date", "05/12/2026",
                   "-o", str(first)) == 0
    assert "Số 09-BC/" in _text(first) and "ngày 05 tháng 12 năm 2026" in _text(first)
    db = open_db(demo_file)
    try:
        stored = document_numbers.remembered(db, "annual-report", 2026)
    finally:
        close_db(db)
    assert stored == document_numbers.DocumentNumber("09", dt.date(2026, 12, 5))
    again = tmp_path / "lan-sau.docx"
    assert _export(demo_file, "--report", "annual-report", "-o", str(again)) == 0
    assert "Số 09-BC/" in _text(again)  # typed once, kept for the next export of the year


def test_a_wrong_name_is_refused_and_nothing_written(demo_file, tmp_path, capsys) -> None:
    out = tmp_path / "x.docx"
    assert _export(demo_file, "--report", "pledge-forms", "--person", "Không Có Ai", "-o", str(out)) == 2
    assert "Không có ai tên «Không Có Ai» trong tệp dữ liệu" in capsys.readouterr().err
    assert not out.exists()


def test_a_wrong_extension_is_refused(demo_file, member, tmp_path, capsys) -> None:
    out = tmp_path / "ban-kiem-diem.xlsx"
    assert _export(demo_file, "--report", "self-assessment", "--person", member, "-o", str(out)) == 2
    assert "phải có đuôi .docx" in capsys.readouterr().err
    assert not out.exists()


def test_a_wrong_date_is_refused(demo_file, tmp_path, capsys) -> None:
    out = tmp_path / "x.docx"
    assert _export(demo_file, "--report", "pledge-forms", "--date", "31/13/2026", "-o", str(out)) == 2
    assert "Ngày văn bản «31/13/2026» không hợp lệ" in capsys.readouterr().err
    assert not out.exists()


def test_a_whole_chi_bo_form_takes_no_person(demo_file, member, tmp_path, capsys) -> None:
    out = tmp_path / "ke-hoach.docx"
    assert _export(demo_file, "--report", "collective-plan", "--person", member, "-o", str(out)) == 2
    assert "hãy bỏ --person" in capsys.readouterr().err
    assert not out.exists()
