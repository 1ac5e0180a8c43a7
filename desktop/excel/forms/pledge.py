"""`pledge-forms`: Bản đăng ký học tập và làm theo Bác of each person (cá nhân).

The person's details, the year's chuyên đề, each registered deed with its
group, target and deadline; lines for the shortcomings to fix; the person
signs as người đăng ký and the chi bộ confirms (T/M CHI BỘ).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import dates, people
from desktop.core.person_record import PersonYear, year_records
from desktop.excel.forms.context import FormRequest, Progress, branch_confirmation, personal_header
from desktop.excel.forms.word_document import PartyDocument, Signature

TITLE = "Bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def person_details(doc: PartyDocument, record: PersonYear) -> None:
    """Name, birth date, position, membership and chi bộ, as every personal form opens."""
    person = record.person
    doc.field("Họ và tên", person.full_name)
    doc.field("Ngày sinh", dates.format_date(person.birth_date))
    doc.field("Chức vụ", person.position)
    if person.kind == "dang_vien":
        kind = f"Đảng viên {people.MEMBERSHIP_LABELS.get(person.membership or '', '').lower()}".strip()
        doc.field("Đảng viên", f"{kind}; ngày vào Đảng: {dates.format_date(person.joined_date) or '……'}")
    else:
        doc.field("Đối tượng", "Quần chúng")
    doc.field("Chi bộ", person.unit_name)


def theme_lines(doc: PartyDocument, record: PersonYear) -> None:
    if record.term_theme:
        doc.paragraph(f"Chuyên đề toàn khóa: {record.term_theme}", italic=True)
    if record.theme:
        doc.paragraph(f"Chuyên đề năm {record.year}: {record.theme}", italic=True)
    else:
        doc.field(f"Chuyên đề năm {record.year}", None)


def write_pledge(doc: PartyDocument, req: FormRequest, record: PersonYear) -> None:
    header = personal_header(req, record.person)
    doc.start()
    doc.header_block(header, number_line=None, date=req.issued_on)
    doc.title(TITLE, f"Năm {record.year}")
    person_details(doc, record)
    theme_lines(doc, record)
    doc.heading("I. NHỮNG VIỆC ĐĂNG KÝ LÀM THEO BÁC")
    if record.deeds:
        rows = [(n, d.content, d.category or "", d.target or "", dates.format_date(d.due_date))
                for n, d in enumerate(record.deeds, start=1)]
        doc.table(["STT", "Nội dung việc làm theo", "Nhóm việc", "Chỉ tiêu, kết quả cần đạt", "Thời hạn"],
                  rows, widths=(14, 58, 28, 40, 26), centred=(0, 4))
    else:
        doc.paragraph("(Chưa đăng ký việc nào trong sổ; ghi tay dưới đây.)", italic=True)
        doc.writing_lines(5)
    doc.heading("II. NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM CẦN KHẮC PHỤC VÀ BIỆN PHÁP THỰC HIỆN")
    doc.writing_lines(4)
    doc.blank(8)
    on_behalf, role, name = branch_confirmation(req, header)
    confirm = Signature(f"XÁC NHẬN CỦA CHI BỘ\n{on_behalf}", role, name)
    doc.signature_block(Signature(None, "NGƯỜI ĐĂNG KÝ", record.person.full_name), left=confirm)


def write(req: FormRequest, person_ids: list[int], path: Path, progress: Progress | None = None) -> Path:
    doc = PartyDocument(req.header.margins_mm)
    records = year_records(req.db, req.year, person_ids)
    for done, record in enumerate(records):
        if progress:
            progress(done, len(records) + 1, f"Đang lập bản đăng ký của {record.person.full_name}…")
        write_pledge(doc, req, record)
    return doc.save(path)
