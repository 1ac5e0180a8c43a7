"""Printing a report without Excel: the report's HTML laid out on an A4 QPrinter.

The layout runs in the GUI thread: Qt's text layout keeps glyphs from the
laying-out thread's font cache, so a document laid out in a worker crashes
when drawn after that thread ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
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


def print_document(html: str, header: PartyHeader, landscape: bool) -> tuple[QTextDocument, QPrinter]:
    """The report as a document on an A4 printer with the margins of Cài đặt."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    top, bottom, left, right = header.margins_mm
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setDefaultFont(QFont("Times New Roman", 12))
    document.setHtml(html)
    return document, printer


def _signatures(document: QTextDocument) -> list[QTextFrame]:
    """The signature blocks: the tables whose first cell starts "Nơi nhận:"."""
    found: list[QTextFrame] = []
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.cellAt(0, 0).firstCursorPosition().block().text().startswith(
                "Nơi nhận:"):
            found.append(frame)
    return found


def lay_out(document: QTextDocument, printer: QPrinter) -> QSizeF:
    """Lay the document out on `printer`'s page (unless it already is) without splitting a
    signature block across two pages; returns the page size. Long: run it in the worker."""
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    size = QSizeF(page.width(), page.height())
    if document.pageSize() == size:
        return size
    document.documentLayout().setPaintDevice(printer)
    signatures = _signatures(document)
    for frame in signatures:
        reset = frame.frameFormat()
        reset.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        frame.setFrameFormat(reset)
    document.setPageSize(size)
    for frame in signatures:
        rect = document.documentLayout().frameBoundingRect(frame)
        if int(rect.top() // size.height()) != int((rect.bottom() - 1) // size.height()):
            moved = frame.frameFormat()
            moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFrameFormat(moved)
    return size


def paint_report(document: QTextDocument, printer: QPrinter) -> None:
    """Print (or preview) the laid-out document, numbering the pages "Trang i/n"."""
    size = lay_out(document, printer)  # the user may have turned the page in the preview
    width, height = size.width(), size.height()
    count = document.pageCount()
    painter = QPainter(printer)
    painter.setFont(QFont("Times New Roman", 10))
    for number in range(count):
        if number:
            printer.newPage()
        painter.save()
        painter.translate(0, -number * height)
        document.drawContents(painter, QRectF(0, number * height, width, height))
        painter.restore()
        painter.drawText(QRectF(0, height, width, height / 20), Qt.AlignmentFlag.AlignHCenter,
                         f"Trang {number + 1}/{count}")
    painter.end()


@dataclass
class PrintJob:
    """What the worker prepares for printing: plain HTML (Qt's text layout must run in the
    GUI thread: laid out elsewhere, its glyphs would point into that thread's font cache)."""

    title: str
    html: str
    header: PartyHeader
    landscape: bool


def prepare_print(built: BuiltReport) -> PrintJob:
    return PrintJob(f"Xem trước khi in — {REPORT_TITLES[built.kind]} năm {built.year}",
                    printable.report_html(built.header, built.sheets), built.header, printable.is_wide(built.sheets))
