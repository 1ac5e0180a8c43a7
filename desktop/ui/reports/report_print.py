"""Printing a report without Excel: the report's HTML laid out on an A4 QPrinter.

Laying out and painting run on a worker (`render_report`): QPainter may
paint a QPrinter or a QImage from any thread. The document never leaves
that thread (Qt's text layout keeps glyphs from the laying-out thread's
font cache, so a document laid out in a worker crashes when drawn elsewhere
after that thread ends): what crosses to the window is the finished PDF
and one small picture per page for the preview, sent as each is painted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter

from desktop.excel.reports import printable
from desktop.excel.reports.all_reports import REPORT_TITLES, BuiltReport
from desktop.excel.reports.party_form import PartyHeader

PREVIEW_DPI = 96  # the preview's pictures: a page on screen at its real size
# A page painted for the preview: its number (from 0), the page count, the picture as PNG.
PageDone = Callable[[int, int, bytes], None]


def page_layout(header: PartyHeader, landscape: bool) -> QPageLayout:
    """A4 with the margins of Cài đặt, across the page for a wide report."""
    top, bottom, left, right = header.margins_mm
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                       QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter)


def pdf_printer(path: Path, header: PartyHeader, landscape: bool) -> QPrinter:
    """A printer writing a PDF file (any thread may paint it)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(page_layout(header, landscape))
    return printer


def print_document(html: str, header: PartyHeader, landscape: bool,
                   printer: QPrinter | None = None) -> tuple[QTextDocument, QPrinter]:
    """The report as a document on an A4 printer (a new one unless given) with the margins of Cài đặt."""
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(header, landscape))
    document = QTextDocument()
    document.setDefaultFont(QFont("Times New Roman", 12))
    document.setHtml(html)
    return document, printer


def _kept_whole(document: QTextDocument) -> list[QTextFrame]:
    """What a page break must not cut: the signature blocks (the tables whose first cell starts
    "Nơi nhận:") and the one-cell tables `printable.kept_whole` wraps (a criteria table)."""
    found: list[QTextFrame] = []
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and (
                (frame.rows(), frame.columns()) == (1, 1)
                or frame.cellAt(0, 0).firstCursorPosition().block().text().startswith("Nơi nhận:")):
            found.append(frame)
    return found


def lay_out(document: QTextDocument, printer: QPrinter) -> QSizeF:
    """Lay the document out on `printer`'s page (unless it already is) without splitting a
    signature block or a criteria table across two pages (each starts a page when it would
    be cut and fits on one); returns the page size. Long: run it in the worker."""
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    size = QSizeF(page.width(), page.height())
    if document.pageSize() == size:
        return size
    document.documentLayout().setPaintDevice(printer)
    signatures = _kept_whole(document)
    for frame in signatures:
        reset = frame.frameFormat()
        reset.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        frame.setFrameFormat(reset)
    document.setPageSize(size)
    for frame in signatures:
        rect = document.documentLayout().frameBoundingRect(frame)
        if (int(rect.top() // size.height()) != int((rect.bottom() - 1) // size.height())
                and rect.height() <= size.height()):
            moved = frame.frameFormat()
            moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFrameFormat(moved)
    return size


def _paint_page(painter: QPainter, document: QTextDocument, size: QSizeF, number: int, count: int) -> None:
    width, height = size.width(), size.height()
    painter.save()
    painter.translate(0, -number * height)
    document.drawContents(painter, QRectF(0, number * height, width, height))
    painter.restore()
    painter.setFont(QFont("Times New Roman", 10))
    painter.drawText(QRectF(0, height, width, height / 20), Qt.AlignmentFlag.AlignHCenter,
                     f"Trang {number + 1}/{count or '…'}")


def _picture(document: QTextDocument, printer: QPrinter, size: QSizeF, number: int, count: int) -> bytes:
    """One page as the preview shows it: the whole sheet of paper, margins included, as PNG."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    scale = PREVIEW_DPI / printer.resolution()
    image = QImage(max(1, round(paper.width() * scale)), max(1, round(paper.height() * scale)),
                   QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    # The printer's resolution, so the page number's font has the size it has on paper.
    dots_per_metre = round(printer.resolution() / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    painter.translate(page.left() - paper.left(), page.top() - paper.top())
    _paint_page(painter, document, size, number, count)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes the str
    return bytes(data.data())


def first_page(job: PrintJob) -> bytes:
    """Page 1 as the preview shows it, laid out from the report's beginning only (`first_html`):
    the page count is not known yet, so it is numbered "Trang 1/…"."""
    document, printer = print_document(job.first_html, job.header, job.landscape)
    return _picture(document, printer, lay_out(document, printer), 0, 0)


def paint_report(document: QTextDocument, printer: QPrinter, page_done: PageDone | None = None,
                 checkpoint: Callable[[], None] = lambda: None) -> int:
    """Print the laid-out document, numbering the pages "Trang i/n"; with `page_done`, each
    page also goes to it as a picture once printed. Returns the page count."""
    size = lay_out(document, printer)
    count = document.pageCount()
    painter = QPainter(printer)
    for number in range(count):
        checkpoint()
        if number:
            printer.newPage()
        _paint_page(painter, document, size, number, count)
        if page_done is not None:
            page_done(number, count, _picture(document, printer, size, number, count))
    painter.end()
    return count


def render_report(job: PrintJob, printer: QPrinter, page_done: PageDone | None = None,
                  checkpoint: Callable[[], None] = lambda: None) -> int:
    """Lay the report out and paint it on `printer` (a PDF file or a real printer), on the
    calling thread from start to end; returns the page count."""
    document, printer = print_document(job.html, job.header, job.landscape, printer)
    return paint_report(document, printer, page_done, checkpoint)


@dataclass
class PrintJob:
    """A report ready to print: its HTML, the party header and the page's direction."""

    title: str
    html: str
    header: PartyHeader
    landscape: bool
    first_html: str = ""  # the beginning, enough for page 1 (shown while the whole is laid out)


def prepare_print(built: BuiltReport) -> PrintJob:
    return PrintJob(f"Xem trước khi in — {REPORT_TITLES[built.kind]} năm {built.year}",
                    printable.report_html(built.header, built.sheets), built.header, printable.is_wide(built.sheets),
                    printable.first_page_html(built.header, built.sheets))
