"""`collective-plan`: Kế hoạch / bản đăng ký tập thể of each chi bộ (or the đảng bộ).

One document per unit that registered collective deeds: each deed with the
collective, whether it is a model, the target and the deadline; the column
for the person in charge is left for the secretary to write (the file does
not record one). In a đảng bộ's file a chi bộ's plan is the chi bộ's paper:
headed by the đảng bộ and the chi bộ, signed T/M CHI BỘ (by hand), sent to
the đảng ủy; the đảng bộ's own plan is the đảng ủy's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.core import dates, deeds, units, vntext, years
from desktop.excel.forms.context import FormRequest, Progress
from desktop.excel.forms.word_document import PartyDocument, chapter_signature
from desktop.excel.reports.common import committee_name, is_party_committee, leading_committee
from desktop.excel.reports.party_form import PartyHeader

BLANK_NUMBER = "Số       -KH/CB"


def _branch_header(req: FormRequest, unit: units.Unit) -> PartyHeader:
    top = committee_name(req.db)
    return replace(req.header, superior_name=top, issuer_name=unit.name, signer_on_behalf="T/M CHI BỘ",
                   signer_role="BÍ THƯ", signer_name="",
                   recipients=(f"{leading_committee(top)} (để báo cáo)", "Lưu chi bộ"))

TITLE = "Kế hoạch"


def write(req: FormRequest, path: Path, progress: Progress | None = None) -> Path:
    header = req.header
    doc = PartyDocument(header.margins_mm)
    info = years.get_year(req.db, req.year)
    found = deeds.collective_deeds(req.db, req.year)
    all_units = units.list_units(req.db)
    by_unit = {u.id: [d for d in found if d.unit_id == u.id] for u in all_units}
    shown = [u for u in all_units if by_unit[u.id]] or all_units[:1]
    for done, unit in enumerate(shown):
        if progress:
            progress(done, len(shown) + 1, f"Đang lập kế hoạch của {unit.name}…")
        items = sorted(by_unit.get(unit.id, []), key=lambda d: (vntext.sort_key(d.collective), d.position, d.id))
        branch = is_party_committee(req.db) and unit.kind != "dang_bo"
        unit_header = _branch_header(req, unit) if branch else header
        doc.start()
        doc.header_block(unit_header, number_line=BLANK_NUMBER if branch else req.number_line("KH"),
                         date=req.issued_on)
        doc.title(TITLE, f"Đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                         f"của tập thể {unit.name} năm {req.year}")
        if info and info.theme:
            doc.paragraph(f"Chuyên đề năm {req.year}: “{info.theme}”.", indent_mm=10)
        models = sum(1 for d in items if d.is_model)
        doc.paragraph(f"{unit.name} đăng ký {len(items)} việc làm theo Bác của tập thể, trong đó {models} mô hình, "
                      "cụ thể như sau:", indent_mm=10)
        rows = [(n, d.collective or unit.name,
                 d.content + (f" (chỉ tiêu: {d.target})" if d.target else "") + (" — mô hình" if d.is_model else ""),
                 "", dates.format_date(d.due_date)) for n, d in enumerate(items, start=1)]
        doc.table(["STT", "Tập thể", "Nội dung việc làm theo", "Người phụ trách", "Thời hạn"], rows,
                  widths=(14, 30, 67, 30, 26), centred=(0, 4))
        doc.heading("Tổ chức thực hiện")
        doc.writing_lines(3)
        doc.blank(8)
        doc.signature_block(chapter_signature(unit_header), unit_header.recipients)
    return doc.save(path)
