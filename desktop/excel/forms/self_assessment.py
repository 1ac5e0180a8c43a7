"""`self-assessment`: Bản kiểm điểm cá nhân cuối năm (after Mẫu 2A/2B/2C of HD 43-HD/BTCTW).

Prefilled with what the file knows: under "việc thực hiện cam kết tu dưỡng,
rèn luyện, phấn đấu" the year's registered deeds and their outcomes; the
monthly review results; the points per criterion; the proposed level and
its reasons. The sections only the member can write are left as lines; the
chi bộ's comment and proposal close the form.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import dates, deeds, reviews
from desktop.core.person_record import PersonYear, year_records
from desktop.core.rules import format_points
from desktop.core.scoring import NOT_RATED
from desktop.excel.forms.context import FormRequest, Progress, branch_confirmation, personal_header
from desktop.excel.forms.pledge import person_details
from desktop.excel.forms.word_document import PartyDocument, Signature

TITLE = "Bản kiểm điểm cá nhân"


def _deeds(doc: PartyDocument, record: PersonYear) -> None:
    doc.heading("2. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm")
    if not record.deeds:
        doc.paragraph(f"Năm {record.year} không đăng ký việc làm theo Bác nào trong sổ.", italic=True)
        doc.writing_lines(2)
        return
    done = sum(1 for d in record.deeds if d.outcome in ("hoan_thanh", "vuot_muc"))
    doc.paragraph(f"Đăng ký {len(record.deeds)} việc làm theo Bác; đã hoàn thành {done}/{len(record.deeds)} việc:")
    rows = []
    for n, d in enumerate(record.deeds, start=1):
        content = d.content + (f" (chỉ tiêu: {d.target})" if d.target else "")
        outcome = deeds.OUTCOME_LABELS.get(d.outcome or "", "Đang thực hiện")
        rows.append((n, content, dates.format_date(d.due_date), f"{outcome}: {d.result}" if d.result else outcome))
    doc.table(["STT", "Việc đã đăng ký", "Thời hạn", "Kết quả thực hiện"], rows,
              widths=(14, 82, 26, 43), centred=(0, 2))


def _months(doc: PartyDocument, record: PersonYear) -> None:
    doc.heading("3. Kết quả đánh giá hằng tháng")
    if not record.months:
        doc.paragraph(f"Chưa có kết quả đánh giá tháng nào năm {record.year} trong sổ.", italic=True)
        return
    counts = {code: sum(1 for m in record.months if m.level == code) for code in reviews.REVIEW_LEVELS}
    parts = [f"{n} tháng {reviews.REVIEW_LEVELS[code]}" for code, n in counts.items() if n]
    commended = [m.month for m in record.months if m.commended]
    reminded = [m.month for m in record.months if m.reminded]
    text = f"Được đánh giá {sum(counts.values())} tháng: " + (", ".join(parts) or "chưa xếp mức") + "."
    if commended:
        text += f" Được biểu dương tháng {', '.join(map(str, commended))}."
    if reminded:
        text += f" Bị nhắc nhở tháng {', '.join(map(str, reminded))}."
    doc.paragraph(text)
    shown = {m.month: m for m in record.months}
    doc.paragraph("Mức đánh giá từng tháng (tháng 1 đến tháng 12):", keep_with_next=True)
    doc.table([str(n) for n in range(1, 13)],
              [[reviews.REVIEW_LEVELS.get(shown[n].level or "", "") if n in shown else "" for n in range(1, 13)]],
              widths=[1] * 12, centred=range(12))


def _points(doc: PartyDocument, record: PersonYear) -> None:
    rules, score = record.rules, record.score
    doc.heading("V. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG")
    if score is None or score.status == NOT_RATED:
        why = " ".join(score.reasons) if score else "Không có trong danh sách xếp loại cuối năm."
        doc.paragraph(f"Không thuộc diện xếp loại năm {record.year}: {why}")
        return
    rules = rules.for_form(score.person.form)  # the criteria table of the person's form
    if rules.uses_points:
        rows = [(c.name, format_points(c.max_points),
                 format_points(score.points[c.code]) if c.code in score.points else "")
                for c in rules.criteria]
        total = format_points(score.total) if score.total is not None else ""
        rows.append(("Tổng cộng", format_points(rules.max_total), total))
        doc.paragraph(f"Điểm theo {rules.name} (điểm đã ghi trong sổ):")
        doc.table(["Tiêu chí", "Điểm tối đa", "Điểm tự chấm"], rows, widths=(110, 25, 30), centred=(1, 2))
    level = rules.level_name(score.proposed_level) if score.proposed_level else None
    doc.field("Tự nhận mức xếp loại", f"{level} ({score.proposed_level})" if level else None)
    if score.reasons:
        doc.paragraph("Căn cứ: " + " ".join(score.reasons), italic=True)


def write_self_assessment(doc: PartyDocument, req: FormRequest, record: PersonYear) -> None:
    header = personal_header(req, record.person)
    doc.start()
    doc.header_block(header, number_line=None, date=req.issued_on)
    form = f" (Mẫu {record.score.person.form})" if record.score else ""  # the person's form of HD 43
    doc.title(TITLE, f"Năm {record.year}{form}")
    person_details(doc, record)
    doc.heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC")
    doc.heading("1. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; "
                "tác phong, lề lối làm việc")
    doc.writing_lines(4)
    _deeds(doc, record)
    _months(doc, record)
    doc.heading("4. Kết quả thực hiện chức trách, nhiệm vụ được giao")
    doc.writing_lines(3)
    doc.heading("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")
    doc.writing_lines(3)
    doc.heading("III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CHỈ RA")
    doc.writing_lines(2)
    doc.heading("IV. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM")
    doc.writing_lines(2)
    _points(doc, record)
    doc.blank(8)
    doc.signature_block(Signature(None, "NGƯỜI TỰ KIỂM ĐIỂM", record.person.full_name))
    doc.heading("NHẬN XÉT, ĐÁNH GIÁ CỦA CHI BỘ")
    doc.writing_lines(3)
    final = record.level
    proposal = f"{record.rules.level_name(final)} ({final})" if final else None
    doc.field("Chi bộ đề xuất xếp loại", proposal)
    on_behalf, role, name = branch_confirmation(req, header)
    doc.signature_block(Signature(on_behalf, role, name))


def write(req: FormRequest, person_ids: list[int], path: Path, progress: Progress | None = None) -> Path:
    doc = PartyDocument(req.header.margins_mm)
    records = year_records(req.db, req.year, person_ids)
    for done, record in enumerate(records):
        if progress:
            progress(done, len(records) + 1, f"Đang lập bản kiểm điểm của {record.person.full_name}…")
        write_self_assessment(doc, req, record)
    return doc.save(path)
