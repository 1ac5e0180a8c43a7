"""`annual-report`: Báo cáo kết quả học tập và làm theo Bác năm … (the Chỉ thị 05 report).

A prose skeleton with every figure filled in from `annual_figures` (the same
counts as the Thống kê workbook): registration of đảng viên and quần chúng
apart, deeds of individuals and collectives, models, monthly review coverage,
people commended and reminded, the year-end levels, and the models as
examples. The secretary completes the headed sections: ưu điểm, hạn chế,
nguyên nhân, phương hướng.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import vntext
from desktop.core.annual_figures import AnnualFigures, annual_figures
from desktop.core.rules import LEVEL_CODES, rules_for_year
from desktop.core.statistics import Figures
from desktop.excel.forms.context import FormRequest, Progress
from desktop.excel.forms.word_document import PartyDocument, chapter_signature
from desktop.excel.reports.common import SHARES_NOTE, committee_name, shares_adding_to_100

TITLE = "Báo cáo"
SHOWN_NAMES = 15


def pct(part: int, whole: int) -> str:
    """"12/15 (80,0%)": one decimal, Vietnamese comma."""
    if not whole:
        return f"{part}/{whole}"
    return f"{part}/{whole} ({part * 100 / whole:.1f}%)".replace(".", ",")


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES])
    more = f" và {len(names) - SHOWN_NAMES} đồng chí khác" if len(names) > SHOWN_NAMES else ""
    return shown + more


def _registration(doc: PartyDocument, t: Figures) -> None:
    doc.heading("2. Kết quả đăng ký học tập và làm theo")
    doc.paragraph(
        f"Số đảng viên đăng ký: {pct(t.members_registered, t.members)} đảng viên đang sinh hoạt; "
        f"số quần chúng đăng ký: {pct(t.masses_registered, t.masses)} quần chúng. "
        f"Tổng số việc đăng ký: {t.individual_deeds} việc của cá nhân và {t.collective_deeds} việc của "
        f"tập thể; {t.models} mô hình.", indent_mm=10)


def _monthly(doc: PartyDocument, f: AnnualFigures) -> None:
    t = f.stats.total
    doc.heading("3. Việc đánh giá hằng tháng")
    doc.paragraph(
        f"Trong {f.stats.months_due} tháng đã qua của năm, chi bộ tổ chức {t.meetings} buổi sinh hoạt có đánh giá "
        f"việc học tập và làm theo; đã đánh giá {pct(t.reviews_done, t.reviews_due)} lượt người cần đánh giá "
        f"(Tốt {t.reviews_tot}, Đạt {t.reviews_dat}, Chưa đạt {t.reviews_chua_dat} lượt). "
        f"Biểu dương {t.commended} lượt ({t.people_commended} người); nhắc nhở {t.reminded} lượt "
        f"({t.people_reminded} người).", indent_mm=10)
    if f.commended:
        doc.paragraph(f"Được biểu dương: {_names(f.commended)}.", indent_mm=10)
    if f.reminded:
        doc.paragraph(f"Được nhắc nhở, giúp đỡ: {_names(f.reminded)}.", indent_mm=10)


def _levels(doc: PartyDocument, req: FormRequest, f: AnnualFigures) -> None:
    t = f.stats.total
    rules = rules_for_year(req.db, req.year)
    doc.heading("4. Kết quả đánh giá, xếp loại chất lượng đảng viên")
    counts = [t.level(code) for code in LEVEL_CODES]
    shares = shares_adding_to_100(counts) if sum(counts) == t.rated else [None] * len(counts)
    levels = "; ".join(
        f"{rules.level_name(code)}: {count}/{t.rated}" + (f" ({share * 100:.1f}%)".replace(".", ",") if share is not None
                                                         else "")
        for code, count, share in zip(LEVEL_CODES, counts, shares, strict=True))
    pending = f"; {t.pending} đồng chí chưa có kết quả" if t.pending else ""
    doc.paragraph(
        f"Tổng số đảng viên: {t.year_members} (chính thức {t.official}, dự bị {t.probationary}); miễn công tác "
        f"và sinh hoạt đảng {t.exempt}; đình chỉ sinh hoạt {t.suspended}; mới kết nạp chưa đủ 6 tháng {t.new_members}. "
        f"Số đảng viên được đánh giá, xếp loại: {t.rated}{pending}. Trong đó: {levels}. "
        f"Số Hoàn thành xuất sắc nhiệm vụ so với số Hoàn thành tốt nhiệm vụ: {pct(t.htxsnv, t.httnv)}. Số đảng viên bị kỷ luật: {t.disciplined}. Đề nghị danh hiệu "
        f"{rules.titles.advanced_name}: {t.title_advanced} (trong đó {rules.titles.soldier_name}: {t.title_soldier}).",
        indent_mm=10)
    doc.paragraph(SHARES_NOTE, italic=True, size=12, indent_mm=10)
    for quota in f.stats.quotas:
        doc.paragraph(quota.text, italic=True, indent_mm=10)


def _models(doc: PartyDocument, f: AnnualFigures) -> None:
    doc.heading("5. Những mô hình, điển hình tiêu biểu")
    if not f.models:
        doc.paragraph("(Năm nay sổ chưa ghi mô hình nào.)", italic=True)
        doc.writing_lines(2)
        return
    for m in f.models:
        # "Chi bộ" registering for itself reads as its name, not "Chi bộ (Chi bộ Trạm Y tế)".
        same = vntext.fold(m.who) in vntext.fold(m.unit)
        who = m.unit if same else f"{m.who} ({m.unit})"
        doc.bullet(f"{who}: {m.content}" + (f"; kết quả: {m.result}" if m.result else "") + ".")


def write(req: FormRequest, path: Path, progress: Progress | None = None) -> Path:
    if progress:
        progress(0, 2, "Đang tính số liệu của báo cáo năm…")
    figures = annual_figures(req.db, req.year, committee_name(req.db), req.today)
    header = req.header
    doc = PartyDocument(header.margins_mm)
    doc.start()
    doc.header_block(header, number_line=req.number_line("BC"), date=req.issued_on)
    doc.title(TITLE, f"Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {req.year}")
    doc.heading("I. KẾT QUẢ THỰC HIỆN")
    doc.heading("1. Việc học tập, quán triệt chuyên đề năm")
    if figures.theme:
        doc.paragraph(f"Chuyên đề năm {req.year}: “{figures.theme}”.", indent_mm=10)
    doc.writing_lines(3)
    _registration(doc, figures.stats.total)
    _monthly(doc, figures)
    _levels(doc, req, figures)
    _models(doc, figures)
    for title in ("II. ƯU ĐIỂM", "III. HẠN CHẾ", "IV. NGUYÊN NHÂN", f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {req.year + 1}"):
        doc.heading(title)
        doc.writing_lines(4)
    doc.blank(8)
    doc.signature_block(chapter_signature(header), header.recipients)
    if progress:
        progress(1, 2, "Đang lưu tệp…")
    return doc.save(path)
