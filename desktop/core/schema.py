"""The data file's schema, built by numbered migrations.

A new file runs the same chain from step 1 as an old one being upgraded, so
the upgrade path is exercised on every install (as Anki does). The version
is SQLite's `PRAGMA user_version`, readable by any SQLite tool. Each step is
plain SQL: dates are ISO text, flags are 0/1 integers, JSON is text.

Released schemas keep a fixture file in tests/fixtures/schema_vN.sqlite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database

STATUSES = (
    "dang_sinh_hoat", "mien_sinh_hoat", "dinh_chi", "chuyen_di", "chuyen_den",
    "tu_tran", "ra_khoi_dang",
)

_V1 = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Đảng bộ → chi bộ → tổ đảng.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('dang_bo', 'chi_bo', 'to_dang')),
    name TEXT NOT NULL CHECK (name <> ''),
    name_fold TEXT NOT NULL,
    sort_key TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id, sort_key);
CREATE UNIQUE INDEX units_unique_name ON units(coalesce(parent_id, 0), name_fold);

-- Đảng viên and quần chúng.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('dang_vien', 'quan_chung')),
    full_name TEXT NOT NULL CHECK (full_name <> ''),
    name_fold TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    gender TEXT CHECK (gender IN ('nam', 'nu')),
    birth_date TEXT,
    ethnicity TEXT,
    party_card_no TEXT,
    membership TEXT CHECK (membership IN ('chinh_thuc', 'du_bi')),
    joined_date TEXT,
    official_date TEXT,
    position TEXT,
    cccd TEXT CHECK (cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
    phone TEXT,
    status TEXT NOT NULL DEFAULT 'dang_sinh_hoat' CHECK (status IN {STATUSES!r}),
    status_date TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_sort ON people(sort_key);
CREATE INDEX people_unit ON people(unit_id, sort_key);
CREATE INDEX people_kind ON people(kind, sort_key);
CREATE INDEX people_status ON people(status, sort_key);
CREATE INDEX people_fold ON people(name_fold);

-- Diacritic-free name search ("nguyen van" finds "Nguyễn Văn An").
CREATE VIRTUAL TABLE people_fts USING fts5(
    name_fold, content='people', content_rowid='id', tokenize='unicode61'
);
CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
    INSERT INTO people_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
END;
CREATE TRIGGER people_fts_au AFTER UPDATE OF name_fold ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
    INSERT INTO people_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;

-- Status history: a member who left in June keeps January–May.
CREATE TABLE status_changes (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN {STATUSES!r}),
    effective_date TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX status_changes_person ON status_changes(person_id, effective_date);

-- Evaluation years: the chuyên đề, the rule set (JSON), chốt sổ.
CREATE TABLE years (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    theme TEXT,
    term_theme TEXT,
    rules TEXT,
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    locked_at TEXT
);

-- Việc làm theo Bác: by a person, or by a collective (tập thể) of a unit.
CREATE TABLE deeds (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year),
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    collective TEXT,
    content TEXT NOT NULL CHECK (content <> ''),
    category TEXT,
    target TEXT,
    due_date TEXT,
    outcome TEXT CHECK (outcome IN ('hoan_thanh', 'vuot_muc', 'chua_hoan_thanh')),
    result TEXT,
    is_model INTEGER NOT NULL DEFAULT 0 CHECK (is_model IN (0, 1)),
    carried_from INTEGER REFERENCES deeds(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((person_id IS NULL) = (collective IS NOT NULL))
);
CREATE INDEX deeds_person ON deeds(year, person_id, position);
CREATE INDEX deeds_unit ON deeds(year, unit_id, position);
CREATE INDEX deeds_person_any_year ON deeds(person_id);

-- The chi bộ meeting of a month, and who attended.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL REFERENCES years(year),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    held_on TEXT,
    note TEXT,
    UNIQUE (unit_id, year, month)
);
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    presence TEXT NOT NULL CHECK (presence IN ('co_mat', 'vang_co_ly_do', 'vang_khong_ly_do', 'mien')),
    UNIQUE (meeting_id, person_id)
);
CREATE INDEX attendance_person ON attendance(person_id);

-- Đánh giá hằng tháng: one row per person per month.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    level TEXT CHECK (level IN ('tot', 'dat', 'chua_dat')),
    commended INTEGER NOT NULL DEFAULT 0 CHECK (commended IN (0, 1)),
    reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)),
    note TEXT,
    UNIQUE (person_id, year, month)
);
CREATE INDEX reviews_year_month ON reviews(year, month);

-- Progress of one deed noted at a monthly review.
CREATE TABLE deed_progress (
    id INTEGER PRIMARY KEY,
    deed_id INTEGER NOT NULL REFERENCES deeds(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    progress TEXT NOT NULL,
    UNIQUE (deed_id, month)
);

-- Year-end points per criterion of the year's rule set.
CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    criterion TEXT NOT NULL,
    points REAL NOT NULL CHECK (points >= 0),
    UNIQUE (person_id, year, criterion)
);
CREATE INDEX scores_year ON scores(year, person_id);

-- Year-end flags, the final level and its override reason.
CREATE TABLE year_results (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    disciplined INTEGER NOT NULL DEFAULT 0 CHECK (disciplined IN (0, 1)),
    discipline_remedied INTEGER NOT NULL DEFAULT 0 CHECK (discipline_remedied IN (0, 1)),
    degraded INTEGER NOT NULL DEFAULT 0 CHECK (degraded IN (0, 1)),
    beyond_30 INTEGER NOT NULL DEFAULT 0 CHECK (beyond_30 IN (0, 1)),
    all_tasks_done INTEGER NOT NULL DEFAULT 0 CHECK (all_tasks_done IN (0, 1)),
    shortcomings_fixed INTEGER NOT NULL DEFAULT 0 CHECK (shortcomings_fixed IN (0, 1)),
    initiative INTEGER NOT NULL DEFAULT 0 CHECK (initiative IN (0, 1)),
    long_sick_leave INTEGER NOT NULL DEFAULT 0 CHECK (long_sick_leave IN (0, 1)),
    manual_level TEXT CHECK (manual_level IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    final_level TEXT CHECK (final_level IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    override_reason TEXT,
    title TEXT,
    UNIQUE (person_id, year)
);
CREATE INDEX year_results_year ON year_results(year);

-- Every change: who, when, what, before and after (JSON), why.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    label TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER,
    before TEXT,
    after TEXT,
    reason TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
-- The person a change concerns (audit screen filter; same expression as audit.PERSON_EXPR).
CREATE INDEX audit_log_person ON audit_log((CASE WHEN table_name = 'people' THEN row_id
    ELSE json_extract(coalesce(after, before), '$.person_id') END));
"""


def _split_sql(script: str) -> list[str]:
    """Statements of a script, triggers kept whole (sqlite3.complete_statement)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def execute_script(db: Database, script: str) -> None:
    """Like executescript(), but inside the current transaction.

    sqlite3's executescript() commits first, which would break the promise
    that a migration step is whole or not at all.
    """
    for statement in _split_sql(script):
        db.execute(statement)


def _v1(db: Database) -> None:
    execute_script(db, _V1)


# Version 2: the 2025 rules (QĐ 366-QĐ/TW, HD 43-HD/BTCTW; issue 11).
_V2 = """
-- Task facts per person (counts); NULL means "derive from the registered deeds".
ALTER TABLE year_results ADD COLUMN tasks_assigned INTEGER CHECK (tasks_assigned >= 0);
ALTER TABLE year_results ADD COLUMN tasks_on_time INTEGER CHECK (tasks_on_time >= 0);
ALTER TABLE year_results ADD COLUMN tasks_late INTEGER CHECK (tasks_late >= 0);
ALTER TABLE year_results ADD COLUMN tasks_not_done INTEGER CHECK (tasks_not_done >= 0);
ALTER TABLE year_results ADD COLUMN tasks_beyond INTEGER CHECK (tasks_beyond >= 0);
-- Self-assessment form (Mẫu 2A/2B/2C of HD 43); NULL: chosen from the position.
ALTER TABLE year_results ADD COLUMN form TEXT CHECK (form IN ('2A', '2B', '2C'));
-- Sinh hoạt tạm thời ở chi bộ khác (HD 43 §7.6) and that chi bộ's comments.
ALTER TABLE year_results ADD COLUMN temporary_attendance INTEGER NOT NULL DEFAULT 0
    CHECK (temporary_attendance IN (0, 1));
ALTER TABLE year_results ADD COLUMN attendance_comment TEXT;
-- The emulation council's vote for the proposed title, percent of the council.
ALTER TABLE year_results ADD COLUMN council_vote REAL CHECK (council_vote BETWEEN 0 AND 100);
-- The date the 6 months of party age count to (default: the year-end meeting, or 31/12).
ALTER TABLE years ADD COLUMN review_date TEXT;
-- A chi bộ meeting that was (or included) a sinh hoạt chuyên đề (Chỉ thị 50-CT/TW).
ALTER TABLE meetings ADD COLUMN thematic INTEGER NOT NULL DEFAULT 0 CHECK (thematic IN (0, 1));

-- Per unit and year: judged outstanding (quota 25%), titles proposed or not.
CREATE TABLE unit_years (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    outstanding INTEGER NOT NULL DEFAULT 0 CHECK (outstanding IN (0, 1)),
    titles_enabled INTEGER CHECK (titles_enabled IN (0, 1)),
    UNIQUE (unit_id, year)
);

-- Quarter assessments (QĐ 366 Điều 15): derived from the monthly reviews, editable.
CREATE TABLE quarter_results (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year INTEGER NOT NULL REFERENCES years(year),
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    level TEXT NOT NULL CHECK (level IN ('tot', 'dat', 'chua_dat')),
    UNIQUE (person_id, year, quarter)
);
CREATE INDEX quarter_results_year ON quarter_results(year, person_id);
"""

_V1_OUTCOMES = "outcome IN ('hoan_thanh', 'vuot_muc', 'chua_hoan_thanh')"
_V2_OUTCOMES = "outcome IN ('hoan_thanh', 'vuot_muc', 'chua_hoan_thanh', 'tre_han')"


def _v2(db: Database) -> None:
    execute_script(db, _V2)
    # A deed may be done late ('tre_han'). Widening a CHECK list changes no
    # stored row, so SQLite's documented writable_schema edit is enough and
    # keeps deed_progress and the self-reference untouched (no table rebuild).
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'deeds'",
               [_V1_OUTCOMES, _V2_OUTCOMES])
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")


# Version 3: the year rating of each collective (QĐ 366-QĐ/TW) and its award (HD 06-HD/TW; issue 11).
# No reference to years(year): the levels of years before the file began are typed in for the
# "5 năm liền" run without making them working years.
_V3 = """
CREATE TABLE unit_ratings (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level TEXT CHECK (level IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    exemplary INTEGER NOT NULL DEFAULT 0 CHECK (exemplary IN (0, 1)),
    note TEXT,
    UNIQUE (unit_id, year),
    CHECK (exemplary = 0 OR level = 'HTXSNV')
);
CREATE INDEX unit_ratings_year ON unit_ratings(year, unit_id);
"""


def _v3(db: Database) -> None:
    execute_script(db, _V3)


# Version 4: the final levels of a scored year, kept to be read back instead of scored again
# (the "5 năm liền" run looks back on four earlier years; issue 15). Not data: a copy of what
# scoring gives, which triggers drop as soon as a write could change it (core/yearend.py).
# A year is in settled_years only while its rows in settled_levels are current.
_V4_YEAR_TABLES = ("scores", "year_results", "unit_years", "quarter_results", "unit_ratings", "deeds",
                   "deed_progress", "meetings", "attendance", "reviews")
# What scoring reads of a person (the list at 31/12, the status, the organisation, the form).
_V4_PEOPLE_COLUMNS = "unit_id, kind, joined_date, official_date, membership, position, status, status_date"


def _v4_triggers() -> str:
    forget_year = "DELETE FROM settled_years WHERE year IN ({rows});"
    forget_all = "DELETE FROM settled_years;"
    parts = []
    for table in (*_V4_YEAR_TABLES, "years"):
        for event, rows in (("INSERT", "new.year"), ("DELETE", "old.year"), ("UPDATE", "old.year, new.year")):
            if table == "years" and event == "UPDATE":
                # Chốt sổ and its reopening change no level; the rule set and the review date do.
                event = "UPDATE OF year, rules, review_date"
            name = f"{table}_settled_{event.split()[0].lower()}"
            parts.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n"
                         f"    {forget_year.format(rows=rows)}\nEND;")
    for table, update in (("people", f"UPDATE OF {_V4_PEOPLE_COLUMNS}"), ("status_changes", "UPDATE"),
                          ("units", "UPDATE OF parent_id, kind")):
        for event in ("INSERT", "DELETE", update):
            name = f"{table}_settled_{event.split()[0].lower()}"
            parts.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n    {forget_all}\nEND;")
    return "\n".join(parts)


_V4 = """
CREATE TABLE settled_years (
    year INTEGER PRIMARY KEY
);
CREATE TABLE settled_levels (
    year INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    PRIMARY KEY (year, person_id)
) WITHOUT ROWID;
""" + _v4_triggers()


def _v4(db: Database) -> None:
    execute_script(db, _V4)


MIGRATIONS: list[Callable[[Database], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)
