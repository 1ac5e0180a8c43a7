"""Mức quyết định: a final level away from the proposal needs a written reason.

Save stays disabled until a reason is typed, because the reason is what the
audit log keeps (the core function refuses an empty one as well). The
reason box and buttons are shared with the unlock dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import vntext, yearend
from desktop.core.errors import UserError
from desktop.core.rules import LEVEL_CODES, RuleSet, format_points
from desktop.core.scoring import PersonScore
from desktop.ui.operations import Operations
from desktop.ui.widgets.form import ERROR_STYLE

_HINT_STYLE = "color: #5a4500;"


def reason_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName("reason")
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(80)
    return box


def save_cancel(save_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text)
    save.setObjectName("save")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    return buttons, save


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class LevelDialog(QDialog):
    """Mức quyết định of one đảng viên: the proposal, its reasons, the decision and why."""

    def __init__(self, ops: Operations, year: int, rules: RuleSet, score: PersonScore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.year, self.rules, self.score = ops, year, rules, score
        person = score.person
        self.setWindowTitle(f"Mức xếp loại năm {year} — {person.name}")
        self.setMinimumWidth(560)
        proposal = rules.level_name(score.proposed_level) if score.proposed_level else "chưa có (chưa chấm xong)"
        total = f" — tổng {format_points(score.total)} điểm" if score.total is not None else ""
        summary = QLabel(f"<b>{person.name}</b> ({person.unit_name})<br>Mức đề xuất: <b>{proposal}</b>{total}")
        reasons = QLabel("\n".join(f"• {r}" for r in score.reasons))
        reasons.setWordWrap(True)
        self.level = QComboBox()
        self.level.setObjectName("level")
        for code in LEVEL_CODES:
            suffix = " (đề xuất)" if code == score.proposed_level else ""
            self.level.addItem(f"{code} — {rules.level_name(code)}{suffix}", code)
        chosen = score.final_level or score.proposed_level or "HTTNV"
        self.level.setCurrentIndex(self.level.findData(chosen))
        self.reason = reason_box("Ví dụ: Theo Quyết định số 15-QĐ/ĐU ngày 20/12/2025 của Ban Thường vụ Đảng ủy")
        if score.overridden:
            self.reason.setPlainText(person.override_reason or "")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(_HINT_STYLE)
        self.error = error_label()
        buttons, self.save_button = save_cancel("Lưu")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(reasons)
        caption = QLabel("&Mức quyết định:")
        caption.setBuddy(self.level)
        layout.addWidget(caption)
        layout.addWidget(self.level)
        why = QLabel("&Lý do (số, ngày văn bản của cấp có thẩm quyền; được ghi vào nhật ký):")
        why.setBuddy(self.reason)
        why.setWordWrap(True)
        layout.addWidget(why)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.level.currentIndexChanged.connect(lambda _i: self._update())
        self.reason.textChanged.connect(self._update)
        self._update()

    @property
    def differs(self) -> bool:
        return self.level.currentData() != self.score.proposed_level

    def _update(self) -> None:
        has_reason = bool(vntext.clean(self.reason.toPlainText()))
        if self.differs:
            self.hint.setText("Mức này khác mức đề xuất: cần ghi rõ lý do thì mới lưu được.")
        else:
            self.hint.setText("Theo mức đề xuất: không cần lý do; mức quyết định trước đây (nếu có) sẽ bỏ.")
        self.save_button.setEnabled(has_reason or not self.differs)
        self.reason.setEnabled(self.differs)

    def save(self) -> None:
        level = self.level.currentData()
        reason = self.reason.toPlainText() if self.differs else None
        try:
            done = self.ops.run(yearend.set_final_level, self.year, self.score.person.person_id, level, reason,
                                quiet=True)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if done is not None:
            self.accept()
