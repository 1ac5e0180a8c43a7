import dataclasses
import json

import pytest

from desktop.core import changes, deeds, people, settings, units, years
from desktop.core.errors import LockedYearError, UserError
from desktop.core.people import PersonFilter


def _unit(db):
    return units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id


def test_undo_and_redo_an_added_person(branch_db):
    cs = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)})
    changes.undo(branch_db, cs)
    assert people.count_people(branch_db, PersonFilter()) == 0
    changes.redo(branch_db, cs)
    assert [p.full_name for p in people.list_people(branch_db, PersonFilter(text="le an"))] == ["Lê An"]


def test_undoing_a_delete_brings_back_the_persons_deeds(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)}).inserted_id("people")
    deeds.add_deed(branch_db, 2026, {"content": "Giữ vệ sinh đường làng"}, person_id=pid)
    deleted = people.delete_person(branch_db, pid)
    assert deeds.person_deeds(branch_db, 2026, pid) == []
    changes.undo(branch_db, deleted)
    assert [d.content for d in deeds.person_deeds(branch_db, 2026, pid)] == ["Giữ vệ sinh đường làng"]


def test_every_change_is_in_the_audit_log_with_before_and_after(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)}).inserted_id("people")
    people.update_person(branch_db, pid, {"position": "Bí thư"})
    row = branch_db.execute(
        "SELECT label, before, after FROM audit_log WHERE table_name = 'people' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row[0] == "Sửa thông tin Lê An"
    assert json.loads(row[1])["position"] is None
    assert json.loads(row[2])["position"] == "Bí thư"


def test_a_failed_edit_writes_nothing(branch_db):
    before = branch_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UserError):
        units.add_unit(branch_db, "Chi bộ Xóm Đồng", "chi_bo", units.find_by_name(branch_db, "Đảng bộ xã La Bằng")[0].id)
    assert branch_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_locked_year_refuses_edits_and_undo_until_unlocked_with_a_reason(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)}).inserted_id("people")
    added = deeds.add_deed(branch_db, 2026, {"content": "Việc một"}, person_id=pid)
    years.lock_year(branch_db, 2026)
    with pytest.raises(LockedYearError):
        deeds.add_deed(branch_db, 2026, {"content": "Việc hai"}, person_id=pid)
    with pytest.raises(LockedYearError):
        changes.undo(branch_db, added)
    with pytest.raises(UserError, match="lý do"):
        years.unlock_year(branch_db, 2026, "  ")
    years.unlock_year(branch_db, 2026, "Sửa sai sót theo yêu cầu của Đảng ủy")
    deeds.add_deed(branch_db, 2026, {"content": "Việc hai"}, person_id=pid)
    reason = branch_db.execute("SELECT reason FROM audit_log WHERE label = 'Mở khóa năm 2026'").fetchone()[0]
    assert reason == "Sửa sai sót theo yêu cầu của Đảng ủy"


# --- what changed, in domain words -----------------------------------------------
def test_editing_a_deed_says_deeds_changed_and_undo_redo_say_the_same(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)}).inserted_id("people")
    deed = deeds.add_deed(branch_db, 2026, {"content": "Giữ vệ sinh đường làng"}, person_id=pid)
    edited = deeds.update_deed(branch_db, deed.inserted_id("deeds"), {"content": "Quét ngõ mỗi sáng"})
    assert edited.changed == changes.Changed(deeds=True)
    assert edited.changed.deeds and not edited.changed.people
    assert changes.undo(branch_db, edited).changed == edited.changed
    assert changes.redo(branch_db, edited).changed == edited.changed


def test_deleting_a_person_says_people_and_their_deeds_changed(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _unit(branch_db)}).inserted_id("people")
    deeds.add_deed(branch_db, 2026, {"content": "Giữ vệ sinh đường làng"}, person_id=pid)
    deleted = people.delete_person(branch_db, pid)
    assert deleted.changed == changes.Changed(people=True, deeds=True)


def test_chot_so_is_the_year_lock_and_a_theme_is_the_year(branch_db):
    locked = years.lock_year(branch_db, 2026)
    assert locked.changed == changes.Changed(year_lock=True)
    unlocked = years.unlock_year(branch_db, 2026, "Sửa sai sót theo yêu cầu của Đảng ủy")
    assert unlocked.changed == changes.Changed(year_lock=True)
    themed = years.set_theme(branch_db, 2026, "Học tập và làm theo tư tưởng Hồ Chí Minh về dân vận")
    assert themed.changed == changes.Changed(years=True)
    assert settings.put(branch_db, {"place": "Ba Đình"}).changed == changes.Changed(settings=True)


def test_every_recorded_table_says_what_kind_of_change_it_is(branch_db):
    # settled_*: stored scoring results, kept current by triggers, never written by an edit (core.yearend).
    recorded = {name for name in branch_db.table_names()
                if name != "audit_log" and not name.startswith(("people_fts", "settled_"))}
    assert recorded == set(changes.TABLE_FLAGS)
    flags = {f.name for f in dataclasses.fields(changes.Changed)}
    assert set(changes.TABLE_FLAGS.values()) | {"year_lock"} == flags


def test_changed_combines_and_compares():
    deeds_only = changes.Changed(deeds=True)
    assert not changes.Changed() and deeds_only
    assert deeds_only | changes.Changed(people=True) == changes.Changed(deeds=True, people=True)
    assert deeds_only <= changes.Changed(deeds=True, people=True)
    assert not changes.Changed(deeds=True, units=True) <= deeds_only
    assert all(dataclasses.asdict(changes.Changed.everything()).values())


def _person_row(unit, name, **more):
    return {"unit_id": unit, "kind": "dang_vien", "full_name": name, "name_fold": name.lower(), "sort_key": name,
            "created_at": "2026-11-23T08:00:00", "updated_at": "2026-11-23T08:00:00", **more}


def test_many_rows_inserted_at_once_are_recorded_like_one_by_one(branch_db):
    unit = _unit(branch_db)
    last = people.add_person(branch_db, {"full_name": "Lê Cuối", "unit_id": unit}).inserted_id("people")
    people.delete_person(branch_db, last)  # the new rows take the freed top id, as SQLite gives it
    rows = [_person_row(unit, "An"), _person_row(unit, "Bình", phone="0912345678"),
            _person_row(unit, "Cường", phone="0912345679"), _person_row(unit, "Dũng", status="chuyen_den"),
            _person_row(unit, "Em")]
    with changes.recording(branch_db, "Nhập") as rec:
        ids = rec.insert_many("people", rows)
    assert ids == list(range(last, last + 5))
    assert [c.pk for c in rec.changeset.changes] == ids
    for change, row in zip(rec.changeset.changes, rows, strict=True):
        assert change.before is None and change.after == rec.get("people", change.pk)
        assert {k: change.after[k] for k in row} == row
    assert rec.changeset.changes[0].after["status"] == "dang_sinh_hoat"  # the column's default, read back
    logged = branch_db.execute("SELECT row_id, after FROM audit_log WHERE label = 'Nhập' ORDER BY id").fetchall()
    assert [r[0] for r in logged] == ids and json.loads(logged[1][1])["full_name"] == "Bình"
    changes.undo(branch_db, rec.changeset)
    assert people.count_people(branch_db, PersonFilter()) == 0


def test_rows_that_give_their_key_are_inserted_with_it(branch_db):
    unit = _unit(branch_db)
    with changes.recording(branch_db, "Nhập") as rec:
        ids = rec.insert_many("people", [_person_row(unit, "An", id=70), _person_row(unit, "Bình", id=50)])
    assert ids == [70, 50] and [c.after["full_name"] for c in rec.changeset.changes] == ["An", "Bình"]
