"""The Windows CI job (issue 14): valid YAML, windows-latest, Python 3.12, only dev.py commands."""

from __future__ import annotations

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "windows.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_it_runs_on_windows_with_python_312() -> None:
    jobs = _workflow()["jobs"]
    assert len(jobs) == 1
    (job,) = jobs.values()
    assert job["runs-on"] == "windows-latest"
    setup = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setup and setup[0]["with"]["python-version"] == "3.12"


def test_every_command_is_a_dev_py_command_that_exists() -> None:
    import dev

    (job,) = _workflow()["jobs"].values()
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands == ["python dev.py test", "python dev.py build"]
    for command in commands:
        assert command.split()[2] in dev.COMMANDS


def test_the_zip_is_kept_as_an_artifact() -> None:
    import dev

    (job,) = _workflow()["jobs"].values()
    upload = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(upload) == 1
    pattern = upload[0]["with"]["path"]
    assert Path(dev.archive_name("0.1.0", "win32")).match(Path(pattern).name)
    assert dev.archive_name("0.1.0", "win32") == "SoLamTheoBac-0.1.0-windows.zip"
    assert dev.archive_name("0.1.0", "linux") == "SoLamTheoBac-0.1.0-linux.tar.gz"
