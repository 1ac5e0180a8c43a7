"""The same report as HTML, for printing without Excel (Qt's QTextDocument + QPrinter).

A commune without Excel still prints and signs: the window lays this HTML
out on A4 and prints it or saves a PDF. It draws the same `ReportTable`s as
the workbook: header block, title, table (its header rows repeat on every
page: <thead>), totals, notes, signature and Nơi nhận; each sheet starts on
a new page. What must not be cut by a page break (a criteria table, the last
with the signature) is wrapped in a one-cell table (`kept_whole`) that the
print layout moves to the next page whole. Numbers are written the Vietnamese way (1.234; 87,5%). Only the
HTML subset QTextDocument understands is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any

from desktop.excel.reports.common import Sheet
from desktop.excel.reports.party_form import (
    EMPTY_TABLE,
    PARTY_MOTTO,
    TOTALS_LABEL,
    Column,
    PartyHeader,
    ReportTable,
)
from desktop.excel.reports.party_form import place_date_line as _place_date_line

_STYLE = """
body { font-family: 'Times New Roman'; font-size: 12pt; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid black; padding: 1px 3px; }
table.grid th { font-weight: bold; text-align: center; vertical-align: middle; }
td.num { text-align: right; }
td.mid { text-align: center; }
"""


def shown(column: Column, value: Any) -> str:
    """A cell's text as printed: Vietnamese number punctuation, dd/mm/yyyy dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if column.kind == "percent":
        # Decimal of the shortest repr: 0.8765 shows 87,7% as Excel does, not 87,6%.
        share = (Decimal(repr(value)) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{share}%".replace(".", ",")
    if isinstance(value, int) and column.kind in ("int", "text"):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def _cell_class(column: Column, value: Any) -> str:
    side = column.align or ("mid" if column.kind == "date" else "left" if column.kind == "text"
                            or isinstance(value, str) else "num")
    return {"center": "mid", "right": "num"}.get(side, side)


# Average advance of Times New Roman, in em, and millimetres per point.
_EM_PER_CHAR = 0.5
_MM_PER_PT = 25.4 / 72


def _natural(table: ReportTable) -> list[float]:
    """Column widths in characters: the workbook's where it fixes them, else the longest
    text (long text wraps at 45), plus the cell's padding."""
    natural: list[float] = []
    for column in table.columns:
        if column.width is not None:
            natural.append(column.width + 2)  # the cell's padding and borders
            continue
        longest = max((len(shown(column, row.get(column.key))) for row in table.rows), default=0)
        title_word = max((len(w) for w in column.title.split()), default=0)
        cap = 45 if column.kind == "text" else 14
        natural.append(min(cap, max(longest, title_word, 4)) + 2)
    return natural


def _font_pt(natural: list[float], page_mm: float) -> float:
    """The table's font size: 10.5 pt, smaller (down to 7 pt) when its columns need more
    room than the page has, as Excel's fit-to-width shrinks a wide sheet."""
    fits = page_mm / (sum(natural) * _EM_PER_CHAR * _MM_PER_PT)
    return round(max(7.0, min(10.5, fits)), 1)


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _header_block(header: PartyHeader) -> str:
    left = (f"{escape(header.superior_name.upper())}<br/><b>{escape(header.issuer_name.upper())}</b>"
            f"<br/>*<br/>{escape(header.doc_number).replace('  ', '&nbsp; ')}")
    right = (f'<span style="font-size: 13pt; font-weight: bold; text-decoration: underline">{PARTY_MOTTO}</span>'
             "<br/><br/><br/>"
             f"<i>{escape(_place_date_line(header.place, header.date))}</i>")
    return (f'<table width="100%"><tr><td width="45%" align="center" valign="top">{left}</td>'
            f'<td width="55%" align="center" valign="top">{right}</td></tr></table>')


def _table(table: ReportTable, page_mm: float, rows: int | None = None) -> str:
    """The table as HTML; `rows` keeps only the first rows (widths still from every row)."""
    columns = table.columns
    natural = _natural(table)
    # Qt does not pass a table's font size on to its cells, nor a cell's to a <b> inside
    # it: each cell carries the size, and bold or italic text is a styled span.
    pt = _font_pt(natural, page_mm)
    fs = f' style="font-size: {pt}pt"'
    bold = f'<span style="font-size: {pt}pt; font-weight: bold">'
    italic = f'<span style="font-size: {pt}pt; font-style: italic">'
    width = {c.key: f' width="{100 * w / sum(natural):.1f}%"{fs}' for c, w in zip(columns, natural, strict=True)}
    head: list[str] = []
    grouped = table.groups if table.groups and any(t for t, _ in table.groups) else None
    if grouped:
        cells, start = [], 0
        for title, span in grouped:
            if title:
                cells.append(f'<th colspan="{span}"{fs}>{_text(title)}</th>')
            else:
                cells += [f'<th rowspan="2"{width[c.key]}>{_text(c.title)}</th>' for c in columns[start:start + span]]
            start += span
        head.append("<tr>" + "".join(cells) + "</tr>")
        start, cells = 0, []
        for title, span in grouped:
            if title:
                cells += [f"<th{width[c.key]}>{_text(c.title)}</th>" for c in columns[start:start + span]]
            start += span
        head.append("<tr>" + "".join(cells) + "</tr>")
    else:
        head.append("<tr>" + "".join(f"<th{width[c.key]}>{_text(c.title)}</th>" for c in columns) + "</tr>")
    body = [_row(columns, row, fs) for row in table.rows[:rows]]
    if not table.rows:
        body.append(f'<tr><td colspan="{len(columns)}" class="mid"{fs}>{italic}{EMPTY_TABLE}</span></td></tr>')
    if table.totals is not None and (rows is None or rows >= len(table.rows)):
        label = 0
        while label < len(columns) and table.totals.get(columns[label].key) is None:
            label += 1
        cells = [f'<td colspan="{label}" class="mid"{fs}>{bold}{TOTALS_LABEL}</span></td>'] if label else []
        cells += [f'<td class="{_cell_class(c, table.totals.get(c.key))}"{fs}>{bold}'
                  f"{_text(shown(c, table.totals.get(c.key)))}</span></td>" for c in columns[label:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table class="grid" width="100%" cellspacing="0" cellpadding="3" border="1">'
            f"<thead>{''.join(head)}</thead><tbody>{''.join(body)}</tbody></table>")


def _row(columns: Sequence[Column], row: dict[str, Any], fs: str) -> str:
    return "<tr>" + "".join(
        f'<td class="{_cell_class(c, row.get(c.key))}"{fs}>{_text(shown(c, row.get(c.key)))}</td>' for c in columns
    ) + "</tr>"


def _signature(header: PartyHeader) -> str:
    last = len(header.recipients) - 1
    recipients = "".join(
        f"<br/>- {escape(r)}{'.' if i == last else ','}" for i, r in enumerate(header.recipients))
    right = (f"<b>{escape(header.signer_on_behalf.upper())}<br/>{escape(header.signer_role.upper())}</b>"
             f"<br/><br/><br/><br/><b>{escape(header.signer_name)}</b>")
    return (f'<table width="100%" style="margin-top: 12px"><tr>'
            f'<td width="50%" valign="top" style="font-size: 11pt"><b><i>Nơi nhận:</i></b>{recipients}</td>'
            f'<td width="50%" align="center" valign="top">{right}</td></tr></table>')


def kept_whole(html: str) -> str:
    """`html` in a borderless one-cell table: the print layout starts it on a new page when
    it would be cut by a page break (and fits on one page)."""
    return f'<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr><td>{html}</td></tr></table>'


def _sheet_head(header: PartyHeader, table: ReportTable) -> str:
    """What a sheet's page starts with: the header block, the title, the subtitle."""
    subtitle = f'<p align="center"><i>{_text(table.subtitle)}</i></p>' if table.subtitle else ""
    return (f"{_header_block(header)}"
            f'<p align="center" style="margin-top: 10px"><span style="font-size: 14pt; font-weight: bold">'
            f"{escape(table.title.upper())}</span></p>{subtitle}")


def report_html(header: PartyHeader, sheets: Sequence[Sheet]) -> str:
    """One HTML document: every sheet as a signed party document, each on its own page."""
    parts: list[str] = []
    _top, _bottom, left, right = header.margins_mm
    page_mm = (297 if is_wide(sheets) else 210) - left - right
    for index, sheet in enumerate(sheets):
        table = sheet.table
        brk = ' style="page-break-before: always"' if index else ""
        shown_notes = [table.abbreviations, *table.notes] if table.abbreviations else table.notes
        notes = "".join(f"<p>{_text(n)}</p>" for n in shown_notes)
        signature = _signature(header)
        for number, appendix in enumerate(table.appendices, start=1):
            # Each criteria table whole on a page, the last with the signature under it.
            last = signature if number == len(table.appendices) else ""
            notes += kept_whole(f"<p><b>{_text(appendix.title)}</b></p>{_table(appendix, page_mm)}{last}")
        if table.appendices:
            signature = ""
        parts.append(f"<div{brk}>{_sheet_head(header, table)}{_table(table, page_mm)}{notes}{signature}</div>")
    return f"<html><head><style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>"


def first_page_html(header: PartyHeader, sheets: Sequence[Sheet], rows: int = 100) -> str:
    """The report's beginning, enough to fill its first page (the first sheet's header block,
    title and first `rows` rows, laid out as in `report_html`): a preview lays this out in a
    fraction of the whole report's time and shows page 1 while the rest is laid out."""
    if not sheets:
        return report_html(header, sheets)
    _top, _bottom, left, right = header.margins_mm
    page_mm = (297 if is_wide(sheets) else 210) - left - right
    table = sheets[0].table
    return (f"<html><head><style>{_STYLE}</style></head><body>"
            f"<div>{_sheet_head(header, table)}{_table(table, page_mm, rows)}</div></body></html>")


def is_wide(sheets: Sequence[Sheet]) -> bool:
    """Print landscape when any table of the report is laid out landscape."""
    return any(s.table.landscape for s in sheets)
