import pytest

from desktop.core import deeds, people, units
from desktop.core.errors import ValidationError


def _setup(db):
    dong = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    bai = units.find_by_name(db, "Chi bộ Xóm Bãi")[0].id
    a = people.add_person(db, {"full_name": "Lê An", "unit_id": dong}).inserted_id("people")
    b = people.add_person(db, {"full_name": "Lê Bình", "unit_id": dong, "kind": "quan_chung"}).inserted_id("people")
    c = people.add_person(db, {"full_name": "Lê Cúc", "unit_id": bai}).inserted_id("people")
    return dong, bai, a, b, c


def test_deeds_keep_their_order_and_validate(branch_db):
    _dong, _bai, a, _b, _c = _setup(branch_db)
    for text in ("Việc một", "Việc hai", "Việc ba"):
        deeds.add_deed(branch_db, 2026, {"content": text, "due_date": "31/12/2026"}, person_id=a)
    assert [d.content for d in deeds.person_deeds(branch_db, 2026, a)] == ["Việc một", "Việc hai", "Việc ba"]
    with pytest.raises(ValidationError):
        deeds.add_deed(branch_db, 2026, {"content": " "}, person_id=a)
    with pytest.raises(ValidationError):
        deeds.add_deed(branch_db, 2026, {"content": "x", "due_date": "32/12/2026"}, person_id=a)


def test_registration_rate_counts_members_and_masses_apart(branch_db):
    dong, bai, a, b, c = _setup(branch_db)
    deeds.add_deed(branch_db, 2026, {"content": "Việc"}, person_id=a)
    deeds.add_deed(branch_db, 2026, {"content": "Việc tập thể", "collective": "Chi bộ", "is_model": True}, unit_id=dong)
    rates = {r.unit_name: r for r in deeds.registration_rates(branch_db, 2026)}
    dong_rate = rates["Chi bộ Xóm Đồng"]
    assert (dong_rate.members_registered, dong_rate.members) == (1, 1)
    assert (dong_rate.masses_registered, dong_rate.masses) == (0, 1)
    assert (dong_rate.collective_deeds, dong_rate.models) == (1, 1)
    whole = rates["Đảng bộ xã La Bằng"]
    assert (whole.members_registered, whole.members) == (1, 2)


def test_copy_from_last_year_clears_results_and_does_not_copy_twice(branch_db):
    _dong, _bai, a, _b, _c = _setup(branch_db)
    deeds.add_deed(branch_db, 2025, {"content": "Trồng cây", "outcome": "hoan_thanh", "result": "Xong"}, person_id=a)
    deeds.copy_from_year(branch_db, 2025, 2026, [a])
    deeds.copy_from_year(branch_db, 2025, 2026, [a])
    copied = deeds.person_deeds(branch_db, 2026, a)
    assert [(d.content, d.outcome, d.result) for d in copied] == [("Trồng cây", None, None)]
    assert copied[0].carried_from is not None


def test_a_deed_content_longer_than_the_limit_is_refused_with_the_limit():
    with pytest.raises(ValidationError) as caught:
        deeds.validate({"content": "x" * (deeds.MAX_CONTENT_LENGTH + 1)})
    assert f"giới hạn {deeds.MAX_CONTENT_LENGTH} ký tự" in caught.value.fields["content"]
    assert deeds.validate({"content": "x" * deeds.MAX_CONTENT_LENGTH})["content"]


def test_overview_counts_deeds_as_the_registration_rates_do(branch_db):
    from desktop.core import overview

    dong, _bai, a, b, _c = _setup(branch_db)
    deeds.add_deed(branch_db, 2026, {"content": "Việc của An"}, person_id=a)
    deeds.add_deed(branch_db, 2026, {"content": "Việc của Bình"}, person_id=b)
    people.change_status(branch_db, b, "chuyen_di", "01/06/2026")
    figures = overview.overview(branch_db, 2026)
    whole = deeds.registration_rates(branch_db, 2026)[0]
    assert figures.individual_deeds == whole.individual_deeds == 1
