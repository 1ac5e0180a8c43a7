"""Báo cáo: export the year's reports to Excel, preview and print them, and
consolidate the branches' files (Tổng hợp từ các chi bộ).

Building, saving and reading workbooks run on a worker (workers.py) with its
own read-only connection (sqlite connections belong to one thread) behind a
progress dialog that can be cancelled, so the window never freezes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.core import settings, vntext
from desktop.core.changes import Changed
from desktop.core.collector import collector_paused
from desktop.core.errors import UserError
from desktop.core.rules import rules_for_year
from desktop.excel.reports import consolidate
from desktop.excel.reports.all_reports import ALL, REPORT_TITLES, build_report, export_report
from desktop.excel.reports.common import Progress, count_text, report_header
from desktop.ui.operations import Operations
from desktop.ui.reports.branch_files_model import FilesModel
from desktop.ui.reports.forms_box import FormsBox
from desktop.ui.reports.page_renderer import render_in_child
from desktop.ui.reports.print_preview import PrintPreview
from desktop.ui.reports.report_print import (
    PrintJob,
    page_layout,
    prepare_print,
    render_report,
)
from desktop.ui.widgets.basic import fit_columns, heading, shortcut, table_view
from desktop.ui.workers import Job, Worker, follow_with_progress

# A report's work: the worker's read-only connection (None without one) and a progress
# hook that stops the work there when the user pressed Dừng.
ReportWork = Callable[[Database | None, Progress], Any]
XLSX_FILTER = "Tệp Excel (*.xlsx)"

DESCRIPTIONS = {
    "registrations": "Danh sách cá nhân và tập thể đăng ký việc làm theo Bác, tỷ lệ đăng ký từng chi bộ "
                     "(đảng viên, quần chúng riêng).",
    "monthly": "Kết quả đánh giá từng người theo tháng (Tốt/Đạt/Chưa đạt, biểu dương, nhắc nhở) "
               "và tổng hợp từng tháng, kể cả điểm danh sinh hoạt.",
    "year-end": "Điểm từng tiêu chí, tổng điểm, mức đề xuất và mức quyết định, danh hiệu đề nghị, "
                "căn cứ xếp loại; người không xếp loại ghi riêng.",
    "statistics": "Số liệu gửi cấp trên theo từng chi bộ và toàn đảng bộ: đăng ký, đánh giá tháng, "
                  "xếp loại và kiểm tra tỷ lệ Hoàn thành xuất sắc nhiệm vụ.",
    ALL: "Tất cả các báo cáo trên trong một tệp Excel, mỗi bảng một trang tính.",
}


def _opened(db: Database | None) -> Database:
    if db is None:
        raise UserError("Tệp dữ liệu đang mở chỉ có trong bộ nhớ; hãy lưu thành tệp rồi xuất báo cáo.")
    return db


class ReportsView(QWidget):
    title = "Báo cáo gửi cấp ủy cấp trên"

    def __init__(self, ops: Operations, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.worker: Worker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.files: list[consolidate.BranchFile] = []
        self.plan: consolidate.Consolidation | None = None
        self.heading = heading(self.title)
        self.settings_notice = QLabel()
        self.settings_notice.setObjectName("settings_notice")
        self.settings_notice.setWordWrap(True)
        self.report_box = QComboBox()
        self.report_box.setObjectName("report")
        for name, label in REPORT_TITLES.items():
            self.report_box.addItem(label, name)
        self.year_box = QSpinBox()
        self.year_box.setObjectName("report_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.valueChanged.connect(self._year_changed)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.report_box.currentIndexChanged.connect(
            lambda: self.description.setText(DESCRIPTIONS[self.report_box.currentData()]))
        choose = QHBoxLayout()
        for caption, widget in (("&Báo cáo:", self.report_box), ("&Năm:", self.year_box)):
            buddy = QLabel(caption)
            buddy.setBuddy(widget)
            choose.addWidget(buddy)
            choose.addWidget(widget)
        choose.addStretch()
        actions = QHBoxLayout()
        for text, tip, keys, slot in (
            ("Xuất Excel… (Ctrl+E)", "Lưu báo cáo thành tệp Excel để gửi cấp trên", "Ctrl+E", self.export),
            ("Xem trước / In… (Ctrl+P)", "Xem trang in, in ra giấy hoặc lưu PDF (không cần Excel)", "Ctrl+P",
             self.preview),
            ("Tổng hợp từ các chi bộ… (Ctrl+T)", "Chọn các tệp báo cáo các chi bộ gửi lên để tổng hợp", "Ctrl+T",
             self.choose_branch_files),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            actions.addWidget(button)
            shortcut(self, keys, slot)
        actions.addStretch()
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setOpenExternalLinks(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.settings_notice)
        layout.addLayout(choose)
        layout.addWidget(self.description)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        self.forms = FormsBox(ops, lambda: self.year,
                              lambda label, work, done: self.run_job(label, lambda db, p: work(_opened(db), p), done),
                              self._exported)
        layout.addWidget(self.forms)
        self.year_box.valueChanged.connect(lambda _: self.forms.refresh())
        # The stretch keeps the controls together at the top while no consolidation is shown.
        layout.addWidget(self._consolidation_box(), 10)
        layout.addStretch(1)
        self.description.setText(DESCRIPTIONS[self.report_box.currentData()])
        ops.changed.connect(self._on_changed)
        self._check_settings()
        self.set_year(year)

    def _consolidation_box(self) -> QGroupBox:
        self.consolidation = QGroupBox("Tổng hợp từ các chi bộ")
        self.files_model = FilesModel()
        self.files_view = table_view()
        self.files_view.setObjectName("branch_files")
        self.files_view.setModel(self.files_model)
        self.files_view.setWordWrap(True)
        self.accept_damaged = QCheckBox("Vẫn tổng hợp tệp có dữ liệu bị sửa sau khi xuất (báo cáo sẽ ghi cảnh báo)")
        self.accept_damaged.setObjectName("accept_damaged")
        self.include_foreign = QCheckBox("Tính cả đơn vị ngoài danh sách của cấp ủy (báo cáo sẽ ghi cảnh báo)")
        self.include_foreign.setObjectName("include_foreign")
        self.accept_visible = QCheckBox("Dùng số ghi trên trang khi khác dữ liệu gốc (báo cáo ghi rõ từng ô)")
        self.accept_visible.setObjectName("accept_visible")
        for option_box in (self.accept_damaged, self.include_foreign, self.accept_visible):
            option_box.toggled.connect(lambda _: self._decide())
        self.missing = QLabel()
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setObjectName("consolidation_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Những điều cần lưu ý trước khi lưu báo cáo tổng hợp")
        self.save_button = QPushButton("Lưu báo cáo tổng hợp… (Ctrl+L)")
        self.save_button.clicked.connect(self.save_consolidation)
        shortcut(self, "Ctrl+L", self.save_consolidation)
        box = QVBoxLayout(self.consolidation)
        box.addWidget(self.files_view, 2)
        for option in (self.accept_damaged, self.include_foreign, self.accept_visible):
            box.addWidget(option)
        box.addWidget(self.missing)
        box.addWidget(self.warnings, 1)
        box.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.consolidation.hide()
        return self.consolidation

    # --- state ------------------------------------------------------------------
    def set_year(self, year: int) -> None:
        self.year_box.setValue(year)

    def _year_changed(self, year: int) -> None:
        self.heading.setText(f"{self.title} — năm {year}")
        if self.files:
            self._decide()

    @property
    def year(self) -> int:
        return self.year_box.value()

    @property
    def kind(self) -> str:
        return str(self.report_box.currentData())

    def _on_changed(self, changed: Changed) -> None:
        if changed.settings:
            self._check_settings()

    def _check_settings(self) -> None:
        values = settings.get_all(self.ops.db)
        missing = [label for key, label in (("superior_name", "tên cấp ủy cấp trên"), ("place", "địa danh"),
                                            ("signer_name", "người ký")) if not vntext.clean(values.get(key))]
        self.settings_notice.setText(
            f"Cài đặt chưa có {', '.join(missing)}: báo cáo sẽ để trống các chỗ đó. "
            "Hãy điền ở màn hình Cài đặt." if missing else "")
        self.settings_notice.setVisible(bool(missing))

    # --- the worker -----------------------------------------------------------------
    def run_job(self, label: str, work: ReportWork, done: Callable[[Any], None], *,
                with_db: bool = True) -> None:
        """Run `work` on a worker behind a cancellable progress dialog; `done` gets its result."""
        if self.worker is not None:
            return
        file = self.ops.db if with_db else None

        def body(job: Job) -> Any:
            def progress(step: int, total: int, text: str) -> None:
                if step < total:  # the last step ("Xong.") is past stopping
                    job.checkpoint()
                job.progress(step, total, text)

            with collector_paused():  # a big export's full collections would freeze the window
                return work(job.db if file is not None else None, progress)

        self.worker = Worker(body, file=file, readonly=True)
        self.worker.succeeded.connect(lambda result: self._job_succeeded(done, result))
        self.worker.failed.connect(self.ops.show_error)
        self.worker.cancelled.connect(lambda: self.result.setText("Đã hủy."))
        self.worker.finished.connect(self._job_finished)
        self.progress_dialog = follow_with_progress(self.worker, self, label, title="Báo cáo", stopping="Đang dừng…")
        self.worker.start()

    def _job_succeeded(self, done: Callable[[Any], None], result: Any) -> None:
        # The progress dialog closes only after this; the preview must not open under it.
        if self.progress_dialog is not None:
            self.progress_dialog.hide()
        done(result)

    def _job_finished(self) -> None:
        self.progress_dialog = None
        self.worker = None

    # --- export and print -------------------------------------------------------------
    def _save_name(self, caption: str, stem: str) -> Path | None:
        suggested = str(Path.home() / f"{'-'.join(vntext.fold(stem).split())}-{self.year}.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, caption, suggested, XLSX_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def export(self) -> None:
        kind, year = self.kind, self.year
        today = self.ops.clock.today()
        path = self._save_name("Xuất báo cáo ra Excel", REPORT_TITLES[kind])
        if path is None:
            return
        self.result.setText("")
        self.run_job(f"Đang xuất báo cáo năm {year}…",
                     lambda db, progress: export_report(_opened(db), year, kind, path, today=today, progress=progress),
                     self._exported)

    def _exported(self, path: Path) -> None:
        folder = QUrl.fromLocalFile(str(path.parent)).toString()
        self.result.setText(f"Đã xuất báo cáo ra tệp <b>{path.name}</b>. <a href=\"{folder}\">Mở thư mục</a>")

    def preview(self) -> None:
        """Build, lay out and paint the report on a worker; the preview shows each page as it
        is painted (the first within a second or so), the window answering all along."""
        if self.worker is not None:
            return
        kind, year = self.kind, self.year
        folder = tempfile.TemporaryDirectory(prefix="xem-truoc-")
        pages = Path(folder.name)
        jobs: list[PrintJob] = []
        dialog = PrintPreview(f"Xem trước khi in — {REPORT_TITLES[kind]} năm {year}",
                              lambda: self._print(jobs[0], dialog), self)
        dialog.destroyed.connect(lambda _=None: folder.cleanup())
        painted = dialog.page_painted  # a signal of a GUI-thread object: emitted on the worker, shown queued

        today = self.ops.clock.today()

        def work(job: Job) -> Path:
            def build() -> PrintJob:
                with collector_paused():
                    built = prepare_print(build_report(_opened(job.db), year, kind, today=today,
                                                       progress=job.step))
                jobs.append(built)
                return built

            made = render_in_child(build, pages, lambda number, count, png: painted.emit(number, count, png),
                                   job.cancelled)
            job.checkpoint()
            assert made is not None
            return made

        self.worker = Worker(work, file=self.ops.db, readonly=True)
        self.worker.succeeded.connect(dialog.finish)
        self.worker.failed.connect(self.ops.show_error)
        self.worker.failed.connect(lambda _message: dialog.reject())
        self.worker.finished.connect(self._job_finished)
        dialog.rejected.connect(self.worker.cancel)
        worker = self.worker
        worker.start()
        dialog.exec()
        if worker.done:
            dialog.deleteLater()
        else:  # closed while pages were still painted: the worker stops at its next page
            worker.finished.connect(dialog.deleteLater)

    def _print(self, job: PrintJob, parent: QWidget) -> None:
        """Print on a real printer, chosen in the usual dialog, laid out and painted on a worker."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(job.header, job.landscape))
        chooser = QPrintDialog(printer, parent)
        if chooser.exec() != QPrintDialog.DialogCode.Accepted or self.worker is not None:
            return
        self.run_job(f"Đang in {job.title.split('—')[-1].strip()}…",
                     lambda _db, progress: render_report(job, printer),
                     lambda _count: self.result.setText("Đã gửi báo cáo tới máy in."), with_db=False)

    # --- consolidation -----------------------------------------------------------------
    def choose_branch_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Chọn các tệp báo cáo các chi bộ gửi lên", str(Path.home()),
                                                XLSX_FILTER)
        if not names:
            return
        paths = [Path(n) for n in names]

        def read(_db: Database | None, progress: Progress) -> list[consolidate.BranchFile]:
            found = []
            for done, path in enumerate(paths):
                progress(done, len(paths), f"Đang đọc tệp «{path.name}» ({done + 1}/{len(paths)})…")
                found.append(consolidate.read_branch_file(path))
            progress(len(paths), len(paths), "Xong.")
            return found

        self.run_job(f"Đang đọc {len(paths)} tệp…", read, self._files_read, with_db=False)

    def _files_read(self, files: list[consolidate.BranchFile]) -> None:
        self.files = files
        self.consolidation.show()
        self._decide()

    def _decide(self) -> None:
        if not self.files:
            return
        committee = consolidate.committee_of(self.ops.db, self.ops.clock.today(), self.year)
        self.plan = consolidate.decide(self.files, committee=committee,
                                       accept_damaged=self.accept_damaged.isChecked(),
                                       include_foreign=self.include_foreign.isChecked(),
                                       accept_visible=self.accept_visible.isChecked())
        self.files_model.set_rows(self.plan.decisions)
        fit_columns(self.files_view, 300)
        # The note column takes the rest of the width and wraps, instead of running off the side.
        self.files_view.horizontalHeader().setSectionResizeMode(FilesModel.NOTE_COLUMN,
                                                                QHeaderView.ResizeMode.Stretch)
        self.files_view.resizeRowsToContents()
        included = len(self.plan.included)
        text = (f"Tổng hợp được {included}/{len(self.plan.decisions)} tệp năm {self.year} "
                f"({count_text(len(self.plan.sources), 'đơn vị')}, mỗi đơn vị tính một lần).")
        if self.plan.unusable:
            text += (f" <b>Đã gửi nhưng không dùng được ({len(self.plan.unusable)}):</b> "
                     f"{escape('; '.join(self.plan.unusable))}.")
        if self.plan.missing:
            text += f" <b>Chưa gửi báo cáo ({len(self.plan.missing)}):</b> {escape(', '.join(self.plan.missing))}."
        self.missing.setText(text)
        self.warnings.clear()
        self.warnings.addItems(self.plan.problems() or ["Không có điều gì cần lưu ý."])
        self.save_button.setEnabled(included > 0)

    def save_consolidation(self) -> None:
        plan = self.plan
        if plan is None or not plan.included:
            return
        path = self._save_name("Lưu báo cáo tổng hợp", "Bao cao tong hop")
        if path is None:
            return
        header = report_header(self.ops.db, self.ops.clock.today())
        quota = rules_for_year(self.ops.db, plan.year).quota if plan.year else None
        order = list(consolidate.committee_of(self.ops.db, self.ops.clock.today(), plan.year).expected)
        self.run_job("Đang lập báo cáo tổng hợp…",
                     lambda _db, progress: consolidate.write_consolidation(
                         plan, header, path, quota=quota, unit_order=order, progress=progress),
                     self._exported, with_db=False)
