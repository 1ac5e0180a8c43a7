"""A Word document laid out as a party document (Hướng dẫn 36-HD/VPTW), python-docx.

The Word twin of excel/reports/party_form: A4, the margins from Cài đặt, the
Normal style Times New Roman 14 pt; the header block (higher committee and
issuing body top left with `*` and "Số …", "ĐẢNG CỘNG SẢN VIỆT NAM" and the
place-date line top right), the title, then the form's body, the signature
bottom right and "Nơi nhận:" bottom left.

Several documents may share one file (a form for each person of the chi bộ):
each starts a new section on a new page, and each section numbers its own
pages, from the second page, at the top centre, as party documents do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from desktop.excel.reports.party_form import PARTY_MOTTO, PartyHeader, place_date_line
from desktop.excel.safe_save import save_document

FONT_NAME = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_PT = 15
TITLE_PT = 15
TABLE_PT = 12
RECIPIENTS_HEAD_PT = 12
RECIPIENTS_PT = 11
# Lines before the signature that go to its page with it (a heading and a few writing lines).
KEPT_WITH_SIGNATURE = 6
A4_MM = (210, 297)


@dataclass(frozen=True)
class Signature:
    """Who signs: "T/M CHI BỘ" / "BÍ THƯ" / name, or a person signing their own form."""

    on_behalf: str | None
    role: str
    name: str


def chapter_signature(header: PartyHeader) -> Signature:
    return Signature(header.signer_on_behalf, header.signer_role, header.signer_name)


class PartyDocument:
    """One .docx holding one or more party documents, each from a new page."""

    def __init__(self, margins_mm: Sequence[float]) -> None:
        self.doc: DocxDocument = Document()
        self._margins = tuple(float(m) for m in margins_mm)
        self._documents = 0
        normal = self.doc.styles["Normal"]
        _font(normal.font, BODY_PT)
        _east_asian(normal.element.get_or_add_rPr())
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(3), 1.1

    @property
    def text_width(self) -> Mm:
        top, bottom, left, right = self._margins
        return Mm(A4_MM[0] - left - right)

    # -- structure ---------------------------------------------------------
    def start(self) -> None:
        """Begin a new document: a new section on a new page, its own page numbers."""
        if self._documents:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        else:
            section = self.doc.sections[0]
        self._documents += 1
        top, bottom, left, right = self._margins
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(max(5.0, top / 2))
        section.different_first_page_header_footer = True
        pg = section._sectPr.find(qn("w:pgNumType"))
        if pg is None:
            pg = OxmlElement("w:pgNumType")
            section._sectPr.append(pg)
        pg.set(qn("w:start"), "1")
        if self._documents == 1:
            _page_number(section.header.paragraphs[0])

    def save(self, path: Path) -> Path:
        save_document(self.doc, path)
        return path

    # -- the party-document parts -----------------------------------------
    def header_block(self, header: PartyHeader, *, number_line: str | None, date: dt.date | None) -> None:
        """Top left the committees, `*` and "Số …"; top right the motto and place-date."""
        table = self._layout_table(2, widths=(0.45, 0.55))
        left, right = table.rows[0].cells
        lines: list[tuple[str, bool]] = []
        if header.superior_name:
            lines.append((header.superior_name.upper(), False))
        lines.append((header.issuer_name.upper(), True))
        for i, (text, bold) in enumerate(lines):
            self._cell_line(left, text, HEADER_PT, bold=bold, first=i == 0)
        self._cell_line(left, "*", HEADER_PT)
        if number_line:
            self._cell_line(left, number_line, HEADER_PT)
        self._cell_line(right, PARTY_MOTTO, MOTTO_PT, bold=True, underline=True, first=True)
        when = date or header.date
        self._cell_line(right, "", HEADER_PT)
        self._cell_line(right, place_date_line(header.place, when), BODY_PT, italic=True)
        self.blank(6)

    def title(self, text: str, summary: str | None = None) -> None:
        self.paragraph(text.upper(), bold=True, size=TITLE_PT, align="center", after=2)
        if summary:
            self.paragraph(summary, italic=True, align="center", after=2)
        self.blank(6)

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True, align="left", before=6, keep_with_next=True)

    def paragraph(self, text: str = "", *, bold: bool = False, italic: bool = False, size: float = BODY_PT,
                  align: str = "justify", before: float = 0, after: float = 3, indent_mm: float = 0,
                  keep_with_next: bool = False) -> Paragraph:
        para = self.doc.add_paragraph()
        para.alignment = _ALIGN[align]
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent_mm:
            fmt.first_line_indent = Mm(indent_mm)
        fmt.keep_with_next = keep_with_next
        if text:
            _font(para.add_run(text).font, size, bold=bold, italic=italic)
        return para

    def field(self, label: str, value: str | None) -> None:
        """"Họ và tên: Nguyễn Văn An"; an empty value leaves a dotted line to write on."""
        para = self.paragraph(align="left", after=2)
        _font(para.add_run(f"{label}: ").font, BODY_PT)
        if value:
            _font(para.add_run(value).font, BODY_PT)
        else:
            self._dots(para)

    def bullet(self, text: str) -> None:
        self.paragraph(f"- {text}", indent_mm=10)

    def writing_lines(self, count: int) -> None:
        """Dotted lines across the page where the person writes by hand."""
        for _ in range(count):
            self._dots(self.paragraph(align="left", after=0))

    def blank(self, points: float = 6) -> None:
        para = self.paragraph(after=0)
        _font(para.add_run("").font, 1)
        para.paragraph_format.line_spacing = Pt(points)

    def table(self, titles: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
              *, centred: Sequence[int] = ()) -> Table:
        """A boxed table (12 pt), header row repeated on each page, rows never split."""
        table = self.doc.add_table(rows=1, cols=len(titles))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(widths)
        sizes = [Mm(float(self.text_width.mm) * w / total) for w in widths]
        for column, size in zip(table.columns, sizes, strict=True):
            column.width = size
        for cell, text, size in zip(table.rows[0].cells, titles, sizes, strict=True):
            cell.width = size
            self._cell_line(cell, text, TABLE_PT, bold=True, first=True, align="center")
        _repeat_header(table.rows[0])
        for values in rows:
            row = table.add_row()
            _cant_split(row)
            for i, (cell, value, size) in enumerate(zip(row.cells, values, sizes, strict=True)):
                cell.width = size
                text = "" if value is None else str(value)
                self._cell_line(cell, text, TABLE_PT, first=True, align="center" if i in centred else "left")
        self.blank(6)
        return table

    def signature_block(self, signature: Signature, recipients: Sequence[str] = (),
                        *, left: Signature | None = None) -> None:
        """Bottom right the signer; bottom left "Nơi nhận:" or a second signer.

        The block is one table row that never splits, so it moves whole to the
        next page rather than leave the name without its title; the last lines
        before it keep with it, so it never stands alone on a page."""
        for para in self.doc.paragraphs[-KEPT_WITH_SIGNATURE:]:
            para.paragraph_format.keep_with_next = True
        table = self._layout_table(2, widths=(0.5, 0.5))
        left_cell, right_cell = table.rows[0].cells
        if left is not None:
            self._signer(left_cell, left)
        elif recipients:
            self._cell_line(left_cell, "Nơi nhận:", RECIPIENTS_HEAD_PT, bold=True, italic=True, first=True,
                            align="left")
            for n, name in enumerate(recipients, start=1):
                end = "." if n == len(recipients) else ","
                self._cell_line(left_cell, f"- {name}{end}", RECIPIENTS_PT, align="left")
        self._signer(right_cell, signature)
        _cant_split(table.rows[0])

    # -- helpers -----------------------------------------------------------
    def _signer(self, cell: _Cell, signature: Signature) -> None:
        first = True
        for line in (signature.on_behalf or "").splitlines():
            self._cell_line(cell, line, BODY_PT, bold=True, first=first)
            first = False
        self._cell_line(cell, signature.role, BODY_PT, bold=True, first=first)
        for _ in range(3):
            self._cell_line(cell, "", BODY_PT)
        self._cell_line(cell, signature.name or "", BODY_PT, bold=True)

    def _layout_table(self, cols: int, widths: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=1, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, cell, share in zip(table.columns, table.rows[0].cells, widths, strict=True):
            column.width = cell.width = Mm(float(self.text_width.mm) * share)
        return table

    def _cell_line(self, cell: _Cell, text: str, size: float, *, bold: bool = False, italic: bool = False,
                   underline: bool = False, first: bool = False, align: str = "center") -> None:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        para.alignment = _ALIGN[align]
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.space_before = Pt(0)
        run = para.add_run(text)
        _font(run.font, size, bold=bold, italic=italic)
        run.font.underline = underline

    def _dots(self, para: Paragraph) -> None:
        para.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _font(para.add_run("\t").font, BODY_PT)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _font(font: object, size: float, *, bold: bool = False, italic: bool = False) -> None:
    font.name = FONT_NAME  # type: ignore[attr-defined]
    font.size = Pt(size)  # type: ignore[attr-defined]
    font.bold = bold  # type: ignore[attr-defined]
    font.italic = italic  # type: ignore[attr-defined]


def _east_asian(rpr: BaseOxmlElement) -> None:
    """Word picks a font per script; name Times New Roman for every one of them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT_NAME)


def _page_number(para: Paragraph) -> None:
    """A PAGE field, centred: in the section's ordinary header (the first page has none)."""
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    _font(run.font, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _repeat_header(row: object) -> None:
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    props.append(element)


def _cant_split(row: object) -> None:
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    props.append(OxmlElement("w:cantSplit"))
