"""The last pages of the import wizard: the preview with every problem on its
cell (and Nhập), then what the import did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core import units
from desktop.excel.importing import importer
from desktop.excel.importing.bad_rows import bad_rows_path
from desktop.excel.importing.plan import ImportPlan, Issue
from desktop.ui.importing.import_models import IssuesModel, PreviewModel
from desktop.ui.importing.import_pages import label
from desktop.ui.importing.wizard_host import ImportChoices, WizardHost
from desktop.ui.members.person_dialog import unit_choices
from desktop.ui.widgets.basic import fit_columns, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE

_BY_FILE = "(theo tệp dữ liệu)"


class PreviewPage(QWizardPage):
    """Every sheet's rows, each problem on its cell; the errors and warnings listed; then Nhập."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self._wizard = wizard
        self.apply_errors: list[Issue] = []
        self.setTitle("Xem trước và nhập")
        self.setSubTitle("Các dòng như trong tệp, ngày và số đã đọc lại. Ô tô đỏ có lỗi: rê chuột lên ô "
                         "hoặc nhấp đúp vào lỗi trong danh sách bên dưới để xem.")
        self.setCommitPage(True)
        self.status = label()
        self.status.setObjectName("preview_status")
        self.unit_label = QLabel("&Chi bộ cho các dòng không ghi chi bộ:")
        self.unit = QComboBox()
        self.unit.setObjectName("default_unit")
        self.unit.setEditable(True)  # a chi bộ of the file, or a new one by name (the list's title)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit.setToolTip("Chọn chi bộ có sẵn, hoặc gõ tên chi bộ mới (lấy sẵn từ tiêu đề danh sách nếu có)")
        self.unit_label.setBuddy(self.unit)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.unit.editTextChanged.connect(self._unit_changed)
        self.committee_label = QLabel("Đảng &bộ của các chi bộ mới:")
        self.committee = QLineEdit()
        self.committee.setObjectName("committee")
        self.committee.setPlaceholderText("ví dụ: Đảng bộ xã La Bằng")
        self.committee.setToolTip("Tệp dữ liệu chưa có đảng bộ: các chi bộ trong danh sách sẽ được tạo trong đảng bộ này")
        self.committee_label.setBuddy(self.committee)
        self.committee.textChanged.connect(self._unit_changed)
        self.keep_capitals = QCheckBox()
        self.keep_capitals.setObjectName("keep_capitals")
        self.good_rows = QCheckBox("Nhập các dòng đúng, &trả lại các dòng lỗi thành một tệp Excel (có cột ghi lỗi)")
        self.good_rows.setObjectName("good_rows")
        self.good_rows.toggled.connect(lambda _on: self._fill())
        self.year_note = label()
        self.sheets = QTabWidget()
        self.issues = QTabWidget()
        self.errors = IssuesModel()
        self.warnings = IssuesModel()
        self.error_view, self.warning_view = table_view(), table_view()
        for view, model in ((self.error_view, self.errors), (self.warning_view, self.warnings)):
            view.setModel(model)
            view.setWordWrap(True)
            view.doubleClicked.connect(lambda index, m=model: self.show_cell(m.issue(index.row())))
            view.setToolTip("Nhấp đúp để xem ô đó trong bảng trên")
        self.outcome = label(error=True)
        self.outcome.setObjectName("outcome")
        self.outcome.hide()
        reread = QPushButton("Đọc lại tệp (F5)")
        reread.setToolTip("Sau khi sửa tệp trong Excel và lưu lại: đọc lại từ đầu, giữ các cột đã chọn")
        reread.clicked.connect(wizard.reread)
        shortcut(self, "F5", wizard.reread, Qt.ShortcutContext.WindowShortcut)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_label)
        unit_row.addWidget(self.unit, 1)
        unit_row.addStretch()
        unit_row.addWidget(reread)
        committee_row = QHBoxLayout()
        committee_row.addWidget(self.committee_label)
        committee_row.addWidget(self.committee, 1)
        committee_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(committee_row)
        layout.addLayout(unit_row)
        layout.addWidget(self.keep_capitals)
        layout.addWidget(self.good_rows)
        layout.addWidget(self.year_note)
        layout.addWidget(self.sheets, 3)
        layout.addWidget(self.issues, 2)
        layout.addWidget(self.outcome)

    @property
    def plan(self) -> ImportPlan:
        assert self._wizard.plan is not None
        return self._wizard.plan

    def initializePage(self) -> None:
        plan = self.plan
        if self.unit.count() == 0:
            self.unit.addItem(_BY_FILE, None)
            for label, value in unit_choices(self._wizard.ops):
                self.unit.addItem(label.strip(), value)
        for widget in (self.unit_label, self.unit):
            widget.setVisible(plan.needs_unit)
        if plan.needs_unit and plan.unit_hint and self.unit.currentIndex() <= 0:
            known = self.unit.findText(plan.unit_hint, Qt.MatchFlag.MatchFixedString)
            if known > 0:
                self.unit.setCurrentIndex(known)
            else:
                self.unit.setEditText(plan.unit_hint)
        empty_file = not units.list_units(self._wizard.ops.db)
        self.committee_label.setVisible(empty_file)  # elsewhere the file's own tree places new chi bộ
        self.committee.setVisible(empty_file)
        if not self.committee.text() and plan.committee_hint:
            self.committee.setText(plan.committee_hint)
        names = plan.capitalised
        self.keep_capitals.setVisible(bool(names))
        shown = ", ".join(w for _, _, w, _ in names[:3]) + (" …" if len(names) > 3 else "")
        self.keep_capitals.setText(f"&Giữ họ tên viết hoa như trong tệp ({len(names)} người: {shown}); "
                                   "không chọn thì đổi thành chữ hoa đầu mỗi tiếng, ví dụ «Lò Văn Pấu»")
        yearly = [s.name for s in plan.sheets if s.kind != "members" and s.column_of("year") is None]
        self.year_note.setText(f"Trang {', '.join(f'«{n}»' for n in yearly)} không có cột Năm: "
                               f"nhập vào năm {self._wizard.year} (năm làm việc).")
        self.year_note.setVisible(bool(yearly))
        self.outcome.hide()
        self._fill()

    def _fill(self) -> None:
        plan = self.plan
        errors = [*plan.errors, *self.apply_errors]
        self.sheets.clear()
        self.previews: dict[str, tuple[QTableView, PreviewModel]] = {}
        for sheet in plan.sheets:
            view = table_view()
            model = PreviewModel(sheet, self.apply_errors)
            view.setModel(model)
            fit_columns(view, max_width=220)
            wrong = sum(1 for i in errors if i.place.sheet == sheet.name)
            self.sheets.addTab(view, sheet.name + (f" ({wrong} lỗi)" if wrong else ""))
            self.previews[sheet.name] = (view, model)
        self.errors.set_issues(errors)
        self.warnings.set_issues(plan.warnings)
        self.issues.clear()
        if errors:
            self.issues.addTab(self.error_view, f"Lỗi phải sửa ({len(errors)})")
        self.issues.addTab(self.warning_view, f"Lưu ý ({len(plan.warnings)})")
        self.issues.setVisible(bool(errors or plan.warnings))
        for view in (self.error_view, self.warning_view):
            fit_columns(view, max_width=160)
        rows = sum(len(s.records) for s in plan.sheets)
        skippable = bool(errors) and all(i.place.row is not None and i.place.sheet is not None for i in errors)
        self.good_rows.setVisible(skippable or self.good_rows.isChecked())
        if skippable and self.good_rows.isChecked():
            bad = sum(len(r) for r in plan.bad_rows(errors).values())
            self.status.setText(
                f"Sẽ nhập {rows - sum(len(r) for r in plan.bad_rows(self.apply_errors).values())} dòng đúng; "
                f"{bad} dòng có lỗi không nhập mà được ghi ra tệp «{bad_rows_path(plan.path).name}» "
                "cạnh tệp danh sách, có cột «Lỗi cần sửa». Bấm «Nhập» (Alt+N).")
            self.status.setStyleSheet("")
        elif errors:
            self.status.setText(
                f"Chưa nhập được: có {len(errors)} lỗi (ô tô đỏ; rê chuột lên ô để xem). Hãy sửa tệp trong Excel, "
                "lưu lại rồi bấm «Đọc lại tệp», hoặc quay lại đổi cột. Chưa có gì được ghi.")
            self.status.setStyleSheet(ERROR_STYLE)
        else:
            self.status.setText(f"Sẵn sàng nhập {rows} dòng từ {len(plan.sheets)} trang. Bấm «Nhập» (Alt+N) để ghi "
                                "vào tệp dữ liệu; có thể hoàn tác cả lần nhập bằng Ctrl+Z.")
            self.status.setStyleSheet("")
        self.completeChanged.emit()

    def _unit_changed(self) -> None:
        if self.apply_errors and self._wizard.plan is not None:
            self.apply_errors = []
            self.outcome.hide()
            self._fill()

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        if plan is None:
            return False
        if self.good_rows.isChecked():
            errors = [*plan.errors, *self.apply_errors]
            return all(i.place.row is not None and i.place.sheet is not None for i in errors)
        return plan.ok and not self.apply_errors

    def choices(self) -> ImportChoices:
        """What the page's boxes ask of the import."""
        unit_id, unit_name = None, None
        if self.unit.isVisible():
            text = self.unit.currentText().strip()
            index = self.unit.findText(text, Qt.MatchFlag.MatchFixedString)
            if index > 0:
                unit_id = self.unit.itemData(index)
            elif text and text != _BY_FILE:
                unit_name = text
        committee = self.committee.text().strip() if self.committee.isVisible() else ""
        return ImportChoices(unit_id, unit_name, committee or None,
                             self.keep_capitals.isVisible() and self.keep_capitals.isChecked(),
                             self.good_rows.isChecked())

    def validatePage(self) -> bool:
        if self._wizard.proceed():
            return True
        if not self.isComplete():
            return False
        self.outcome.hide()
        self._wizard.start_import(self.choices())
        return False

    def show_apply_errors(self, errors: list[Issue]) -> None:
        self.apply_errors = list(errors)
        self.good_rows.setChecked(False)
        self._fill()
        self.show_outcome(f"Chưa ghi gì vào tệp dữ liệu: có {len(errors)} lỗi khi đối chiếu với dữ liệu đã có "
                          "(xem danh sách Lỗi).")
        self.issues.setCurrentWidget(self.error_view)

    def show_outcome(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.show()

    def show_cell(self, issue: Issue) -> None:
        found = self.previews.get(issue.place.sheet or "")
        if found is None or issue.place.row is None:
            return
        view, model = found
        position = model.position(issue.place.row, issue.place.column)
        if position is not None:
            self.sheets.setCurrentWidget(view)
            index = model.index(*position)
            view.setCurrentIndex(index)
            view.scrollTo(index)
            view.setFocus()


class SummaryPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Đã nhập xong")
        self.setFinalPage(True)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = label()
        self.details.setObjectName("details")
        self.warnings = IssuesModel()
        self.view = table_view()
        self.view.setModel(self.warnings)
        self.view.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.details)
        layout.addWidget(QLabel("Lưu ý:"))
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:
        result = self._wizard.import_result
        assert result is not None
        self.setSubTitle(f"Tệp «{result.file}» đã được ghi vào tệp dữ liệu.")
        self.totals.setText(f"Thêm mới {result.added} · Cập nhật {result.updated} · Không đổi {result.unchanged}")
        lines = [f"Trang «{name}»: thêm {c.added}, cập nhật {c.updated}, không đổi {c.unchanged}."
                 for name, c in result.by_sheet.items()]
        lines.extend(importer.conversion_lines(result))
        if result.skipped:
            rows = sum(len(r) for r in self._wizard.plan.bad_rows(result.skipped).values()) if self._wizard.plan else 0
            where = (f"đã ghi ra tệp «{self._wizard.bad_rows_file}» (cột «Lỗi cần sửa» ghi lỗi từng dòng); "
                     "sửa xong thì nhập tệp đó" if self._wizard.bad_rows_file else
                     f"chưa ghi ra được tệp: {self._wizard.bad_rows_problem}")
            lines.append(f"{rows} dòng có lỗi chưa nhập: {where}.")
        lines.append(f"{len(result.warnings)} lưu ý (bên dưới). Muốn bỏ cả lần nhập này: Sửa → Hoàn tác (Ctrl+Z).")
        self.details.setText("\n".join(lines))
        self.warnings.set_issues(result.warnings)
        fit_columns(self.view, max_width=160)
        self.view.setFocus()
