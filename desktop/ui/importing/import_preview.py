"""The last pages of the import wizard: the preview with every problem on its
cell (and Nhập), then what the import did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizardPage,
)

from desktop.excel.importing.plan import ImportPlan, Issue
from desktop.ui.importing.import_models import IssuesModel, PreviewModel, conversion_counts
from desktop.ui.importing.import_pages import label
from desktop.ui.importing.wizard_host import WizardHost
from desktop.ui.members.person_dialog import unit_choices
from desktop.ui.widgets.basic import fit_columns, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE


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
        self.unit_label = QLabel("Chi bộ cho các dòng không ghi chi bộ:")
        self.unit = QComboBox()
        self.unit.setObjectName("default_unit")
        self.unit_label.setBuddy(self.unit)
        self.unit.currentIndexChanged.connect(self._unit_changed)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(unit_row)
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
        without_unit = [s for s in plan.sheets if s.column_of("unit") is None and s.column_of("committee") is None]
        if self.unit.count() == 0:
            self.unit.addItem("(theo tệp dữ liệu)", None)
            for label, value in unit_choices(self._wizard.ops):
                self.unit.addItem(label.strip(), value)
        for widget in (self.unit_label, self.unit):
            widget.setVisible(bool(without_unit))
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
        if errors:
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
        return self._wizard.plan is not None and self._wizard.plan.ok and not self.apply_errors

    def validatePage(self) -> bool:
        if self._wizard.proceed():
            return True
        if not self.isComplete():
            return False
        self.outcome.hide()
        self._wizard.start_import(self.unit.currentData() if self.unit.isVisible() else None)
        return False

    def show_apply_errors(self, errors: list[Issue]) -> None:
        self.apply_errors = list(errors)
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
        if result.conversions:
            lines.append(f"Đã chuyển chữ phông cũ sang Unicode: {conversion_counts(result.conversions)}.")
        lines.append(f"{len(result.warnings)} lưu ý (bên dưới). Muốn bỏ cả lần nhập này: Sửa → Hoàn tác (Ctrl+Z).")
        self.details.setText("\n".join(lines))
        self.warnings.set_issues(result.warnings)
        fit_columns(self.view, max_width=160)
        self.view.setFocus()
