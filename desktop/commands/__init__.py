"""One module per command-line command (see desktop/cli.py)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sqlite_utils import Database

from desktop.core import db as dbmod
from desktop.core import encryption, paths


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", dest="db", default=argparse.SUPPRESS, help="tệp dữ liệu (mặc định: tệp trong thư mục dữ liệu người dùng)")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_db_path()


def passphrase() -> str | None:
    """The passphrase of an encrypted --db file (and its backups), from the
    environment: never on the command line, where other users could see it."""
    return os.environ.get(encryption.KEY_ENV) or None


def open_for_reading(args: argparse.Namespace) -> Database:
    """Reading commands refuse a missing file (DESIGN.md) and open it read-only,
    so they work while the window (or another PC) holds the write lock."""
    return dbmod.open_db(db_path(args), create=False, readonly=True, key=passphrase())


def open_for_writing(args: argparse.Namespace) -> Database:
    """Writing commands create the file when it does not exist."""
    return dbmod.open_db(db_path(args), create=True, key=passphrase())
