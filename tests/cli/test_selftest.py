import json
import os
import subprocess
import sys

from desktop.ui.screens import SCREENS


def test_selftest_visits_every_screen_and_reports_startup(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOLAMTHEOBAC_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "selftest", "--db", str(tmp_path / "look.sqlite"),
         "--screenshots", str(tmp_path / "shots"), "--json"],
        capture_output=True, encoding="utf-8", env=env, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"] and summary["startup_s"] > 0
    assert summary["screen"] == "1366x768" and summary["fits"] is True and summary["not_fitting"] == []
    # the window and every dialog it opens: one key one action, no English on a button, menu or title
    assert summary["ambiguous_shortcuts"] == [] and summary["english_texts"] == []
    pngs = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    screens = [name for name in pngs if not name.startswith("hop-thoai-")]
    assert len(screens) == summary["screens"] >= 7
    # each dialog it opens is saved too, named after its title, to be looked at like the screens
    dialogs = [name for name in pngs if name.startswith("hop-thoai-")]
    assert any("bo-tieu-chi-xep-loai-nam" in name for name in dialogs)
    assert any("xep-loai-to-chuc-dang" in name for name in dialogs)
    assert sorted(summary["screenshots"]) == sorted(str(tmp_path / "shots" / name) for name in pngs)
    # The walk's stall figure is reported (never judged here: machines are shared and noisy).
    assert set(summary["stall_ms_by_screen"]) == {name for name, _ in SCREENS}
    assert summary["longest_stall_ms"] == max(summary["stall_ms_by_screen"].values()) > 0
    assert summary["longest_stall_screen"] in summary["stall_ms_by_screen"]


def test_selftest_says_what_does_not_fit_a_small_screen(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOLAMTHEOBAC_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "selftest", "--db", str(tmp_path / "look.sqlite"),
         "--screen", "640x480", "--json"],
        capture_output=True, encoding="utf-8", env=env, timeout=300,
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 1 and summary["fits"] is False
    assert any("màn hình chỉ có 640×480" in problem for problem in summary["not_fitting"])


def test_demo_then_check(tmp_path):
    env = {**os.environ, "SOLAMTHEOBAC_HOME": str(tmp_path / "home")}
    db = tmp_path / "d.sqlite"
    made = subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(db), "--members", "80"],
                          capture_output=True, encoding="utf-8", env=env)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([sys.executable, "-m", "desktop", "check", "--db", str(db)],
                             capture_output=True, encoding="utf-8", env=env)
    assert checked.returncode == 0 and "nguyên vẹn" in checked.stdout
    missing = subprocess.run([sys.executable, "-m", "desktop", "check", "--db", str(tmp_path / "no.sqlite")],
                             capture_output=True, encoding="utf-8", env=env)
    assert missing.returncode == 2 and "Không tìm thấy" in missing.stderr


def test_demo_refuses_a_year_out_of_range_in_vietnamese_and_writes_nothing(tmp_path):
    env = {**os.environ, "SOLAMTHEOBAC_HOME": str(tmp_path / "home")}
    db = tmp_path / "d.sqlite"
    done = subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(db), "--year", "1800"],
                          capture_output=True, encoding="utf-8", env=env)
    assert done.returncode == 2 and "từ 2000 đến 2100" in done.stderr and not db.exists()
    typo = subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(db), "--year", "abc"],
                          capture_output=True, encoding="utf-8", env=env)
    assert typo.returncode == 2 and "cần một con số" in typo.stderr
