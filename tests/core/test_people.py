import datetime as dt

import pytest

from desktop.core import people, units
from desktop.core.errors import UserError, ValidationError
from desktop.core.people import PersonFilter


def _branch(db, name="Chi bộ Xóm Đồng"):
    return units.find_by_name(db, name)[0].id


def test_add_person_stores_nfc_text_iso_dates_and_keeps_leading_zeros(branch_db):
    cs = people.add_person(branch_db, {
        "full_name": "Nguye\u0302\u0303n  Văn An", "unit_id": _branch(branch_db), "birth_date": "5/3/1980",
        "cccd": "001080000123", "phone": "912 345 678",
    })
    person = people.get_person(branch_db, cs.inserted_id("people"))
    assert person.full_name == "Nguyễn Văn An"
    assert person.birth_date == "1980-03-05"
    assert person.cccd == "001080000123"
    assert person.phone == "0912345678"


def test_bad_fields_are_named_one_by_one(branch_db):
    with pytest.raises(ValidationError) as err:
        people.add_person(branch_db, {"full_name": "", "unit_id": _branch(branch_db), "birth_date": "31/02/1980",
                                      "cccd": "12345", "phone": "12"})
    assert set(err.value.fields) == {"full_name", "birth_date", "cccd", "phone"}
    assert "12 chữ số" in err.value.fields["cccd"]
    assert people.count_people(branch_db, PersonFilter()) == 0


def test_birth_date_in_the_future_is_refused(branch_db, today):
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    with pytest.raises(ValidationError) as err:
        people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _branch(branch_db), "birth_date": tomorrow})
    assert "tương lai" in err.value.fields["birth_date"]


def test_search_without_diacritics_finds_the_name(branch_db):
    unit = _branch(branch_db)
    for name in ("Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Văn Ân"):
        people.add_person(branch_db, {"full_name": name, "unit_id": unit})
    found = people.list_people(branch_db, PersonFilter(text="nguyen van"))
    assert [p.full_name for p in found] == ["Nguyễn Văn An"]
    assert [p.full_name for p in people.list_people(branch_db, PersonFilter(text="NGUYỄN VĂN AN"))] == ["Nguyễn Văn An"]
    assert people.count_people(branch_db, PersonFilter(text="an")) == 2


def test_list_is_in_vietnamese_name_order_and_pages(branch_db):
    unit = _branch(branch_db)
    for name in ("Lê Đạt", "Lê Dũng", "Trần Bình", "Hoàng An"):
        people.add_person(branch_db, {"full_name": name, "unit_id": unit})
    everyone = [p.full_name for p in people.list_people(branch_db, PersonFilter())]
    assert everyone == ["Hoàng An", "Trần Bình", "Lê Dũng", "Lê Đạt"]
    assert [p.full_name for p in people.list_people(branch_db, PersonFilter(), offset=2, limit=1)] == ["Lê Dũng"]


def test_filter_by_unit_includes_its_sub_units(branch_db):
    root = units.find_by_name(branch_db, "Đảng bộ xã La Bằng")[0].id
    people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _branch(branch_db)})
    people.add_person(branch_db, {"full_name": "Lê Bình", "unit_id": _branch(branch_db, "Chi bộ Xóm Bãi")})
    assert people.count_people(branch_db, PersonFilter(unit_id=root)) == 2
    assert people.count_people(branch_db, PersonFilter(unit_id=_branch(branch_db))) == 1


def test_status_history_is_kept_and_the_latest_is_current(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _branch(branch_db)}).inserted_id("people")
    people.change_status(branch_db, pid, "mien_sinh_hoat", "01/02/2026")
    people.change_status(branch_db, pid, "chuyen_di", "15/06/2026", "QĐ số 12")
    history = people.status_history(branch_db, pid)
    assert [h.status for h in history] == ["mien_sinh_hoat", "chuyen_di"]
    assert people.get_person(branch_db, pid).status == "chuyen_di"
    assert people.count_people(branch_db, PersonFilter(status="active")) == 0
    assert [p.id for p in people.active_on(branch_db, dt.date(2026, 5, 31))] == [pid]
    assert people.active_on(branch_db, dt.date(2026, 7, 1)) == []


def test_mass_person_cannot_have_party_dates(branch_db):
    with pytest.raises(ValidationError) as err:
        people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _branch(branch_db), "kind": "quan_chung",
                                      "joined_date": "01/01/2010"})
    assert "joined_date" in err.value.fields


def test_update_leaves_fields_not_given_alone(branch_db):
    pid = people.add_person(branch_db, {"full_name": "Lê An", "unit_id": _branch(branch_db),
                                        "phone": "0912345678"}).inserted_id("people")
    people.update_person(branch_db, pid, {"position": "Chi ủy viên"})
    person = people.get_person(branch_db, pid)
    assert person.phone == "0912345678" and person.position == "Chi ủy viên"


def test_deleting_a_unit_with_people_is_refused(branch_db):
    unit = _branch(branch_db)
    people.add_person(branch_db, {"full_name": "Lê An", "unit_id": unit})
    with pytest.raises(UserError, match="còn 1 người"):
        units.delete_unit(branch_db, unit)


def test_a_name_longer_than_the_limit_is_refused_with_the_limit(today):
    with pytest.raises(ValidationError) as caught:
        people.validate({"full_name": "A" * (people.MAX_NAME_LENGTH + 1)}, today)
    assert f"giới hạn {people.MAX_NAME_LENGTH} ký tự" in caught.value.fields["full_name"]
    assert people.validate({"full_name": "A" * people.MAX_NAME_LENGTH}, today)["full_name"]


def test_many_people_are_added_in_one_undoable_change_with_the_same_checks(branch_db, today):
    from desktop.core import changes

    unit = _branch(branch_db)
    with changes.recording(branch_db, "Nhập danh sách") as rec:
        outcomes = people.create_people(branch_db, [
            {"full_name": "Nguye\u0302\u0303n Văn An", "unit_id": unit, "phone": "912 345 678"},
            {"full_name": "Trần Thị Bình", "unit_id": unit, "cccd": "12345"},
            {"full_name": "Lê Văn Cường", "unit_id": unit, "birth_date": "5/3/1980"},
            {"full_name": "Phạm Văn Dũng", "unit_id": unit, "birth_date": today + dt.timedelta(days=1)},
        ], today=today)
    first, refused, third, unborn = outcomes
    assert isinstance(unborn, ValidationError) and "tương lai" in unborn.fields["birth_date"]
    assert isinstance(refused, ValidationError) and set(refused.fields) == {"cccd"}
    assert people.get_person(branch_db, first).full_name == "Nguyễn Văn An"
    assert people.get_person(branch_db, first).phone == "0912345678"
    assert people.get_person(branch_db, third).birth_date == "1980-03-05"
    assert [c.pk for c in rec.changeset.changes] == [first, third]
    assert rec.changeset.changes[1].after["full_name"] == "Lê Văn Cường" and rec.changeset.changes[1].before is None
    changes.undo(branch_db, rec.changeset)
    assert people.count_people(branch_db, PersonFilter()) == 0


def test_a_checked_person_is_stored_as_checked_without_a_second_check(branch_db, today, monkeypatch):
    from desktop.core import changes

    unit = _branch(branch_db)
    checked = people.check_new({"full_name": "Nguye\u0302\u0303n  Văn An", "phone": "912 345 678",
                                "birth_date": "5/3/1980"}, today)
    assert checked.values["kind"] == "dang_vien" and checked.values["sort_key"]
    with pytest.raises(TypeError):
        checked.values["full_name"] = "Ai khác"  # type: ignore[index]
    with pytest.raises(ValidationError) as no_unit:
        checked.in_unit(None)
    assert no_unit.value.fields == {"unit_id": "Hãy chọn chi bộ."}

    def second_check(*_args, **_kwargs):
        raise AssertionError("a checked person was checked again")

    monkeypatch.setattr(people, "validate", second_check)
    with changes.recording(branch_db, "Nhập danh sách") as rec:
        [added] = people.create_people(branch_db, [checked.in_unit(unit)], today=today)
    person = people.get_person(branch_db, added)
    assert (person.full_name, person.phone, person.birth_date, person.unit_id) == (
        "Nguyễn Văn An", "0912345678", "1980-03-05", unit)
    assert rec.changeset.changes[0].after["name_fold"] == checked.values["name_fold"]


def test_checked_and_raw_rows_mix_and_raw_ones_are_still_checked(branch_db, today):
    unit = _branch(branch_db)
    checked = people.check_new({"full_name": "Lê Văn Cường"}, today)
    added, refused = people.create_people(branch_db, [
        checked.in_unit(unit), {"full_name": "Trần Thị Bình", "unit_id": unit, "cccd": "12345"}], today=today)
    assert people.get_person(branch_db, added).full_name == "Lê Văn Cường"
    assert isinstance(refused, ValidationError) and set(refused.fields) == {"cccd"}
    with pytest.raises(ValidationError) as unborn:
        people.check_new({"full_name": "Phạm Dũng", "birth_date": today + dt.timedelta(days=1)}, today)
    assert "tương lai" in unborn.value.fields["birth_date"]


def test_a_checked_person_without_a_chi_bo_is_refused_by_name(branch_db, today):
    [refused] = people.create_people(branch_db, [people.check_new({"full_name": "Lê An"}, today)], today=today)
    assert isinstance(refused, ValidationError) and refused.fields == {"unit_id": "Hãy chọn chi bộ."}
    assert people.count_people(branch_db, PersonFilter()) == 0


def test_only_core_people_makes_a_valid_person():
    """`create_people` trusts a ValidPerson: only `people.check_new`/`in_unit` may make one."""
    import ast
    from pathlib import Path

    desktop = Path(people.__file__).resolve().parents[1]
    makers = set()
    for path in desktop.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "ValidPerson":
                    makers.add(path.relative_to(desktop).as_posix())
    assert makers == {"core/people.py"}


@pytest.mark.parametrize(("texts", "expected"), [
    (["Đảng viên dự bị"], "du_bi"),
    (["Dự bị"], "du_bi"),
    (["ĐVDB"], "du_bi"),
    (["du bi"], "du_bi"),  # typed without accents
    (["Kết nạp 3/2026, DỰ BỊ"], "du_bi"),
    (["Lê Dư Bình"], None),  # a name, not a status
    (["Trường Tiểu học Đồng Du Bình"], None),
    (["Bí thư chi bộ", "Du Bi"], "du_bi"),  # an unaccented cell as a whole says it
    (["Dư Bí"], None),  # accents that are not "dự bị"
])
def test_probation_is_read_from_whole_words_only(texts, expected) -> None:
    assert people.infer_membership({"kind": "dang_vien"}, texts) == expected
