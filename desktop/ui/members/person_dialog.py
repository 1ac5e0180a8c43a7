"""Thêm / sửa đảng viên, quần chúng: every problem shown next to its field.

An existing person's dialog also prints the person's history across the
years ("In lịch sử…", a Word document) on a worker, as the Báo cáo exports do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import dates, people, settings, units, vntext
from desktop.core.errors import UserError, ValidationError
from desktop.core.people import Person
from desktop.excel.forms.registry import export_form
from desktop.ui.operations import Operations
from desktop.ui.widgets.form import (
    ERROR_STYLE,
    FieldForm,
    combo,
    date_edit,
    save_buttons,
    select_data,
)
from desktop.ui.workers import Job, Worker, follow_with_progress


def unit_choices(ops: Operations) -> list[tuple[str, object]]:
    """Units people can belong to, indented by depth ("  Chi bộ Xóm Đồng")."""
    choices: list[tuple[str, object]] = []
    all_units = units.list_units(ops.db)
    depth = {u.id: 0 for u in all_units}
    for unit in all_units:
        if unit.parent_id is not None:
            depth[unit.id] = depth.get(unit.parent_id, 0) + 1
        choices.append(("    " * depth[unit.id] + unit.name, unit.id))
    return choices


def _member_unit(ops: Operations, wanted: int | None) -> int | None:
    """The unit a new person goes into: the one filtered on when people can
    belong to it, else the first chi bộ (a đảng bộ holds chi bộ, not people)."""
    all_units = units.list_units(ops.db)
    if wanted is not None and any(u.id == wanted and u.kind != "dang_bo" for u in all_units):
        return wanted
    below = [u for u in all_units if u.kind != "dang_bo" and (wanted is None or u.parent_id == wanted)]
    fallback = below or [u for u in all_units if u.kind != "dang_bo"] or all_units
    return fallback[0].id if fallback else None


class PersonDialog(QDialog):
    def __init__(self, ops: Operations, person: Person | None = None, unit_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.person = person
        self.saved_id: int | None = None
        self.setWindowTitle("Sửa thông tin" if person else "Thêm người")
        self.setMinimumWidth(520)
        form = self.form = FieldForm()
        form.add("full_name", "Họ và tên (*)", QLineEdit())
        form.add("kind", "Loại (*)", combo(list((v, k) for k, v in people.KIND_LABELS.items())))
        form.add("unit_id", "Chi bộ (*)", combo(unit_choices(ops)))
        form.add("gender", "Giới tính", combo([("", None), ("Nam", "nam"), ("Nữ", "nu")]))
        form.add("birth_date", "Ngày sinh", date_edit())
        form.add("ethnicity", "Dân tộc", QLineEdit())
        form.add("membership", "Chính thức/dự bị", combo([("", None), *((v, k) for k, v in people.MEMBERSHIP_LABELS.items())]))
        form.add("joined_date", "Ngày vào Đảng", date_edit())
        form.add("official_date", "Ngày chính thức", date_edit())
        form.add("party_card_no", "Số thẻ đảng viên", QLineEdit())
        form.add("position", "Chức vụ", QLineEdit())
        cccd = form.add("cccd", "Số CCCD", QLineEdit())
        assert isinstance(cccd, QLineEdit)
        cccd.setPlaceholderText("12 chữ số")
        phone = form.add("phone", "Điện thoại", QLineEdit())
        assert isinstance(phone, QLineEdit)
        phone.setPlaceholderText("0912345678")
        form.add("note", "Ghi chú", QLineEdit())
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = save_buttons(self, self.save)
        self.worker: Worker | None = None
        self.history_button = QPushButton("In &lịch sử…")
        self.history_button.setObjectName("print_history")
        self.history_button.setToolTip("Ghi ra tệp Word lịch sử của người này qua các năm: việc đăng ký, "
                                       "đánh giá hằng tháng, điểm, xếp loại, danh hiệu")
        self.history_button.clicked.connect(lambda: self.print_history())
        self.history_note = QLabel()
        self.history_note.setObjectName("history_note")
        self.history_note.setOpenExternalLinks(True)
        self.history_note.hide()
        buttons.addButton(self.history_button, buttons.ButtonRole.ActionRole)
        self.history_button.setVisible(person is not None)  # a new person has no history yet
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        hint = QHBoxLayout()
        hint.addWidget(QLabel("(*) bắt buộc. Ngày ghi dạng ngày/tháng/năm, ví dụ 05/03/1980."))
        layout.addLayout(hint)
        layout.addWidget(self.history_note)
        layout.addWidget(buttons)
        self._fill(person, unit_id)
        form.widgets["kind"].currentIndexChanged.connect(self._kind_changed)  # type: ignore[attr-defined]
        self._kind_changed()

    def _fill(self, person: Person | None, unit_id: int | None) -> None:
        w = self.form.widgets
        if person is None:
            select_data(w["unit_id"], _member_unit(self.ops, unit_id))  # type: ignore[arg-type]
            w["full_name"].setFocus()
            return
        for key in ("full_name", "ethnicity", "party_card_no", "position", "cccd", "phone", "note"):
            w[key].setText(getattr(person, key) or "")  # type: ignore[attr-defined]
        for key in people.DATE_FIELDS:
            w[key].setText(dates.format_date(getattr(person, key)))  # type: ignore[attr-defined]
        for key in ("kind", "unit_id", "gender", "membership"):
            select_data(w[key], getattr(person, key))  # type: ignore[arg-type]

    def _kind_changed(self) -> None:
        is_member = self.form.choice("kind") == "dang_vien"
        for key in ("membership", "joined_date", "official_date", "party_card_no"):
            self.form.widgets[key].setEnabled(is_member)

    def raw_values(self) -> dict[str, object]:
        f = self.form
        raw: dict[str, object] = {key: f.text(key) for key in (
            "full_name", "birth_date", "ethnicity", "position", "cccd", "phone", "note")}
        for key in ("kind", "unit_id", "gender"):
            raw[key] = f.choice(key)
        if raw["kind"] == "dang_vien":
            raw.update({key: f.text(key) for key in ("joined_date", "official_date", "party_card_no")})
            raw["membership"] = f.choice("membership")
        else:
            raw.update({"joined_date": "", "official_date": "", "party_card_no": "", "membership": None})
        return raw

    def save(self) -> None:
        raw = self.raw_values()
        try:
            if self.person is None:
                changeset = self.ops.run(people.add_person, raw, today=self.ops.clock.today(), quiet=True)
                self.saved_id = changeset.inserted_id("people") if changeset else None
            else:
                self.ops.run(people.update_person, self.person.id, raw, today=self.ops.clock.today(), quiet=True)
                self.saved_id = self.person.id
        except ValidationError as exc:
            self.form.show_errors(exc.fields)
            self.general_error.hide()
            return
        except UserError as exc:
            self.form.show_errors({})
            self.general_error.setText(exc.message)
            self.general_error.show()
            return
        self.accept()

    def print_history(self, path: Path | None = None) -> None:
        """Ask where to save, then write the person's history (.docx) on a worker."""
        if self.person is None or self.worker is not None:
            return
        if self.ops.db.path is None:
            self.ops.show_error("Tệp dữ liệu đang mở chỉ có trong bộ nhớ; hãy lưu thành tệp rồi in lịch sử.")
            return
        if path is None:
            stem = "-".join(vntext.fold(f"lich su {self.person.full_name}").split())
            chosen, _ = QFileDialog.getSaveFileName(self, "In lịch sử", str(Path.home() / f"{stem}.docx"),
                                                    "Tệp Word (*.docx)")
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        today = self.ops.clock.today()
        year = int(settings.get(self.ops.db, "working_year") or today.year)
        person_id, target = self.person.id, path

        def work(job: Job) -> Path:
            def progress(step: int, total: int, text: str) -> None:
                if step < total:
                    job.checkpoint()
                job.progress(step, total, text)

            return export_form(job.db, year, "person-history", target, today=today, person_ids=[person_id],
                               progress=progress)

        self.history_note.hide()
        self.worker = Worker(work, file=self.ops.db, readonly=True)
        self.worker.succeeded.connect(self._history_written)
        self.worker.failed.connect(self.ops.show_error)
        self.worker.finished.connect(self._history_finished)
        follow_with_progress(self.worker, self, "Đang in lịch sử…", title="In lịch sử", stopping="Đang dừng…")
        self.worker.start()

    def _history_written(self, path: Path) -> None:
        folder = QUrl.fromLocalFile(str(path.parent)).toString()
        self.history_note.setText(f"Đã in lịch sử ra tệp <b>{path.name}</b>. <a href=\"{folder}\">Mở thư mục</a>")
        self.history_note.show()

    def _history_finished(self) -> None:
        self.worker = None
