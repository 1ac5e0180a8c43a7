"""The audit screen's data: every change told in Vietnamese, filtered and paged."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import audit, deeds, people, units, years
from desktop.core import db as dbmod
from desktop.core.backup import Moment, make_backup
from desktop.core.restore import restore


@pytest.fixture
def logged(empty_db):
    db = empty_db
    unit = units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo").inserted_id("units")
    an = people.add_person(db, {"full_name": "Nguyễn Văn An", "unit_id": unit, "birth_date": "05/03/1980",
                                "phone": "0912345678"}).inserted_id("people")
    binh = people.add_person(db, {"full_name": "Trần Thị Bình", "unit_id": unit}).inserted_id("people")
    people.update_person(db, an, {"phone": "0987654321", "position": "Bí thư chi bộ"})
    deeds.add_deed(db, 2026, {"content": "Giữ đường làng sạch đẹp"}, person_id=an)
    deeds.add_deed(db, 2026, {"content": "Đóng đảng phí đúng hạn"}, person_id=binh)
    years.lock_year(db, 2026)
    years.unlock_year(db, 2026, "Sửa điểm bị sót của đồng chí Bình")
    return db, an, binh


def test_an_edit_reads_field_by_field_before_and_after(logged):
    db, an, _ = logged
    entry = next(e for e in audit.query(db) if e.label == "Sửa thông tin Nguyễn Văn An")
    assert entry.action_label == "Sửa" and entry.table_label == "Người"
    assert "Điện thoại: 0912345678 → 0987654321" in entry.description
    assert "Chức vụ: (trống) → Bí thư chi bộ" in entry.description
    assert "sort_key" not in entry.description and "updated_at" not in entry.description


def test_an_added_person_shows_their_facts_as_people_write_them(logged):
    db, an, _ = logged
    entry = next(e for e in audit.query(db, table="people") if e.action == "insert" and e.row_id == an)
    assert "Ngày sinh: 05/03/1980" in entry.description
    assert "Chi bộ: Chi bộ Xóm Đồng" in entry.description
    assert "Loại: Đảng viên" in entry.description


def test_filter_by_person_includes_their_deeds(logged):
    db, an, _ = logged
    entries = audit.query(db, person_id=an)
    assert {e.table for e in entries} == {"people", "deeds"}
    assert all("Bình" not in e.description for e in entries)
    assert audit.count(db, person_id=an) == len(entries)


def test_filter_by_kind_and_by_text_without_diacritics(logged):
    db, _, _ = logged
    assert {e.table for e in audit.query(db, table="deeds")} == {"deeds"}
    found = audit.query(db, text="tran thi binh")
    assert found and all("Trần Thị Bình" in e.label or "Bình" in (e.reason or "") for e in found)


def test_filter_by_dates_is_inclusive(logged, today):
    db, _, _ = logged
    total = audit.count(db)
    assert audit.count(db, since=today, until=today) == total
    assert audit.count(db, until=today - dt.timedelta(days=1)) == 0
    assert audit.count(db, since=today + dt.timedelta(days=1)) == 0


def test_newest_first_and_paged(logged):
    db, _, _ = logged
    everything = audit.query(db, limit=1000)
    assert [e.id for e in everything] == sorted((e.id for e in everything), reverse=True)
    pages = audit.query(db, limit=3) + audit.query(db, offset=3, limit=1000)
    assert [e.id for e in pages] == [e.id for e in everything]


def test_an_unlock_carries_its_reason(logged):
    db, _, _ = logged
    entry = audit.query(db, table="years")[0]
    assert entry.label == "Mở khóa năm 2026"
    assert entry.reason == "Sửa điểm bị sót của đồng chí Bình"
    assert "Chốt sổ: có → không" in entry.description
    assert entry.description.endswith("(lý do: Sửa điểm bị sót của đồng chí Bình)")


def test_a_deletion_shows_what_was_deleted(logged):
    db, _, binh = logged
    people.delete_person(db, binh)
    entries = [e for e in audit.query(db) if e.label == "Xóa Trần Thị Bình"]
    assert {e.table for e in entries} == {"people", "deeds"}
    person = next(e for e in entries if e.table == "people")
    assert person.action_label == "Xóa" and "Họ và tên: Trần Thị Bình" in person.description


def test_a_restore_is_in_the_log_of_the_restored_file_with_its_reason(tmp_path):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    units.add_unit(db, "Chi bộ Xóm Đồng", "chi_bo")
    saved = make_backup(db, path, Moment.MANUAL)
    dbmod.close_db(db)
    restore(path, saved, "Máy bị nhiễm virus, lấy lại bản hôm qua")
    db = dbmod.open_db(path)
    entry = audit.query(db)[0]
    assert entry.table_label == "Toàn bộ tệp" and entry.reason == "Máy bị nhiễm virus, lấy lại bản hôm qua"
    assert saved.name in entry.description
    assert ("file", "Toàn bộ tệp") in audit.kinds_in_log(db)
    dbmod.close_db(db)


def test_filter_by_person_uses_an_index(logged):
    db, an, _ = logged
    plan = db.execute(f"EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE {audit.PERSON_EXPR} = ?", [an])
    assert "audit_log_person" in " ".join(str(row) for row in plan.fetchall())


_LIST = [
    {"full_name": "Nguyễn Văn An", "birth_date": "05/03/1980", "phone": "0912345678", "note": 'Ghi "chú"\tmột\\hai'},
    {"full_name": "Trần Thị Bình", "kind": "quan_chung", "cccd": "001080001234"},
    {"full_name": "Lê Văn Cường 𠀧", "joined_date": "03/1999", "position": "Bí thư chi bộ"},
]


def _imported(db, in_sql: bool, monkeypatch):
    """The list added as an import adds it, its audit rows built in SQL or by Python's JSON."""
    from desktop.core import changes

    if not in_sql:
        monkeypatch.setattr(changes, "_runs_in_sql", lambda *_args: [])
    unit = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    with changes.recording(db, "Nhập danh sách ds.xlsx") as rec:
        people.create_people(db, [{**raw, "unit_id": unit} for raw in _LIST])
        people.add_person(db, {"full_name": "Phạm Dũng", "unit_id": unit})
    monkeypatch.undo()
    stored = db.execute("SELECT table_name, row_id, before, after FROM audit_log ORDER BY id").fetchall()
    return rec.changeset, stored, audit.query(db)


def test_audit_rows_built_in_sql_read_back_as_python_writes_them(tmp_path, monkeypatch):
    import json

    from desktop.core import newfile

    logs = []
    for in_sql in (True, False):
        db = dbmod.open_db(tmp_path / f"so-{in_sql}.sqlite", create=True)
        newfile.initialise(db, "Đảng bộ xã La Bằng", ["Chi bộ Xóm Đồng"], 2026)
        logs.append(_imported(db, in_sql, monkeypatch))
        db.close()
    (changeset, in_sql, shown_sql), (_, by_python, shown_python) = logs
    imported = [r for r in in_sql if r[0] == "people"]
    assert len(imported) == 4
    # Every entry decodes to the row the change recorded (undo's copy), keys in the same order.
    for (table, row_id, before, after), change in zip(imported, changeset.changes, strict=True):
        assert (table, row_id, before) == ("people", change.pk, None)
        assert list(json.loads(after).items()) == list(change.after.items())
    assert [(t, r, b, json.loads(a) if a else None) for t, r, b, a in in_sql] == [
        (t, r, b, json.loads(a) if a else None) for t, r, b, a in by_python]
    assert imported[0][3] != [r for r in by_python if r[0] == "people"][0][3]  # compact: built in SQL
    # The log screen shows the same entries either way.
    assert [(e.label, e.table, e.row_id, e.action, e.subject, e.changes) for e in shown_sql] == [
        (e.label, e.table, e.row_id, e.action, e.subject, e.changes) for e in shown_python]


def test_a_row_changed_again_in_the_same_action_is_logged_as_it_was_added(branch_db):
    from desktop.core import changes

    unit = units.find_by_name(branch_db, "Chi bộ Xóm Đồng")[0].id
    with changes.recording(branch_db, "Nhập danh sách") as rec:
        an, binh = people.create_people(branch_db, [{"full_name": "Nguyễn Văn An", "unit_id": unit},
                                                    {"full_name": "Trần Thị Bình", "unit_id": unit}])
        people.set_status(branch_db, binh, "chuyen_di", "01/06/2026")
    import json

    added = branch_db.execute("SELECT row_id, after FROM audit_log WHERE table_name = 'people' AND before IS NULL "
                              "ORDER BY id").fetchall()
    assert [(row_id, json.loads(after)) for row_id, after in added] == [
        (c.pk, c.after) for c in rec.changeset.changes[:2]]
    assert json.loads(added[1][1])["status"] == "dang_sinh_hoat"
