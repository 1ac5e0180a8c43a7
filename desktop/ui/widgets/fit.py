"""Does a window fit the screen it is shown on, with nothing cut off?

Used by `selftest --screen WxH` and by the tests: a window or dialog fits
when its minimum size is within the available area and, laid out at that
size, no visible label, button, filter box or table column shows less than
its text. A column of free text (Ghi chú, a deed) may elide when its full text is in
the tooltip; any other column must show its whole content and header.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTableView,
    QTreeView,
    QWidget,
)

SLACK = 2  # pixels of rounding between a text's advance and the room for it


def cut_off(window: QWidget, available: QSize, name: str = "") -> list[str]:
    """What does not fit when `window` is shown in `available` (empty: it fits)."""
    problems: list[str] = []
    name = name or window.windowTitle() or type(window).__name__
    needed = window.minimumSizeHint().expandedTo(window.minimumSize())
    if needed.width() > available.width() or needed.height() > available.height():
        problems.append(f"{name}: cần ít nhất {needed.width()}×{needed.height()}, "
                        f"màn hình chỉ có {available.width()}×{available.height()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0:
            continue
        problem = _cut(widget)
        if problem:
            problems.append(f"{name}: {problem}")
    return problems


def keep_whole(box: QComboBox, text: str) -> None:
    """Never narrower than needed to show `text` (its usual choice) whole."""
    box.ensurePolished()  # the style sheet's font, not the default one
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    option.rect = QRect(0, 0, 400, box.sizeHint().height())
    field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                       QStyle.SubControl.SC_ComboBoxEditField, box)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(1)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance(text) + 2 * SLACK + 400 - field.width())


def _cut(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        return _label_cut(widget)
    if isinstance(widget, QAbstractButton) and widget.text():
        button = QStyleOptionButton()
        button.initFrom(widget)
        button.text = widget.text()
        needed = widget.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, button,
            QSize(widget.fontMetrics().horizontalAdvance(_shown(widget.text())), 1), widget).width()
        if type(widget).__name__ == "QPushButton" and widget.width() + SLACK < needed:
            return f"nút “{widget.text()}” bị cắt"
        return None
    if isinstance(widget, QComboBox) and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        room = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, widget).width()
        if room + SLACK < widget.fontMetrics().horizontalAdvance(widget.currentText()):
            return f"ô chọn “{widget.currentText()}” bị cắt"
        return None
    if isinstance(widget, QTableView | QTreeView):
        return _columns_cut(widget)
    return None


def _label_cut(label: QLabel) -> str | None:
    text = _shown(label.text()) if label.buddy() is not None or "&" in label.text() else label.text()
    if not text or label.wordWrap() or label.textFormat() == label.textFormat().RichText or "<" in text:
        return None
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in text.splitlines() or [""])
    if label.contentsRect().width() + SLACK < widest:
        return f"nhãn “{text[:40]}” bị cắt"
    return None


def _columns_cut(view: QTableView | QTreeView) -> str | None:
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    model = view.model()
    if model is None:
        return None
    cut: list[str] = []
    for column in range(header.count()):
        if header.isSectionHidden(column) or _elides_with_tooltip(model, column):
            continue
        title = str(model.headerData(column, header.orientation()) or "")
        content = max(view.sizeHintForColumn(column), _header_width(header, title))
        if content > header.sectionSize(column) + SLACK:
            cut.append(title or str(column))
    if cut:
        return f"cột {', '.join(cut)} của bảng bị cắt chữ"
    return None


def _elides_with_tooltip(model: QAbstractItemModel, column: int) -> bool:
    """Free text (a deed, a note) may be cut short in its cell when the tooltip holds it whole."""
    index = model.index(0, column)
    return bool(index.isValid() and model.data(index, Qt.ItemDataRole.ToolTipRole))


def _header_width(header: QHeaderView, title: str) -> int:
    """Room the header text needs: its widest line (long headers are written on two lines)."""
    return max((_text_width(header, line) for line in title.splitlines()), default=0)


def _text_width(header: QHeaderView, text: str) -> int:
    return header.fontMetrics().horizontalAdvance(text) + 2 * header.style().pixelMetric(
        QStyle.PixelMetric.PM_HeaderMargin, None, header)


def _shown(text: str) -> str:
    """A label's text as shown: a single & marks the mnemonic, && is one &."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
