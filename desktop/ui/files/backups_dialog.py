"""Tệp → Sao lưu và khôi phục: the file's backups, a preview, back up now, restore.

The list comes from core.backup (on this PC and in the second place set in
Cài đặt); the preview opens the chosen backup read-only and sets its
figures beside the open file's; restoring asks for a reason, then the
window hands the work to the file's guard (safety.py), which closes the
file, lets core back up the current state and restore, and reopens it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.core import (
    audit,
    backup,
    crashlog,
    encryption,
    overview,
    paths,
    people,
    settings,
    years,
)
from desktop.core.backup import BackupInfo, Moment
from desktop.core.errors import UserError
from desktop.core.people import PersonFilter
from desktop.ui.files import file_safety as safety
from desktop.ui.operations import Operations
from desktop.ui.widgets.basic import fit_columns, shortcut, table_view
from desktop.ui.widgets.form import ERROR_STYLE, action_buttons
from desktop.ui.widgets.list_model import Index, ListModel

HERE = "Máy này"
SECOND = "Nơi thứ hai"
POLICY_NOTE = (
    "Chương trình tự sao lưu khi mở tệp (nếu có thay đổi), 10 phút một lần khi đang sửa, khi đóng tệp, "
    "và trước khi nâng cấp tệp, nhập Excel, khôi phục, mở khóa năm. Giữ 10 bản mới nhất, mỗi ngày một bản "
    "trong 7 ngày, mỗi tuần một bản trong 8 tuần, mỗi tháng một bản trong 12 tháng."
)


def size_text(size: int) -> str:
    """"850 KB", "1,2 MB": sizes as a secretary reads them (decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


COLUMNS: list[tuple[str, Any]] = [
    ("Lúc sao lưu", lambda b, _: b.made_at.strftime("%d/%m/%Y %H:%M")),
    ("Dung lượng", lambda b, _: size_text(b.size)),
    ("Số người", lambda b, _: ("?" if b.encrypted else "không đọc được") if b.people is None else str(b.people)),
    ("Lý do", lambda b, _: b.reason_label),
    ("Nơi lưu", lambda _, place: place),
]


class BackupsModel(ListModel[tuple[BackupInfo, str]]):
    """The backups of one data file, newest first, in both places."""

    HEADERS = [header for header, _ in COLUMNS]
    NUMBERED = False

    def backup(self, row: int) -> BackupInfo | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, path: Path) -> int | None:
        return next((i for i, (info, _) in enumerate(self._rows) if info.path == path), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        info, place = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](info, place)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def file_figures(db: Database) -> dict[str, str]:
    """What a secretary recognises a state of the file by, from core queries."""
    figures = {
        "Đơn vị giữ sổ": str(settings.get(db, "committee_name") or "(chưa ghi)"),
        "Tổng số người (kể cả đã chuyển đi)": str(people.count_people(db, PersonFilter())),
    }
    for found in years.list_years(db):
        o = overview.overview(db, found.year)
        figures[f"Năm {found.year}"] = (f"{o.members} đảng viên, {o.masses} quần chúng; "
                                        f"{o.individual_deeds + o.collective_deeds} việc đăng ký")
    last = audit.query(db, limit=1)
    figures["Lần sửa cuối"] = f"{last[0].when}: {last[0].label}" if last else "(chưa có)"
    return figures


def comparison_html(chosen: BackupInfo, in_backup: dict[str, str], current: dict[str, str]) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td><b>{e(key)}</b></td><td>{e(in_backup.get(key, '—'))}</td><td>{e(current.get(key, '—'))}</td></tr>"
        for key in dict.fromkeys([*in_backup, *current]))
    return (f"<p><b>Bản sao lưu lúc {chosen.made_at:%H:%M ngày %d/%m/%Y}</b> ({e(chosen.reason_label)})</p>"
            "<table cellspacing=0 cellpadding=3><tr><th align=left>Mục</th><th align=left>Trong bản sao lưu</th>"
            f"<th align=left>Tệp đang mở</th></tr>{rows}</table>")


class RestoreConfirmDialog(QDialog):
    """Asks to confirm a restore and for its reason (kept in the audit log)."""

    def __init__(self, chosen: BackupInfo, current_people: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Khôi phục bản sao lưu")
        who = f", {chosen.people} người" if chosen.people is not None else ""
        text = QLabel(
            f"Khôi phục bản sao lưu lúc {chosen.made_at:%H:%M ngày %d/%m/%Y} ({chosen.reason_label}{who})?\n\n"
            f"Tệp đang mở ({current_people} người) sẽ được thay bằng bản này. Trước đó chương trình tự sao lưu "
            "trạng thái hiện tại, nên vẫn quay lại được. Cửa sổ sẽ đóng tệp rồi mở lại.")
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Lý do khôi phục (ghi vào nhật ký), ví dụ: nhập nhầm tệp Excel")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        buttons = action_buttons(self, "Khôi phục", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel("Lý do:"))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText("Hãy ghi lý do khôi phục; lý do được lưu trong nhật ký thay đổi.")
            self.error.show()
            self.reason.setFocus()
            return
        super().accept()


class BackupsDialog(QDialog):
    """Accepted with `chosen` set when the user confirmed a restore."""

    def __init__(self, ops: Operations, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.chosen: tuple[BackupInfo, str] | None = None  # the backup to restore, and why
        self.setWindowTitle(f"Sao lưu và khôi phục — {path.name}")
        self.resize(960, 640)
        self.model = BackupsModel()
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setPlaceholderText("Chọn một bản sao lưu để xem trước: số người, số việc, lần sửa cuối.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.preview)
        split.setSizes([260, 240])
        note = QLabel(POLICY_NOTE)
        note.setWordWrap(True)
        self.places = QLabel()
        self.places.setWordWrap(True)
        self.places.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.backup_button = QPushButton("Tạo bản sao lưu ngay (Ctrl+B)")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Khôi phục bản này… (Ctrl+R)")
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = QPushButton("Mở thư mục sao lưu")
        folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.backups_dir()))))
        close_button = QPushButton("Đóng (Esc)")
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, folder_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.places)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        shortcut(self, "Ctrl+B", self.back_up_now)
        shortcut(self, "Ctrl+R", self.restore_selected)
        self.view.selectionModel().currentRowChanged.connect(self._show_preview)
        self.reload()
        self.view.setFocus()

    # --- the list -------------------------------------------------------------------
    def _folders(self) -> list[tuple[Path, str]]:
        folders = [(paths.backups_dir(), HERE)]
        second = backup.second_place(self.ops.db)
        if second is not None and second.is_dir() and second.resolve() != folders[0][0].resolve():
            folders.append((second, SECOND))
        return folders

    def reload(self, select: Path | None = None) -> None:
        rows = [(info, place) for folder, place in self._folders() for info in backup.list_backups(self.path, folder, self.ops.db.key)]
        rows.sort(key=lambda item: item[0].made_at, reverse=True)
        self.model.set_rows(rows)
        fit_columns(self.view)
        second = backup.second_place(self.ops.db)
        where = f"Thư mục sao lưu trên máy: {paths.backups_dir()}"
        if second is None:
            where += ". Chưa đặt nơi sao lưu thứ hai (đặt trong Cài đặt, ví dụ ổ USB)."
        elif not second.is_dir():
            where += f". Nơi thứ hai {second}: không thấy (ổ USB chưa cắm?)."
        else:
            where += f". Nơi thứ hai: {second}."
        self.places.setText(where)
        row = self.model.row_of(select) if select else None
        if rows:
            self.view.selectRow(row or 0)
        else:
            self.preview.setHtml("<p>Chưa có bản sao lưu nào của tệp này. Bấm “Tạo bản sao lưu ngay”.</p>")
        self.restore_button.setEnabled(bool(rows) and not self.ops.readonly)
        if self.ops.readonly:
            self.restore_button.setToolTip("Tệp đang mở chỉ đọc nên không khôi phục vào được.")

    def selected(self) -> BackupInfo | None:
        index = self.view.currentIndex()
        return self.model.backup(index.row()) if index.isValid() else None

    def _show_preview(self, *_args: object) -> None:
        chosen = self.selected()
        if chosen is None:
            self.preview.clear()
            return
        try:
            with backup.reading(chosen, self.ops.db.key) as in_file:
                in_backup = file_figures(in_file)
        except encryption.READ_ERRORS as exc:
            self.preview.setHtml(f"<p>Không đọc được bản sao lưu {html.escape(chosen.path.name)} "
                                 f"({html.escape(str(exc))}): có thể đã hỏng. Hãy chọn bản khác.</p>")
            return
        self.preview.setHtml(comparison_html(chosen, in_backup, file_figures(self.ops.db)))

    # --- actions ------------------------------------------------------------------------
    def back_up_now(self) -> None:
        try:
            if safety.big_file(self.path):
                now = self.ops.clock.now()
                result = safety.run_and_wait(self, "Đang sao lưu…", lambda job: backup.backup_now(
                    job.db, self.path, Moment.MANUAL, now=now), self.ops.db)
            else:
                result = backup.backup_now(self.ops.db, self.path, Moment.MANUAL, now=self.ops.clock.now())
        except UserError as exc:
            self._say(exc.message, error=True)
            return
        except encryption.WRITE_ERRORS as exc:
            self._say(crashlog.environment_problem(exc, self.path) or f"Không sao lưu được: {exc}.", error=True)
            return
        self._say(" ".join([f"Đã sao lưu vào {result.path}.", *result.notices]))
        self.reload(select=result.path)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    def ask_restore(self, chosen: BackupInfo) -> str | None:
        """The reason for restoring, or None when the user changed their mind."""
        dialog = RestoreConfirmDialog(chosen, people.count_people(self.ops.db, PersonFilter()), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip()

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.restore_button.isEnabled():
            return
        if chosen.people is None:
            self._say("Bản sao lưu này không đọc được; hãy chọn bản khác.", error=True)
            return
        reason = self.ask_restore(chosen)
        if reason:
            self.chosen = (chosen, reason)
            self.accept()
