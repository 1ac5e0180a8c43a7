"""Tệp → Nhập từ Excel…: a wizard from a workbook to the data file; and
Tệp → Xuất mẫu nhập liệu…, the exchange workbook it reads back.

Pages: chọn tệp → what the file holds → one page per recognised sheet to
check (and change) what each column fills, with the old-font text converted
→ preview with every problem red on its cell → Nhập, in a worker with a
cancellable progress dialog → what it did. Reading, re-reading after a
mapping change and writing all run off the GUI thread (workers.py); the
pages only show what desktop.excel decided.

Undo: `importer.apply` runs on the worker's own connection and writes ONE
recorded change (or nothing). The window then adopts that ChangeSet
(Operations.adopt), so the whole import is one Ctrl+Z like any edit, and
the earlier undo steps stay valid: nothing else writes meanwhile, since the
progress dialog is modal. (Clearing the undo history, notify_external,
would lose the user's earlier steps for no reason.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget, QWizard

from desktop.core.datafile import DataFile
from desktop.excel.errors import ExcelUserError
from desktop.excel.importing import importer
from desktop.excel.importing.bad_rows import bad_rows_path, write_bad_rows
from desktop.excel.importing.plan import ImportPlan
from desktop.excel.reports.exchange import export_exchange
from desktop.ui.importing.import_pages import (
    ANALYSIS,
    FILE,
    MAPPING,
    PREVIEW,
    SUMMARY,
    AnalysisPage,
    FilePage,
    MappingPage,
)
from desktop.ui.importing.import_preview import PreviewPage, SummaryPage
from desktop.ui.importing.wizard_host import ImportChoices
from desktop.ui.operations import Operations
from desktop.ui.workers import Job, Worker, follow_with_progress


class ImportWizard(QWizard):
    """Holds the plan being checked; the pages show it and ask it to change."""

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.year = year
        self.plan: ImportPlan | None = None
        self.import_result: importer.ImportResult | None = None
        # Where "import the good rows" put the rows it left out.
        self.bad_rows_file: Path | None = None
        self.bad_rows_problem: str | None = None
        # Columns the user mapped by hand, per file and sheet, kept when the file is read again.
        self._mappings: dict[str, dict[int, str | None]] = {}
        self._mapped_file: Path | None = None
        self._proceed = False
        self.worker: Worker | None = None
        self.setWindowTitle("Nhập từ Excel")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        for button, text in [
            (QWizard.WizardButton.NextButton, "&Tiếp ›"), (QWizard.WizardButton.BackButton, "‹ &Quay lại"),
            (QWizard.WizardButton.CommitButton, "&Nhập"), (QWizard.WizardButton.FinishButton, "&Xong"),
            (QWizard.WizardButton.CancelButton, "Đóng"),
        ]:
            self.setButtonText(button, text)
        self.button(QWizard.WizardButton.NextButton).setToolTip("Sang bước sau (Enter, Alt+T)")
        self.button(QWizard.WizardButton.CommitButton).setToolTip("Ghi vào tệp dữ liệu (Alt+N)")
        self.button(QWizard.WizardButton.BackButton).setToolTip("Về bước trước (Alt+Q)")
        self.file_page = FilePage(self)
        self.analysis_page = AnalysisPage(self)
        self.preview_page = PreviewPage(self)
        self.summary_page = SummaryPage(self)
        self.setPage(FILE, self.file_page)
        self.setPage(ANALYSIS, self.analysis_page)
        self.setPage(PREVIEW, self.preview_page)
        self.setPage(SUMMARY, self.summary_page)
        self.resize(1040, 700)

    # --- moving on after background work ------------------------------------------
    def proceed(self) -> bool:
        """Whether a page's validatePage may let the wizard move on now."""
        if self._proceed:
            self._proceed = False
            return True
        return False

    def _advance(self) -> None:
        self._proceed = True
        self.next()

    def _run(self, fn: Callable[[Job], Any], label: str, done: Callable[[Any], None],
             failed: Callable[[str], None], *, writes: bool = False) -> Worker:
        """Run `fn` with a progress dialog. Reading has no side effects, so
        Dừng while reading simply drops the result and the wizard stays where
        it was; the import itself reports its own cancel (nothing written)."""
        worker = Worker(fn, file=self.ops.db if writes else None)
        worker.succeeded.connect(lambda value: None if worker.cancel_requested and not writes else done(value))
        worker.failed.connect(failed)
        follow_with_progress(worker, self, label, title="Nhập từ Excel",
                             stopping="Đang dừng; chưa ghi gì vào tệp dữ liệu…" if writes else "Đang dừng…")
        worker.start()
        self.worker = worker
        return worker

    # --- reading the file ------------------------------------------------------------------
    def analyse(self, path: Path) -> None:
        """Read the file in the background; on success show what it holds."""
        if path != self._mapped_file:
            self._mappings, self._mapped_file = {}, path
        remembered = {sheet: dict(columns) for sheet, columns in self._mappings.items()}
        today = self.ops.clock.today()

        def read(job: Job) -> ImportPlan:
            plan = importer.analyse(path, today)
            for sheet, mapping in remembered.items():
                if any(s.name == sheet for s in plan.sheets):
                    plan = plan.with_mapping(sheet, mapping)
            return plan

        def done(plan: object) -> None:
            assert isinstance(plan, ImportPlan)
            self._set_plan(plan)
            self._advance()

        self._run(read, f"Đang đọc tệp «{path.name}»…", done, self.file_page.show_error)

    def _set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.import_result = None
        self.preview_page.apply_errors = []
        for page_id in [i for i in self.pageIds() if MAPPING <= i < PREVIEW]:
            self.removePage(page_id)
        for number, sheet in enumerate(plan.sheets):
            self.setPage(MAPPING + number, MappingPage(self, sheet.name, number + 1, len(plan.sheets)))

    def remap(self, sheet: str, column: int, field: str | None) -> None:
        """The user chose what a column fills: read the sheet again with it."""
        assert self.plan is not None
        self._mappings.setdefault(sheet, {})[column] = field
        plan = self.plan

        def done(new_plan: object) -> None:
            assert isinstance(new_plan, ImportPlan)
            self.plan = new_plan
            page = self.currentPage()
            if isinstance(page, MappingPage):
                page.show_sheet()

        def failed(message: str) -> None:
            QMessageBox.warning(self, "Không đọc lại được", message)

        self._run(lambda job: plan.with_mapping(sheet, {column: field}),
                  "Đang đọc lại trang theo cột vừa chọn…", done, failed)

    def reread(self) -> None:
        """Read the file again from the start (after fixing it in Excel), keeping hand-made mappings."""
        self.restart()
        self.file_page.validatePage()

    # --- writing -----------------------------------------------------------------------
    def start_import(self, choices: ImportChoices) -> None:
        assert self.plan is not None and (self.plan.ok or choices.good_rows)
        plan, year = self.plan, self.year
        self.bad_rows_file = None
        target = bad_rows_path(plan.path)

        def write(job: Job) -> tuple[importer.ImportResult, Path | str | None]:
            options: dict[str, Any] = dict(
                progress=job.progress, cancelled=job.cancelled, default_unit_id=choices.default_unit_id,
                default_year=year, committee=choices.committee, unit=choices.unit,
                keep_capitals=choices.keep_capitals)
            if not choices.good_rows:
                return importer.apply(job.db, plan, **options), None
            result, left_out = importer.apply_good_rows(job.db, plan, **options)
            if result.written and left_out:
                try:
                    write_bad_rows(plan, left_out, target)
                except ExcelUserError as exc:  # the import is written; say why the rows did not follow
                    return result, str(exc)
                return result, target
            return result, None

        def done(outcome: object) -> None:
            assert isinstance(outcome, tuple)
            result, rows_file = outcome
            assert isinstance(result, importer.ImportResult)
            self.import_result = result
            self.bad_rows_file = rows_file if isinstance(rows_file, Path) else None
            self.bad_rows_problem = rows_file if isinstance(rows_file, str) else None
            if result.written and result.changeset is not None:
                self.ops.adopt(result.changeset)
                self._advance()
            elif result.cancelled:
                self.preview_page.show_outcome("Đã dừng nhập theo yêu cầu; chưa ghi gì vào tệp dữ liệu.")
            else:
                self.preview_page.show_apply_errors(result.errors)

        total = sum(len(s.records) for s in plan.sheets)
        self._run(write, f"Đang nhập {total} dòng từ «{plan.path.name}»…", done,
                  lambda message: self.preview_page.show_outcome(f"Chưa nhập được: {message}"), writes=True)


def start_import(ops: Operations, year: int, parent: QWidget | None = None) -> None:
    """Tệp → Nhập từ Excel… (Ctrl+I)."""
    if ops.readonly:
        ops.show_error("Tệp đang mở ở chế độ chỉ đọc nên không nhập được. "
                       "Hãy đóng chương trình đang ghi tệp này, rồi mở lại tệp.")
        return
    ImportWizard(ops, year, parent).exec()


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def export_template(file: DataFile, year: int, parent: QWidget | None = None,
                    target: Path | None = None) -> Worker | None:
    """Tệp → Xuất mẫu nhập liệu…: the exchange workbook of `year`, written in the background.

    `target` skips the file dialog (tests, a remembered place). Returns the
    running worker, or None when the user chose no file.
    """
    if target is None:
        name, _ = QFileDialog.getSaveFileName(
            parent, f"Xuất mẫu nhập liệu năm {year}", str(_documents() / f"mau-nhap-lieu-{year}.xlsx"),
            "Sổ tính Excel (*.xlsx)")
        if not name:
            return None
        target = Path(name)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    chosen = target
    worker = Worker(lambda job: export_exchange(job.db, year, chosen, progress=job.step),
                    file=file, readonly=True)
    worker.succeeded.connect(lambda _path: QMessageBox.information(
        parent, "Đã xuất mẫu nhập liệu",
        f"Đã xuất mẫu nhập liệu năm {year} (Đảng viên, Đăng ký, Đánh giá tháng, Chấm điểm) vào:\n{chosen}\n\n"
        "Điền thêm trong Excel, lưu lại, rồi nhập bằng Tệp → Nhập từ Excel (Ctrl+I)."))
    worker.failed.connect(lambda message: QMessageBox.warning(parent, "Chưa xuất được", message))
    worker.cancelled.connect(lambda: QMessageBox.information(
        parent, "Đã dừng", f"Đã dừng xuất; tệp «{chosen.name}» không được ghi."))
    follow_with_progress(worker, parent, f"Đang xuất mẫu nhập liệu năm {year}…", title="Xuất mẫu nhập liệu")
    worker.start()
    return worker
