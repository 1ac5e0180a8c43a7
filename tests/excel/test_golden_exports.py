"""A refactor must not change a figure: the demo file's exports equal the stored values."""

from __future__ import annotations

import json
from pathlib import Path

from tests.excel.golden_exports import FIXTURE, export_all


def test_every_export_of_the_demo_file_keeps_its_cell_values(tmp_path: Path) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    actual = export_all(tmp_path)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        for part in ("raw_meta", "raw_tables"):
            assert actual[name][part] == expected[name][part], f"{name}: {part} changed"
        assert sorted(actual[name]["sheets"]) == sorted(expected[name]["sheets"]), name
        for sheet, cells in expected[name]["sheets"].items():
            got = actual[name]["sheets"][sheet]
            changed = {ref: (value, got.get(ref)) for ref, value in cells.items() if got.get(ref) != value}
            added = {ref: value for ref, value in got.items() if ref not in cells}
            assert not changed and not added, f"{name} / {sheet}: changed {changed}, added {added}"
