"""Figures for the Tổng quan screen: who is on the list, who registered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import people, years


@dataclass(frozen=True)
class Overview:
    year: int
    theme: str | None
    locked: bool
    units: int
    branches: int
    members: int
    official: int
    probationary: int
    masses: int
    exempt: int
    suspended: int
    left: int
    members_registered: int
    masses_registered: int
    individual_deeds: int
    collective_deeds: int
    models: int


def overview(db: Database, year: int) -> Overview:
    active = people.on_list_condition("status")
    row = db.execute(f"""
        SELECT
          sum(kind = 'dang_vien' AND {active}),
          sum(kind = 'dang_vien' AND membership = 'chinh_thuc' AND {active}),
          sum(kind = 'dang_vien' AND membership = 'du_bi' AND {active}),
          sum(kind = 'quan_chung' AND {active}),
          sum(status = 'mien_sinh_hoat'),
          sum(status = 'dinh_chi'),
          sum(NOT ({active})),
          sum(kind = 'dang_vien' AND {active} AND id IN (SELECT person_id FROM deeds WHERE year = ?1)),
          sum(kind = 'quan_chung' AND {active} AND id IN (SELECT person_id FROM deeds WHERE year = ?1))
        FROM people""", [year]).fetchone()
    # Deeds of people still on the list, as the Đăng ký screen's rates count them.
    deeds_row = db.execute(
        "SELECT sum(person_id IS NOT NULL), sum(person_id IS NULL), coalesce(sum(is_model), 0) "
        f"FROM deeds WHERE year = ? AND (person_id IS NULL OR person_id IN (SELECT id FROM people WHERE {active}))",
        [year]).fetchone()
    unit_row = db.execute("SELECT count(*), sum(kind = 'chi_bo') FROM units").fetchone()
    found = years.get_year(db, year)
    return Overview(
        year=year, theme=found.theme if found else None, locked=bool(found and found.locked),
        units=unit_row[0] or 0, branches=unit_row[1] or 0,
        members=row[0] or 0, official=row[1] or 0, probationary=row[2] or 0, masses=row[3] or 0,
        exempt=row[4] or 0, suspended=row[5] or 0, left=row[6] or 0,
        members_registered=row[7] or 0, masses_registered=row[8] or 0,
        individual_deeds=deeds_row[0] or 0, collective_deeds=deeds_row[1] or 0, models=deeds_row[2] or 0,
    )
