"""The benchmark runs (issue 15): a smoke test of `dev.py bench --quick`, no timing asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import benchmarks


@pytest.mark.slow
def test_quick_bench_writes_every_figure_beside_its_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nProse kept.\n\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\n",
                      encoding="utf-8")
    assert benchmarks.main(["--quick", "--sizes", "200,100000", "--cache", str(tmp_path / "cache"),
                            "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "Prose kept." in text and "old table" not in text
    assert "Machine: " in text and "medians of 1 run(s)" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "| 200 |" in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| export all reports", "| import 10,000 rows", "| open the file (lock, checks)",
        "| window start-up (selftest startup_s)"]
    for row in rows:
        cells = row.split(" | ")
        assert cells[2] == "1" and float(cells[3]) > 0 and float(cells[5]) > 0 and cells[6].endswith("×")
    version = benchmarks.demo_version()
    assert sorted(p.name for p in (tmp_path / "cache").glob("demo-*.sqlite")) == [
        f"demo-200-2025-{version}.sqlite", f"demo-30-2025-{version}.sqlite"]
