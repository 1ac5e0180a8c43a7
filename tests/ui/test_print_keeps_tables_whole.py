"""The print preview (HTML on A4, no Excel) keeps each criteria table whole on a page.

The year-end list under 366-2C ends near a page foot: the 2A and 2C criteria
tables that follow it are each on one page, and the signature is on the page
of the last one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QTextFormat, QTextTable
from sqlite_utils import Database

from desktop.core import demo, rules, yearend
from desktop.core.db import close_db, open_db
from desktop.core.scoring import NOT_RATED
from desktop.excel.reports.all_reports import build_report
from desktop.ui.reports.report_print import lay_out, pdf_printer, prepare_print, print_document


def _year_end_job(folder: Path, today: dt.date):  # type: ignore[no-untyped-def]
    db: Database = open_db(folder / "demo.sqlite", create=True)
    try:
        demo.create_demo(db, members=29, seed=7, year=2026, today=today)
        rules.set_rules(db, 2026, rules.preset("366-2C"))
        rated = [p.person for org in yearend.score(db, 2026) for p in org.people if p.status != NOT_RATED]
        for person in rated[:3]:
            yearend.set_form(db, 2026, person.person_id, "2A")
        return prepare_print(build_report(db, 2026, "year-end", today=today))
    finally:
        close_db(db)


# The demo made on this day has a list that ends near a page foot (the case to show); on
# another day its deeds and reviews differ and so does where the list ends.
@pytest.mark.today("2026-11-23")
def test_each_criteria_table_prints_on_one_page_with_the_signature_under_the_last(qapp, tmp_path: Path,
                                                                                   today: dt.date) -> None:
    job = _year_end_job(tmp_path, today)
    document, printer = print_document(job.html, job.header, job.landscape, pdf_printer(tmp_path / "p.pdf",
                                                                                       job.header, job.landscape))
    size = lay_out(document, printer)
    layout = document.documentLayout()

    def pages(frame: QTextTable) -> tuple[int, int]:
        rect = layout.frameBoundingRect(frame)
        return int(rect.top() // size.height()), int((rect.bottom() - 1) // size.height())

    wrapped = [f for f in document.rootFrame().childFrames()
               if isinstance(f, QTextTable) and (f.rows(), f.columns()) == (1, 1)]
    titles = [f.cellAt(0, 0).firstCursorPosition().block().text() for f in wrapped]
    assert titles[:2] == ["Tiêu chí chấm điểm năm 2026, Mẫu 2A: cán bộ lãnh đạo, quản lý",
                          "Tiêu chí chấm điểm năm 2026, Mẫu 2C: đảng viên ngoài hệ thống chính trị (nông dân, hưu trí, "
                          "học sinh, doanh nghiệp…)"]
    for frame in wrapped[:2]:
        first, last = pages(frame)
        assert first == last
    # The list ends near the foot of its page: a table moved to the next page to stay whole.
    assert any(f.frameFormat().pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
               for f in wrapped[:2])
    # The signature is inside the last table's cell, on its page.
    inner = [t for t in wrapped[1].childFrames() if isinstance(t, QTextTable)]
    assert inner[-1].cellAt(0, 0).firstCursorPosition().block().text().startswith("Nơi nhận:")
