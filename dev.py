#!/usr/bin/env python3
"""Developer commands for Sổ Làm theo Bác (standard library only).

    python3 dev.py setup   create .venv and install the pinned dependencies
    python3 dev.py run     open the program
    python3 dev.py test    run the whole test suite offscreen
    python3 dev.py bench   run the benchmarks
    python3 dev.py build   build the bundle with PyInstaller (build.spec)
    python3 dev.py lint    ruff, mypy (the whole of desktop/) and the layer contracts

Every command first runs `setup` when .venv is missing or pyproject.toml
changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def setup(force: bool = False) -> None:
    wanted = _pyproject_hash()
    if not force and PY.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("dev.py: cài đặt môi trường .venv ...", flush=True)
    if not PY.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    steps = [
        (PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
        (PY, "-m", "pip", "install", "--quiet", "-e", ".[test,build]"),
    ]
    for step in steps:
        if _run(*step) != 0:
            sys.exit("dev.py: cài đặt thất bại (xem thông báo của pip ở trên).")
    STAMP.write_text(wanted)


def _offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONUTF8"] = "1"
    return env


def cmd_run(args: list[str]) -> int:
    return _run(PY, "-m", "desktop", *args)


def cmd_test(args: list[str]) -> int:
    env = _offscreen_env()
    rc = _run(BIN / "lint-imports", env=env)
    if rc != 0:
        print("dev.py: the layer contracts are broken (see above).")
        return rc
    return _run(PY, "-m", "pytest", *args, env=env)


def cmd_bench(args: list[str]) -> int:
    return _run(PY, "-m", "tests.benchmarks", *args, env=_offscreen_env())


def cmd_build(args: list[str]) -> int:
    rc = _run(PY, "-m", "PyInstaller", "--noconfirm", "build.spec", *args)
    return rc or _smoke_test_bundle()


def _smoke_test_bundle() -> int:
    """Run the frozen program once: demo file, check, window offscreen."""
    import tempfile

    cli = ROOT / "dist" / "SoLamTheoBac" / ("solamtheobac-cli.exe" if os.name == "nt" else "solamtheobac-cli")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**_offscreen_env(), "SOLAMTHEOBAC_HOME": tmp}
        data = Path(tmp) / "smoke.sqlite"
        for step in (["demo", "--db", data, "--members", "50"], ["check", "--db", data],
                     ["selftest", "--db", data, "--json"]):
            if _run(cli, *step, env=env) != 0:
                print(f"dev.py: the bundle failed its smoke test at {step[0]}.")
                return 1
    print(f"dev.py: bundle ready and smoke-tested in {cli.parent}")
    return 0


def cmd_lint(args: list[str]) -> int:
    rc = _run(PY, "-m", "ruff", "check", "desktop", "tests", "dev.py")
    rc |= _run(PY, "-m", "mypy", "desktop")
    rc |= _run(BIN / "lint-imports")
    return rc


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "bench": cmd_bench,
    "build": cmd_build,
    "lint": cmd_lint,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    name, rest = argv[0], argv[1:]
    if name == "setup":
        setup(force=True)
        return 0
    if name not in COMMANDS:
        print(f"dev.py: unknown command {name!r}\n{__doc__}")
        return 2
    setup()
    return COMMANDS[name](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
