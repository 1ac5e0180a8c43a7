"""The demo looks like a real branch: it is the first thing a person sees (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from desktop.core import db as dbmod
from desktop.core import demo

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    db = dbmod.open_db(tmp_path_factory.mktemp("demo") / "demo.sqlite", create=True)
    demo.create_demo(db, members=300, seed=7, year=2026, today=TODAY)
    yield db
    db.close()


def test_party_posts_go_to_full_members_and_each_chi_bo_has_one_secretary(made) -> None:
    posts = made.execute("SELECT p.unit_id, p.kind, p.membership, p.position FROM people p").fetchall()
    assert not [p for p in posts if p[3] in demo.PARTY_POSTS and (p[1] != "dang_vien" or p[2] != "chinh_thuc")]
    branches = [r[0] for r in made.execute("SELECT id FROM units WHERE kind = 'chi_bo'").fetchall()]
    secretaries = Counter(unit for unit, _kind, _m, post in posts if post == "Bí thư chi bộ")
    assert all(secretaries[b] == 1 for b in branches)
    deputies = Counter(unit for unit, _kind, _m, post in posts if post == "Phó bí thư chi bộ")
    assert max(deputies.values()) == 1


def test_positions_fit_age_and_gender(made) -> None:
    rows = made.execute("SELECT gender, birth_date, position FROM people").fetchall()
    for gender, birth, position in rows:
        age = 2026 - int(birth[:4])
        if position == "Hưu trí":
            assert age >= (60 if gender == "nam" else 55), (gender, birth)
        if position == "Chi hội trưởng phụ nữ":
            assert gender == "nu"
        if position == "Bí thư chi đoàn":
            assert age <= 30


def test_nothing_is_dated_after_the_demos_today(made) -> None:
    last_meeting = made.execute("SELECT max(held_on) FROM meetings").fetchone()[0]
    assert last_meeting <= TODAY.isoformat()
    held = {(u, m) for u, m in made.execute("SELECT unit_id, month FROM meetings").fetchall()}
    reviewed = made.execute("SELECT DISTINCT p.unit_id, r.month FROM reviews r JOIN people p ON p.id = r.person_id")
    assert all(key in held for key in reviewed.fetchall())
    for column in ("joined_date", "status_date"):
        assert made.execute(f"SELECT max({column}) FROM people").fetchone()[0] <= TODAY.isoformat()


def test_names_do_not_repeat_a_word_and_deeds_fit_the_person(made) -> None:
    for (name,) in made.execute("SELECT full_name FROM people").fetchall():
        words = name.split()
        assert len(set(words)) == len(words), name
    teaching = made.execute("""SELECT count(*) FROM deeds d JOIN people p ON p.id = d.person_id
                               WHERE d.content LIKE 'Nâng cao chất lượng giảng dạy%'
                               AND p.position <> 'Giáo viên'""").fetchone()[0]
    party_only = made.execute("""SELECT count(*) FROM deeds d JOIN people p ON p.id = d.person_id
                                 WHERE d.content LIKE '%đóng đảng phí%' AND p.kind <> 'dang_vien'""").fetchone()[0]
    assert (teaching, party_only) == (0, 0)
