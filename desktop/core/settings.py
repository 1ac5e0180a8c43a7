"""Per-file settings (the committee's names, signer, margins…), key → text."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from desktop.core.changes import ChangeSet, recording

DEFAULTS: dict[str, Any] = {
    "committee_name": "",          # đảng bộ / chi bộ that keeps this file
    "superior_name": "",           # đảng bộ cấp trên, first header line of reports
    "recipients": [],              # "Nơi nhận" committees, one per line; [] derives them
    "place": "",                   # place in the place-date line
    "signer_name": "",
    "signer_role": "BÍ THƯ",
    "working_year": None,
    "margins_mm": [20, 20, 30, 15],  # top, bottom, left, right
    "second_backup_dir": "",
}


def get(db: Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row[0])


def get_all(db: Database) -> dict[str, Any]:
    values = dict(DEFAULTS)
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        values[key] = json.loads(value)
    return values


def put(db: Database, values: dict[str, Any], label: str = "Sửa cài đặt") -> ChangeSet:
    """Store several settings as one recorded (undoable, audited) change."""
    with recording(db, label) as rec:
        for key, value in values.items():
            text = json.dumps(value, ensure_ascii=False)
            if rec.get("settings", key) is None:
                rec.insert("settings", {"key": key, "value": text})
            else:
                rec.update("settings", key, {"value": text})
        return rec.changeset
