"""The forms by name (the command line's --report, the Báo cáo screen's list) and one export entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop.core.document_numbers import DocumentNumber
from desktop.core.person_record import listed_people
from desktop.excel.forms import (
    annual_report,
    collective_plan,
    person_history,
    pledge,
    rating_list,
    self_assessment,
)
from desktop.excel.forms.context import FormRequest, Progress

PersonWriter = Callable[[FormRequest, list[int], Path, Progress | None], Path]
UnitWriter = Callable[[FormRequest, Path, Progress | None], Path]


@dataclass(frozen=True)
class Form:
    """A printable form: per person (one document each) or one for the file."""

    title: str
    suffix: str  # ".docx" or ".xlsx"
    per_person: PersonWriter | None = None
    whole: UnitWriter | None = None
    members_only: bool = False  # per-person forms for đảng viên only


FORMS: dict[str, Form] = {
    "pledge-forms": Form("Bản đăng ký làm theo Bác (cá nhân)", ".docx", per_person=pledge.write),
    "collective-plan": Form("Kế hoạch, bản đăng ký tập thể", ".docx", whole=collective_plan.write),
    "self-assessment": Form("Bản kiểm điểm cá nhân cuối năm", ".docx", per_person=self_assessment.write,
                            members_only=True),
    "rating-list": Form("Danh sách xếp loại đảng viên (Mẫu 04)", ".xlsx", per_person=rating_list.write,
                        members_only=True),
    "annual-report": Form("Báo cáo kết quả học tập và làm theo Bác năm", ".docx", whole=annual_report.write),
    "person-history": Form("Lịch sử của một người qua các năm", ".docx", per_person=person_history.write),
}


def export_form(db: Database, year: int, name: str, path: Path, *, today: dt.date,
                person_ids: list[int] | None = None, number: DocumentNumber | None = None,
                progress: Progress | None = None) -> Path:
    """Write form `name` of `year` to `path`: for the given people, or everyone it concerns."""
    form = FORMS[name]
    req = FormRequest(db, year, today, person_ids, number or DocumentNumber())
    if form.whole is not None:
        written = form.whole(req, path, progress)
    else:
        assert form.per_person is not None
        ids = person_ids if person_ids is not None else [
            p.id for p in listed_people(db, year, members_only=form.members_only)]
        written = form.per_person(req, ids, path, progress)
    if progress:
        progress(1, 1, "Xong.")
    return written
