#!/usr/bin/env python3
"""Developer commands for Sổ Làm theo Bác (standard library only).

    python3 dev.py setup   create .venv and install the pinned dependencies
    python3 dev.py run     open the program
    python3 dev.py test    run the whole test suite offscreen
    python3 dev.py bench   run the benchmarks
    python3 dev.py build   build the portable bundle (build.spec), compare its size
                           with a bare PySide6 "hello" bundle, archive and smoke-test it
    python3 dev.py lint    ruff, mypy (the whole of desktop/) and the layer contracts

On Windows: `py -3 dev.py test` (no bash needed). Every command first runs
`setup` when .venv is missing or pyproject.toml changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
DIST = ROOT / "dist"
APP = "SoLamTheoBac"


def _tool(name: str) -> Path:
    """A console script installed in .venv (`lint-imports.exe` on Windows)."""
    return BIN / (f"{name}.exe" if os.name == "nt" else name)


def _check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"dev.py: cần Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} trở lên, đang chạy "
            f"{sys.version.split()[0]} ({sys.executable}). Hãy cài Python 3.12 64-bit từ python.org "
            "(Windows: đánh dấu “Add python.exe to PATH”), rồi chạy lại `py -3.12 dev.py ...`."
        )


def _create_venv() -> None:
    try:
        import venv
    except ImportError:
        venv = None  # type: ignore[assignment]
    try:
        if venv is None:
            raise OSError("the venv module is missing")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(
            f"dev.py: không tạo được môi trường ảo {VENV} ({exc}). Python này thiếu venv/ensurepip: "
            "trên Debian/Ubuntu cài gói python3-venv (`apt install python3-venv`); trên Windows cài "
            "lại Python từ python.org (đã có sẵn venv và pip)."
        )


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
        _create_venv()
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


def legacy_encoding_env(base: dict[str, str]) -> dict[str, str]:
    """The environment of a PC whose console is not UTF-8 (Windows' cp1252, Linux's C locale).

    No UTF-8 mode, no PYTHONIOENCODING, no locale coercion: Python's
    default encodings are the locale's, as on a Vietnamese secretary's
    Windows PC run without dev.py.
    """
    env = {k: v for k, v in base.items() if k not in {"PYTHONIOENCODING", "LC_CTYPE"}}
    env.update(PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", LANG="C", LC_ALL="C")
    return env


def cmd_test(args: list[str]) -> int:
    env = _offscreen_env()
    rc = _run(_tool("lint-imports"), env=env)
    if rc != 0:
        print("dev.py: the layer contracts are broken (see above).")
        return rc
    rc = _run(PY, "-m", "pytest", *args, env=env)
    if rc != 0 or args:
        return rc
    print("dev.py: the command-line tests once more without UTF-8 mode (PYTHONUTF8=0, LANG=C) ...")
    return _run(PY, "-m", "pytest", "-q", "tests/cli", env=legacy_encoding_env(env))


def cmd_bench(args: list[str]) -> int:
    return _run(PY, "-m", "tests.benchmarks", *args, env=_offscreen_env())


def cmd_build(args: list[str]) -> int:
    """Bundle, hello bundle, sizes, archive, smoke test of the unpacked archive."""
    rc = _run(PY, "-m", "PyInstaller", "--noconfirm", "build.spec", *args)
    if rc != 0:
        return rc
    hello = _build_hello()
    if hello is None:
        return 1
    archive = _archive(DIST / APP)
    size, hello_size = _folder_size(DIST / APP), _folder_size(hello)
    ratio = size / hello_size
    print(f"dev.py: bundle {_mb(size)} (archive {_mb(archive.stat().st_size)}, {archive.name}); "
          f"bare PySide6 hello bundle {_mb(hello_size)}; ratio {ratio:.2f}")
    rc = _smoke_test_archive(archive)
    if rc == 0 and ratio > 1.0:
        print("dev.py: the bundle is bigger than a bare PySide6 hello bundle (ratio > 1.00): "
              "exclude what it never loads in build.spec.")
        return 1
    return rc


def _version() -> str:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def archive_name(version: str, platform: str) -> str:
    """`SoLamTheoBac-0.1.0-windows.zip` on Windows, `-linux.tar.gz` elsewhere."""
    if platform == "win32":
        return f"{APP}-{version}-windows.zip"
    return f"{APP}-{version}-{platform.rstrip('0123456789')}.tar.gz"


def _archive(folder: Path) -> Path:
    """Pack the one-folder bundle (top folder SoLamTheoBac/) next to it in dist/."""
    target = DIST / archive_name(_version(), sys.platform)
    target.unlink(missing_ok=True)
    if target.suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for file in sorted(folder.rglob("*")):
                zf.write(file, file.relative_to(folder.parent))
    else:
        import tarfile

        with tarfile.open(target, "w:gz", compresslevel=6) as tf:
            tf.add(folder, arcname=folder.name)
    return target


def _unpack(archive: Path, into: Path) -> Path:
    if archive.suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)
    else:
        import tarfile

        with tarfile.open(archive) as tf:
            if hasattr(tarfile, "tar_filter"):  # Python 3.11.4+
                tf.extractall(into, filter="tar")
            else:
                tf.extractall(into)
    return into / APP


def _folder_size(folder: Path) -> int:
    return sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() or f.is_symlink())


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


HELLO = """import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("hello")
label.show()
sys.exit(app.exec())
"""


def _build_hello() -> Path | None:
    """A bare PySide6 "hello" bundle built the same way (one folder, no UPX), for the size budget."""
    work = ROOT / "build" / "hello"
    work.mkdir(parents=True, exist_ok=True)
    (work / "hello.py").write_text(HELLO, encoding="utf-8")
    rc = _run(PY, "-m", "PyInstaller", "--noconfirm", "--onedir", "--windowed", "--noupx",
              "--name", "hello", "--distpath", work / "dist", "--workpath", work / "work",
              "--specpath", work, work / "hello.py")
    if rc != 0:
        print("dev.py: the hello bundle did not build (see above).")
        return None
    return work / "dist" / "hello"


def _smoke_test_archive(archive: Path) -> int:
    """Unpack the archive into a folder with Vietnamese letters and spaces, run it once there."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bundle = _unpack(archive, Path(tmp) / "Tải về" / "Sổ Làm theo Bác")
        cli = bundle / ("solamtheobac-cli.exe" if os.name == "nt" else "solamtheobac-cli")
        gui = bundle / (f"{APP}.exe" if os.name == "nt" else APP)
        if not gui.exists():
            print(f"dev.py: {gui.name} is missing from {archive.name}.")
            return 1
        env = {**_offscreen_env(), "SOLAMTHEOBAC_HOME": str(Path(tmp) / "home")}
        data = Path(tmp) / "Chi bộ Xóm Đồng 2026.sqlite"
        exchange = Path(tmp) / "Trao đổi 2026.xlsx"
        for step in (["demo", "--db", data, "--members", "50", "--year", "2026"], ["check", "--db", data],
                     ["score", "--db", data, "--year", "2026", "--json"],
                     ["export", "--db", data, "--year", "2026", "--report", "all", "-o", Path(tmp) / "Báo cáo.xlsx"],
                     ["export", "--db", data, "--year", "2026", "--report", "exchange", "-o", exchange],
                     ["import", "--db", data, exchange],
                     ["selftest", "--db", data, "--json"]):
            if _run(cli, *step, env=env) != 0:
                print(f"dev.py: the bundle failed its smoke test at {step[0]}.")
                return 1
    print(f"dev.py: {archive} unpacked and smoke-tested (demo, check, score, export, import, "
          "selftest of the window).")
    return 0


def cmd_lint(args: list[str]) -> int:
    rc = _run(PY, "-m", "ruff", "check", "desktop", "tests", "dev.py")
    rc |= _run(PY, "-m", "mypy", "desktop")
    rc |= _run(_tool("lint-imports"))
    return rc


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "bench": cmd_bench,
    "build": cmd_build,
    "lint": cmd_lint,
}


def main(argv: list[str]) -> int:
    _check_python()
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
