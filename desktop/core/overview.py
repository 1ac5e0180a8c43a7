"""Figures for the Tổng quan screen: who is on the list, who registered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import people, registrations, years


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
    """The year's figures; registration is counted as every report counts it (registrations)."""
    on_list = people.on_list_condition("status")
    row = db.execute(f"""
        SELECT
          sum(kind = 'dang_vien' AND membership = 'chinh_thuc' AND {on_list}),
          sum(kind = 'dang_vien' AND membership = 'du_bi' AND {on_list}),
          sum(status = 'mien_sinh_hoat'),
          sum(status = 'dinh_chi'),
          sum(NOT ({on_list}))
        FROM people""").fetchone()
    registered = registrations.total_counts(db, year)
    unit_row = db.execute("SELECT count(*), sum(kind = 'chi_bo') FROM units").fetchone()
    found = years.get_year(db, year)
    return Overview(
        year=year, theme=found.theme if found else None, locked=bool(found and found.locked),
        units=unit_row[0] or 0, branches=unit_row[1] or 0,
        members=registered.members, official=row[0] or 0, probationary=row[1] or 0, masses=registered.masses,
        exempt=row[2] or 0, suspended=row[3] or 0, left=row[4] or 0,
        members_registered=registered.members_registered, masses_registered=registered.masses_registered,
        individual_deeds=registered.individual_deeds, collective_deeds=registered.collective_deeds,
        models=registered.models,
    )
