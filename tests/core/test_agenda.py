"""Tổng quan's list of what to do next, and the figures behind its charts."""

from __future__ import annotations

import datetime as dt

from desktop.core import agenda, backup, deeds, people, units, yearend, years
from desktop.core.reviews import ReviewEdit, set_reviews

TODAY = dt.date(2026, 11, 20)


def _people(db) -> dict[str, int]:
    dong = units.find_by_name(db, "Chi bộ Xóm Đồng")[0].id
    bai = units.find_by_name(db, "Chi bộ Xóm Bãi")[0].id
    ids = {"dong": dong, "bai": bai}
    for key, name, unit in (("an", "Nguyễn Văn An", dong), ("binh", "Trần Thị Bình", bai)):
        ids[key] = people.add_person(db, {"full_name": name, "unit_id": unit, "kind": "dang_vien",
                                          "joined_date": "19/05/2010"}).inserted_id("people")
    return ids


def texts(found: agenda.Agenda, screen: str) -> list[str]:
    return [i.text for i in found.items if i.screen == screen and not i.done]


def test_the_month_the_year_end_and_registration_say_who_is_missing(branch_db, tmp_path) -> None:
    ids = _people(branch_db)
    set_reviews(branch_db, 2026, 11, [ReviewEdit(ids["an"], level="dat")])
    deeds.add_deed(branch_db, 2026, {"content": "Trồng 50 cây xanh", "due_date": "01/10/2026"}, person_id=ids["an"])
    found = agenda.agenda(branch_db, 2026, TODAY, tmp_path / "so.sqlite")

    assert found.month == 11
    assert [(b.name, b.reviewed, b.due, b.missing) for b in found.branches] == [
        ("Chi bộ Xóm Bãi", 0, 1, ["Trần Thị Bình"]), ("Chi bộ Xóm Đồng", 1, 1, [])]
    assert texts(found, agenda.REVIEWS) == [
        "Đánh giá tháng 11/2026: còn 1/2 người chưa được đánh giá (Trần Thị Bình)."]
    assert texts(found, agenda.REGISTRATION) == [
        "1 người chưa đăng ký việc làm theo Bác năm 2026: Trần Thị Bình (Chi bộ Xóm Bãi).",
        "1 việc đã quá thời hạn mà chưa ghi kết quả: Nguyễn Văn An: Trồng 50 cây xanh."]
    assert texts(found, agenda.YEAR_END) == [
        "Cuối năm (còn 41 ngày đến hạn xếp loại 31/12/2026): 2 đảng viên chưa có điểm: "
        "Nguyễn Văn An, Trần Thị Bình."]
    assert texts(found, agenda.BACKUPS) == [
        "Tệp này chưa có bản sao lưu nào: hãy sao lưu ngay (Ctrl+Shift+B)."]
    assert found.registration_rates == [("Chi bộ Xóm Bãi", 0.0), ("Chi bộ Xóm Đồng", 1.0)]
    assert found.coverage[10] == 0.5 and found.coverage[11] is None


def test_points_without_a_level_a_past_year_not_locked_and_an_old_backup(branch_db, tmp_path, monkeypatch) -> None:
    ids = _people(branch_db)
    yearend.set_points(branch_db, 2026, ids["an"], {"chung": 25, "nhiem_vu": 55})
    years.ensure_year(branch_db, 2025)
    monkeypatch.setattr(backup, "last_backup_at", lambda _path: dt.datetime(2026, 11, 2, 9, 30))
    found = agenda.agenda(branch_db, 2026, TODAY, tmp_path / "so.sqlite")
    year_end = texts(found, agenda.YEAR_END)
    assert "Năm 2025 đã qua nhưng chưa chốt sổ." in year_end
    assert found.levels["HTTNV"] == 1
    assert texts(found, agenda.BACKUPS) == [
        "Lần sao lưu gần nhất đã 18 ngày trước (02/11/2026): hãy sao lưu (Ctrl+Shift+B)."]


def test_overdue_deeds_leave_out_those_with_a_result_or_a_later_deadline(branch_db) -> None:
    ids = _people(branch_db)
    for content, due, outcome in (("Việc A", "01/10/2026", None), ("Việc B", "01/10/2026", "hoan_thanh"),
                                  ("Việc C", "01/12/2026", None)):
        deeds.add_deed(branch_db, 2026, {"content": content, "due_date": due, "outcome": outcome},
                       person_id=ids["binh"])
    assert [d.content for d in deeds.overdue_deeds(branch_db, 2026, TODAY)] == ["Việc A"]
