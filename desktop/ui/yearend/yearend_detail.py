"""The panel under the Cuối năm grid: one đảng viên's reasons, flags and suggested points.

It shows what `core.scoring` and `core.yearend.suggest_points` said and
emits what the secretary asked for; the screen runs the edits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.quarters import QUARTER_NAMES, Quarter
from desktop.core.reviews import REVIEW_LEVELS
from desktop.core.rules import FORMS, RuleSet, format_points
from desktop.core.scoring import PersonScore
from desktop.core.yearend import FLAG_LABELS, Suggestion

_MUTED = "color: #555555;"


def _answer(value: bool | None) -> str:
    return "chưa đủ kết quả để biết" if value is None else "có" if value else "chưa"


class PersonDetail(QWidget):
    flag_clicked = Signal(str, bool)
    use_suggestion = Signal()
    keep_points = Signal()
    change_level = Signal()
    form_chosen = Signal(object)  # "2A"/"2B"/"2C", or None: from the position
    comment_edited = Signal(str)  # the other chi bộ's comments (sinh hoạt tạm thời)
    vote_edited = Signal(str)  # the emulation council's vote, percent, as typed
    quarter_chosen = Signal(int, object)  # quarter, level or None: from the monthly reviews

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("detail_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.level_button = QPushButton("Đổi mức quyết định… (Ctrl+L)")
        self.level_button.setObjectName("change_level")
        self.level_button.clicked.connect(self.change_level.emit)
        self.flag_boxes: dict[str, QCheckBox] = {}
        self.flags = QGridLayout()
        self.flags.setContentsMargins(0, 0, 0, 0)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        self.derivation = QLabel()
        self.derivation.setObjectName("derivation")
        self.derivation.setWordWrap(True)
        self.derivation.setStyleSheet(_MUTED)
        self.use_button = QPushButton("Dùng gợi ý (Ctrl+G)")
        self.use_button.setObjectName("use_suggestion")
        self.use_button.setToolTip("Ghi điểm gợi ý vào các tiêu chí kết quả thực hiện nhiệm vụ (hoàn tác được)")
        self.use_button.clicked.connect(self.use_suggestion.emit)
        self.keep_button = QPushButton("Giữ điểm đã nhập")
        self.keep_button.setObjectName("keep_points")
        self.keep_button.setToolTip("Bỏ qua gợi ý cho người này, giữ nguyên điểm đang có")
        self.keep_button.clicked.connect(self.keep_points.emit)

        self.form = QComboBox()
        self.form.setObjectName("person_form")
        self.form.addItem("Theo chức vụ", None)
        for code, label in FORMS.items():
            self.form.addItem(label, code)
        self.form.activated.connect(lambda _i: self.form_chosen.emit(self.form.currentData()))
        self.comment = QLineEdit()
        self.comment.setObjectName("attendance_comment")
        self.comment.setPlaceholderText("Ý kiến của chi bộ nơi sinh hoạt tạm thời (Enter để lưu)")
        self.comment.editingFinished.connect(self._comment_done)
        self.vote = QLineEdit()
        self.vote.setObjectName("council_vote")
        self.vote.setPlaceholderText("% phiếu, ví dụ 85 (Enter để lưu)")
        self.vote.editingFinished.connect(self._vote_done)
        self._shown_comment = ""
        self._shown_vote = ""
        self.quarter_boxes: list[QComboBox] = []
        # Two quarters a line, so the panel fits beside the grid on a 1024-px screen.
        quarter_row = QGridLayout()
        for number in range(1, 5):
            box = QComboBox()
            box.setObjectName(f"quarter_{number}")
            box.addItem("Theo tháng", None)
            for code, label in REVIEW_LEVELS.items():
                box.addItem(label, code)
            box.activated.connect(lambda _i, n=number, b=box: self.quarter_chosen.emit(n, b.currentData()))
            line, column = divmod(number - 1, 2)
            quarter_row.addWidget(QLabel(f"Quý {QUARTER_NAMES[number]}:"), line, column * 2)
            quarter_row.addWidget(box, line, column * 2 + 1)
            self.quarter_boxes.append(box)
        self.quarter_line = QLabel()
        self.quarter_line.setObjectName("quarter_line")
        self.quarter_line.setWordWrap(True)
        self.quarter_line.setStyleSheet(_MUTED)
        extras = QFormLayout()
        extras.addRow("Đánh giá quý:", quarter_row)
        extras.addRow("", self.quarter_line)
        extras.addRow("Mẫu tự đánh giá:", self.form)
        extras.addRow("Ý kiến nơi sinh hoạt tạm thời:", self.comment)
        extras.addRow("Hội đồng thi đua biểu quyết:", self.vote)

        self.title.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.reasons)
        left.addLayout(extras)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.suggestion)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch()
        right.addLayout(buttons)
        right.addWidget(self.derivation)
        right.addLayout(self.flags)
        right.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.level_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        layout.addLayout(columns, 1)
        self.clear()

    def clear(self, text: str = "Chọn một người trong bảng để xem lý do xếp loại và điểm gợi ý.") -> None:
        self.title.setText(text)
        self.reasons.setText("")
        self.suggestion.setText("")
        self.derivation.setText("")
        for box in self.flag_boxes.values():
            box.hide()
        for widget in (self.level_button, self.use_button, self.keep_button, self.form, self.comment, self.vote,
                       *self.quarter_boxes):
            widget.setEnabled(False)
        self.quarter_line.setText("")

    def set_flags(self, flags: tuple[str, ...]) -> None:
        """Check boxes, in full wording, for the flags the grid has no column for."""
        if tuple(self.flag_boxes) == flags:
            return
        for box in self.flag_boxes.values():
            self.flags.removeWidget(box)
            box.deleteLater()
        self.flag_boxes = {}
        for i, key in enumerate(flags):
            box = QCheckBox(FLAG_LABELS[key])
            box.setObjectName(f"flag_{key}")
            box.clicked.connect(lambda on, k=key: self.flag_clicked.emit(k, on))
            self.flags.addWidget(box, 0, i)
            self.flag_boxes[key] = box

    def show_person(self, rules: RuleSet, score: PersonScore, suggestion: Suggestion | None,
                    kept: bool, read_only: bool) -> None:
        p = score.person
        total = f" · tổng {format_points(score.total)} điểm" if score.total is not None else ""
        final = rules.level_name(score.final_level) if score.final_level else "chưa xếp loại"
        self.title.setText(f"<b>{html.escape(p.name)}</b> — {html.escape(p.unit_name)}{total} · "
                           f"mức: <b>{html.escape(final)}</b>")
        lines = [*score.reasons, *([score.title_reason] if score.title_reason else []),
                 *(f"Đề nghị khen thưởng: {award}." for award in score.awards)]
        self.reasons.setText("\n".join(f"• {line}" for line in lines))
        for key, box in self.flag_boxes.items():
            box.setChecked(bool(getattr(p, key)))
            box.setEnabled(not read_only)
            box.show()
        self.level_button.setEnabled(not read_only)
        self.form.setCurrentIndex(max(self.form.findData(p.form), 0) if p.form else 0)
        self.form.setToolTip(f"Đang dùng {FORMS.get(p.form, p.form)}")
        self._shown_comment = p.attendance_comment or ""
        self.comment.setText(self._shown_comment)
        self._shown_vote = format_points(p.council_vote) if p.council_vote is not None else ""
        self.vote.setText(self._shown_vote)
        self.form.setEnabled(not read_only)
        self.comment.setEnabled(not read_only and p.temporary_attendance)
        self.vote.setEnabled(not read_only and rules.titles.enabled)
        self._show_suggestion(rules, score, suggestion, kept, read_only)

    def show_quarters(self, found: list[Quarter], read_only: bool) -> None:
        """The person's quarters: a stored one chosen in its box, a derived one said below."""
        by_number = {q.quarter: q for q in found}
        for number, box in enumerate(self.quarter_boxes, start=1):
            quarter = by_number.get(number)
            box.setCurrentIndex(max(box.findData(quarter.level), 0) if quarter and quarter.stored else 0)
            box.setEnabled(not read_only)
        derived = [q.describe() for q in found if not q.stored]
        self.quarter_line.setText(("Tính từ đánh giá tháng: " + "; ".join(derived) + ".") if derived else "")

    def _comment_done(self) -> None:
        if self.comment.text().strip() != self._shown_comment:
            self._shown_comment = self.comment.text().strip()
            self.comment_edited.emit(self.comment.text())

    def _vote_done(self) -> None:
        if self.vote.text().strip() != self._shown_vote:
            self._shown_vote = self.vote.text().strip()
            self.vote_edited.emit(self.vote.text())

    def _show_suggestion(self, rules: RuleSet, score: PersonScore, suggestion: Suggestion | None,
                         kept: bool, read_only: bool) -> None:
        self.use_button.setEnabled(False)
        self.keep_button.setEnabled(False)
        self.derivation.setText("")
        for button in (self.use_button, self.keep_button):  # no points, nothing to suggest (Quy định 124)
            button.setVisible(suggestion is not None)
        if suggestion is None:
            self.suggestion.setText("")
            return
        if suggestion.value is None:
            self.suggestion.setText(f"Gợi ý điểm: {suggestion.explanation}")
            return
        entered = [score.person.points.get(code) for code in suggestion.by_criterion]
        same = entered == list(suggestion.by_criterion.values())
        group = rules.for_form(score.person.form).group(rules.task_group or "")
        now = ("chưa nhập" if all(v is None for v in entered)
               else format_points(sum(v or 0 for v in entered)))
        state = ("điểm đã nhập trùng với gợi ý" if same
                 else "đã chọn giữ điểm đã nhập" if kept else f"điểm đang nhập: {now}")
        self.suggestion.setText(
            f"<b>Gợi ý “{html.escape(group.name if group else '')}”: {format_points(suggestion.value)} điểm</b> "
            f"({state})")
        self.derivation.setText(
            f"{suggestion.explanation} Theo kết quả việc đăng ký — hoàn thành 100%: "
            f"{_answer(suggestion.all_tasks_done)}; vượt ≥ 30%: {_answer(suggestion.beyond_30)}.")
        self.use_button.setEnabled(not read_only and not same)
        self.keep_button.setEnabled(not read_only and not same and not kept)
