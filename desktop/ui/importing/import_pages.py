"""The first pages of the import wizard: the file, what it holds, each sheet's
columns (import_preview.py has the last two; import_wizard.py the plan and the work).

Each page shows a part of the `ImportPlan` and asks the wizard to act
(read the file, re-read a sheet with another column mapping, write); none
reads or writes anything itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.excel.importing.plan import ImportPlan, Issue, SheetPlan
from desktop.ui.importing.import_models import (
    ColumnsModel,
    ConversionsModel,
    FieldDelegate,
    SheetsModel,
    conversion_counts,
)
from desktop.ui.importing.wizard_host import WizardHost
from desktop.ui.widgets.basic import fit_columns, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE

FILE, ANALYSIS, MAPPING, PREVIEW, SUMMARY = 0, 1, 10, 100, 200
FILE_FILTER = "Sổ tính Excel (*.xlsx *.xls *.ods);;Mọi tệp (*)"
FORMATS = {"xlsx": "Excel .xlsx", "xls": "Excel 97–2003 .xls", "ods": "OpenDocument .ods"}


def label(text: str = "", *, error: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if error:
        label.setStyleSheet(ERROR_STYLE)
    return label


def _sheet_errors(sheet: SheetPlan) -> tuple[list[Issue], int]:
    """Problems of the sheet as a whole (mapping), and how many cells are wrong."""
    whole = [i for i in sheet.errors if i.place.row is None or i.place.column is None]
    return whole, len(sheet.errors) - len(whole)


class FilePage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Chọn tệp Excel")
        self.setSubTitle("Danh sách đảng viên hoặc mẫu nhập liệu, dạng .xlsx, .xls (Excel 97–2003) hay .ods. "
                         "Chưa có gì được ghi vào tệp dữ liệu cho đến khi bấm «Nhập» ở bước cuối.")
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setPlaceholderText("Đường dẫn tệp, hoặc bấm «Chọn tệp…»")
        browse = QPushButton("Chọn tệp… (Ctrl+O)")
        browse.clicked.connect(self.browse)
        self.error = label(error=True)
        self.error.setObjectName("file_error")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        help_text = label(
            "Chương trình nhận ra:\n"
            "• danh sách đảng viên một trang, tên trang bất kỳ: dòng tiêu đề có cột Họ và tên (hoặc Họ tên) "
            "nằm trong 15 dòng đầu; các dòng tên tỉnh, tên danh sách ở trên được bỏ qua;\n"
            "• mẫu nhập liệu với các trang Đảng viên, Đăng ký, Đánh giá tháng, Chấm điểm "
            "(lấy mẫu bằng Tệp → Xuất mẫu nhập liệu…).\n"
            "Tiêu đề cột viết hoa hay thường, có dấu hay không đều được; cột lạ được bỏ qua. "
            "Chữ gõ bằng phông cũ (.VnTime, VNI-Times) được chuyển sang Unicode. "
            "Người đã có trong tệp dữ liệu (cùng họ tên, chi bộ, ngày sinh) được cập nhật, không thêm trùng; "
            "ô trống không xóa thông tin đã có.")
        help_text.setObjectName("file_help")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addSpacing(12)
        layout.addWidget(help_text)
        layout.addStretch()
        self.path.textChanged.connect(self._changed)
        shortcut(self, "Ctrl+O", self.browse)

    def initializePage(self) -> None:
        self.path.setFocus()

    def cleanupPage(self) -> None:
        """Keep the chosen file when coming back (the default would clear it)."""

    def _changed(self) -> None:
        self.error.hide()
        self.completeChanged.emit()

    def browse(self) -> None:
        start = self.path.text().strip() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Chọn tệp Excel để nhập", start, FILE_FILTER)
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        if self._wizard.proceed():
            return True
        self.error.hide()
        self._wizard.analyse(Path(self.path.text().strip()))
        return False

    def show_error(self, message: str) -> None:
        self.error.setText(f"{message}\nChưa có gì được ghi vào tệp dữ liệu.")
        self.error.show()


class AnalysisPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Tệp có những gì")
        self.setSubTitle("Các trang nhận ra được sẽ được nhập; trang khác được bỏ qua.")
        self.summary = label()
        self.summary.setObjectName("analysis_summary")
        self.view = table_view()
        self.problems = label(error=True)
        self.problems.setObjectName("analysis_problems")
        self.notes = label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.notes)

    @property
    def plan(self) -> ImportPlan:
        assert self._wizard.plan is not None
        return self._wizard.plan

    def initializePage(self) -> None:
        plan = self.plan
        self.model = SheetsModel(plan)
        self.view.setModel(self.model)
        fit_columns(self.view)
        ignored = f"; bỏ qua {len(plan.ignored)} trang" if plan.ignored else ""
        self.summary.setText(f"Tệp «{plan.path.name}» ({FORMATS.get(plan.format, plan.format)}): "
                             f"nhận ra {len(plan.sheets)} trang để nhập{ignored}.")
        self.problems.setText("\n".join(str(i) for i in plan.file_errors))
        self.problems.setVisible(bool(plan.file_errors))
        notes = [str(i) for i in plan.file_warnings]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.view.setFocus()

    def isComplete(self) -> bool:
        return self._wizard.plan is not None and bool(self._wizard.plan.sheets)


class MappingPage(QWizardPage):
    """One sheet: each column, the field it fills (a combo), samples; the old-font text converted."""

    def __init__(self, wizard: WizardHost, sheet: str, number: int, count: int) -> None:
        super().__init__()
        self._wizard = wizard
        self.sheet_name = sheet
        self.setTitle(f"Trang «{sheet}»: các cột ({number}/{count})")
        self.table = table_view()
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegateForColumn(ColumnsModel.FIELD, FieldDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(30)
        assert wizard.plan is not None
        self.model = ColumnsModel(wizard.plan.sheet(sheet))
        self.model.mapping_requested.connect(lambda column, field: wizard.remap(sheet, column, field))
        self.table.setModel(self.model)
        # After the view's own reset handler, which closes every editor.
        self.model.modelReset.connect(self._open_editors)
        self.problems = label(error=True)
        self.problems.setObjectName("mapping_problems")
        self.converted = label()
        self.converted.setObjectName("converted")
        self.conversions = table_view()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.problems)
        layout.addWidget(self.converted)
        layout.addWidget(self.conversions, 2)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2, Qt.Key.Key_Space):
            shortcut(self.table, key, self.open_choice)

    def initializePage(self) -> None:
        self.show_sheet()
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(0, ColumnsModel.FIELD))

    def show_sheet(self) -> None:
        assert self._wizard.plan is not None
        sheet = self._wizard.plan.sheet(self.sheet_name)
        self.setSubTitle(
            f"Dòng tiêu đề là dòng {sheet.header_row}, dữ liệu từ dòng {sheet.first_data_row}: "
            f"{len(sheet.records)} dòng nhập được. Xem mỗi cột được nhập vào đâu; nếu sai, chọn lại ở cột "
            "«Nhập vào» (Enter mở danh sách), chọn «Bỏ qua» cho cột không cần nhập.")
        self.model.set_sheet(sheet)
        fit_columns(self.table, max_width=320)
        self.table.setColumnWidth(ColumnsModel.FIELD, 240)
        whole, cells = _sheet_errors(sheet)
        lines = [i.message[:1].upper() + i.message[1:] for i in whole]
        if cells:
            lines.append(f"{cells} ô có lỗi; xem và sửa theo bước «Xem trước».")
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.conversions.setModel(ConversionsModel(sheet.samples))
        fit_columns(self.conversions, max_width=360)
        if sheet.conversions:
            self.converted.setText(
                f"Chữ gõ bằng phông cũ đã được chuyển sang Unicode: {conversion_counts(sheet.conversions)}. "
                "Vài ô làm ví dụ, trước và sau khi chuyển:")
        self.converted.setVisible(bool(sheet.conversions))
        self.conversions.setVisible(bool(sheet.conversions))

    def _open_editors(self) -> None:
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, ColumnsModel.FIELD))

    def choice_box(self, row: int) -> QComboBox:
        box = self.table.indexWidget(self.model.index(row, ColumnsModel.FIELD))
        assert isinstance(box, QComboBox)
        return box

    def open_choice(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            box = self.choice_box(row)
            box.setFocus()
            box.showPopup()
