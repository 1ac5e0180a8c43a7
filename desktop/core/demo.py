"""A realistic demo file: Vietnamese names, several chi bộ, a year of work
(pledges, meetings, monthly reviews, year-end points).

Rows are written in bulk (executemany, one transaction) so that 100,000
people take a minute, not hours; the demo is a new file, not an edit, so it
is not recorded for undo.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable

from sqlite_utils import Database

from desktop.core import dates, rules, vntext
from desktop.core.accounts import current_user

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Triệu", "Mai"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Thế", "Đình", "Ngọc"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Diệu", "Mai"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Mạnh", "Nam",
           "Phúc", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Vinh", "Ân", "Ánh", "Hoàng", "Trung"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan",
           "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Uyên", "Yến", "Ánh"]
ETHNIC = ["Kinh"] * 12 + ["Tày", "Nùng", "Mường", "Thái", "Dao"]
# The chi ủy: one bí thư and one phó bí thư per chi bộ, then chi ủy viên; đảng viên chính thức only.
PARTY_POSTS = ["Bí thư chi bộ", "Phó bí thư chi bộ", "Chi ủy viên"]
# Work of a branch's kind (by the words in its name); "Xóm" branches are villages.
WORK = {
    "Trường": ["Giáo viên", "Giáo viên", "Giáo viên", "Nhân viên"],
    "Trạm Y tế": ["Y sĩ", "Y sĩ", "Điều dưỡng", "Nhân viên"],
    "Cơ quan": ["Công chức", "Công chức", "Nhân viên"],
    "Ủy ban": ["Công chức", "Công chức", "Nhân viên"],
    "Quân sự": ["Dân quân thường trực", "Công chức"],
    "Công an": ["Công an viên", "Công an viên"],
    "Xóm": ["Nông dân", "Nông dân", "Nông dân", "Kinh doanh", "Công nhân", "Trưởng xóm",
            "Chi hội trưởng nông dân", "Chi hội trưởng phụ nữ", "Bí thư chi đoàn", "Cựu chiến binh"],
}
BRANCHES = ["Xóm Đồng", "Xóm Bãi", "Xóm Trại", "Xóm Chùa", "Trường Tiểu học", "Trường THCS",
            "Trạm Y tế", "Cơ quan Đảng ủy", "Ủy ban nhân dân", "Quân sự", "Công an", "Xóm Mới"]
# (content, category, who may register it: None anyone, "dang_vien", or the positions it fits)
OFFICE = ("Công chức", "Nhân viên", "Y sĩ", "Điều dưỡng", "Giáo viên", "Công an viên", "Dân quân thường trực")
DEEDS: list[tuple[str, str, str | tuple[str, ...] | None]] = [
    ("Gương mẫu đi đầu trong vệ sinh môi trường, giữ đường làng sạch đẹp", "Nếp sống", None),
    ("Tham gia đầy đủ sinh hoạt chi bộ, đóng đảng phí đúng hạn", "Ý thức tổ chức", "dang_vien"),
    ("Trồng và chăm sóc 50 m hàng rào xanh trước nhà", "Nông thôn mới", None),
    ("Giúp đỡ một hộ nghèo trong xóm về giống và kỹ thuật chăn nuôi", "Tương thân tương ái",
     ("Nông dân", "Trưởng xóm", "Chi hội trưởng nông dân", "Hưu trí", "Cựu chiến binh", "Kinh doanh")),
    ("Không uống rượu bia trong giờ làm việc; đúng giờ khi hội họp", "Tác phong", OFFICE),
    ("Tiết kiệm điện, nước, văn phòng phẩm ở cơ quan", "Cần kiệm", OFFICE),
    ("Hướng dẫn người dân dùng dịch vụ công trực tuyến", "Phục vụ nhân dân", ("Công chức", "Nhân viên", "Bí thư chi đoàn")),
    ("Đọc và chia sẻ mỗi tháng một câu chuyện về Bác tại buổi sinh hoạt", "Học tập", None),
    ("Vận động gia đình thực hiện nếp sống văn minh trong việc cưới, việc tang", "Nếp sống", None),
    ("Tham gia hiến đất, ngày công làm đường giao thông nông thôn", "Nông thôn mới",
     ("Nông dân", "Trưởng xóm", "Chi hội trưởng nông dân", "Chi hội trưởng phụ nữ", "Hưu trí", "Cựu chiến binh",
      "Kinh doanh", "Công nhân", "Bí thư chi đoàn")),
    ("Khắc phục tính nóng nảy khi góp ý đồng chí", "Khắc phục hạn chế", "dang_vien"),
    ("Nâng cao chất lượng giảng dạy, không để học sinh ngồi nhầm lớp", "Chuyên môn", ("Giáo viên",)),
    ("Tận tình, niềm nở với người bệnh; không để người bệnh chờ lâu", "Chuyên môn", ("Y sĩ", "Điều dưỡng")),
    ("Vận động hội viên phụ nữ giúp nhau phát triển kinh tế hộ", "Phục vụ nhân dân", ("Chi hội trưởng phụ nữ",)),
]


def _fits(who: str | tuple[str, ...] | None, kind: str, position: str | None) -> bool:
    if who is None:
        return True
    if who == "dang_vien":
        return kind == "dang_vien"
    return position in who


COLLECTIVE_DEEDS = [
    ("Mô hình “Con đường hoa” của chi bộ", True),
    ("Mô hình “Dân vận khéo” trong giải phóng mặt bằng", True),
    ("Duy trì sinh hoạt chi bộ nền nếp, có chuyên đề mỗi quý", False),
    ("Quỹ “Vì người nghèo” của chi bộ", False),
]


def _name(rng: random.Random, gender: str) -> str:
    """A plausible name: no word of it repeated ("Mai Mai Ánh")."""
    middle_names, given_names = (MIDDLE_M, GIVEN_M) if gender == "nam" else (MIDDLE_F, GIVEN_F)
    family = rng.choice(FAMILY)
    middle = rng.choice([m for m in middle_names if m != family])
    given = rng.choice([g for g in given_names if g not in (family, middle)])
    return f"{family} {middle} {given}"


def _work(rng: random.Random, branch: str, person: dict, year: int) -> str:
    """A position that fits the person: retired when old enough, women's union for women, youth union if young."""
    age = year - person["birth"].year
    if age >= (60 if person["gender"] == "nam" else 55) and rng.random() < 0.7:
        return "Hưu trí"
    kind = next((key for key in WORK if key in branch), "Xóm")
    choices = [w for w in WORK[kind]
               if not (w == "Chi hội trưởng phụ nữ" and person["gender"] != "nu")
               and not (w == "Bí thư chi đoàn" and age > 30)
               and not (w == "Cựu chiến binh" and age < 40)]
    return rng.choice(choices)


def _give_positions(rng: random.Random, persons: list[dict], branch_ids: list[int], year: int) -> None:
    """Party posts to đảng viên chính thức of each chi bộ (one bí thư each), work to everyone else."""
    names = dict(zip(branch_ids, (BRANCHES[i % len(BRANCHES)] for i in range(len(branch_ids))), strict=True))
    for branch_id in branch_ids:
        here = [p for p in persons if p["unit"] == branch_id]
        eligible = [p for p in here if p["membership"] == "chinh_thuc" and p["status"] == "dang_sinh_hoat"
                    and year - p["birth"].year >= 25]
        eligible.sort(key=lambda p: p["birth"])  # older members first, as branches tend to elect
        committee = eligible[:min(len(eligible), 3 if len(here) < 15 else 5)]
        rng.shuffle(committee)
        for n, person in enumerate(committee):
            person["position"] = PARTY_POSTS[min(n, 2)]
        for person in here:
            if "position" not in person:
                person["position"] = _work(rng, names[branch_id], person, year)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def create_demo(
    db: Database, *, today: dt.date, members: int = 120, seed: int = 1, year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Fill an empty file with a đảng bộ xã, its chi bộ, people and deeds, as they stand on `today`.

    `today` is the file's "now": nothing happens after it (no join, move,
    meeting or review later than that day), and the working year defaults to
    its year. The same seed and day give the same file.
    """
    rng = random.Random(seed)
    year = year or today.year
    now = dates.now_iso()
    branch_count = max(2, min(len(BRANCHES), members // 15 or 2))
    if members > 3000:
        branch_count = max(branch_count, members // 120)
    with db.atomic():
        db.execute("INSERT INTO units (kind, name, name_fold, sort_key) VALUES ('dang_bo', ?, ?, ?)",
                   ["Đảng bộ xã La Bằng", vntext.fold("Đảng bộ xã La Bằng"), vntext.sort_key("Đảng bộ xã La Bằng")])
        root = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        branch_ids: list[int] = []
        for i in range(branch_count):
            base = BRANCHES[i % len(BRANCHES)]
            name = f"Chi bộ {base}" + (f" {i // len(BRANCHES) + 1}" if i >= len(BRANCHES) else "")
            db.execute("INSERT INTO units (parent_id, kind, name, name_fold, sort_key) VALUES (?, 'chi_bo', ?, ?, ?)",
                       [root, name, vntext.fold(name), vntext.sort_key(name)])
            branch_ids.append(db.execute("SELECT last_insert_rowid()").fetchone()[0])
        db.execute("INSERT INTO years (year, theme, term_theme, locked) VALUES (?, ?, ?, 0)", [
            year,
            f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng "
            f"chính quyền địa phương hai cấp gần dân, vì dân (năm {year})",
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, "
            "tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc (2021–2025)",
        ])
        people_rows = []
        persons: list[dict] = []
        for i in range(members):
            gender = rng.choice(["nam", "nu"])
            full_name = _name(rng, gender)
            kind = "dang_vien" if rng.random() < 0.75 else "quan_chung"
            birth = _day(rng, dt.date(1945, 1, 1), dt.date(2002, 12, 31))
            joined = official = membership = card = None
            if kind == "dang_vien":
                joined_day = _day(rng, dt.date(birth.year + 18, birth.month, min(birth.day, 28)),
                                  min(dt.date(year, 6, 30), today))
                joined = joined_day.isoformat()
                if joined_day < dt.date(year - 1, 6, 30) and joined_day + dt.timedelta(days=365) <= today:
                    membership = "chinh_thuc"
                    official = (joined_day + dt.timedelta(days=365)).isoformat()
                else:
                    membership = "du_bi"
                card = f"{rng.randrange(10**7, 10**8)}"
            status = "dang_sinh_hoat"
            roll = rng.random()
            if kind == "dang_vien" and roll < 0.04:
                status = "mien_sinh_hoat"
            elif roll < 0.05:
                status = "chuyen_di"
            persons.append({"unit": rng.choice(branch_ids), "kind": kind, "name": full_name, "gender": gender,
                            "birth": birth, "membership": membership, "joined": joined, "official": official,
                            "card": card, "status": status})
            if progress and i % 5000 == 0:
                progress(i, members)
        _give_positions(rng, persons, branch_ids, year)
        moved_out = min(dt.date(year, 6, 15), today - dt.timedelta(days=20)).isoformat()
        for person in persons:
            birth = person["birth"]
            cccd = f"0{rng.randrange(10, 99)}{birth.year % 1000:03d}{rng.randrange(0, 10**6):06d}"
            phone = f"09{rng.randrange(10**7, 10**8)}"
            people_rows.append((
                person["unit"], person["kind"], person["name"], vntext.fold(person["name"]),
                vntext.name_sort_key(person["name"]), person["gender"], birth.isoformat(), rng.choice(ETHNIC),
                person["card"], person["membership"], person["joined"], person["official"], person["position"],
                cccd, phone, person["status"], moved_out if person["status"] == "chuyen_di" else None, now, now,
            ))
        db.conn.executemany(
            "INSERT INTO people (unit_id, kind, full_name, name_fold, sort_key, gender, birth_date, "
            "ethnicity, party_card_no, membership, joined_date, official_date, position, cccd, phone, "
            "status, status_date, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            people_rows,
        )
        db.execute(
            "INSERT INTO status_changes (person_id, status, effective_date, note, created_at) "
            "SELECT id, status, coalesce(status_date, ?), 'Dữ liệu mẫu', ? FROM people "
            "WHERE status <> 'dang_sinh_hoat'",
            [f"{year - 1}-12-01", now],
        )
        deed_rows: list[tuple] = []
        for person_id, unit_id, kind, post in db.execute("SELECT id, unit_id, kind, position FROM people").fetchall():
            if rng.random() < 0.08:
                continue  # not registered yet
            fitting = [(content, category) for content, category, who in DEEDS if _fits(who, kind, post)]
            for position, (content, category) in enumerate(rng.sample(fitting, rng.randint(1, 3))):
                outcome = rng.choice([None, "hoan_thanh", "hoan_thanh", "vuot_muc", "chua_hoan_thanh"])
                if outcome == "hoan_thanh" and (person_id + position) % 9 == 0:
                    outcome = "tre_han"  # a few done late, without drawing again (the demo stays the same)
                deed_rows.append((year, person_id, unit_id, None, content, category,
                                  "Cả năm", f"{year}-12-31", outcome, position, now, now, 0))
        for unit_id in branch_ids:
            for position, (content, is_model) in enumerate(rng.sample(COLLECTIVE_DEEDS, 2)):
                deed_rows.append((year, None, unit_id, "Chi bộ", content, "Tập thể", None,
                                  f"{year}-12-31", None, position, now, now, int(is_model)))
        db.conn.executemany(
            "INSERT INTO deeds (year, person_id, unit_id, collective, content, category, target, "
            "due_date, outcome, position, created_at, updated_at, is_model) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            deed_rows,
        )
        for key, value in {
            "committee_name": "Đảng bộ xã La Bằng", "superior_name": "Đảng bộ tỉnh Thái Nguyên",
            "place": "La Bằng", "signer_name": "Nguyễn Văn Bình", "working_year": year,
        }.items():
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                       [key, json.dumps(value, ensure_ascii=False)])
        add_demo_year_work(db, year, rng, today)
        # Bulk rows bypass the recorder (a new file is no edit to undo), so the
        # audit log says in one line where the data came from.
        db.execute(
            "INSERT INTO audit_log (at, user, label, table_name, row_id, before, after, reason) "
            "VALUES (?, ?, ?, 'people', NULL, NULL, ?, NULL)",
            [now, current_user(), f"Tạo dữ liệu mẫu: {members} người, năm {year}",
             json.dumps({"people": members, "year": year}, ensure_ascii=False)],
        )
    if progress:
        progress(members, members)


# Below this "quality" a person may leave a registered deed undone.
_UNDONE_BELOW = 0.15


def _half(value: float, top: float) -> float:
    """Nearest half point within 0..top, as secretaries score."""
    return min(top, max(0.0, round(value * 2) / 2))


def add_demo_year_work(db: Database, year: int, rng: random.Random, today: dt.date) -> None:
    """Meetings, attendance and monthly reviews, then year-end points and flags.

    Months run to `today`'s month for this year, all 12 for a past year; a
    meeting (and so its month's reviews) whose day is still to come is left
    out. Each person gets one "quality" so their reviews, points and flags
    agree, which makes the suggestions and levels look like a real branch's.
    """
    months = 12 if year < today.year else today.month if year == today.year else 0
    rule_set = rules.preset(rules.default_preset_for(year))
    branches = [r[0] for r in db.execute("SELECT id FROM units WHERE kind = 'chi_bo'").fetchall()]
    held = {(unit_id, month): dt.date(year, month, rng.randint(3, 10))
            for unit_id in branches for month in range(1, months + 1)}
    held = {key: day for key, day in held.items() if day <= today}
    db.conn.executemany(
        "INSERT INTO meetings (unit_id, year, month, held_on, note, thematic) VALUES (?, ?, ?, ?, ?, ?)",
        [(unit_id, year, month, day.isoformat(), "Sinh hoạt thường kỳ; đánh giá việc học tập và làm theo Bác",
          int(month % 3 == 0))
         for (unit_id, month), day in held.items()],
    )
    meeting_ids = {(u, m): i for i, u, m in db.execute(
        "SELECT id, unit_id, month FROM meetings WHERE year = ?", [year]).fetchall()}
    attendance_rows: list[tuple] = []
    review_rows: list[tuple] = []
    score_rows: list[tuple] = []
    result_rows: list[tuple] = []
    steady: list[tuple[int]] = []  # people whose work goes well: no deed of theirs left undone
    for person_id, unit_id, kind, status, status_date, joined in db.execute(
        "SELECT id, unit_id, kind, status, status_date, joined_date FROM people"
    ).fetchall():
        quality = rng.random()
        if quality >= _UNDONE_BELOW:
            steady.append((person_id,))
        left = dates.from_iso(status_date) if status == "chuyen_di" else None
        for month in range(1, months + 1):
            if left and dt.date(year, month, 1) >= left:
                break
            meeting = meeting_ids.get((unit_id, month))
            if meeting is None:
                break  # the branch has not met this month yet
            if status == "mien_sinh_hoat":
                attendance_rows.append((meeting, year, person_id, "mien"))
                continue
            roll = rng.random()
            presence = "co_mat" if roll < 0.9 else "vang_co_ly_do" if roll < 0.97 else "vang_khong_ly_do"
            attendance_rows.append((meeting, year, person_id, presence))
            if month == months and year == today.year and roll < 0.15:
                continue  # this month's meeting is not fully recorded yet
            roll = rng.random()
            level = "tot" if roll < 0.15 + 0.5 * quality else "chua_dat" if roll > 0.97 else "dat"
            review_rows.append((person_id, year, month, level, int(level == "tot" and rng.random() < 0.15),
                                int(level == "chua_dat" or rng.random() < 0.02)))
        new_member = joined is not None and joined > f"{year}-06-30"
        if kind != "dang_vien" or status != "dang_sinh_hoat" or new_member:
            continue
        beyond = quality > 0.75 and rng.random() < 0.8
        manual = None
        if rule_set.uses_points:
            score_rows.append((person_id, year, "chung", _half(19 + 11 * quality + rng.gauss(0, 1.5), 30)))
            score_rows.append((person_id, year, "nhiem_vu", _half(38 + 33 * quality + rng.gauss(0, 3), 70)))
        else:
            manual = "HTXSNV" if quality > 0.85 else "HTTNV" if quality > 0.25 else "HTNV" if quality > 0.03 else "KHTNV"
        result_rows.append((person_id, year, int(rng.random() < 0.01), int(quality > 0.4 or beyond),
                            int(beyond), int(rng.random() < 0.85), int(rng.random() < 0.05), manual))
    # A deed not done belongs to someone whose year went badly, as the points say (QĐ 366
    # rates a member with undone tasks low whatever the points: the demo must agree with itself).
    db.conn.executemany(
        "UPDATE deeds SET outcome = 'hoan_thanh' WHERE person_id = ? AND outcome = 'chua_hoan_thanh'", steady)
    db.conn.executemany(
        "INSERT INTO attendance (meeting_id, year, person_id, presence) VALUES (?, ?, ?, ?)", attendance_rows)
    db.conn.executemany(
        "INSERT INTO reviews (person_id, year, month, level, commended, reminded) VALUES (?, ?, ?, ?, ?, ?)",
        review_rows)
    db.conn.executemany("INSERT INTO scores (person_id, year, criterion, points) VALUES (?, ?, ?, ?)", score_rows)
    db.conn.executemany(
        "INSERT INTO year_results (person_id, year, disciplined, all_tasks_done, beyond_30, "
        "shortcomings_fixed, initiative, manual_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        result_rows)
