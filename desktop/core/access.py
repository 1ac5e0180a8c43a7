"""An optional password for opening a file in the program, and idle locking.

The password is never stored: the file keeps a salted scrypt hash
(hashlib.scrypt, 16 MB of memory per try, so guessing is slow) in its
settings. Text is NFC-normalised first, so a password with Vietnamese
letters typed with Unikey and with the Windows keyboard is the same.
PROTECTION_NOTE says plainly what this does and does not protect; the
window and the README show it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os

from sqlite_utils import Database

from desktop.core import settings, vntext
from desktop.core.changes import ChangeSet, recording
from desktop.core.errors import ValidationError

PASSWORD_KEY = "password_hash"
IDLE_KEY = "idle_lock_minutes"
MIN_LENGTH = 6
MAX_IDLE_MINUTES = 240
# scrypt cost: n=2**14, r=8 needs 16 MB and about 50 ms per try on an old PC.
_N, _R, _P = 2**14, 8, 1

PROTECTION_NOTE = (
    "Mật khẩu mở tệp chỉ ngăn người khác mở tệp bằng chương trình Sổ Làm theo Bác "
    "(và khóa màn hình chương trình khi bạn rời máy quá số phút đã đặt). "
    "Mật khẩu KHÔNG mã hóa dữ liệu: ai có tệp .sqlite (chép từ máy, từ USB hay từ bản sao lưu) "
    "vẫn đọc được toàn bộ nội dung bằng các công cụ SQLite thông thường. "
    "Vì vậy hãy giữ tệp và các bản sao lưu ở nơi an toàn, đặt mật khẩu đăng nhập Windows, "
    "và không gửi tệp qua mạng khi không cần. "
    "Chương trình chỉ lưu mã băm (scrypt, có muối) của mật khẩu, không lưu mật khẩu; "
    "quên mật khẩu thì không lấy lại được, nhưng dữ liệu trong tệp không mất. "
    "Muốn chính tệp không đọc được khi bị chép đi, hãy mã hóa tệp (Tệp → Mã hóa tệp…)."
)


def _encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """"scrypt$n$r$p$salt$hash", all that is needed to check a password later."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(vntext.clean(password).encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_encode(salt)}${_encode(digest)}"


def _matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        candidate = hashlib.scrypt(
            vntext.clean(password).encode("utf-8"), salt=base64.b64decode(salt),
            n=int(n), r=int(r), p=int(p), dklen=len(expected), maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, expected)


def has_password(db: Database) -> bool:
    return bool(settings.get(db, PASSWORD_KEY))


def verify(db: Database, password: str) -> bool:
    """Whether `password` opens this file (True when the file has none)."""
    stored = settings.get(db, PASSWORD_KEY)
    if not stored:
        return True
    return _matches(password, str(stored))


def set_password(db: Database, password: str) -> ChangeSet:
    """Require a password to open this file in the program (recorded, audited)."""
    cleaned = vntext.clean(password)
    if len(cleaned) < MIN_LENGTH:
        raise ValidationError({"password": f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự."})
    with recording(db, "Đặt mật khẩu mở tệp") as rec:
        settings.put(db, {PASSWORD_KEY: hash_password(cleaned)})
        return rec.changeset


def clear_password(db: Database) -> ChangeSet:
    """Open the file without a password again."""
    with recording(db, "Bỏ mật khẩu mở tệp") as rec:
        if has_password(db):
            settings.put(db, {PASSWORD_KEY: None})
        return rec.changeset


def idle_lock_minutes(db: Database) -> int:
    """Minutes without use after which the window locks (0: never)."""
    value = settings.get(db, IDLE_KEY)
    return int(value) if value else 0


def set_idle_lock_minutes(db: Database, minutes: int) -> ChangeSet:
    if not 0 <= minutes <= MAX_IDLE_MINUTES:
        raise ValidationError({IDLE_KEY: f"Số phút tự khóa phải từ 0 (không khóa) đến {MAX_IDLE_MINUTES}."})
    with recording(db, "Đặt thời gian tự khóa") as rec:
        settings.put(db, {IDLE_KEY: minutes})
        return rec.changeset


def should_lock(db: Database, last_activity: dt.datetime, now: dt.datetime) -> bool:
    """Whether the window should hide the data and ask for the password again."""
    minutes = idle_lock_minutes(db)
    return bool(minutes) and has_password(db) and now - last_activity >= dt.timedelta(minutes=minutes)
