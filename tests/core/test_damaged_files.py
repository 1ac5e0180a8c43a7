"""Bad data files are refused in Vietnamese and never written to; old files upgrade.

The corpus is built here from a real data file, so each case is what a
secretary would actually meet: an empty file after a failed copy, a file cut
short by a pulled USB stick, random bytes, a Word file renamed .sqlite,
another program's database, a damaged page, a file from a newer version.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core import backup, integrity, people
from desktop.core import db as dbmod
from desktop.core.errors import DamagedFileError, NewerFileError, UserError
from desktop.core.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _good_file(folder: Path, wal: bool = False) -> bytes:
    """The bytes of a small, sound data file (the committed v1 fixture)."""
    path = folder / "source.sqlite"
    shutil.copy(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite", path)
    if wal:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
    data = path.read_bytes()
    path.unlink()
    return data


def _docx() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        docx.writestr("word/document.xml", "<w:document><w:body><w:p>Danh sách đảng viên</w:p></w:body></w:document>")
    return buffer.getvalue()


def _with_version(data: bytes, folder: Path, version: int) -> bytes:
    path = folder / "versioned.sqlite"
    path.write_bytes(data)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    out = path.read_bytes()
    path.unlink()
    return out


def _damaged_page(data: bytes) -> bytes:
    damaged = bytearray(data)
    middle = (len(data) // 4096 // 2) * 4096
    damaged[middle:middle + 4096] = random.Random(5).randbytes(4096)
    return bytes(damaged)


def _foreign_db(folder: Path) -> bytes:
    path = folder / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (125000)")
    conn.commit()
    conn.close()
    out = path.read_bytes()
    path.unlink()
    return out


CASES = {
    "empty": (lambda d, w, f: b"", DamagedFileError, "rỗng"),
    "truncated_half": (lambda d, w, f: d[: len(d) // 2], DamagedFileError, "bị hỏng"),
    "truncated_header": (lambda d, w, f: d[:50], DamagedFileError, "bị cụt"),
    "random_bytes": (lambda d, w, f: random.Random(1).randbytes(40_000), DamagedFileError, "không phải tệp dữ liệu"),
    "docx_renamed": (lambda d, w, f: _docx(), DamagedFileError, "Word/Excel"),
    "damaged_page": (lambda d, w, f: _damaged_page(d), DamagedFileError, "bị hỏng"),
    "damaged_page_wal": (lambda d, w, f: _damaged_page(w), DamagedFileError, "bị hỏng"),
    "newer_version": (lambda d, w, f: _with_version(d, f, SCHEMA_VERSION + 1), NewerFileError, "phiên bản mới hơn"),
    "newer_version_wal": (lambda d, w, f: _with_version(w, f, SCHEMA_VERSION + 7), NewerFileError, "cập nhật chương trình"),
    "another_programs_db": (lambda d, w, f: _foreign_db(f), DamagedFileError, "chương trình khác"),
}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(params=sorted(CASES))
def bad_file(request, tmp_path):
    make, error, words = CASES[request.param]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    data = make(_good_file(scratch), _good_file(scratch, wal=True), scratch)
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "so-lam-theo-bac.sqlite"
    path.write_bytes(data)
    return request.param, path, error, words


def test_bad_file_is_refused_in_vietnamese_and_left_untouched(bad_file):
    _, path, error, words = bad_file
    before = _snapshot(path.parent)
    for create in (False, True):
        with pytest.raises(error) as raised:
            dbmod.open_db(path, create=create)
        assert words in raised.value.message and path.name in raised.value.message
    with pytest.raises(UserError):
        dbmod.open_file(path)
    assert _snapshot(path.parent) == before  # same bytes, same times, no -wal/-journal/.lock left


def test_check_reports_the_bad_file_and_writes_nothing(bad_file):
    _, path, _, words = bad_file
    before = _snapshot(path.parent)
    report = integrity.check_file(path)
    assert not report.ok and words in report.problems[0]
    assert _snapshot(path.parent) == before


def test_reading_a_bad_file_writes_nothing(bad_file):
    """Read-only opens skip the page-by-page check (a big file opens at once
    and cannot be made worse); everything else is refused as for writing.
    (A read-only SQLite connection to a WAL file may leave empty -wal/-shm
    files beside it; the data file itself is what must not change.)"""
    name, path, error, _ = bad_file
    before = path.read_bytes(), path.stat().st_mtime_ns
    if name.startswith("damaged_page"):
        try:
            dbmod.close_db(dbmod.open_db(path, readonly=True))
        except DamagedFileError:
            pass
    else:
        with pytest.raises(error):
            dbmod.open_db(path, readonly=True)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_newest_good_backup_is_found_for_a_damaged_file(tmp_path):
    path = tmp_path / "so.sqlite"
    shutil.copy(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite", path)
    db = dbmod.open_db(path)
    good = backup.backup_now(db, path, backup.Moment.CLOSE).path
    dbmod.close_db(db)
    path.write_bytes(_damaged_page(path.read_bytes()))
    with pytest.raises(DamagedFileError):
        dbmod.open_db(path)
    offered = backup.newest_good_backup(path)
    assert offered is not None and offered.path == good and offered.people == 12


def test_schema_fixture_opens_upgraded_with_its_data(tmp_path):
    """Every released schema has a fixture; opening it must upgrade it whole."""
    for fixture in sorted(FIXTURES.glob("schema_v*.sqlite")):
        path = tmp_path / fixture.name
        shutil.copy(fixture, path)
        old_version = int(fixture.stem.removeprefix("schema_v"))
        db = dbmod.open_db(path)
        try:
            assert dbmod.schema_version(db) == SCHEMA_VERSION
            assert people.count_people(db, people.PersonFilter()) == 12
            assert db.execute("SELECT count(*) FROM deeds").fetchone()[0] > 0
        finally:
            dbmod.close_db(db)
        assert integrity.check_file(path).ok
        reasons = [b.reason for b in backup.list_backups(path)]
        assert reasons == (["truoc-nang-cap"] if old_version < SCHEMA_VERSION else [])


def test_a_crash_while_creating_a_file_leaves_no_half_made_file(tmp_path, monkeypatch):
    path = tmp_path / "moi.sqlite"

    def power_cut(*_args, **_kwargs):
        raise OSError("mất điện")

    monkeypatch.setattr(dbmod, "migrate", power_cut)
    with pytest.raises(OSError):
        dbmod.open_db(path, create=True)
    assert not path.exists() and not (tmp_path / "moi.sqlite.lock").exists()
    monkeypatch.undo()
    db = dbmod.open_db(path, create=True)  # the leftover is cleared on the next try
    assert dbmod.schema_version(db) == SCHEMA_VERSION
    dbmod.close_db(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moi.sqlite"]


def test_check_command_on_the_corpus_exits_1_with_the_reason(tmp_path):
    path = tmp_path / "so.sqlite"
    docx = _docx()  # built once: a zip stamps the current time, so two builds can differ
    path.write_bytes(docx)
    done = subprocess.run([sys.executable, "-m", "desktop", "check", "--db", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "Word/Excel" in done.stdout and path.read_bytes() == docx


def test_an_excel_file_chosen_by_mistake_points_to_the_import_not_to_a_restore(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(_docx())
    problem = integrity.inspect_header(path)
    assert problem is not None and problem.kind == integrity.NOT_SQLITE
    assert "Nhập từ Excel" in problem.message and "khôi phục" not in problem.message


def test_a_big_file_left_unclean_or_cut_short_is_still_checked_page_by_page(tmp_path, monkeypatch):
    """Above the page-check budget a clean file opens on the cheap checks; a crash's
    leftovers, a fragile folder or a length the header disagrees with bring the full check back."""
    monkeypatch.setattr(integrity, "PAGE_CHECK_BUDGET", 0)
    path = tmp_path / "so-lam-theo-bac.sqlite"
    path.write_bytes(_good_file(tmp_path))
    assert integrity.header_matches_size(path)
    assert not integrity.page_check_on_open(path, unclean=False, fragile=False)
    assert integrity.page_check_on_open(path, unclean=False, fragile=True)
    dbmod.close_db(dbmod.open_db(path))

    path.write_bytes(_damaged_page(path.read_bytes()))
    path.with_name(path.name + ".lock").write_text("{}", encoding="utf-8")  # the crashed program's lock
    assert integrity.left_unclean(path)
    with pytest.raises(DamagedFileError):
        dbmod.open_db(path)

    path.with_name(path.name + ".lock").unlink(missing_ok=True)  # the refused open took it over and gave it back
    path.write_bytes(_good_file(tmp_path)[:-4096])
    assert not integrity.header_matches_size(path) and not integrity.left_unclean(path)
    assert integrity.page_check_on_open(path, unclean=False, fragile=False)
    with pytest.raises(DamagedFileError):
        dbmod.open_db(path)
