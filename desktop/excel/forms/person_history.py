"""`person-history`: one person across the years (lịch sử học tập và làm theo Bác).

Per year: the deeds registered and how they ended, the monthly marks, the
points, the level and the title; and the person's status changes. Printed
from the person's dialog ("In lịch sử") or `export --report person-history`.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import dates, deeds, people, reviews
from desktop.core.person_record import PersonHistory, history, year_record
from desktop.core.rules import format_points
from desktop.core.scoring import title_name
from desktop.excel.forms.context import FormRequest, Progress, branch_confirmation, personal_header
from desktop.excel.forms.pledge import person_details
from desktop.excel.forms.word_document import PartyDocument, Signature

TITLE = "Lịch sử học tập và làm theo Bác"


def _year_rows(record: PersonHistory) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for y in record.years:
        outcomes = [deeds.OUTCOME_LABELS.get(d.outcome or "", "Đang thực hiện") for d in y.deeds]
        deed_text = "; ".join(f"{d.content} ({o.lower()})" for d, o in zip(y.deeds, outcomes, strict=True))
        marks = " ".join(f"{m.month}:{reviews.REVIEW_LEVELS.get(m.level or '', '–')}" for m in y.months)
        praised = sum(1 for m in y.months if m.commended)
        reminded = sum(1 for m in y.months if m.reminded)
        if praised or reminded:
            marks += f" (biểu dương {praised}, nhắc nhở {reminded})"
        score = y.score
        points = format_points(score.total) if score and score.total is not None else ""
        level = score.final_level if score and score.final_level else ""
        title = (title_name(y.rules, score.title) or "") if score else ""
        rows.append((y.year, deed_text or "—", marks or "—", points, level, title))
    return rows


def write_history(doc: PartyDocument, req: FormRequest, record: PersonHistory) -> None:
    header = personal_header(req, record.person)
    doc.start()
    doc.header_block(header, number_line=None, date=req.issued_on)
    doc.title(TITLE, f"Của đồng chí {record.person.full_name}" if record.person.kind == "dang_vien"
              else f"Của {record.person.full_name}")
    person_details(doc, record.years[-1] if record.years else year_record(req.db, req.year, record.person.id))
    if record.status_changes:
        changes = "; ".join(f"{people.STATUS_LABELS.get(c.status, c.status)} từ {dates.format_date(c.effective_date)}"
                            for c in record.status_changes)
        doc.field("Quá trình sinh hoạt", changes)
    if not record.years:
        doc.paragraph("Sổ chưa ghi việc đăng ký, đánh giá hay xếp loại nào của người này.", italic=True)
    else:
        doc.table(["Năm", "Việc đăng ký và kết quả", "Đánh giá hằng tháng", "Điểm", "Xếp loại", "Danh hiệu"],
                  _year_rows(record), widths=(15, 58, 44, 15, 19, 20), centred=(0, 3, 4))
    doc.blank(8)
    # Issued under the chi bộ's name, so the chi bộ signs (its secretary by hand in a đảng bộ's file).
    doc.signature_block(Signature(*branch_confirmation(req, header)), ("Lưu chi bộ",))


def write(req: FormRequest, person_ids: list[int], path: Path, progress: Progress | None = None) -> Path:
    doc = PartyDocument(req.header.margins_mm)
    for done, person_id in enumerate(person_ids):
        record = history(req.db, person_id)
        if progress:
            progress(done, len(person_ids) + 1, f"Đang lập lịch sử của {record.person.full_name}…")
        write_history(doc, req, record)
    return doc.save(path)
