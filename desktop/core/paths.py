"""Where the program keeps its files: data, backups, logs, preferences.

The data file and its backups are the user's documents: they live in the
user's Documents folder ("Documents/Sổ Làm theo Bác", Windows' known folder,
wherever it was moved), where the secretary finds and copies them without
administrator rights. Logs and preferences go to the usual per-user
application folders.

`SOLAMTHEOBAC_HOME`, when set, puts all of them under one folder (tests and
portable installs on a USB stick use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "SoLamTheoBac"
DEFAULT_FILE_NAME = "so-lam-theo-bac.sqlite"
DOCUMENTS_FOLDER = "Sổ Làm theo Bác"


def _base(kind: str) -> Path:
    home = os.environ.get("SOLAMTHEOBAC_HOME")
    if home:
        return Path(home) / kind
    if kind == "data":
        return Path(platformdirs.user_documents_dir()) / DOCUMENTS_FOLDER
    if kind == "logs":
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    path = _base("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / DEFAULT_FILE_NAME


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _base("logs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = _base("config")
    path.mkdir(parents=True, exist_ok=True)
    return path
