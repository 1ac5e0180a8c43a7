"""Reading commands work while the window holds the file's write lock."""

import datetime as dt
import json
import os
import subprocess
import sys

from desktop.core import db as dbmod
from desktop.core import demo


def test_score_and_export_run_while_another_program_writes_the_file(tmp_path):
    path = tmp_path / "so.sqlite"
    db = dbmod.open_db(path, create=True)
    demo.create_demo(db, members=30, seed=3, year=2026, today=dt.date(2026, 11, 23))
    env = {**os.environ, "SOLAMTHEOBAC_HOME": str(tmp_path / "home")}
    try:
        scored = subprocess.run([sys.executable, "-m", "desktop", "score", "--db", str(path), "--year", "2026", "--json"],
                                capture_output=True, encoding="utf-8", env=env)
        assert scored.returncode == 0, scored.stderr
        assert json.loads(scored.stdout)
        out = tmp_path / "stat.xlsx"
        exported = subprocess.run([sys.executable, "-m", "desktop", "export", "--db", str(path), "--year", "2026",
                                   "--report", "statistics", "-o", str(out)], capture_output=True, encoding="utf-8", env=env)
        assert exported.returncode == 0, exported.stderr
        assert out.exists()
    finally:
        dbmod.close_db(db)
