"""Qt's own words in Vietnamese: Qt ships no Vietnamese translation, so its
standard buttons (message boxes, button boxes), the right-click menu of text
boxes, the wizard's buttons and the non-native file dialog would say "OK",
"Cancel", "Copy"… This translator answers Qt's `tr()` calls for those
contexts; anything it does not know falls back to Qt's English.

The contexts and source texts are the ones Qt 6 asks for (logged from
`QTranslator.translate` while opening each kind of dialog and menu).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_BUTTONS = {
    "OK": "Đồng ý", "&OK": "Đồng ý", "Cancel": "Hủy", "&Cancel": "Hủy",
    "Yes": "Có", "&Yes": "&Có", "No": "Không", "&No": "&Không",
    "Yes to &All": "Có với &tất cả", "Yes to All": "Có với tất cả",
    "N&o to All": "Không với t&ất cả", "No to All": "Không với tất cả",
    "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả", "Close": "Đóng", "&Close": "Đóng",
    "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Discard": "Bỏ thay đổi", "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu",
    "Help": "Trợ giúp", "Open": "Mở", "&Open": "&Mở", "Retry": "Thử lại", "Ignore": "Bỏ qua",
    "Abort": "Dừng",
}

_TEXT_MENU = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t", "&Copy": "&Chép",
    "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
    "Copy &Link Location": "Chép địa chỉ &liên kết",
}

_WIZARD = {
    "< &Back": "‹ &Quay lại", "&Next": "&Tiếp", "&Next >": "&Tiếp ›", "&Finish": "&Xong",
    "Cancel": "Hủy", "Commit": "Ghi", "Help": "Trợ giúp", "Go Back": "Quay lại",
    "Continue": "Tiếp tục", "Done": "Xong",
}

_FILE_DIALOG = {
    "&Open": "&Mở", "Open": "Mở", "&Save": "&Lưu", "Save": "Lưu", "Save As": "Lưu thành",
    "&Choose": "&Chọn", "Find Directory": "Chọn thư mục", "Directory:": "Thư mục:",
    "&Look in:": "&Tìm trong:", "File &name:": "Tên &tệp:", "Files of &type:": "&Loại tệp:",
    "All Files (*)": "Mọi tệp (*)", "Back": "Lùi", "Forward": "Tới", "Parent Directory": "Thư mục cha",
    "Go back": "Lùi lại", "Go forward": "Đi tới", "Go to the parent directory": "Lên thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới", "&New Folder": "Thư mục &mới", "&Rename": "Đổi &tên", "&Delete": "&Xóa",
    "Show &hidden files": "Hiện tệp &ẩn", "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
    "Change to list view mode": "Xem dạng danh sách", "Change to detail view mode": "Xem dạng chi tiết",
    "List of places and bookmarks": "Các nơi hay dùng", "Sidebar": "Thanh bên", "Files": "Tệp",
    "Recent Places": "Nơi mở gần đây", "My Computer": "Máy tính", "Computer": "Máy tính",
    "Are you sure you want to delete '%1'?": "Xóa hẳn “%1”?",
    "%1 already exists.\nDo you want to replace it?": "Đã có “%1”.\nGhi đè lên tệp đó?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông thấy tệp.\nHãy xem lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông thấy thư mục.\nHãy xem lại tên thư mục.",
}

_FILE_MODEL = {
    "Name": "Tên", "Size": "Cỡ", "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa",
    "Computer": "Máy tính", "My Computer": "Máy tính",
}

_ICONS = {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File Folder": "Thư mục", "File": "Tệp"}

_MESSAGE_BOX = {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…", "OK": "Đồng ý"}

_SPIN_BOX = {"&Step up": "&Tăng", "Step &down": "&Giảm"}

_INPUT = {"Enter a value:": "Nhập giá trị:"}

TRANSLATIONS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, **_MESSAGE_BOX},
    "QLineEdit": _TEXT_MENU,
    "QWidgetTextControl": _TEXT_MENU,
    "QTextControl": _TEXT_MENU,
    "QWizard": _WIZARD,
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_MODEL,
    "QAbstractFileIconProvider": _ICONS,
    "QFileIconProvider": _ICONS,
    "QAbstractSpinBox": _SPIN_BOX,
    "QInputDialog": _INPUT,
}


class VietnameseQt(QTranslator):
    """Answers Qt's own `tr()` calls from TRANSLATIONS; None (a null string: Qt keeps
    its English, and asks the next translator) otherwise. An empty string would
    be taken as the translation: "Ctrl" would vanish from every shortcut's text."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return TRANSLATIONS.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> VietnameseQt:
    """Install the translator once per application (kept alive as the app's child)."""
    existing = app.findChild(VietnameseQt)
    if existing is not None:
        return existing
    translator = VietnameseQt(app)
    app.installTranslator(translator)
    return translator
