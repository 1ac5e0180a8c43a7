"""Setting up a new data file: the committee, its chi bộ, the working year."""

from __future__ import annotations

from sqlite_utils import Database

from desktop.core import settings, units, vntext, years
from desktop.core.changes import recording
from desktop.core.errors import UserError


def initialise(db: Database, committee_name: str, branch_names: list[str], year: int,
               superior_name: str = "", place: str = "", signer_name: str = "", signer_role: str = "") -> None:
    """A đảng bộ with its chi bộ, or a single chi bộ when no branch is listed.

    One recorded change, so the first run shows up in the audit log too.
    """
    committee_name = vntext.clean(committee_name)
    if not committee_name:
        raise UserError("Hãy nhập tên đảng bộ hoặc chi bộ.")
    branches = [vntext.clean(b) for b in branch_names if vntext.clean(b)]
    is_branch = vntext.fold(committee_name).startswith("chi bo") and not branches
    with recording(db, "Tạo tệp dữ liệu mới"):
        root = units.add_unit(db, committee_name, "chi_bo" if is_branch else "dang_bo").inserted_id("units")
        for name in branches:
            units.add_unit(db, name, "chi_bo", root)
        years.ensure_year(db, year)
        settings.put(db, {
            "committee_name": committee_name, "superior_name": vntext.clean(superior_name),
            "place": vntext.clean(place), "working_year": year,
            **({"signer_name": vntext.clean(signer_name)} if vntext.clean(signer_name) else {}),
            **({"signer_role": vntext.clean(signer_role).upper()} if vntext.clean(signer_role) else {}),
        })
