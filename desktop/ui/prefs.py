"""Per-user window preferences (recent files, the window's place).

Kept in a small JSON file in the user's config folder, not in the data file:
they describe this PC's window, not the branch's records. The working year
is a record of the file (settings "working_year"), so it is not kept here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.core import paths, renames

MAX_RECENT = 8


class Prefs:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "prefs.json"
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        renames.replace(tmp, self.path)

    @property
    def recent_files(self) -> list[str]:
        return [f for f in self.data.get("recent", []) if Path(f).exists()]

    def add_recent(self, path: Path) -> None:
        text = str(path.resolve())
        recent = [f for f in self.data.get("recent", []) if f != text]
        self.data["recent"] = [text, *recent][:MAX_RECENT]
        self.save()

    @property
    def window_place(self) -> dict[str, Any] | None:
        """Where the main window was when it was last closed (None: never closed yet)."""
        place = self.data.get("window")
        return place if isinstance(place, dict) else None

    def set_window_place(self, x: int, y: int, width: int, height: int, maximized: bool) -> None:
        self.data["window"] = {"x": x, "y": y, "width": width, "height": height, "maximized": maximized}
        self.save()
